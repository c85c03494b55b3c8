/// Prints a syntax tree back as FactQL source, in one canonical layout: one space between tokens,
/// keywords in lower case, names quoted exactly when they were quoted.
///
/// Parsing the printed text gives the same tree again (spans aside); the grammar tests check this
/// on statements generated from `grammar/factql.ebnf`. Brackets the tree records are printed as
/// written; a tree built by hand gets the brackets its precedence needs.
public enum SyntaxPrinter {
    /// Statements one per line; after one that ends in a word asking for more (`order by of`),
    /// a newline would not end it, so a `;` does.
    public static func print(_ statements: [Statement]) -> String {
        var text = ""
        for (index, statement) in statements.enumerated() {
            let line = print(statement)
            text += line
            if index < statements.count - 1 { text += endsWantingMore(line) ? ";\n" : "\n" }
        }
        return text
    }

    private static func endsWantingMore(_ line: String) -> Bool {
        let tokens = Lexer(bytes: Array(line.utf8)).tokens
        guard tokens.count >= 2, case .keyword(let keyword) = tokens[tokens.count - 2].kind else { return false }
        return keyword.continuesStatement
    }

    public static func print(_ statement: Statement) -> String {
        switch statement {
        case .source(let definition):
            return "source \(name(definition.identifier)) \(FactBase.quote(definition.text))"
        case .kind(let definition):
            var text = "kind \(name(definition.name))"
            if let parent = definition.parent { text += " : \(name(parent))" }
            if let plural = definition.plural { text += " plural \(name(plural))" }
            return text
        case .entity(let definition):
            var text = "entity \(name(definition.name)) : \(name(definition.kind))"
            if !definition.aliases.isEmpty { text += " aka " + definition.aliases.map(name).joined(separator: ", ") }
            if !definition.attributes.isEmpty { text += " " + attributeBlock(definition.attributes) }
            return text
        case .relation(let definition):
            var text = "relation \(name(definition.name)) (\(name(definition.subjectRole)), \(name(definition.objectRole)))"
            if definition.isSymmetric { text += " symmetric" }
            return text
        case .fact(let definition):
            var text = "fact \(name(definition.subject)) \(name(definition.relation)) \(name(definition.object))"
            if !definition.attributes.isEmpty { text += " " + attributeBlock(definition.attributes) }
            if !definition.citations.isEmpty {
                let cited = definition.citations.enumerated().map { index, citation in
                    let quote = index < definition.quotes.count ? definition.quotes[index] : nil
                    return name(citation) + (quote.map { " " + FactBase.quote($0.text) } ?? "")
                }
                text += " cites " + cited.joined(separator: ", ")
            }
            return text
        case .retract(let retraction):
            var text = "retract fact \(name(retraction.subject)) \(name(retraction.relation)) \(name(retraction.object))"
            if !retraction.attributes.isEmpty { text += " " + attributeBlock(retraction.attributes) }
            return text
        case .show(let show):
            return "show \(name(show.entity))"
        case .query(let query):
            return print(query)
        case .question(let question):
            return print(question)
        }
    }

    public static func print(_ question: Question) -> String {
        var text = question.explains ? "why is " : "is "
        text += name(question.entity)
        if question.connector != .none { text += " " + question.connector.rawValue }
        text += " " + print(question.set)
        if let asOf = question.asOf { text += " as of \(asOf.date)" }
        return text
    }

    public static func print(_ query: Query) -> String {
        var text: String
        switch query.form {
        case .list: text = ""
        case .count: text = "count "
        case .why: text = "why "
        }
        text += print(query.set)
        if let columns = query.columns {
            text += " with " + columns.attributes.map(attributeName).joined(separator: ", ")
        }
        if let asOf = query.asOf { text += " as of \(asOf.date)" }
        if let order = query.order {
            text += " order by \(attributeName(order.column))"
            if order.descending { text += " desc" }
        }
        if let limit = query.limit { text += " limit \(limit.count)" }
        return text
    }

    // MARK: Sets

    public static func print(_ set: SetExpression) -> String {
        switch set {
        case .name(let setName):
            return name(setName)
        case .navigation(let role, let inner, let relation, _):
            return roleOf(role, relation: relation, inner)
        case .filter(let inner, let condition, _):
            return "\(print(inner)) where \(print(condition))"
        case .parenthesized(let inner, _):
            return "(\(print(inner)))"
        case .facts(let inner, _):
            guard let inner else { return "facts" }
            if case .filter = inner { return "facts of (\(print(inner)))" }
            return "facts of \(print(inner))"
        case .each(let group, _):
            if case .name(let kind) = group { return "each \(name(kind))" }
            if case .parenthesized = group { return "each \(print(group))" }
            return "each (\(print(group)))"
        }
    }

