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

    /// Version 2 forms as a user runs them: `factql --format csv -e QUERY` against `sqlite3 -csv
    /// -header` on the `.sql` output, header line included (the column names must agree too).
    /// These cover yes and no, counts of 0, empty cells and attribute blocks with commas.
    static let versionTwoCSVQueries = [
        "is Belarus a member of CSTO", "is Armenia a member of EU", "is CSTO an organization",
        "is Armenia in (members of CSTO where status = frozen)", "count members of each organization order by count desc",
        "count members of each country limit 2", "members of CSTO with since", "capital of countries", "count capital of countries",
        "facts of Belarus", "facts where date >= 2023-09", "count facts of Armenia", "member_of organizations of Armenia with status",
    ]

    @Test(arguments: versionTwoCSVQueries)
    func versionTwoQueryAsCSVThroughTheCommandLine(_ query: String) throws {
        let dump = try BinaryRunner.run(["-e", ".dump sql"])
        let database = try SQLiteOracle.database(from: dump.standardOutput)
        defer { try? FileManager.default.removeItem(at: database) }
        let translation = try BinaryRunner.run(["-e", ".sql " + query])
        #expect(translation.status == 0, "\(translation)")
        let sqlite = try SQLiteOracle.sqlite3(["-batch", "-csv", "-header", database.path], input: translation.standardOutput)
        #expect(sqlite.status == 0 && sqlite.error.isEmpty, "\(sqlite.error)")
        let factQL = try BinaryRunner.run(["--format", "csv", "-e", query])
        #expect(factQL.status == 0)
        // Compared cell by cell: sqlite3 also quotes fields with spaces, and ends lines with LF.
        let expected = Self.csvRecords(factQL.standardOutput)
        #expect(expected.count >= 2)
        #expect(Self.csvRecords(sqlite.output) == expected)
    }

    /// The records of CSV text (RFC 4180: quoted fields with "" for a quote; CRLF or LF).
    static func csvRecords(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append(characters.removeFirst()) } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                record.append(field)
                field = ""
            } else if character == "\n" {
                records.append(record + [field])
                record = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty { records.append(record + [field]) }
        return records
    }

    /// What is not translated is refused at the statement, and says what to write instead.
    @Test(arguments: [
        ("why is Armenia a member of EU", "error: .sql does not translate 'why is'"),
        ("why facts of Armenia", "error: .sql does not translate 'why' over facts"),
        ("why capital of countries", "error: .sql does not translate 'why' over attribute values"),
    ])
    func untranslatedFormsAreRefused(_ query: String, _ message: String) throws {
        let outcome = try BinaryRunner.run(["-e", ".sql " + query])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.hasPrefix(message))
        // The caret is under the statement, which starts after ".sql " (column 6).
        #expect(outcome.standardError.contains("1:6"))
        #expect(outcome.standardError.contains("leave 'why' out"))
    }

    /// A question is one SELECT of one row; a count per group keeps empty groups with a LEFT JOIN
    /// and carries the group through the steps.
    @Test func versionTwoSQLHasTheDocumentedShape() throws {
        let session = Session()
        let question = try BinaryRunner.run(["-e", ".sql is Belarus a member of CSTO"])
        #expect(question.standardOutput.contains("SELECT CASE WHEN 'Belarus' IN (SELECT entity FROM member_1) THEN 'yes' ELSE 'no' END AS \"answer\";"))
        let groups = try BinaryRunner.run(["-e", ".sql count members of each organization"])
        #expect(groups.standardOutput.contains("LEFT JOIN members_3 s ON s.group_entity = g.name"))
        #expect(groups.standardOutput.contains("g.entity AS group_entity"))
        let facts = try BinaryRunner.run(["-e", ".sql facts of Armenia where relation = member_of"])
        #expect(facts.standardOutput.contains("WHERE f.subject = 'Armenia' OR f.object = 'Armenia'"))
        #expect(facts.standardOutput.contains("f.relation = 'member_of'"))
        #expect(facts.standardOutput.contains("f.attributes AS \"attributes\""))
        // Several statements, questions among them, translate one after the other.
        let both = try BinaryRunner.run(["-e", ".sql is CSTO an organization; count facts"])
        #expect(both.status == 0)
        let results = try SQLiteOracle.run([both.standardOutput], on: try SQLiteOracle.database(for: session.factBase))
        #expect(results == [[["yes"], [String(session.factBase.factCount)]]])
    }
}
