import Foundation
import Testing

@testable import FactQL

/// The syntax printer: parse, print, parse again gives the same tree, on real files that use every
/// construct (the built-in fact base, the lessons, the golden scripts) and on awkward values.
@Suite struct TeachingSyntaxPrinterTests {
    func parse(_ source: SourceFile, range: Range<Int>? = nil) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        var parser = Parser(source: source, range: range)
        let statements = parser.parseScript()
        return (statements, parser.diagnostics)
    }

    /// Parses the statements of `text` (skipping meta-command lines), prints them, parses the
    /// print, and expects the same tree; returns the number of statements.
    @discardableResult
    func expectRoundTrip(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let source = SourceFile(name: name, text: text)
        var statements: [Statement] = []
        for segment in Session.segments(of: source) {
            guard case .statements(let range) = segment else { continue }
            let parsed = parse(source, range: range)
            // Scripts that show syntax errors on purpose keep only what parsed.
            statements += parsed.statements
        }
        let printed = SyntaxPrinter.print(statements)
        let reparsed = parse(SourceFile(name: nil, text: printed))
        #expect(reparsed.diagnostics.isEmpty, "\(name) printed as text that does not parse", sourceLocation: sourceLocation)
        #expect(
            SyntaxTreeDump.render(reparsed.statements, source: nil) == SyntaxTreeDump.render(statements, source: nil),
            "\(name) changed in the round trip", sourceLocation: sourceLocation)
        return statements.count
    }

    @Test func theBuiltInFactBaseRoundTrips() {
        let text = String(decoding: PackageResources.article_facts, as: UTF8.self)
        let count = expectRoundTrip(text, named: "article.facts")
        #expect(count > 80)
    }

    @Test(arguments: ["examples", "Tests/Golden"])
    func everyScriptRoundTrips(_ folder: String) throws {
        let directory = BinaryRunner.packageRoot.appendingPathComponent(folder)
        let scripts = GoldenFiles.scripts(in: folder)
        #expect(!scripts.isEmpty)
        for script in scripts {
            let text = try String(contentsOf: directory.appendingPathComponent(script), encoding: .utf8)
            expectRoundTrip(text, named: script)
        }
    }

    @Test func printingIsCanonical() throws {
        let source = SourceFile(
            name: nil,
            text: """
                COUNT   Leaders OF(members of CSTO WHERE status=frozen)
                fact "Nikol Pashinyan" leads Armenia {title:"Prime \\"Minister\\"",since:2018,} cites p1s3,p3s2
                members of CSTO where (status = frozen or not status <> active) and kind in (alliance) order by name DESC
                """)
        let printed = SyntaxPrinter.print(parse(source).statements)
        #expect(
            printed == """
                count Leaders of (members of CSTO where status = frozen)
                fact "Nikol Pashinyan" leads Armenia { title: "Prime \\"Minister\\"", since: 2018 } cites p1s3, p3s2
                members of CSTO where (status = frozen or not status != active) and kind in (alliance) order by name desc
                """)
    }

    @Test func treesBuiltByHandGetTheBracketsTheyNeed() {
        let span = SourceSpan(start: 0, end: 0)
        let frozen = Condition.comparison(
            attribute: Name(text: "status", span: span), .equal, ValueLiteral(kind: .name("frozen", isQuoted: false), span: span))
        let russia = Condition.comparison(
            attribute: Name(text: "name", span: span), .equal, ValueLiteral(kind: .name("Russia", isQuoted: false), span: span))
        #expect(SyntaxPrinter.print(Condition.and(.or(frozen, russia), frozen)) == "(status = frozen or name = Russia) and status = frozen")
        #expect(SyntaxPrinter.print(Condition.not(.and(frozen, russia), span: span)) == "not (status = frozen and name = Russia)")
        let members = SetExpression.navigation(role: Name(text: "members", span: span), of: .name(Name(text: "CSTO", span: span)), relation: nil, span: span)
        let leaders = SetExpression.navigation(role: Name(text: "leaders", span: span), of: .filter(members, where: frozen, span: span), relation: nil, span: span)
        #expect(SyntaxPrinter.print(leaders) == "leaders of (members of CSTO where status = frozen)")
    }

    @Test func statementsEndingInAWordThatAsksForMoreAreSeparatedBySemicolons() {
        let statements = parse(SourceFile(name: nil, text: "countries order by of; count people")).statements
        #expect(statements.count == 2)
        let printed = SyntaxPrinter.print(statements)
        #expect(printed == "countries order by of;\ncount people")
        #expect(parse(SourceFile(name: nil, text: printed)).statements.count == 2)
    }

    @Test(arguments: [
        (1.5, "1.5"), (-0.25, "-0.25"), (3.0, "3.0"), (1e20, "100000000000000000000.0"), (1.25e-7, "0.000000125"),
        (-4.5e16, "-45000000000000000.0"),
    ])
    func decimalsNeverUseExponents(_ number: Double, _ expected: String) {
        let text = SyntaxPrinter.decimal(number)
        #expect(text == expected)
        #expect(Double(text) == number)
        #expect(Lexer(bytes: Array(text.utf8)).tokens.first?.kind == .decimal)
    }
}
