/// Warnings: what analysis finds that does not stop a query but would make its answer mislead,
/// said on standard error while the query still runs.
///
/// A class: the analyzer's resolving functions recurse without being mutating, and all of them
/// add to one list.
final class WarningList {
    /// The warnings, at most `limit` of them, then one that says how many more there were: each
    /// is shown with its line, and a statement with 100,000 unknown values in one `in` list would
    /// print 100,000 copies of a long line.
    var diagnostics: [Diagnostic] {
        guard leftOut > 0 else { return kept }
        return kept + [Diagnostic(.warning, message: "\(leftOut) more \(leftOut == 1 ? "warning" : "warnings") left out")]
    }
    private var kept: [Diagnostic] = []
    private var leftOut = 0
    static let limit = 20
    /// The message and place of each warning: an `in` list of 16,000 unknown values made as many
    /// warnings, and a search of the list for each was quadratic.
    private var seen: Set<Key> = []

    private struct Key: Hashable {
        let message: String
        let span: SourceSpan?
    }

    func add(_ diagnostic: Diagnostic) {
        guard seen.insert(Key(message: diagnostic.message, span: diagnostic.span)).inserted else { return }
        if kept.count < Self.limit { kept.append(diagnostic) } else { leftOut += 1 }
    }
}

extension Analyzer {
    /// The most relations a shared-noun warning names.
    static let listedRelations = 8

    /// `organizations of Armenia`, where member_of and seeks_membership both have the role: the
    /// answer mixes them, so say so, and how to name one.
    func warnIfShared(_ role: Name, _ roles: [FactBase.RoleReference]) {
        var relations: [RelationID] = []
        var seen: Set<RelationID> = []
        for reference in roles where seen.insert(reference.relation).inserted { relations.append(reference.relation) }
        guard relations.count > 1 else { return }
        // Many relations are named by the first few and a count (a message is read, not searched).
        let shown = relations.count > Self.listedRelations ? Self.listedRelations - 1 : relations.count
        var names = relations.prefix(shown).map { factBase.relations[Int($0)].name }
        if shown < relations.count { names.append("\(relations.count - shown) others") }
        warnings.add(
            Diagnostic(
                .warning,
                message: "'\(role.text)' is a role of \(relations.count) relations (\(Self.list(names))): the answer mixes them",
                span: role.span,
                notes: ["to keep one, name its relation before the role, as in \(names[0]) \(role.text) of ..."]))
    }

    /// `status = frozn`, `since > "2020"`: a value that no stored value of the attribute can
    /// match gives an empty answer that looks like a real one. Cheap checks first: a name that is
    /// no symbol, entity or string anywhere in the base cannot match.
    func checkOperand(
        _ operand: Operand, _ comparison: ComparisonOperator, _ literal: ValueLiteral, against target: AttributeTarget,
        attribute: Name, in set: SetPlan
    ) {
        let attributeID: AttributeID
        switch target {
        case .attribute(let id, _), .factAttribute(let id, _): attributeID = id
        case .factSubject, .factObject, .entityName:
            // Only `=` and `in`: `name != X` is a common way to say "anyone".
            if case .name(let text) = operand.kind, operand.entity == nil, comparison == .equal {
                warnings.add(
                    Diagnostic(
                        .warning, message: "no entity is called '\(text)', so \(target.name) = \(text) never holds",
                        span: literal.span, suggestions: Suggestions.nearest(to: text, among: factBase.entityNamesAndAliases)))
            }
            return
        case .entityKind, .factRelation: return
        }
        let isTextOperand: Bool
        switch operand.kind {
        case .name, .string: isTextOperand = true
        default: isTextOperand = false
        }
        if isTextOperand && comparison == .equal {
            let text = operand.folded
            let occurs =
                operand.symbol != nil || operand.entity != nil
                || { if case .string(let written) = operand.kind { return factBase.string(written) != nil } else { return false } }()
            guard !occurs else { return }
            let values = storedValues(of: attributeID, in: set)
            let shown = Analyzer.unique(values.map { factBase.display($0) })
            warnings.add(
                Diagnostic(
                    .warning, message: "no \(target.name) is \(operand.text) in the fact base, so this comparison never holds",
                    span: literal.span,
                    notes: shown.isEmpty ? [] : ["\(target.name) is \(Analyzer.list(shown.prefix(8)))\(shown.count > 8 ? ", ..." : "")"],
                    suggestions: Suggestions.nearest(to: text, among: shown)))
            return
        }
        // A comparison of types that never compare (a date with a string, a number with a symbol).
        // The search stops at the first value that does compare, which is nearly always the first
        // one: a query that is right pays for one row, not for a scan of the attribute.
        var first: Value?
        let comparable: (Value) -> Bool = { value in
            if first == nil { first = value }
            return ValueComparison.compare(value, operand, in: self.factBase) != nil
        }
        let relations = set.isFactSet ? nil : set.connectingRelations
        if factBase.anyValue(of: attributeID, in: relations, where: comparable) { return }
        if !set.isFactSet && factBase.entityAttributeIDs.contains(attributeID) {
            for entity in factBase.entityAttributes.keys.sorted() {
                for pair in factBase.entityAttributes[entity] ?? [] where pair.attribute == attributeID && comparable(pair.value) { return }
            }
        }
        guard let first else { return }
        let example = factBase.literal(first)
        let valueKind = Self.typeName(of: first)
        var suggestions: [String] = []
        if case .string(let text) = operand.kind, let unquoted = Self.unquotedLiteral(text) { suggestions = [unquoted] }
        warnings.add(
            Diagnostic(
                .warning, message: "\(target.name) holds \(valueKind) (such as \(example)), and \(operand.text) is \(Self.typeName(of: operand)): they never compare, so no row matches",
                span: literal.span, suggestions: suggestions))
    }

    /// The attribute's values on the set's connecting facts and on entities, for suggestions.
    private func storedValues(of attribute: AttributeID, in set: SetPlan, limit: Int = 200) -> [Value] {
        // The facts that connect the set's members (all facts for `facts`), then the entities.
        let relations = set.isFactSet ? nil : set.connectingRelations
        var values = factBase.distinctValues(of: attribute, limit: limit, in: relations)
        if values.count < limit && !set.isFactSet && factBase.entityAttributeIDs.contains(attribute) {
            // In entity order: a dictionary's order changes from run to run.
            for entity in factBase.entityAttributes.keys.sorted() {
                for pair in factBase.entityAttributes[entity] ?? [] where pair.attribute == attribute && !values.contains(pair.value) {
                    values.append(pair.value)
                }
            }
        }
        return values
    }

    private static func typeName(of value: Value) -> String {
        switch value {
        case .integer: return "whole numbers"
        case .decimal: return "decimals"
        case .string: return "strings"
        case .symbol: return "symbols"
        case .date: return "dates"
        case .boolean: return "true or false"
        case .entity: return "entities"
        }
    }

    private static func typeName(of operand: Operand) -> String {
        switch operand.kind {
        case .integer: return "a whole number"
        case .decimal: return "a decimal"
        case .string: return "a string"
        case .name: return "a name"
        case .date: return "a date"
        case .boolean: return "a truth value"
        }
    }

    /// `"2020"` written without its quotes, when that is a number or a date.
    private static func unquotedLiteral(_ text: String) -> String? {
        if Int(text) != nil || DateValue(parsing: text) != nil { return text }
        return nil
    }
}
