import Foundation
import Testing

/// docs/HOW-IT-WORKS.md shows commands with their output: each code block that starts with
/// `$ factql ...` must hold exactly what that command prints (standard output, then standard
/// error). `FACTQL_RECORD=1` rewrites the blocks from the real output (and the test still fails).
@Suite struct TeachingDocumentTests {
    static let path = "docs/HOW-IT-WORKS.md"

    struct Example {
        var command: String
        /// The line range of the block's output inside the document's lines.
        var outputLines: Range<Int>
    }

    /// The `$ factql` blocks of `lines`.
    static func examples(in lines: [String]) -> [Example] {
        var examples: [Example] = []
        var index = 0
        while index < lines.count {
            if lines[index] == "```", index + 1 < lines.count, lines[index + 1].hasPrefix("$ factql ") {
                let command = String(lines[index + 1].dropFirst(2))
                var end = index + 2
                while end < lines.count && lines[end] != "```" { end += 1 }
                examples.append(Example(command: command, outputLines: (index + 2)..<end))
                index = end + 1
            } else {
                index += 1
            }
        }
        return examples
    }

    /// Splits a command line as a shell would for these examples: spaces outside single quotes.
    static func arguments(of command: String) -> [String] {
        var arguments: [String] = []
        var current = ""
        var quoted = false
        var started = false
        for character in command {
            if character == "'" {
                quoted.toggle()
                started = true
            } else if character == " " && !quoted {
                if started { arguments.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
                started = true
            }
        }
        if started { arguments.append(current) }
        return arguments
    }

    @Test func everyExampleShowsTheRealOutput() throws {
        let url = BinaryRunner.packageRoot.appendingPathComponent(Self.path)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let examples = Self.examples(in: lines)
        #expect(examples.count >= 7)
        for example in examples.reversed() {
            let arguments = Self.arguments(of: example.command)
            #expect(arguments.first == "factql")
            let outcome = try BinaryRunner.run(Array(arguments.dropFirst()))
            var output = (outcome.standardOutput + outcome.standardError).components(separatedBy: "\n")
            if output.last == "" { output.removeLast() }
            if GoldenFiles.isRecording {
                lines.replaceSubrange(example.outputLines, with: output)
            } else {
                #expect(Array(lines[example.outputLines]) == output, "the output of \(example.command) in \(Self.path)")
            }
        }
        if GoldenFiles.isRecording {
            try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(Self.path); run again without FACTQL_RECORD")
        }
    }

    @Test func argumentsSplitLikeAShell() {
        #expect(Self.arguments(of: "factql -e '.trace on' -e 'count x'") == ["factql", "-e", ".trace on", "-e", "count x"])
        #expect(Self.arguments(of: "factql -e ''") == ["factql", "-e", ""])
    }
}
