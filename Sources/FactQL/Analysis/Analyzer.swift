/// Resolves the names of a query against the fact base (entities, aliases, kinds and their
/// plurals, relations, roles, attributes), case-insensitively, and suggests the nearest known
/// names when one is unknown.
public struct Analyzer {
    let factBase: FactBase

    public init(factBase: FactBase) {
        self.factBase = factBase
    }

    public func plan(_ query: Query) throws(Diagnostic) -> QueryPlan {
        let set = try resolve(query.set)
        var columns = [OutputColumn(name: answerColumnName(set), content: .answer)]
        if query.form == .count {
            columns = [OutputColumn(name: "count", content: .answer)]
        } else {
            for target in filterAttributes(of: set) {
                columns.append(OutputColumn(name: target.name, content: .attribute(target)))
            }
        }
        var orderColumn: Int?
        if let order = query.order {
            if query.form == .count {
                throw Diagnostic(message: "'order by' has nothing to order in a count", span: order.span)
            }
            let folded = FactBase.fold(order.column.text)
            if let position = columns.firstIndex(where: { FactBase.fold($0.name) == folded }) {
                orderColumn = position
            } else if folded == "name" {
                orderColumn = 0  // the answer column holds the entity's name
            } else {
                let target = try resolveAttribute(order.column, in: set)
                columns.append(OutputColumn(name: target.name, content: .attribute(target)))
                orderColumn = columns.count - 1
            }
        }
        return QueryPlan(
            form: query.form, set: set, columns: columns, orderColumn: orderColumn,
            descending: query.order?.descending ?? false, limit: query.limit?.count)
    }

    public func entity(for name: Name) throws(Diagnostic) -> EntityID {
        if let id = factBase.entity(named: name.text) { return id }
        throw Diagnostic(
            message: "unknown entity '\(name.text)'", span: name.span,
            suggestions: Suggestions.nearest(to: name.text, among: factBase.entityNamesAndAliases))
    }

    // MARK: Sets

    func resolve(_ expression: SetExpression) throws(Diagnostic) -> SetPlan {
        switch expression {
        case .name(let name):
            return try resolveSetName(name)
        case .parenthesized(let inner, _):
            return try resolve(inner)
        case .navigation(let role, let inner, _):
            let roles = factBase.roles(noun: role.text)
            guard !roles.isEmpty else { throw unknownRole(role) }
            let source = try resolve(inner)
            return .navigate(roles: roles, noun: role.text, source: source)
        case .filter(let inner, let condition, _):
            let set = try resolve(inner)
            return .filter(set, try resolve(condition, in: set))
        }
    }

    private func resolveSetName(_ name: Name) throws(Diagnostic) -> SetPlan {
        if let kind = factBase.kind(plural: name.text) {
            return .kind(kind, plural: factBase.kinds[Int(kind)].plural)
        }
        if let entity = factBase.entity(named: name.text) {
            return .entity(entity, name: factBase.entityNames[Int(entity)])
        }
        if let kind = factBase.kind(named: name.text) {
            let plural = factBase.kinds[Int(kind)].plural
            throw Diagnostic(
                message: "'\(name.text)' is a kind; the set of all of them is '\(plural)'", span: name.span,
                suggestions: [plural])
        }
        if !factBase.roles(noun: name.text).isEmpty {
            throw Diagnostic(
                message: "'\(name.text)' is a role; say whose, as in \(name.text) of \(factBase.entityNames.first ?? "Armenia")",
                span: name.span)
        }
        throw Diagnostic(
            message: "unknown entity or kind '\(name.text)'", span: name.span,
            suggestions: Suggestions.nearest(to: name.text, among: factBase.entityNamesAndAliases + factBase.kindPlurals))
    }

    private func unknownRole(_ role: Name) -> Diagnostic {
        var notes: [String] = []
        if factBase.kind(plural: role.text) != nil || factBase.entity(named: role.text) != nil {
            notes.append("'\(role.text)' names a set, not a role; roles are \(Self.list(factBase.roleNouns.prefix(6)))")
        }
        return Diagnostic(
            message: "unknown role '\(role.text)'", span: role.span, notes: notes,
            suggestions: Suggestions.nearest(to: role.text, among: factBase.roleNouns))
    }

    private func answerColumnName(_ set: SetPlan) -> String {
        switch set {
        case .entity: return "entity"
        case .kind(let kind, _): return factBase.kinds[Int(kind)].name
        case .navigate(let roles, let noun, _):
            guard let first = roles.first else { return noun }
            return factBase.relations[Int(first.relation)].roles[first.position]
        case .filter(let inner, _): return answerColumnName(inner)
        }
    }

    /// The attributes read by the `where` clauses applied directly to the answer set.
    private func filterAttributes(of set: SetPlan) -> [AttributeTarget] {
        guard case .filter(let inner, let condition) = set else { return [] }
        var targets = filterAttributes(of: inner)
        for target in condition.attributes where !targets.contains(target) { targets.append(target) }
        return targets
    }

