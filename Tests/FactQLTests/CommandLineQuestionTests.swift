import Foundation
import Testing

/// The version 2 forms end to end on the binary, each run four ways: from `-e`, from a script
/// file, from piped standard input, and with `--format json`. Output and exit status are exact;
/// warnings go to standard error, located in the file or stream, and the exit status stays 0.
@Suite struct CommandLineQuestionTests {
    /// One form: its table and JSON output, and its warning with `@` where the location's file
    /// name goes (nothing for `-e`).
    struct FormCase: Sendable, CustomTestStringConvertible {
        var query: String
        var table: String
        var json: String
        var warning = ""

        var testDescription: String { query }

        func warning(from origin: String) -> String {
            warning.replacingOccurrences(of: " --> @", with: " --> " + origin)
        }

        /// Runs the query from `-e`, expecting its table, its warning or note, and exit 0.
        func checkFromExecute() throws {
            let outcome = try BinaryRunner.run(["-e", query])
            #expect(outcome.standardOutput == table)
            #expect(outcome.standardError == warning(from: ""))
            #expect(outcome.status == 0)
        }

        /// The same from a script file named `name`, whose name the warning then gives.
        func checkFromScript(named name: String) throws {
            let directory = try BadInputCase.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            try (query + "\n").write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            let outcome = try BinaryRunner.run([name], directory: directory)
            #expect(outcome.standardOutput == table)
            #expect(outcome.standardError == warning(from: name + ":"))
            #expect(outcome.status == 0)
        }

        /// The same from piped standard input.
        func checkFromStandardInput() throws {
            let outcome = try BinaryRunner.run([], input: query + "\n")
            #expect(outcome.standardOutput == table)
            #expect(outcome.standardError == warning(from: "<stdin>:"))
            #expect(outcome.status == 0)
        }

        /// The same with `--format json`; returns what was printed, for checks of its own.
        func checkAsJSON() throws -> BinaryRunner.Outcome {
            let outcome = try BinaryRunner.run(["--format", "json", "-e", query])
            #expect(outcome.standardOutput == json)
            #expect(outcome.standardError == warning(from: ""))
            #expect(outcome.status == 0)
            return outcome
        }
    }

    @Test(arguments: forms)
    func fromExecute(_ form: FormCase) throws { try form.checkFromExecute() }

    @Test(arguments: forms)
    func fromAScriptFile(_ form: FormCase) throws { try form.checkFromScript(named: "question.fq") }

    @Test(arguments: forms)
    func fromPipedStandardInput(_ form: FormCase) throws { try form.checkFromStandardInput() }

    @Test(arguments: forms)
    func asJSON(_ form: FormCase) throws {
        let outcome = try form.checkAsJSON()
        // Each line is one JSON object with columns and rows of equal width.
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        let columns = try #require(object?["columns"] as? [String])
        let rows = try #require(object?["rows"] as? [[Any]])
        #expect(rows.allSatisfy { $0.count == columns.count })
    }

    /// Every form in one script, from a file and from standard input: the outputs follow one
    /// another in order, and the warnings name their lines.
    @Test func allFormsInOneScript() throws {
        let script = Self.forms.map(\.query).joined(separator: "\n") + "\n"
        let expected = Self.forms.map(\.table).joined()
        let piped = try BinaryRunner.run([], input: script)
        #expect(piped.standardOutput == expected)
        #expect(piped.status == 0)
        #expect(piped.standardError.contains(" --> <stdin>:14:30\n"))
        #expect(piped.standardError.contains(" --> <stdin>:15:32\n"))
        let json = try BinaryRunner.run(["--format", "json"], input: script)
        #expect(json.standardOutput == Self.forms.map(\.json).joined())
    }

    /// A misused form stops a script at that statement with exit status 1; --keep-going goes on.
    @Test func aMisusedFormStopsTheScript() throws {
        let script = "is Belarus a member of CSTO\nis Nowhere a member of CSTO\ncount members of each organization\n"
        let stopped = try BinaryRunner.run(["--format", "csv"], input: script)
        #expect(stopped.status == 1)
        #expect(stopped.standardOutput == "answer\r\nyes\r\n")
        #expect(stopped.standardError.hasPrefix("error: unknown entity 'Nowhere'\n --> <stdin>:2:4\n"))
        let kept = try BinaryRunner.run(["--format", "csv", "--keep-going"], input: script)
        #expect(kept.status == 1)
        #expect(kept.standardOutput == "answer\r\nyes\r\norganization,count\r\nCSTO,6\r\nEU,0\r\nICC,1\r\n")
    }

