import Foundation
import Testing

/// The built binary, end to end: the pinned command line, exit statuses and output formats.
@Suite struct CommandLineTests {
    @Test func executeOption() throws {
        let outcome = try BinaryRunner.run(["--format", "json", "-e", "members of CSTO where status = frozen"])
        #expect(outcome.standardOutput == "{\"columns\": [\"member\", \"status\"], \"rows\": [[\"Armenia\", \"frozen\"]]}\n")
        #expect(outcome.status == 0)
        let count = try BinaryRunner.run(["-e", "count members of CSTO"])
        #expect(count.standardOutput.contains("     6\n"))
    }

    @Test func severalExecuteOptionsRunInOrder() throws {
        let outcome = try BinaryRunner.run(["--format=csv", "-e", "count countries", "-e", "count people"])
        #expect(outcome.standardOutput == "count\r\n10\r\ncount\r\n2\r\n")
    }

    @Test func pipedStandardInputIsAScript() throws {
        let outcome = try BinaryRunner.run(["--format", "csv"], input: "count countries\ncount members of CSTO\n")
        #expect(outcome.standardOutput == "count\r\n10\r\ncount\r\n6\r\n")
        #expect(outcome.status == 0)
    }

    @Test func errorsExitOneAndGoToStandardError() throws {
        let outcome = try BinaryRunner.run(["-e", "count members of CST"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "")
        #expect(outcome.standardError.hasPrefix("error: unknown entity or kind 'CST'\n --> 1:18\n"))
    }

    @Test func aScriptStopsAtItsFirstErrorUnlessKeepGoing() throws {
        let script = "count countries\nshow Nowhere\ncount people\n"
        let stopped = try BinaryRunner.run(["--format", "csv"], input: script)
        #expect(stopped.status == 1)
        #expect(stopped.standardOutput == "count\r\n10\r\n")
        let kept = try BinaryRunner.run(["--format", "csv", "--keep-going"], input: script)
        #expect(kept.status == 1)
        #expect(kept.standardOutput == "count\r\n10\r\ncount\r\n2\r\n")
    }

    @Test func factFilesAndEmptyStart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factql-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let facts = directory.appendingPathComponent("tiny.facts")
        try "relation likes (fan, idol)\nentity a : person\nentity b : person\nfact a likes b\n".write(
            to: facts, atomically: true, encoding: .utf8)
        let outcome = try BinaryRunner.run(["--empty", "--facts", facts.path, "--format", "csv", "-e", "fans of b", "-e", "count countries"])
        #expect(outcome.standardOutput == "fan\r\na\r\n")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("unknown entity or kind 'countries'"))
    }

    @Test func missingFilesAreCleanErrors() throws {
        let outcome = try BinaryRunner.run(["/nonexistent/q.fq"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "error: cannot read '/nonexistent/q.fq': No such file or directory\n")
    }

    @Test func badUsageExitsTwo() throws {
        let unknown = try BinaryRunner.run(["--formt", "json"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.hasPrefix("error: unknown option '--formt'"))
        let badFormat = try BinaryRunner.run(["--format", "xml"])
        #expect(badFormat.status == 2)
        #expect(try BinaryRunner.run(["-e"]).status == 2)
    }

    @Test func helpAndVersion() throws {
        let help = try BinaryRunner.run(["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("factql --facts") || help.standardOutput.contains("--facts FILE"))
        let version = try BinaryRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput.hasPrefix("factql "))
    }

    @Test func metaCommandsWorkWithExecute() throws {
        let outcome = try BinaryRunner.run(["-e", ".mode csv", "-e", "count countries"])
        #expect(outcome.standardOutput == "count\r\n10\r\n")
        let unknown = try BinaryRunner.run(["-e", ".mdoe csv"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("did you mean .mode?"))
    }

    /// Output that cannot be written is an error and exit status 1, not a silent success.
    @Test func aFailedWriteToStandardOutputIsReported() throws {
        let binary = BinaryRunner.binary.path
        for (redirect, reason) in [("> /dev/full", "No space left on device"), (">&-", "Bad file descriptor")] {
            for arguments in ["-e 'count countries'", "-e '.dump sql'"] {
                let outcome = try BinaryRunner.shell("'\(binary)' \(arguments) \(redirect)")
                #expect(outcome.status == 1, "\(arguments) \(redirect)")
                #expect(outcome.standardError == "error: cannot write to standard output: \(reason)\n", "\(arguments) \(redirect)")
            }
        }
        // Written in full, the same command succeeds.
        #expect(try BinaryRunner.shell("'\(binary)' -e 'count countries' > /dev/null").status == 0)
    }

    /// `-` names standard input, among files or as a fact file.
    @Test func aDashIsStandardInput() throws {
        let script = try BinaryRunner.run(["-e", "count countries", "-"], input: "is Belarus a member of CSTO\n")
        #expect(script.status == 0)
        #expect(script.standardOutput == " count\n-------\n    10\n(1 row)\n answer\n--------\n yes\n(1 row)\n")
        let facts = try BinaryRunner.run(
            ["--empty", "--facts", "-", "-e", "count things"], input: "entity a1 : thing\nentity b1 : thing\n")
        #expect(facts.status == 0)
        #expect(facts.standardOutput.contains("     2"))
        let bad = try BinaryRunner.run(["-"], input: "membrs of CSTO\n")
        #expect(bad.status == 1)
        #expect(bad.standardError.hasPrefix("error: unknown role 'membrs'\n --> <stdin>:1:1"))
    }
}