    /// `[RELATION] ROLE of SET`: `of` takes a navigation or an atom, so a `where` on the right
    /// needs brackets.
    private static func roleOf(_ role: Name, relation: Name?, _ inner: SetExpression) -> String {
        let roleText = (relation.map { name($0) + " " } ?? "") + name(role)
        let innerText = print(inner)
        if case .filter = inner { return "\(roleText) of (\(innerText))" }
        return "\(roleText) of \(innerText)"
    }

    // MARK: Conditions

    /// Binding strength: `or` is weakest, then `and`, then `not` and the primaries.
    private static func precedence(_ condition: Condition) -> Int {
        switch condition {
        case .or: return 0
        case .and: return 1
        default: return 2
        }
    }

    public static func print(_ condition: Condition) -> String {
        switch condition {
        case .or(let left, let right):
            return "\(operand(left, atLeast: 0)) or \(operand(right, atLeast: 1))"
        case .and(let left, let right):
            return "\(operand(left, atLeast: 1)) and \(operand(right, atLeast: 2))"
        case .not(let inner, _):
            return "not \(operand(inner, atLeast: 2))"
        case .comparison(let attribute, let comparison, let value):
            return "\(attributeName(attribute)) \(comparison.rawValue) \(print(value))"
        case .oneOf(let attribute, let values, let negated, _):
            return "\(attributeName(attribute)) \(negated ? "not in" : "in") (\(values.map(print).joined(separator: ", ")))"
        case .contains(let attribute, let value):
            return "\(attributeName(attribute)) contains \(print(value))"
        case .roleTest(let role, let inner, let relation, _):
            return roleOf(role, relation: relation, inner)
        case .parenthesized(let inner, _):
            return "(\(print(inner)))"
        }
    }

    private static func operand(_ condition: Condition, atLeast required: Int) -> String {
        let text = print(condition)
        return precedence(condition) < required ? "(\(text))" : text
    }

    // MARK: Names and values

    /// A name as it was written: quoted names stay quoted, bare words stay bare.
    public static func name(_ name: Name) -> String {
        name.isQuoted ? FactBase.quote(name.text) : name.text
    }

    /// An attribute name; the parser lower-cases one written as a keyword (`kind`), and a keyword
    /// may stand bare there.
    static func attributeName(_ attribute: Name) -> String {
        name(attribute)
    }

    public static func print(_ value: ValueLiteral) -> String {
        switch value.kind {
        case .string(let text): return FactBase.quote(text)
        case .integer(let number): return String(number)
        case .decimal(let number): return decimal(number)
        case .date(let date): return date.description
        case .boolean(let flag): return flag ? "true" : "false"
        case .name(let text, let isQuoted): return isQuoted ? FactBase.quote(text) : text
        }
    }

    private static func attributeBlock(_ attributes: [AttributeAssignment]) -> String {
        "{ " + attributes.map { "\(attributeName($0.name)): \(print($0.value))" }.joined(separator: ", ") + " }"
    }

    /// A decimal in the form the lexer reads back: digits, a point, digits; never an exponent.
    static func decimal(_ number: Double) -> String {
        let text = String(number)
        guard let exponentIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return text.contains(".") ? text : text + ".0"
        }
        // Expand `1.5e+20` or `2.5e-07` into plain digits.
        let mantissa = text[..<exponentIndex]
        let exponent = Int(text[text.index(after: exponentIndex)...].filter { $0 != "+" }) ?? 0
        let negative = mantissa.hasPrefix("-")
        let unsigned = negative ? mantissa.dropFirst() : mantissa[...]
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? "0"
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var pointPosition = whole.count + exponent
        if pointPosition <= 0 {
            digits = String(repeating: "0", count: 1 - pointPosition) + digits
            pointPosition = 1
        }
        if pointPosition >= digits.count {
            digits += String(repeating: "0", count: pointPosition - digits.count)
        }
        let integerPart = String(digits.prefix(pointPosition))
        var fractionPart = String(digits.dropFirst(pointPosition))
        while fractionPart.hasSuffix("0") { fractionPart.removeLast() }
        if fractionPart.isEmpty { fractionPart = "0" }
        return (negative ? "-" : "") + integerPart + "." + fractionPart
    }
}