    // MARK: Conditions

    func resolve(_ condition: Condition, in set: SetPlan) throws(Diagnostic) -> ConditionPlan {
        switch condition {
        case .and(let left, let right):
            return .and(try resolve(left, in: set), try resolve(right, in: set))
        case .or(let left, let right):
            return .or(try resolve(left, in: set), try resolve(right, in: set))
        case .not(let inner, _):
            return .not(try resolve(inner, in: set))
        case .parenthesized(let inner, _):
            return try resolve(inner, in: set)
        case .comparison(let attribute, let comparison, let literal):
            let target = try resolveAttribute(attribute, in: set)
            if target == .entityKind {
                guard comparison == .equal || comparison == .notEqual else {
                    throw Diagnostic(message: "a kind can only be compared with = or !=", span: attribute.span)
                }
                return .compare(target, comparison, try kindOperand(literal))
            }
            return .compare(target, comparison, operand(literal))
        case .oneOf(let attribute, let literals, let negated, _):
            let target = try resolveAttribute(attribute, in: set)
            var operands: [Operand] = []
            for literal in literals {
                operands.append(target == .entityKind ? try kindOperand(literal) : operand(literal))
            }
            return .oneOf(target, operands, negated: negated)
        case .contains(let attribute, let literal):
            return .contains(try resolveAttribute(attribute, in: set), operand(literal))
        case .roleTest(let role, let inner, let span):
            let membership = try resolve(.navigation(role: role, of: inner, span: span))
            return .member(membership, noun: role.text)
        }
    }

    /// `kind = alliance`: the value must name a kind (singular or plural).
    private func kindOperand(_ literal: ValueLiteral) throws(Diagnostic) -> Operand {
        var result = operand(literal)
        let text = result.text
        guard let kind = factBase.kind(named: text) ?? factBase.kind(plural: text) else {
            throw Diagnostic(
                message: "unknown kind '\(text)'", span: literal.span,
                suggestions: Suggestions.nearest(to: text, among: factBase.kinds.map(\.name)))
        }
        result.kind = .integer(Int(kind))
        return result
    }

    /// A name in `where` is an attribute of the connecting fact first, then of the entity; `name`
    /// and `kind` are every entity's. A name that nothing in scope has is an error.
    func resolveAttribute(_ name: Name, in set: SetPlan) throws(Diagnostic) -> AttributeTarget {
        let folded = FactBase.fold(name.text)
        let relations = set.connectingRelations
        if let id = factBase.attribute(named: name.text) {
            let onFacts = relations.contains { factBase.relations[Int($0)].attributes.contains(id) }
            if onFacts || factBase.entityAttributeIDs.contains(id) {
                return .attribute(id, name: factBase.attributeNames[Int(id)])
            }
        }
        if folded == "name" { return .entityName }
        if folded == "kind" { return .entityKind }
        var inScope = ["name", "kind"]
        for relation in relations {
            inScope += factBase.relations[Int(relation)].attributes.map { factBase.attributeNames[Int($0)] }
        }
        inScope += factBase.entityAttributeIDs.sorted().map { factBase.attributeNames[Int($0)] }
        let relationNames = relations.map { factBase.relations[Int($0)].name }
        let scopeText = relationNames.isEmpty ? "no entity" : "no \(Self.list(relationNames)) fact or entity"
        return try fail(
            Diagnostic(
                message: "unknown attribute '\(name.text)': \(scopeText) has it", span: name.span,
                notes: ["attributes here: \(Self.list(Self.unique(inScope)))"],
                suggestions: Suggestions.nearest(to: name.text, among: inScope)))
    }

    private func fail<T>(_ diagnostic: Diagnostic) throws(Diagnostic) -> T { throw diagnostic }

    func operand(_ literal: ValueLiteral) -> Operand {
        switch literal.kind {
        case .integer(let number):
            return Operand(kind: .integer(number), text: String(number), folded: String(number))
        case .decimal(let number):
            let text = FactBase.format(decimal: number)
            return Operand(kind: .decimal(number), text: text, folded: text)
        case .date(let date):
            return Operand(kind: .date(date), text: date.description, folded: date.description)
        case .boolean(let flag):
            return Operand(kind: .boolean(flag), text: String(flag), folded: String(flag))
        case .string(let text):
            return Operand(
                kind: .string(text), text: FactBase.quote(text), symbol: factBase.symbol(named: text),
                entity: factBase.entity(named: text), folded: FactBase.fold(text))
        case .name(let text, _):
            return Operand(
                kind: .name(text), text: text, symbol: factBase.symbol(named: text),
                entity: factBase.entity(named: text), folded: FactBase.fold(text))
        }
    }

    static func list(_ names: some Sequence<String>) -> String {
        let items = Array(names)
        guard let last = items.last else { return "none" }
        if items.count == 1 { return last }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }

    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert(FactBase.fold($0)).inserted }
    }
}
