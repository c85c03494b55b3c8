import Foundation
import Testing

/// The deepest queries the nesting limits allow, through every stage that recurses, in the built
/// binary under stacks far smaller than the usual 8 MB: the work runs on a thread whose stack size
/// the tool chooses, so `ulimit -s` does not decide whether a query within the limits crashes.
@Suite struct SmallStackTests {
    /// Each deepest query as itself, with `why`, with every stage command, and traced.
    static func script() -> String {
        var lines: [String] = []
        for (query, _) in NestingLimitTests.deepest {
            lines.append(query)
            lines.append("why " + query.replacingOccurrences(of: "count ", with: ""))
            for command in [".tokens", ".ast", ".plan", ".explain", ".sql"] { lines.append("\(command) \(query)") }
            lines += [".trace on", query, ".trace off"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [256, 128])
    func theDeepestQueriesRunUnderASmallStack(kilobytes: Int) throws {
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("deep.fq")
        try Self.script().write(to: script, atomically: true, encoding: .utf8)
        let outcome = try BinaryRunner.shell("ulimit -s \(kilobytes) && '\(BinaryRunner.binary.path)' '\(script.path)'")
        #expect(outcome.status == 0, "\(outcome.standardError.prefix(2000))")
        #expect(outcome.standardError == "")
        // Every query answered: the `why` of the 255-link chain lists all ten countries.
        #expect(outcome.standardOutput.contains("(10 answers)"))
        #expect(outcome.standardOutput.components(separatedBy: "SELECT").count > NestingLimitTests.deepest.count)
    }
}
