/// `.ast`: the syntax tree, one node per line, indented by depth, each child labelled with the
/// part it plays in its parent (`role:`, `of:`, `where:`), and each node's span at the right.
///
/// ```
/// query (list)                  1:6-1:43
///   set: filter                 1:6-1:43
///     set: navigation           1:6-1:21
///       role: name members      1:6-1:13
/// ```
public struct SyntaxTreeDump {
    /// The source the spans point into; nil leaves spans out (the tests compare trees that way).
    let source: SourceFile?
    private var lines: [(label: String, span: SourceSpan?)] = []

    public init(source: SourceFile?) {
        self.source = source
    }

    /// The dump of `statements`, one tree after another.
    public static func render(_ statements: [Statement], source: SourceFile?) -> String {
        var dump = SyntaxTreeDump(source: source)
        for statement in statements { dump.add(statement, depth: 0) }
        return dump.text() ?? ""
    }

    /// `render`, asking `shouldStop` as it goes (Ctrl-C stops `.ast` over a huge input).
    public static func render(
        _ statements: [Statement], source: SourceFile?, shouldStop: () -> Bool
    ) throws(Diagnostic) -> String {
        var dump = SyntaxTreeDump(source: source)
        for statement in statements { dump.add(statement, depth: 0) }
        guard let text = dump.text(shouldStop: shouldStop) else { throw Diagnostic(message: ".ast interrupted") }
        return text
    }

    /// The lines, with each node's span; nil when `shouldStop` said stop.
    func text(shouldStop: () -> Bool = { false }) -> String? {
        let indented = lines.map(\.label)
        guard let source else { return indented.joined(separator: "\n") }
        let width = indented.map(TerminalText.displayWidth(of:)).max() ?? 0
        let locator = source.locator()
        var output: [String] = []
        for (index, line) in lines.enumerated() {
            if index & 0xFFF == 0xFFF && shouldStop() { return nil }
            guard let span = line.span else {
                output.append(indented[index])
                continue
            }
            let padding = String(repeating: " ", count: width - TerminalText.displayWidth(of: indented[index]) + 2)
            output.append(indented[index] + padding + SpanText.describe(span, in: locator))
        }
        return output.joined(separator: "\n")
    }

    private mutating func line(_ depth: Int, _ label: String, _ span: SourceSpan?) {
        lines.append((String(repeating: "  ", count: depth) + TerminalText.escape(label), span))
    }

    // MARK: Statements

    mutating func add(_ statement: Statement, depth: Int) {
        switch statement {
        case .source(let definition):
            line(depth, "source definition", definition.span)
            add(definition.identifier, as: "id", depth: depth + 1)
            line(depth + 1, "text: string \(FactBase.quote(definition.text))", nil)
        case .kind(let definition):
            line(depth, "kind definition", definition.span)
            add(definition.name, as: "name", depth: depth + 1)
            if let parent = definition.parent { add(parent, as: "parent", depth: depth + 1) }
            if let plural = definition.plural { add(plural, as: "plural", depth: depth + 1) }
        case .entity(let definition):
            line(depth, "entity definition", definition.span)
            add(definition.name, as: "name", depth: depth + 1)
            add(definition.kind, as: "kind", depth: depth + 1)
            for alias in definition.aliases { add(alias, as: "aka", depth: depth + 1) }
            for attribute in definition.attributes { add(attribute, depth: depth + 1) }
        case .relation(let definition):
            line(depth, "relation definition" + (definition.isSymmetric ? " (symmetric)" : ""), definition.span)
            add(definition.name, as: "name", depth: depth + 1)
            add(definition.subjectRole, as: "first role", depth: depth + 1)
            add(definition.objectRole, as: "second role", depth: depth + 1)
        case .fact(let definition):
            line(depth, "fact definition", definition.span)
            add(definition.subject, as: "subject", depth: depth + 1)
            add(definition.relation, as: "relation", depth: depth + 1)
            add(definition.object, as: "object", depth: depth + 1)
            for attribute in definition.attributes { add(attribute, depth: depth + 1) }
            for (index, citation) in definition.citations.enumerated() {
                add(citation, as: "cites", depth: depth + 1)
                if index < definition.quotes.count, let quote = definition.quotes[index] {
                    line(depth + 2, "quote: string \(FactBase.quote(quote.text))", quote.span)
                }
            }
        case .retract(let retraction):
            line(depth, "retract", retraction.span)
            add(retraction.subject, as: "subject", depth: depth + 1)
            add(retraction.relation, as: "relation", depth: depth + 1)
            add(retraction.object, as: "object", depth: depth + 1)
            for attribute in retraction.attributes { add(attribute, depth: depth + 1) }
        case .show(let show):
            line(depth, "show", show.span)
            add(show.entity, as: "entity", depth: depth + 1)
        case .query(let query):
            line(depth, "query (\(query.form.rawValue))", query.span)
            add(query.set, as: "set", depth: depth + 1)
            if let columns = query.columns {
                line(depth + 1, "with: columns", columns.span)
                for attribute in columns.attributes { add(attribute, as: "column", depth: depth + 2) }
            }
            if let asOf = query.asOf { line(depth + 1, "as of: date \(asOf.date)", asOf.span) }
            if let order = query.order {
                line(depth + 1, "order: order by" + (order.descending ? " (descending)" : " (ascending)"), order.span)
                add(order.column, as: "column", depth: depth + 2)
            }
            if let limit = query.limit {
                line(depth + 1, "limit: \(limit.count)", limit.span)
            }
        case .question(let question):
            line(depth, question.explains ? "question (why)" : "question", question.span)
            add(question.entity, as: "entity", depth: depth + 1)
            if question.connector != .none { line(depth + 1, "connector: \(question.connector.rawValue)", nil) }
            add(question.set, as: "set", depth: depth + 1)
            if let asOf = question.asOf { line(depth + 1, "as of: date \(asOf.date)", asOf.span) }
        }
    }

