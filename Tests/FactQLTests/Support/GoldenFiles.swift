import Foundation
import Testing

/// Golden tests: a script `NAME.fq` beside its expected standard output `NAME.out` and, when it
/// fails, its expected standard error `NAME.err`. The script's leading comments may say
/// `# args: --format json` (extra arguments) and `# exit: 1` (expected status; default 0, or 1
/// when the `.err` file holds an error, not only warnings).
///
/// `FACTQL_RECORD=1 swift test` rewrites the expected files from the current output (and the
/// test still fails, so a re-recording is never silent).
enum GoldenFiles {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["FACTQL_RECORD"] == "1" }

    static func scripts(in folder: String) -> [String] {
        let directory = BinaryRunner.packageRoot.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".fq") }.sorted()
    }

    /// Checks `script` against its expected files. With `database`, the binary runs it over an
    /// SQLite database that `database` makes for the script's arguments (a copy of the built-in
    /// base, or an empty one after `--empty`): the same output is expected, and nothing is recorded.
    static func check(_ script: String, in folder: String, database: ((_ empty: Bool) throws -> String)? = nil) throws {
        let directory = BinaryRunner.packageRoot.appendingPathComponent(folder)
        let scriptURL = directory.appendingPathComponent(script)
        let base = String(script.dropLast(3))
        let text = try String(contentsOf: scriptURL, encoding: .utf8)
        var arguments: [String] = []
        var expectedStatus: Int32?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("#") else { break }
            let content = line.dropFirst().trimmingCharacters(in: .whitespaces)
            if content.hasPrefix("args:") {
                arguments = content.dropFirst(5).split(separator: " ").map(String.init)
            } else if content.hasPrefix("exit:") {
                expectedStatus = Int32(content.dropFirst(5).trimmingCharacters(in: .whitespaces))
            }
        }
        if let database { arguments = ["--database", try database(arguments.contains("--empty"))] + arguments }
        var outcome = try BinaryRunner.run(arguments + [script], directory: directory)
        if database != nil { outcome.standardOutput = withoutEnginePlans(outcome.standardOutput) }
        let outURL = directory.appendingPathComponent(base + ".out")
        let errURL = directory.appendingPathComponent(base + ".err")
        if isRecording && database == nil {
            try outcome.standardOutput.write(to: outURL, atomically: true, encoding: .utf8)
            if outcome.standardError.isEmpty {
                try? FileManager.default.removeItem(at: errURL)
            } else {
                try outcome.standardError.write(to: errURL, atomically: true, encoding: .utf8)
            }
            Issue.record("recorded \(folder)/\(base); run again without FACTQL_RECORD")
            return
        }
        let expectedOut = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let expectedErr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        // Warnings alone do not fail a script.
        let status = expectedStatus ?? (expectedErr.contains("error:") ? 1 : 0)
        #expect(outcome.standardOutput == expectedOut, "stdout of \(folder)/\(script)")
        #expect(outcome.standardError == expectedErr, "stderr of \(folder)/\(script)")
        #expect(outcome.status == status, "exit status of \(folder)/\(script)")
    }

    /// The output without what `.plan` adds over a database: SQLite's plan, a heading line and its
    /// indented lines (or, in JSON, one `{"text": ...}` line).
    static func withoutEnginePlans(_ output: String) -> String {
        var kept: [Substring] = []
        var inPlan = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("{\"text\": \"SQLite's plan for the SQL") { continue }
            if line.hasPrefix("SQLite's plan for the SQL") {
                inPlan = true
                continue
            }
            if inPlan && line.hasPrefix("  ") { continue }
            inPlan = false
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }
}
