import Foundation
import Testing

/// Where results go, from the command line: JSON Lines with nothing else among them, `.output`,
/// `.once` and `.pager`. In a terminal: TerminalOutputTests.
@Suite struct OutputCommandTests {
    /// Every line of standard output, parsed as one JSON object each.
    func jsonObjects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(parsed as? [String: Any], "not a JSON object: \(line)")
        }
    }

    @Test(arguments: [["--format", "json"], ["-e", ".mode json"]])
    func inJSONModeEveryLineIsOneJSONObject(_ mode: [String]) throws {
        let script = """
            .timer on
            .trace on
            .schema
            .help
            .help mode
            .pager
            .tokens count members of CSTO
            members of CSTO where status = frozn
            count members of CSTO
            why members of CSTO where status = frozen
            .trace off
            .timer off
            """
        let directory = try TemporaryDirectory()
        let file = try directory.write("script.fq", script)
        let outcome = try BinaryRunner.run(mode + [file])
        #expect(outcome.status == 0, "\(outcome)")
        let objects = try jsonObjects(outcome.standardOutput)
        let kinds = objects.map { $0.keys.sorted().joined(separator: ",") }
        // .schema, .help twice and .pager as text (.tokens is a table); the warning on standard error.
        #expect(kinds.filter { $0 == "text" }.count == 4)
        #expect(kinds.contains("trace") && kinds.contains("timer") && kinds.contains("columns,rows"))
        #expect(kinds.allSatisfy { ["text", "trace", "timer", "columns,rows"].contains($0) }, "\(kinds)")
        #expect(outcome.standardError.hasPrefix("warning: no status is frozn in the fact base"))
        let schema = try #require(objects.first { ($0["text"] as? String)?.hasPrefix("-- kinds") == true })
        #expect((schema["text"] as? String)?.contains("\nrelation member_of (member, organization)") == true)
        let trace = try #require(objects.first { $0["trace"] != nil }?["trace"] as? [String: Any])
        #expect(trace["step"] as? String == "look-up" && trace["query"] as? String == "CSTO" && trace["rows"] as? Int == 1)
        let timer = try #require(objects.first { $0["timer"] != nil }?["timer"] as? [String: Any])
        #expect((timer["milliseconds"] as? Double).map { $0 >= 0 } == true)
        // The answers are the pinned objects, as before.
        #expect(objects.contains { ($0["columns"] as? [String]) == ["count"] && ($0["rows"] as? [[Int]]) == [[6]] })
        // Timer and trace lines are one per query and step, in order: trace, answer, time.
        let count = try #require(objects.firstIndex { ($0["columns"] as? [String]) == ["count"] })
        #expect(kinds[count - 1] == "trace" && kinds[count + 1] == "timer")
    }

    @Test func outputSendsResultsToAFileUntilOutputAlone() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write(
            "script.fq",
            """
            .output answers.txt
            count members of CSTO
            members of CSTO where status = frozn
            .output
            count people
            """)
        let outcome = try BinaryRunner.run([script], directory: URL(fileURLWithPath: directory.path))
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput == " count\n-------\n     2\n(1 row)\n")
        // Errors and warnings stay on standard error.
        #expect(outcome.standardError.hasPrefix("warning: no status is frozn"))
        let file = try String(contentsOfFile: directory.path + "/answers.txt", encoding: .utf8)
        #expect(file == " count\n-------\n     6\n(1 row)\n member | status\n--------+--------\n(0 rows)\n")
    }

    @Test func onceSendsOnlyTheNextResultAcrossExpressions() throws {
        let directory = try TemporaryDirectory()
        let once = directory.path + "/once.csv"
        let outcome = try BinaryRunner.run(
            ["-e", ".once '\(once)'", "-e", ".mode csv", "-e", "entity Mars : planet", "-e", "count countries", "-e", "count people"])
        #expect(outcome.status == 0, "\(outcome)")
        // A setting and a definition print nothing and do not use up the .once.
        #expect(try String(contentsOfFile: once, encoding: .utf8) == "count\r\n10\r\n")
        #expect(outcome.standardOutput == "count\r\n2\r\n")
    }

    @Test func onceBeforeALoadSendsAllItPrints() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("two.fq", "count countries\ncount people\n")
        let outcome = try BinaryRunner.run(
            ["-e", ".once out.txt", "-e", ".load two.fq", "-e", "count acts"], directory: URL(fileURLWithPath: directory.path))
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try String(contentsOfFile: directory.path + "/out.txt", encoding: .utf8) == " count\n-------\n    10\n(1 row)\n count\n-------\n     2\n(1 row)\n")
        #expect(outcome.standardOutput == " count\n-------\n    22\n(1 row)\n")
    }

    @Test func aFileThatCannotBeOpenedIsALocatedError() throws {
        let outcome = try BinaryRunner.run(["-e", ".output /nonexistent-directory/answers.txt", "-e", "count people"])
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError.hasPrefix(
                "error: cannot write to '/nonexistent-directory/answers.txt': No such file or directory\n --> 1:9\n"))
        #expect(outcome.standardOutput == "")
        let missing = try BinaryRunner.run(["-e", ".once"])
        #expect(missing.status == 1 && missing.standardError.hasPrefix("error: .once needs a file name\n"))
    }

    @Test func aWriteErrorIsReportedAndFailsTheRun() throws {
        let outcome = try BinaryRunner.run(["-e", ".output /dev/full", "-e", "count people"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("error: cannot write to '/dev/full': No space left on device\n"))
        #expect(outcome.standardOutput == "")
        // In a script, it is the statement whose result was lost that fails.
        let directory = try TemporaryDirectory()
        let script = try directory.write("full.fq", ".once /dev/full\ncount people\ncount countries\n")
        let run = try BinaryRunner.run(["--keep-going", script])
        #expect(run.status == 1)
        #expect(run.standardError.contains("cannot write to '/dev/full'"))
        #expect(run.standardOutput == " count\n-------\n    10\n(1 row)\n")
    }

    @Test func pagerShowsAndChangesItsSetting() throws {
        let outcome = try BinaryRunner.run(["-e", ".pager", "-e", ".pager off", "-e", ".pager", "-e", ".pager ON", "-e", ".pager"])
        #expect(outcome == BinaryRunner.Outcome(status: 0, standardOutput: "pager: auto\npager: off\npager: on\n", standardError: ""))
        let wrong = try BinaryRunner.run(["-e", ".pager of"])
        #expect(wrong.status == 1)
        #expect(wrong.standardError.hasPrefix("error: expected on, off or auto, found 'of'\n --> 1:8\n"))
        #expect(wrong.standardError.contains("did you mean off or on?"))
    }

    /// Not on a terminal, nothing is fitted or paged: `.mode line` gives whole values, a wide
    /// table stays a table, and $PAGER is never run.
    @Test func notOnATerminalNothingIsFittedOrPaged() throws {
        let directory = try TemporaryDirectory()
        let marker = directory.path + "/paged"
        let outcome = try BinaryRunner.run(
            ["-e", ".pager on", "-e", ".sources", "-e", ".mode line", "-e", "members of CSTO where status = frozen"],
            environment: ["PAGER": "touch '\(marker)'; cat", "COLUMNS": "40"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(outcome.standardOutput.contains("\n p1s1   | Armenia recently announced that it will not be participating in the financing of"))
        #expect(outcome.standardOutput.hasSuffix("-[ RECORD 1 ]---\nmember | Armenia\nstatus | frozen\n(1 row)\n"))
    }
}