    private mutating func add(_ attribute: AttributeAssignment, depth: Int) {
        line(depth, "attribute", attribute.span)
        add(attribute.name, as: "name", depth: depth + 1)
        add(attribute.value, as: "value", depth: depth + 1)
    }

    // MARK: Sets and conditions

    mutating func add(_ set: SetExpression, as role: String, depth: Int) {
        switch set {
        case .name(let name):
            add(name, as: role, depth: depth)
        case .navigation(let noun, let inner, let relation, let span):
            line(depth, "\(role): navigation", span)
            if let relation { add(relation, as: "relation", depth: depth + 1) }
            add(noun, as: "role", depth: depth + 1)
            add(inner, as: "of", depth: depth + 1)
        case .facts(let inner, let span):
            line(depth, "\(role): facts", span)
            if let inner { add(inner, as: "of", depth: depth + 1) }
        case .each(let group, let span):
            line(depth, "\(role): each", span)
            add(group, as: "group", depth: depth + 1)
        case .filter(let inner, let condition, let span):
            line(depth, "\(role): filter", span)
            add(inner, as: "set", depth: depth + 1)
            add(condition, as: "where", depth: depth + 1)
        case .parenthesized(let inner, let span):
            line(depth, "\(role): brackets", span)
            add(inner, as: "inside", depth: depth + 1)
        }
    }

    mutating func add(_ condition: Condition, as role: String, depth: Int) {
        switch condition {
        case .and(let left, let right), .or(let left, let right):
            let connective: String
            if case .and = condition { connective = "and" } else { connective = "or" }
            line(depth, "\(role): \(connective)", condition.span)
            add(left, as: "left", depth: depth + 1)
            add(right, as: "right", depth: depth + 1)
        case .not(let inner, let span):
            line(depth, "\(role): not", span)
            add(inner, as: "negated", depth: depth + 1)
        case .comparison(let attribute, let comparison, let value):
            line(depth, "\(role): comparison \(comparison.rawValue)", condition.span)
            add(attribute, as: "attribute", depth: depth + 1)
            add(value, as: "value", depth: depth + 1)
        case .oneOf(let attribute, let values, let negated, let span):
            line(depth, "\(role): \(negated ? "not in" : "in") list", span)
            add(attribute, as: "attribute", depth: depth + 1)
            for value in values { add(value, as: "value", depth: depth + 1) }
        case .contains(let attribute, let value):
            line(depth, "\(role): contains", condition.span)
            add(attribute, as: "attribute", depth: depth + 1)
            add(value, as: "value", depth: depth + 1)
        case .roleTest(let noun, let inner, let relation, let span):
            line(depth, "\(role): role test", span)
            if let relation { add(relation, as: "relation", depth: depth + 1) }
            add(noun, as: "role", depth: depth + 1)
            add(inner, as: "of", depth: depth + 1)
        case .parenthesized(let inner, let span):
            line(depth, "\(role): brackets", span)
            add(inner, as: "inside", depth: depth + 1)
        }
    }

    // MARK: Leaves

    private mutating func add(_ name: Name, as role: String, depth: Int) {
        line(depth, "\(role): name \(SyntaxPrinter.name(name))", name.span)
    }

    private mutating func add(_ value: ValueLiteral, as role: String, depth: Int) {
        let description: String
        switch value.kind {
        case .string(let text): description = "string \(FactBase.quote(text))"
        case .integer(let number): description = "integer \(number)"
        case .decimal(let number): description = "decimal \(SyntaxPrinter.decimal(number))"
        case .date(let date): description = "date \(date.description)"
        case .boolean(let flag): description = "boolean \(flag)"
        case .name(let text, _): description = "name \(text)"
        }
        line(depth, "\(role): \(description)", value.span)
    }
}

/// Spans as people read them: `LINE:COLUMN-LINE:COLUMN`, from the first character to just after
/// the last, so the difference of the columns is the length.
public enum SpanText {
    public static func describe(_ span: SourceSpan, in locator: SourceLocator) -> String {
        let start = locator.location(of: span.start)
        let end = locator.location(of: span.end)
        return "\(start.line):\(start.column)-\(end.line):\(end.column)"
    }
}
