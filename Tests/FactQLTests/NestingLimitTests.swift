import Foundation
import Testing

@testable import FactQL

/// Queries at the nesting limits go through every stage that recurses over the syntax tree or the
/// plan (parser, analysis, evaluation, `why`, the stage commands, the renderers) without running
/// out of stack, on the test runner's threads and under the sanitizers; one level more is a clean
/// error. The fuzz targets' regression inputs replay here too.
@Suite struct NestingLimitTests {
    static let deepest: [(query: String, answers: Int)] = [
        ("count " + String(repeating: "(", count: 64) + "CSTO" + String(repeating: ")", count: 64), 1),
        ("countries where " + String(repeating: "(", count: 63) + "member of CSTO" + String(repeating: ")", count: 63), 6),
        // The role test after the last `not` is a level too.
        ("countries where " + String(repeating: "not ", count: 62) + "member of CSTO", 6),
        (String(repeating: "members of ", count: 63) + "CSTO", 0),
        ("countries where " + Array(repeating: "name != X", count: 255).joined(separator: " and "), 10),
        ("countries where " + Array(repeating: "name = Armenia", count: 255).joined(separator: " or "), 1),
        ("countries" + String(repeating: " where name != X", count: 255), 10),
        // Brackets and chains together, up to the height limit.
        ("countries where " + String(repeating: "(name != X and ", count: 63) + "name != Y"
            + String(repeating: ")", count: 63), 10),
    ]

    /// Runs `text` in `session`, rendering every result in every format and every diagnostic.
    static func run(_ text: String, in session: Session) -> (tables: [ResultTable], diagnostics: [Diagnostic]) {
        var tables: [ResultTable] = []
        var diagnostics: [Diagnostic] = []
        session.run(SourceFile(name: "deep.fq", text: text)) { event in
            switch event {
            case .result(let result):
                for format in OutputFormat.allCases { _ = ResultFormatter(format: format).render(result) }
                if case .table(let table) = result { tables.append(table) }
            case .diagnostic(let diagnostic):
                _ = DiagnosticRenderer().render(diagnostic)
                diagnostics.append(diagnostic)
            case .request:
                break
            }
        }
        return (tables, diagnostics)
    }

    @Test(arguments: 0..<deepest.count)
    func theDeepestQueriesRunThroughEveryStage(_ index: Int) {
        let (query, answers) = Self.deepest[index]
        let session = Session()
        let result = Self.run(query, in: session)
        #expect(result.diagnostics.map(\.message) == [])
        let rows = result.tables.first.map { $0.columns == ["count"] ? Int($0.rows.first?.first?.displayText ?? "") ?? -1 : $0.rows.count }
        #expect(rows == answers)
        for command in [".tokens", ".ast", ".plan", ".explain"] {
            #expect(Self.run("\(command) \(query)", in: session).diagnostics.map(\.message) == [], "\(command)")
        }
        #expect(Self.run(".trace on\n\(query)\n.trace off", in: session).diagnostics.map(\.message) == [])
        let why = Self.run("why " + query.replacingOccurrences(of: "count ", with: ""), in: session)
        #expect(why.diagnostics.map(\.message) == [])
    }

    @Test func oneLevelMoreIsACleanError() {
        let session = Session()
        let tooDeep = [
            "count " + String(repeating: "(", count: 65) + "CSTO" + String(repeating: ")", count: 65),
            "countries where " + Array(repeating: "name != X", count: 256).joined(separator: " and "),
            "countries where " + String(repeating: "(name != X and ", count: 65) + "name != Y" + String(repeating: ")", count: 65),
        ]
        for query in tooDeep {
            let messages = Self.run(query, in: session).diagnostics.map(\.message)
            #expect(messages.count == 1)
            #expect(messages.first?.hasPrefix("nesting too deep") == true || messages.first?.hasPrefix("too many conditions chained") == true)
        }
    }

    /// Every input the fuzzers found a crash with (fuzz/regressions), through the same work as the
    /// fuzz targets: parsing, rendering diagnostics, and running in a session over the built-in base.
    @Test func fuzzRegressionInputsRunCleanly() throws {
        let folder = BinaryRunner.packageRoot.appendingPathComponent("fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            let source = SourceFile(name: name, bytes: bytes)
            var parser = Parser(source: source)
            _ = parser.parseScript()
            for diagnostic in parser.diagnostics {
                let rendered = DiagnosticRenderer(useColor: false).render(diagnostic)
                #expect(rendered.hasPrefix("error: ") && !rendered.contains("\u{1b}"), "\(name)")
            }
            let session = Session()
            session.keepGoing = true
            var results = 0
            session.run(source) { event in
                switch event {
                case .result(let result):
                    for format in OutputFormat.allCases { _ = ResultFormatter(format: format, forTerminal: true).render(result) }
                    results += 1
                case .diagnostic(let diagnostic):
                    _ = DiagnosticRenderer(useColor: true).render(diagnostic)
                case .request:
                    break
                }
            }
            #expect(results >= 0)
        }
    }
}
