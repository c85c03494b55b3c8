import Foundation
import Testing

@testable import FactQL

/// Parser tests. Expected error positions are marked in the source text with « and ».
@Suite struct ParserTests {
    func parse(_ text: String) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        var parser = Parser(source: SourceFile(name: nil, text: text))
        let statements = parser.parseScript()
        return (statements, parser.diagnostics)
    }

    /// Parses `marked` with its « » markers removed; expects one error spanning the marked text.
    func expectError(_ marked: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let bytes = Array(marked.utf8)
        let open = Array("«".utf8)
        let close = Array("»".utf8)
        guard let start = bytes.firstRange(of: open)?.lowerBound, let end = bytes.firstRange(of: close)?.lowerBound else {
            Issue.record("no « » markers", sourceLocation: sourceLocation)
            return
        }
        let text = marked.replacingOccurrences(of: "«", with: "").replacingOccurrences(of: "»", with: "")
        let expected = SourceSpan(start: start, end: end - open.count)
        let diagnostics = parse(text).diagnostics
        #expect(diagnostics.count == 1, "\(diagnostics.map(\.message))", sourceLocation: sourceLocation)
        #expect(diagnostics.first?.message == message, sourceLocation: sourceLocation)
        #expect(diagnostics.first?.span == expected, sourceLocation: sourceLocation)
    }

    @Test func navigationNestsToTheRight() throws {
        let result = parse("leaders of members of CSTO")
        #expect(result.diagnostics.isEmpty)
        guard case .query(let query) = try #require(result.statements.first),
            case .navigation(let role, let inner, nil, _) = query.set,
            case .navigation(let innerRole, .name(let organization), nil, _) = inner
        else {
            Issue.record("not a nested navigation")
            return
        }
        #expect(role.text == "leaders")
        #expect(innerRole.text == "members")
        #expect(organization.text == "CSTO")
    }

    @Test func whereFiltersTheWholeSetBeforeIt() throws {
        let result = parse("leaders of members of CSTO where status = frozen")
        guard case .query(let query) = try #require(result.statements.first),
            case .filter(.navigation(let role, _, _, _), .comparison(let attribute, .equal, let value), _) = query.set
        else {
            Issue.record("where did not apply to the whole navigation")
            return
        }
        #expect(role.text == "leaders")
        #expect(attribute.text == "status")
        #expect(value.kind == .name("frozen", isQuoted: false))
    }

    @Test func conditionPrecedence() throws {
        // not binds tighter than and, and tighter than or.
        let result = parse("countries where not a = 1 and b = 2 or c = 3")
        guard case .query(let query) = try #require(result.statements.first),
            case .filter(_, .or(.and(.not, .comparison), .comparison), _) = query.set
        else {
            Issue.record("wrong precedence")
            return
        }
    }

    @Test func queryForms() throws {
        let result = parse(
            "count members of CSTO; why partners of Armenia\nshow \"Nikol Pashinyan\"\ncountries order by capital desc limit 3")
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.count == 4)
        if case .query(let count) = result.statements[0] { #expect(count.form == .count) } else { Issue.record("count") }
        if case .query(let why) = result.statements[1] { #expect(why.form == .why) } else { Issue.record("why") }
        if case .show(let show) = result.statements[2] { #expect(show.entity.text == "Nikol Pashinyan") } else { Issue.record("show") }
        if case .query(let ordered) = result.statements[3] {
            #expect(ordered.order?.column.text == "capital")
            #expect(ordered.order?.descending == true)
            #expect(ordered.limit?.count == 3)
        } else {
            Issue.record("order by")
        }
    }

    @Test func conditionForms() {
        let result = parse(
            "countries where status in (frozen, \"x\", 3) and since >= 2024-01 and name contains \"arm\" and status not in (a) and member of CSTO")
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.count == 1)
    }

    @Test func definitions() throws {
        let result = parse(
            """
            source p1s1 "Text."
            kind alliance : organization plural alliances
            entity "Vladimir Putin" : person aka Putin, "V. Putin" { born: 1952, tall: false, ratio: 1.5 }
            relation ties_with (partner, partner) symmetric
            fact Armenia member_of CSTO { status: frozen, since: 2024-01, } cites p1s1, p1s2
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        #expect(result.statements.count == 5)
        guard case .entity(let entity) = result.statements[2], case .fact(let fact) = result.statements[4],
            case .relation(let relation) = result.statements[3], case .kind(let kind) = result.statements[1]
        else {
            Issue.record("wrong statement kinds")
            return
        }
        #expect(entity.aliases.map(\.text) == ["Putin", "V. Putin"])
        #expect(entity.attributes.map(\.name.text) == ["born", "tall", "ratio"])
        #expect(fact.citations.map(\.text) == ["p1s1", "p1s2"])
        #expect(fact.attributes.count == 2)
        #expect(relation.isSymmetric)
        #expect(kind.parent?.text == "organization")
        #expect(kind.plural?.text == "alliances")
    }

    @Test func errorsPointAtTheOffendingText() {
        expectError("members of CSTO «where»", "expected a condition after 'where', found the end of the input")
        expectError("leaders of «(»members of CSTO", "unclosed '('")
        expectError("countries where capital = «\"Yerevan»", "unterminated string")
        expectError("members of «42»", "expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found '42'")
        expectError("countries where capital «\"x\"»", "expected a comparison after 'capital': =, !=, <, <=, >, >=, in (...) or contains, found the string \"x\"")
        expectError("members of CSTO «)»", "unexpected ')': there is no '(' for it to close")
        expectError("entity «of» : country", "expected the entity's name after 'entity', found the keyword 'of'")
        expectError("countries where x = «99999999999999999999»", "number too large")
        expectError("countries where x = «2023-02-30»", "'2023-02-30' is not a valid date")
        expectError("countries limit «-1»", "the limit must be a whole number from 0 up")
    }

    @Test func everyErrorOfAScriptIsReported() {
        let result = parse("members of 1\ncount countries\nshow\nx where y")
        #expect(result.diagnostics.count == 3)
        #expect(result.statements.count == 1)
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "(", count: 500) + "CSTO" + String(repeating: ")", count: 500)
        let result = parse(deep)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.hasPrefix("nesting too deep") == true)
        let notChain = "countries where " + String(repeating: "not ", count: 1000) + "a = 1"
        #expect(parse(notChain).diagnostics.first?.message.hasPrefix("nesting too deep") == true)
        let ofChain = String(repeating: "members of ", count: 1000) + "CSTO"
        #expect(parse(ofChain).diagnostics.first?.message.hasPrefix("nesting too deep") == true)
        let fine = String(repeating: "members of ", count: 30) + "CSTO"
        #expect(parse(fine).diagnostics.isEmpty)
    }
}
