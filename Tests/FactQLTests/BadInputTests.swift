import Foundation
import Testing

/// Bad input of every kind, run through the built binary as a user would. The case tables are in
/// BadInputSyntaxTests (malformed syntax at every position of one representative query),
/// BadInputEncodingTests (invalid UTF-8, control characters, deep nesting) and BadInputFileTests
/// (conflicting fact files, unreadable files, bad time limits); this suite has the runner and the
/// cases that need more than a table: megabyte lines, many errors, permissions.
@Suite struct BadInputTests {
    @Test func theRepresentativeQueryRuns() throws {
        let outcome = try BinaryRunner.run(["-e", "leaders of (members of CSTO where status = frozen) order by name limit 3"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == " leader\n-----------------\n Nikol Pashinyan\n(1 row)\n")
        #expect(outcome.standardError == "")
    }

    @Test func nestingAtTheLimitRuns() throws {
        let brackets = "count " + String(repeating: "(", count: 64) + "CSTO" + String(repeating: ")", count: 64)
        // 254 comparisons make an `and` node 254 high, the `where` 255, the brackets 256: the limit.
        let chain = "countries where " + Array(repeating: "name != X", count: 254).joined(separator: " and ")
        let outcome = try BinaryRunner.run(["--format", "csv", "-e", brackets, "-e", "count (\(chain))"])
        #expect(outcome.standardOutput == "count\r\n1\r\ncount\r\n10\r\n")
        #expect(outcome.status == 0)
        let tooHigh = try BinaryRunner.run(["-e", "count (\(chain) and name != Y)"])
        #expect(tooHigh.status == 1)
        #expect(tooHigh.standardError.hasPrefix("error: too many conditions chained"))
    }

    // MARK: Megabyte lines and many errors

    @Test func aMegabyteNameIsShownCut() throws {
        let name = String(repeating: "x", count: 1_000_000)
        let outcome = try BinaryRunner.run([], input: "show " + name)
        #expect(outcome.status == 1)
        let shownMessage = String(repeating: "x", count: 640 - "unknown entity '".count)
        let expected = """
            error: unknown entity '\(shownMessage)\u{2026}
             --> <stdin>:1:6
              |
            1 | show \(String(repeating: "x", count: 80))\u{2026}
              |      \(String(repeating: "^", count: 80))

            """
        #expect(outcome.standardError == expected)
    }

    @Test func aMegabyteLineOfBlanksRuns() throws {
        let outcome = try BinaryRunner.run(
            ["--format", "csv"], input: "count countries" + String(repeating: " ", count: 1_000_000) + "# end\n")
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "count\r\n10\r\n")
    }

    @Test func anErrorFarIntoAMegabyteLineShowsAWindow() throws {
        let filler = String(repeating: "Armenia, ", count: 120_000)
        let outcome = try BinaryRunner.run([], input: "countries where name in (\(filler)Armenia) and")
        #expect(outcome.status == 1)
        let window = String(repeating: "Armenia, ", count: 18) + "Armenia) and"
        let expected = """
            error: expected a condition such as status = frozen, since >= 2024 or member of CSTO, found the end of the input
             --> <stdin>:1:1080038
              |
            1 | \u{2026}\(window.suffix(158))
              | \(String(repeating: " ", count: 159))^

            """
        #expect(outcome.standardError == expected)
    }

    @Test func aHugeBadScriptStopsAfterTwentyErrors() throws {
        let script = String(repeating: "count 1\n", count: 5000)
        let outcome = try BinaryRunner.run([], input: script)
        #expect(outcome.status == 1)
        var expected = ""
        for line in 1...20 {
            let gutter = String(repeating: " ", count: String(line).count)
            expected += """
                error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found '1'
                \(gutter)--> <stdin>:\(line):7
                \(gutter) |
                \(line) | count 1
                \(gutter) |       ^

                """
        }
        expected += "error: too many errors: only the first 20 are shown\n --> <stdin>\n  = nothing was run; correct these and try again\n"
        #expect(outcome.standardError == expected)
    }

    @Test func keepGoingStopsAfterAHundredFailures() throws {
        let script = String(repeating: "show Nowhere\n", count: 150) + "count countries\n"
        let outcome = try BinaryRunner.run(["--keep-going", "--format", "csv"], input: script)
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "")
        #expect(outcome.standardError.components(separatedBy: "error: unknown entity 'Nowhere'").count - 1 == 100)
        #expect(
            outcome.standardError.hasSuffix(
                "error: too many errors: stopping after 100 failed statements\n --> <stdin>\n  = --keep-going goes on after an error, but not after this many\n"))
    }

    @Test func anUnreadableFileIsACleanError() throws {
        // Permissions do not stop the superuser; /proc/self/mem (a case above) covers a read error then.
        guard getuid() != 0 else { return }
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("secret.facts")
        try "entity a : person\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: file.path)
        let outcome = try BinaryRunner.run(["-e", ".load secret.facts"], directory: directory)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("error: cannot read 'secret.facts': Permission denied\n --> 1:7\n"))
    }
}

/// One bad input: the command line, standard input and files it needs, and what must come out.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var input: [UInt8]? = nil
    /// Files created in a fresh directory the binary runs in; a nil content makes a directory.
    var files: [(String, [UInt8]?)] = []
    var status: Int32
    var output = ""
    var error: String

    var testDescription: String { name }

    func check() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, content) in files {
            let url = directory.appendingPathComponent(name)
            if let content {
                try Data(content).write(to: url)
            } else {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            }
        }
        let outcome = try BinaryRunner.run(arguments, inputBytes: input, directory: directory)
        #expect(outcome.status == status, "exit status for \(name)")
        #expect(outcome.standardError == error, "standard error for \(name)")
        #expect(outcome.standardOutput == output, "standard output for \(name)")
        // Nothing from the input reaches the terminal raw: no control character but the newline
        // (and CSV's line ends).
        let shown = outcome.standardError + outcome.standardOutput.replacingOccurrences(of: "\r\n", with: "\n")
        let raw = shown.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) }
        #expect(raw.isEmpty, "raw control characters in the output for \(name)")
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factql-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