    static let forms: [FormCase] = [
        FormCase(
            query: "members of ICC with since",
            table: #"""
                 member  | since
                ---------+---------
                 Armenia | 2024-01
                (1 row)

                """#,
            json: #"""
                {"columns": ["member", "since"], "rows": [["Armenia", "2024-01"]]}

                """#),
        FormCase(
            query: "leaders of countries with title, since",
            table: #"""
                 leader          | title          | since
                -----------------+----------------+-------
                 Nikol Pashinyan | Prime Minister |  2018
                 Vladimir Putin  | President      |      
                (2 rows)

                """#,
            json: #"""
                {"columns": ["leader", "title", "since"], "rows": [["Nikol Pashinyan", "Prime Minister", 2018], ["Vladimir Putin", "President", null]]}

                """#),
        FormCase(
            query: "capital of Armenia",
            table: #"""
                 capital
                ---------
                 Yerevan
                (1 row)

                """#,
            json: #"""
                {"columns": ["capital"], "rows": [["Yerevan"]]}

                """#),
        FormCase(
            query: "is Belarus a member of CSTO",
            table: #"""
                 answer
                --------
                 yes
                (1 row)

                """#,
            json: #"""
                {"columns": ["answer"], "rows": [[true]]}

                """#),
        FormCase(
            query: "is Armenia a member of EU",
            table: #"""
                 answer
                --------
                 no
                (1 row)

                """#,
            json: #"""
                {"columns": ["answer"], "rows": [[false]]}

                """#),
        FormCase(
            query: "is CSTO an organization",
            table: #"""
                 answer
                --------
                 yes
                (1 row)

                """#,
            json: #"""
                {"columns": ["answer"], "rows": [[true]]}

                """#),
        FormCase(
            query: "is Armenia in (members of CSTO where status = frozen)",
            table: #"""
                 answer
                --------
                 yes
                (1 row)

                """#,
            json: #"""
                {"columns": ["answer"], "rows": [[true]]}

                """#),
        FormCase(
            query: "why is Belarus a member of CSTO",
            table: #"""
                yes: Belarus is a member of CSTO
                  because Belarus member_of CSTO
                      [p1s2] paragraph 1, sentence 2: “This decision is part of a series of steps taken by Armenia to distance itself from [the alliance, which includes Russia, Belarus, Kazakhstan, Tajikistan, and Kyrgyzstan].”

                """#,
            json: #"""
                {"columns": ["answer", "depth", "fact", "source", "text"], "rows": [[true, 1, "Belarus member_of CSTO", "p1s2", "This decision is part of a series of steps taken by Armenia to distance itself from the alliance, which includes Russia, Belarus, Kazakhstan, Tajikistan, and Kyrgyzstan."]]}

                """#),
        FormCase(
            query: "count members of each organization",
            table: #"""
                 organization | count
                --------------+-------
                 CSTO         |     6
                 EU           |     0
                 ICC          |     1
                (3 rows)

                """#,
            json: #"""
                {"columns": ["organization", "count"], "rows": [["CSTO", 6], ["EU", 0], ["ICC", 1]]}

                """#),
        FormCase(
            query: "count partners of each country order by count desc limit 2",
            table: #"""
                 country | count
                ---------+-------
                 Armenia |     4
                 France  |     1
                (2 rows)

                """#,
            json: #"""
                {"columns": ["country", "count"], "rows": [["Armenia", 4], ["France", 1]]}

                """#),
        FormCase(
            query: "facts of Putin",
            table: #"""
                 subject        | relation          | object         | attributes
                ----------------+-------------------+----------------+--------------------------------------------------------------------------
                 Armenia        | obliged_to_arrest | Vladimir Putin | condition: "if he enters Armenian territory", basis: ICC, since: 2024-01
                 Vladimir Putin | leads             | Russia         | title: "President"
                (2 rows)

                """#,
            json: #"""
                {"columns": ["subject", "relation", "object", "attributes"], "rows": [["Armenia", "obliged_to_arrest", "Vladimir Putin", "condition: \"if he enters Armenian territory\", basis: ICC, since: 2024-01"], ["Vladimir Putin", "leads", "Russia", "title: \"President\""]]}

                """#),
        FormCase(
            query: "count facts of Armenia",
            table: #"""
                 count
                -------
                    34
                (1 row)

                """#,
            json: #"""
                {"columns": ["count"], "rows": [[34]]}

                """#),
        FormCase(
            query: "member_of organizations of Armenia",
            table: #"""
                 organization
                --------------
                 CSTO
                 ICC
                (2 rows)

                """#,
            json: #"""
                {"columns": ["organization"], "rows": [["CSTO"], ["ICC"]]}

                """#),
        FormCase(
            query: "members of ICC where since > \"2020\"",
            table: #"""
                 member | since
                --------+-------
                (0 rows)

                """#,
            json: #"""
                {"columns": ["member", "since"], "rows": []}

                """#,
            warning: #"""
                warning: since holds dates (such as 2024-01), and "2020" is a string: they never compare, so no row matches
                 --> @1:30
                  |
                1 | members of ICC where since > "2020"
                  |                              ^^^^^^
                  = did you mean 2020?

                """#),
        FormCase(
            query: "members of CSTO where status = frozn",
            table: #"""
                 member | status
                --------+--------
                (0 rows)

                """#,
            json: #"""
                {"columns": ["member", "status"], "rows": []}

                """#,
            warning: #"""
                warning: no status is frozn in the fact base, so this comparison never holds
                 --> @1:32
                  |
                1 | members of CSTO where status = frozn
                  |                                ^^^^^
                  = status is frozen
                  = did you mean frozen?

                """#),
    ]
}
