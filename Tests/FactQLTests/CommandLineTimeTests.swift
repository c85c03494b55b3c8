import Foundation
import Testing

/// `as of` end to end on the binary, as CommandLineQuestionTests runs the other version 2 forms:
/// from `-e`, from a script file, from piped standard input and with `--format json`. A fact
/// without dates is left out with a note on standard error (located in the file or stream, like
/// a warning), JSON says how many in "facts_left_out", and the exit status stays 0.
@Suite struct CommandLineTimeTests {
    typealias FormCase = CommandLineQuestionTests.FormCase

    @Test(arguments: forms)
    func fromExecute(_ form: FormCase) throws { try form.checkFromExecute() }

    @Test(arguments: forms)
    func fromAScriptFile(_ form: FormCase) throws { try form.checkFromScript(named: "when.fq") }

    @Test(arguments: forms)
    func fromPipedStandardInput(_ form: FormCase) throws { try form.checkFromStandardInput() }

    @Test(arguments: forms)
    func asJSON(_ form: FormCase) throws {
        let outcome = try form.checkAsJSON()
        // One JSON object, rows as wide as the columns, and as many facts left out as the note says.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let columns = try #require(object["columns"] as? [String])
        let rows = try #require(object["rows"] as? [[Any]])
        #expect(rows.allSatisfy { $0.count == columns.count })
        let leftOut = try #require(object["facts_left_out"] as? Int)
        let noted = outcome.standardError.hasPrefix("note: ") ? Int(outcome.standardError.dropFirst(6).prefix { $0.isNumber }) : 0
        #expect(leftOut == noted)
    }

    /// Every form in one piped script: the answers follow one another, each note names its line,
    /// and notes do not change the exit status.
    @Test func allFormsInOneScript() throws {
        let script = Self.forms.map(\.query).joined(separator: "\n") + "\n"
        let piped = try BinaryRunner.run([], input: script)
        #expect(piped.standardOutput == Self.forms.map(\.table).joined())
        #expect(piped.status == 0)
        let notes = piped.standardError.split(separator: "\n").filter { $0.hasPrefix("note: ") }
        #expect(notes.count == Self.forms.filter { !$0.warning.isEmpty }.count)
        #expect(piped.standardError.contains(" --> <stdin>:3:29\n"))
        #expect(piped.standardError.contains(" --> <stdin>:6:36\n"))
        #expect(!piped.standardError.contains("error:"))
        let json = try BinaryRunner.run(["--format", "json"], input: script)
        #expect(json.standardOutput == Self.forms.map(\.json).joined())
        #expect(json.status == 0)
    }

    /// A time error stops a script at that statement with exit status 1 and the answers before it;
    /// --keep-going answers the rest.
    @Test func aTimeErrorStopsTheScript() throws {
        let script = "is Armenia a member of ICC as of 2024\nfact Armenia member_of EU { since: 2020, until: 2019 }\nis Armenia a member of EU as of 2020\n"
        let stopped = try BinaryRunner.run(["--format", "csv"], input: script)
        #expect(stopped.status == 1)
        #expect(stopped.standardOutput == "answer\r\nyes\r\n")
        #expect(stopped.standardError.hasPrefix("error: 'until' 2019 comes before 'since' 2020\n --> <stdin>:2:42\n"))
        let kept = try BinaryRunner.run(["--format", "csv", "--keep-going"], input: script)
        #expect(kept.status == 1)
        #expect(kept.standardOutput == "answer\r\nyes\r\nanswer\r\nno\r\n")
    }

