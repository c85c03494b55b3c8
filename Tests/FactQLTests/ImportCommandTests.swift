import Foundation
import Testing

@testable import FactQL

/// `.import FILE.csv RELATION` on the built binary: a good file (quotes, CR LF, a byte-order mark,
/// new entities of a kind the header names), every kind of bad row with its exact error and exit
/// status, all or nothing, and a 100,000-row file.
@Suite struct ImportCommandTests {
    /// The line that ends every failed import.
    static func notImported(_ file: String) -> String {
        let command = ".import \(file) member_of"
        return """
            error: '\(file)' was not imported: nothing in it was kept
             --> 1:9
              |
            1 | \(command)
              |         \(String(repeating: "^", count: file.count))

            """
    }

    /// One bad file imported into member_of of the built-in base.
    static func bad(_ name: String, _ csv: String, _ error: String) -> BadInputCase {
        badBytes(name, Array(csv.utf8), error)
    }

    static func badBytes(_ name: String, _ csv: [UInt8], _ error: String) -> BadInputCase {
        BadInputCase(
            name: name, arguments: ["-e", ".import bad.csv member_of"], files: [("bad.csv", csv)], status: 1,
            error: error + notImported("bad.csv"))
    }

    @Test func aGoodFileAddsItsFactsAndTheEntitiesItsHeaderGivesAKind() throws {
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A byte-order mark, CR LF, quoted cells (a comma, a line end, a doubled quote inside),
        // an empty cell, and cells of every type.
        let csv =
            "\u{FEFF}member,organization:alliance,status,since,note,seats\r\n"
            + "Armenia,NATO,frozen,2024-01,\"talks, then \"\"pause\"\"\",3\r\n"
            + "France,NATO,active,,\"two\r\nlines\",1.5\r\n"
            + "\"Nikol Pashinyan\",\"Shanghai Cooperation Organisation\",,2018,plain text,\r\n"
        try Data(csv.utf8).write(to: directory.appendingPathComponent("members.csv"))
        let outcome = try BinaryRunner.run(
            [
                "-e", ".import members.csv member_of", "-e", "members of NATO with status, since, seats",
                "-e", "members of NATO where status = frozen", "-e", ".mode json", "-e", "facts of \"Shanghai Cooperation Organisation\"",
                "-e", "members of NATO with note", "-e", ".entities alliance",
            ], directory: directory)
        #expect(outcome.standardError == "")
        #expect(outcome.status == 0)
        #expect(
            outcome.standardOutput == """
                 member  | status | since   | seats
                ---------+--------+---------+-------
                 Armenia | frozen | 2024-01 |     3
                 France  | active |         |   1.5
                (2 rows)
                 member  | status
                ---------+--------
                 Armenia | frozen
                (1 row)
                {"columns": ["subject", "relation", "object", "attributes"], "rows": [["Nikol Pashinyan", "member_of", "Shanghai Cooperation Organisation", "since: 2018, note: \\"plain text\\""]]}
                {"columns": ["member", "note"], "rows": [["Armenia", "talks, then \\"pause\\""], ["France", "two\\r\\nlines"]]}
                {"columns": ["entity", "kind", "aliases"], "rows": [["CSTO", "alliance", "Collective Security Treaty Organization"], ["NATO", "alliance", null], ["Shanghai Cooperation Organisation", "alliance", null]]}

                """)
    }

    /// Outside the REPL `.import` is silent, as `.load` is; in the REPL it says what it added.
    @Test func theREPLSaysWhatWasImported() throws {
        let terminal = try TerminalSession("repl-import")
        let file = try terminal.directory.write("m.csv", "member,organization:alliance\nArmenia,NATO\nFrance,NATO\n")
        try terminal.waitForPrompt()
        try terminal.enter(".import \(file) member_of")
        try terminal.waitForScreen("what was imported") {
            $0.output(of: ".import \(file) member_of")?.first?.hasPrefix("imported 2 facts of member_of and 1 new entity in ") == true
        }
        try terminal.waitForPrompt("the prompt after the import")
        try terminal.enter("count members of NATO")
        try terminal.waitForScreen("the imported facts") { $0.output(of: "count members of NATO")?.contains("     2") == true }
    }

    @Test func theREPLFeedbackCountsFactsAndEntities() {
        let session = Session()
        session.interactive = true
        session.readFile = { _ in Array("member:person,organization\nNobody,EU\nArmenia,EU\n".utf8) }
        var texts: [String] = []
        session.run(SourceFile(name: nil, text: ".import x.csv member_of")) { event in
            if case .result(.text(let text)) = event { texts.append(text) }
        }
        #expect(texts.count == 1)
        #expect(texts.first?.hasPrefix("imported 2 facts of member_of and 1 new entity in ") == true)
        #expect(texts.first?.hasSuffix(" ms") == true)
    }

    @Test(arguments: badRows)
    func badRowsAreReportedAtTheirLineAndColumn(_ badInput: BadInputCase) throws { try badInput.check() }

    @Test(arguments: badHeaders)
    func badHeadersAreReportedAtTheirColumn(_ badInput: BadInputCase) throws { try badInput.check() }

    @Test(arguments: badCommands)
    func badArgumentsAreReported(_ badInput: BadInputCase) throws { try badInput.check() }

    /// A file with one bad row among good ones adds none of them, even with --keep-going.
    @Test func nothingIsKeptWhenARowFails() throws {
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = "member:country,organization:alliance\nNarnia,NATO\nFrance,NATO\nArmenia,\n"
        try Data(csv.utf8).write(to: directory.appendingPathComponent("m.csv"))
        let outcome = try BinaryRunner.run(
            [
                "--keep-going", "-e", ".import m.csv member_of", "-e", ".mode csv", "-e", "count countries",
                "-e", "count members of CSTO", "-e", "count alliances",
            ], directory: directory)
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "count\r\n10\r\ncount\r\n6\r\ncount\r\n1\r\n")
        #expect(outcome.standardError.hasPrefix("error: the organization is empty"))
    }

    /// Each bad row is reported, up to the parser's limit, then one line says more were left out.
    @Test func manyBadRowsStopAtTheErrorLimit() throws {
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = (0..<50).map { "Nobody\($0),CSTO\n" }.joined()
        try Data(("member,organization\n" + rows).utf8).write(to: directory.appendingPathComponent("m.csv"))
        let outcome = try BinaryRunner.run(["-e", ".import m.csv member_of"], directory: directory)
        #expect(outcome.status == 1)
        let errors = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors.count == Parser.errorLimit + 2)
        #expect(errors.first == "error: unknown entity 'Nobody0' as the member")
        #expect(errors[Parser.errorLimit - 1] == "error: unknown entity 'Nobody\(Parser.errorLimit - 1)' as the member")
        #expect(errors[Parser.errorLimit] == "error: too many bad rows: only the first \(Parser.errorLimit) are shown")
        #expect(outcome.standardError.contains(" --> m.csv:\(Parser.errorLimit + 1):1\n"))
    }

    /// 100,000 rows, every one a new entity, with a symbol, a date and a number: all of them
    /// arrive, and queries read them back.
    @Test func aHundredThousandRows() throws {
        let count = 100_000
        var bytes = Array("member:country,organization:alliance,status,since,seats\n".utf8)
        bytes.reserveCapacity(count * 40)
        for row in 0..<count {
            let status = row % 100 == 0 ? "frozen" : "active"
            bytes += "c\(row),o\(row % 100),\(status),\(1990 + row % 35)-0\(1 + row % 9),\(row % 7)\n".utf8
        }
        let session = Session(builtInFacts: false)
        session.readFile = { _ in bytes }
        session.run(SourceFile(name: nil, text: "relation member_of (member, organization)")) { _ in }
        var diagnostics: [Diagnostic] = []
        let imported = session.run(SourceFile(name: nil, text: ".import big.csv member_of")) { event in
            if case .diagnostic(let diagnostic) = event { diagnostics.append(diagnostic) }
        }
        #expect(imported)
        #expect(diagnostics.isEmpty)
        #expect(session.factBase.factCount == count)
        #expect(session.factBase.entityCount == count + 100)
        let session2 = TestSession.run("count members of o0 where status = frozen", in: session)
        #expect(session2.results == [.table(ResultTable(columns: ["count"], rows: [[.integer(1000)]]))])
        let last = TestSession.run("facts of c99999", in: session)
        guard case .table(let table)? = last.results.first else {
            Issue.record("no table for facts of c99999")
            return
        }
        #expect(table.rows.map { $0.map(\.displayText) } == [["c99999", "member_of", "o99", "status: active, since: 1994-01, seats: 4"]])
    }

    static let badRows: [BadInputCase] = [
        bad(
            "an unknown entity, with the nearest names", "member,organization\nArmenia,CSTO\nArmenai,EU\n",
            """
            error: unknown entity 'Armenai' as the member
             --> bad.csv:3:1
              |
            3 | Armenai,EU
              | ^^^^^^^
              = declare it first (entity Armenai : KIND), or name a kind in the header to create the unknown members: member:KIND
              = did you mean Armenia?

            """),
        bad(
            "a row with too few cells", "member,organization,status,since\nArmenia,EU,active\n",
            """
            error: this row has 3 columns, the header 4: no since
             --> bad.csv:2:18
              |
            2 | Armenia,EU,active
              |                  ^
              = a missing attribute is an empty cell: leave it empty, but keep its comma

            """),
        bad(
            "a row with too many cells", "member,organization,status\nArmenia,EU,active,2020,x\n",
            """
            error: this row has 5 columns, the header 3
             --> bad.csv:2:19
              |
            2 | Armenia,EU,active,2020,x
              |                   ^^^^^^
              = a cell that holds a comma is written in quotes: "Yerevan, Armenia"

            """),
        bad(
            "a quoted cell never closed", "member,organization,status\nArmenia,EU,\"active\n",
            """
            error: this quoted field is not closed: the file ends inside it
             --> bad.csv:2:12
              |
            2 | Armenia,EU,"active
              |            ^
              = a quoted field ends at a quote followed by a comma or a line end; a quote inside it is written twice

            """),
        bad(
            "a quote inside an unquoted cell, with CR LF", "member,organization,status\r\nArmenia,EU,say \"hi\"\r\n",
            """
            error: a quote inside a field that does not start with one
             --> bad.csv:2:16
              |
            2 | Armenia,EU,say "hi"
              |                ^
              = a field that holds a quote is written in quotes, with each of its quotes written twice: "say ""hi""\"

            """),
        bad(
            "text after a closing quote", "member,organization\nFrance,\"NAT\"O\n",
            """
            error: after the closing quote of a field, expected a comma or the end of the line, found 'O'
             --> bad.csv:2:13
              |
            2 | France,"NAT"O
              |             ^
              = a quote inside a quoted field is written twice: "say ""yes""\"

            """),
        bad(
            "a date that does not exist", "member,organization,since\nArmenia,EU,2024-13\n",
            """
            error: '2024-13' is not a valid date
             --> bad.csv:2:12
              |
            2 | Armenia,EU,2024-13
              |            ^^^^^^^
              = dates are written YYYY-MM or YYYY-MM-DD, with a real month and day

            """),
        bad(
            "a number too large", "member,organization,seats\nArmenia,EU,99999999999999999999\n",
            """
            error: number too large: 99999999999999999999
             --> bad.csv:2:12
              |
            2 | Armenia,EU,99999999999999999999
              |            ^^^^^^^^^^^^^^^^^^^^
              = whole numbers range from -9223372036854775808 to 9223372036854775807

            """),
        bad(
            "since that is no date", "member,organization,since\nArmenia,EU,frozen\n",
            """
            error: 'since' must be a date, found frozen
             --> bad.csv:2:12
              |
            2 | Armenia,EU,frozen
              |            ^^^^^^
              = since says when a fact holds: write a year (2018), a month (2024-01) or a day (2023-09-19)

            """),
        bad(
            "an empty subject", "member,organization\n,EU\n",
            """
            error: the member is empty: every row names its member and its organization
             --> bad.csv:2:1
              |
            2 | ,EU
              | ^

            """),
        badBytes(
            "invalid UTF-8", Array("member,organization\nArm".utf8) + [0xFF] + Array("nia,EU\n".utf8),
            """
            error: invalid UTF-8 at byte 23
             --> bad.csv:2:4
              |
            2 | Arm\u{FFFD}nia,EU
              |    ^
              = byte 23 (counting from 0) is 0xFF; FactQL reads UTF-8 text only

            """),
    ]

    static let badHeaders: [BadInputCase] = [
        bad(
            "the roles in the other order", "organization,member\nCSTO,Armenia\n",
            """
            error: column 1 of the header is 'organization': expected member, the subject's role in member_of (member, organization)
             --> bad.csv:1:1
              |
            1 | organization,member
              | ^^^^^^^^^^^^
              = the roles are in the other order: put the member column first
              = the first two columns are the subject and the object, named by the relation's roles in order

            """),
        bad(
            "a role misspelt", "member,organisation\n",
            """
            error: column 2 of the header is 'organisation': expected organization, the object's role in member_of (member, organization)
             --> bad.csv:1:8
              |
            1 | member,organisation
              |        ^^^^^^^^^^^^
              = the first two columns are the subject and the object, named by the relation's roles in order

            """),
        bad(
            "one column", "member\n",
            """
            error: the header names 1 column: expected the two roles of member_of (member, organization) first
             --> bad.csv:1:1
              |
            1 | member
              | ^^^^^^
              = the header is member,organization (the roles of member_of), then one name per attribute, as in member,organization,since

            """),
        bad(
            "an empty file", "",
            """
            error: the file is empty: expected a header naming the columns
             --> bad.csv:1:1
              |
            1 | 
              | ^
              = the header is member,organization (the roles of member_of), then one name per attribute, as in member,organization,since

            """),
        bad(
            "an attribute named twice", "member,organization,status,Status\n",
            """
            error: column 4 of the header repeats the attribute 'Status' of column 3
             --> bad.csv:1:28
              |
            1 | member,organization,status,Status
              |                            ^^^^^^

            """),
        bad(
            "an attribute column without a name", "member,organization,,x\n",
            """
            error: column 3 of the header is empty: every column after the roles names an attribute
             --> bad.csv:1:21
              |
            1 | member,organization,,x
              |                     ^

            """),
        bad(
            "a colon without a kind", "member:,organization\n",
            """
            error: no kind after 'member:' in the header
             --> bad.csv:1:1
              |
            1 | member:,organization
              | ^^^^^^^
              = write member:KIND to create the unknown members as entities of KIND, or member alone

            """),
    ]

    static let badCommands: [BadInputCase] = [
        BadInputCase(
            name: "no arguments", arguments: ["-e", ".import"], status: 1,
            error: """
                error: .import needs a CSV file and a relation
                 --> 1:1
                  |
                1 | .import
                  | ^^^^^^^
                  = write .import FILE.csv RELATION, as in .import members.csv member_of

                """),
        BadInputCase(
            name: "no relation", arguments: ["-e", ".import m.csv"], status: 1,
            error: """
                error: .import needs a relation after the file name
                 --> 1:9
                  |
                1 | .import m.csv
                  |         ^^^^^
                  = write .import FILE.csv RELATION, as in .import members.csv member_of

                """),
        BadInputCase(
            name: "three words", arguments: ["-e", ".import my members.csv member_of"], status: 1,
            error: """
                error: .import takes a file and a relation, found 3 words
                 --> 1:24
                  |
                1 | .import my members.csv member_of
                  |                        ^^^^^^^^^
                  = write .import FILE.csv RELATION, as in .import members.csv member_of
                  = quote a file name that has spaces: .import "my members.csv" member_of

                """),
        BadInputCase(
            name: "an unknown relation", arguments: ["-e", ".import m.csv membr_of"], status: 1,
            error: """
                error: unknown relation 'membr_of'
                 --> 1:15
                  |
                1 | .import m.csv membr_of
                  |               ^^^^^^^^
                  = declare it first: relation membr_of (ROLE, ROLE)
                  = did you mean member_of?

                """),
        BadInputCase(
            name: "a missing file", arguments: ["-e", ".import 'no such.csv' member_of"], status: 1,
            error: """
                error: cannot read 'no such.csv': No such file or directory
                 --> 1:9
                  |
                1 | .import 'no such.csv' member_of
                  |         ^^^^^^^^^^^^^

                """),
        BadInputCase(
            name: "a kind a typo away from a known one is warned about",
            arguments: ["-e", ".import m.csv member_of", "-e", "count members of NATO"],
            files: [("m.csv", Array("member:contry,organization:alliance\nNarnia,NATO\n".utf8))], status: 0,
            output: " count\n-------\n     1\n(1 row)\n",
            error: """
                warning: 'contry' is a new kind
                 --> m.csv:1:1
                  |
                1 | member:contry,organization:alliance
                  | ^^^^^^^^^^^^^
                  = the names this file adds become entities of a new kind 'contry'
                  = did you mean country?

                """),
    ]
}
