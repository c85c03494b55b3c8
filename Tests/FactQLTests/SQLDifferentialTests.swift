import Foundation
import Testing

@testable import FactQL

/// FactQL's evaluator and the SQL translation run on SQLite must give the same rows, in the same
/// order, for every golden query, every lesson, and every query of the design's Queries section.
@Suite struct SQLDifferentialTests {
    /// The Queries section of the design (LANGUAGE.md), query by query, and the README's examples.
    static let designQueries = [
        "members of CSTO where status = frozen",
        "count members of CSTO",
        "leaders of (members of CSTO where status = frozen)",
        "leader of Russia",
        "countries where not member of CSTO",
        "members of ICC where since >= 2024",
        "partners of Armenia",
        "why members of CSTO where status = frozen",
        // `show Armenia` is checked by SQLDumpTests.showTranslatesToThreeStatements. The README's
        // table of the language adds these:
        "leaders of members of CSTO", "countries", "people", "organizations",
        "members of CSTO where status in (frozen, suspended)", "leaders of countries where title contains \"minister\"",
        "members of CSTO order by name desc limit 3",
    ]

    static func scripts(in folder: String) -> [URL] {
        let directory = BinaryRunner.packageRoot.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".fq") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test func goldenQueriesAgree() throws {
        let scripts = Self.scripts(in: "Tests/Golden")
        #expect(scripts.count >= 10)
        var compared = 0
        for script in scripts {
            let differential = SQLDifferential(session: Session())
            try differential.runScript(try String(contentsOf: script, encoding: .utf8))
            try differential.flush()
            compared += differential.compared
            for mismatch in differential.mismatches { Issue.record("\(script.lastPathComponent):\n\(mismatch)") }
        }
        #expect(compared >= 50, "golden queries compared: \(compared)")
    }

    @Test func lessonQueriesAgree() throws {
        let scripts = Self.scripts(in: "examples")
        #expect(scripts.count >= 12)
        var compared = 0
        for script in scripts {
            let differential = SQLDifferential(session: Session())
            try differential.runScript(try String(contentsOf: script, encoding: .utf8))
            try differential.flush()
            compared += differential.compared
            for mismatch in differential.mismatches { Issue.record("\(script.lastPathComponent):\n\(mismatch)") }
        }
        #expect(compared >= 60, "lesson queries compared: \(compared)")
    }

    /// End to end, as a user would: `factql -e '.dump sql' | sqlite3 kb.db`, then the output of
    /// `factql -e '.sql QUERY'` run by sqlite3 on it, against `factql -e QUERY`.
    @Test(arguments: designQueries)
    func designQueryThroughTheCommandLine(_ query: String) throws {
        let dump = try BinaryRunner.run(["-e", ".dump sql"])
        #expect(dump.status == 0 && dump.standardError.isEmpty)
        let database = try SQLiteOracle.database(from: dump.standardOutput)
        defer { try? FileManager.default.removeItem(at: database) }
        let translation = try BinaryRunner.run(["-e", ".sql " + query])
        #expect(translation.status == 0, "\(translation)")
        #expect(translation.standardOutput.hasPrefix("-- " + query + "\n"))
        let sqliteRows = try SQLiteOracle.run([translation.standardOutput], on: database)[0]

        let session = Session()
        var parser = Parser(source: SourceFile(name: nil, text: query))
        let statements = parser.parseScript()
        guard case .query(let parsed) = statements.first else {
            Issue.record("not a query: \(query)")
            return
        }
        let expected = SQLDifferential.rows(of: try session.execute(statements[0]))
        #expect(!expected.isEmpty)
        #expect(SQLDifferential.normalize(sqliteRows, form: parsed.form) == expected)
    }
}
