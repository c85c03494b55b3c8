import Foundation
import Testing

@testable import FactQL

/// Over a database, queries run on SQLite through the translator: random queries from the
/// grammar give the same output (JSON, so types count) as the in-memory engine, on the article
/// and on a base of corner cases, and most of them really ran on the engine.
@Suite struct DatabaseEngineTests {
    static func output(of query: String, in session: Session) -> String {
        var text = ""
        let renderer = DiagnosticRenderer(useColor: false)
        session.run(SourceFile(name: nil, text: query)) { event in
            switch event {
            case .result(let result): text += ResultFormatter(format: .json).render(result)
            case .diagnostic(let diagnostic): text += renderer.render(diagnostic)
            case .request: break
            }
        }
        return text
    }

    static func compare(base text: String?, seed: UInt64) throws {
        let folder = try TemporaryDirectory()
        let overDatabase = try DatabaseTests.makeDatabase(folder.path + "/kb.db", holding: text)
        let inMemory = Session(builtInFacts: false)
        _ = DatabaseTests.run(text ?? FactFileWriter.text(of: Session().factBase), in: inMemory)
        inMemory.factBase.prepareIndexes()
        var generator = QueryGenerator(factBase: inMemory.factBase, seed: seed)
        var compared = 0
        var mismatches: [String] = []
        for _ in 0..<400 {
            let query = generator.query()
            let expected = Self.output(of: query, in: inMemory)
            let got = Self.output(of: query, in: overDatabase)
            compared += 1
            if got != expected { mismatches.append("\(query)\n--- in memory\n\(expected)--- over the database\n\(got)") }
        }
        for mismatch in mismatches.prefix(5) { Issue.record("\(mismatch)") }
        if let path = ProcessInfo.processInfo.environment["FACTQL_MISMATCHES"] {
            try mismatches.joined(separator: "\n=====\n").write(toFile: path + "-\(seed)", atomically: true, encoding: .utf8)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(compared) differ")
        // Most forms run on the engine; `why`, `as of` and answers that are values run in memory.
        #expect(overDatabase.engineAnswerCount >= 150, "only \(overDatabase.engineAnswerCount) of \(compared) ran on SQLite")
    }

    @Test func randomQueriesOnTheArticleAgree() throws {
        try Self.compare(base: nil, seed: 0xDA7A_BA5E)
    }

    @Test func randomQueriesOnTheCornerCasesAgree() throws {
        try Self.compare(base: SQLRandomQueryTests.cornerCases, seed: 0xC0FFEE)
    }

    @Test func ctrlCStopsAQueryOnTheEngine() throws {
        let folder = try TemporaryDirectory()
        let session = try DatabaseTests.makeDatabase(folder.path + "/kb.db")
        let before = session.engineAnswerCount
        session.shouldStop = { true }
        let errors = DatabaseTests.run("count members of organizations where status = frozen", in: session)
        #expect(errors.map(\.message) == ["query interrupted"])
        // Asked again while SQLite runs the statement (the first ask is before it starts).
        final class Asks { var count = 0 }
        let asks = Asks()
        session.shouldStop = {
            asks.count += 1
            return asks.count > 1
        }
        let midway = DatabaseTests.run("count facts where status = frozen or since > 2000 or other_members > 3", in: session)
        #expect(midway.map(\.message) == ["query interrupted"])
        #expect(asks.count >= 2)
        session.shouldStop = { false }
        #expect(DatabaseTests.run("count members of organizations where status = frozen", in: session).isEmpty)
        #expect(session.engineAnswerCount == before + 1)
    }

    @Test func textsAreBoundNotWritten() {
        let (sql, parameters) = SQLParameters.binding(
            "SELECT 'it''s', \"col'umn\" FROM t WHERE a = 'x' || char(10) || 'y' AND b = 'DROP TABLE t; --' AND c = 3")
        #expect(sql == "SELECT ?1, \"col'umn\" FROM t WHERE a = ?2 AND b = ?3 AND c = 3")
        #expect(parameters == ["it's", "x\ny", "DROP TABLE t; --"])
    }
}