    static let forms: [FormCase] = [
        CommandLineQuestionTests.FormCase(
            query: "is Armenia a member of ICC as of 2023",
            table: #"""
                 answer
                --------
                 no
                (1 row)

                """#,
            json: #"""
                {"columns": ["answer"], "rows": [[false]], "facts_left_out": 0}

                """#),
        CommandLineQuestionTests.FormCase(
            query: "is Armenia a member of ICC as of 2024-01",
            table: #"""
                 answer
                --------
                 yes
                (1 row)

                """#,
            json: #"""
                {"columns": ["answer"], "rows": [[true]], "facts_left_out": 0}

                """#),
        CommandLineQuestionTests.FormCase(
            query: "is Armenia a member of CSTO as of 2022",
            table: #"""
                 answer
                ---------
                 unknown
                (1 row)

                """#,
            json: #"""
                {"columns": ["answer"], "rows": [[null]], "facts_left_out": 1}

                """#,
            warning: #"""
                note: 1 fact without dates was left out: the fact base does not say whether it held on 2022
                 --> @1:29
                  |
                1 | is Armenia a member of CSTO as of 2022
                  |                             ^^^^^^^^^^

                """#),
        CommandLineQuestionTests.FormCase(
            query: "members of CSTO with status as of 2022",
            table: #"""
                 member | status
                --------+--------
                (0 rows)

                """#,
            json: #"""
                {"columns": ["member", "status"], "rows": [], "facts_left_out": 6}

                """#,
            warning: #"""
                note: 6 facts without dates were left out: the fact base does not say whether they held on 2022
                 --> @1:29
                  |
                1 | members of CSTO with status as of 2022
                  |                             ^^^^^^^^^^

                """#),
        CommandLineQuestionTests.FormCase(
            query: "leader of Armenia with title, since as of 2020",
            table: #"""
                 leader          | title          | since
                -----------------+----------------+-------
                 Nikol Pashinyan | Prime Minister |  2018
                (1 row)

                """#,
            json: #"""
                {"columns": ["leader", "title", "since"], "rows": [["Nikol Pashinyan", "Prime Minister", 2018]], "facts_left_out": 0}

                """#),
        CommandLineQuestionTests.FormCase(
            query: "countries where not member of CSTO as of 2022",
            table: #"""
                 country
                ---------------
                 Azerbaijan
                 France
                 India
                 United States
                (4 rows)

                """#,
            json: #"""
                {"columns": ["country"], "rows": [["Azerbaijan"], ["France"], ["India"], ["United States"]], "facts_left_out": 6}

                """#,
            warning: #"""
                note: 6 facts without dates were left out: the fact base does not say whether they held on 2022
                 --> @1:36
                  |
                1 | countries where not member of CSTO as of 2022
                  |                                    ^^^^^^^^^^

                """#),
        CommandLineQuestionTests.FormCase(
            query: "count members of each organization as of 2024",
            table: #"""
                 organization | count
                --------------+-------
                 CSTO         |     0
                 EU           |     0
                 ICC          |     1
                (3 rows)

                """#,
            json: #"""
                {"columns": ["organization", "count"], "rows": [["CSTO", 0], ["EU", 0], ["ICC", 1]], "facts_left_out": 6}

                """#,
            warning: #"""
                note: 6 facts without dates were left out: the fact base does not say whether they held on 2024
                 --> @1:36
                  |
                1 | count members of each organization as of 2024
                  |                                    ^^^^^^^^^^

                """#),
        CommandLineQuestionTests.FormCase(
            query: "facts of Armenia with since as of 2024-06 order by since",
            table: #"""
                 subject         | relation          | object         | since
                -----------------+-------------------+----------------+---------
                 Nikol Pashinyan | leads             | Armenia        | 2018
                 Armenia         | member_of         | ICC            | 2024-01
                 Armenia         | obliged_to_arrest | Vladimir Putin | 2024-01
                (3 rows)

                """#,
            json: #"""
                {"columns": ["subject", "relation", "object", "since"], "rows": [["Nikol Pashinyan", "leads", "Armenia", 2018], ["Armenia", "member_of", "ICC", "2024-01"], ["Armenia", "obliged_to_arrest", "Vladimir Putin", "2024-01"]], "facts_left_out": 29}

                """#,
            warning: #"""
                note: 29 facts without dates were left out: the fact base does not say whether they held on 2024-06
                 --> @1:29
                  |
                1 | facts of Armenia with since as of 2024-06 order by since
                  |                             ^^^^^^^^^^^^^

                """#),
        CommandLineQuestionTests.FormCase(
            query: "why is Armenia a member of CSTO as of 2022",
            table: #"""
                unknown: whether Armenia is a member of CSTO as of 2022 is unknown
                  Armenia member_of CSTO { status: frozen, act: "freeze of participation in the CSTO" }: the fact base does not say whether it held as of 2022
                  nearest facts:
                    Armenia member_of CSTO { status: frozen, act: "freeze of participation in the CSTO" }
                        [p2s3] paragraph 2, sentence 3: “Pashinyan had previously stated that [Armenia had “frozen” its participation in the CSTO] due to the alliance’s failure to uphold its objectives.”
                        [p3s4] paragraph 3, sentence 4: “[Armenia’s decision to freeze its participation in the CSTO] and consider EU membership reflects its desire to align itself with Western values and security frameworks, signaling a shift in its foreign policy.”

                """#,
            json: #"""
                {"columns": ["answer", "depth", "fact", "source", "text"], "rows": [[null, 0, "Armenia member_of CSTO { status: frozen, act: \"freeze of participation in the CSTO\" }: the fact base does not say whether it held as of 2022", null, null], [null, 1, "Armenia member_of CSTO { status: frozen, act: \"freeze of participation in the CSTO\" }", "p2s3", "Pashinyan had previously stated that Armenia had “frozen” its participation in the CSTO due to the alliance’s failure to uphold its objectives."], [null, 1, "Armenia member_of CSTO { status: frozen, act: \"freeze of participation in the CSTO\" }", "p3s4", "Armenia’s decision to freeze its participation in the CSTO and consider EU membership reflects its desire to align itself with Western values and security frameworks, signaling a shift in its foreign policy."]], "facts_left_out": 1}

                """#,
            warning: #"""
                note: 1 fact without dates was left out: the fact base does not say whether it held on 2022
                 --> @1:33
                  |
                1 | why is Armenia a member of CSTO as of 2022
                  |                                 ^^^^^^^^^^

                """#),
    ]
}
