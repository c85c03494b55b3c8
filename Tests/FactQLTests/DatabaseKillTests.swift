import Foundation
import Testing

@testable import FactQL

/// A `factql` killed with SIGKILL while it writes a large load into a database leaves the file as
/// it was before the load: the write is one transaction, and SQLite drops an unfinished one.
@Suite struct DatabaseKillTests {
    /// A fact file of `count` countries, each a member of one of ten organisations.
    static func largeFactFile(countries count: Int) -> String {
        var text = "relation joins (joiner, joined)\n"
        for organisation in 0..<10 { text += "entity org\(organisation) : club\n" }
        for country in 0..<count {
            text += "entity land\(country) : land\nfact land\(country) joins org\(country % 10) { rank: \(country) }\n"
        }
        return text
    }

    /// Polls `condition` every 10 ms until it holds or `seconds` pass.
    static func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    @Test func aLoadKilledWhileWritingLeavesTheDatabaseAsItWas() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/kb.db"
        _ = try DatabaseTests.makeDatabase(path)
        let before = FactFileWriter.text(of: try DatabaseTests.reopened(path).factBase)
        let facts = try folder.write("large.facts", Self.largeFactFile(countries: 60_000))

        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["--database", path, "--facts", facts]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The write has begun once the write-ahead log grows past what opening the file wrote.
        let wal = path + "-wal"
        let writing = Self.waitFor(seconds: 120) {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            return size > 1 << 20 || !process.isRunning
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(writing)
        #expect(wasRunning, "the load finished before it could be killed: make the file larger")
        #expect(process.terminationReason == .uncaughtSignal)

        let after = try DatabaseTests.reopened(path)
        #expect(FactFileWriter.text(of: after.factBase) == before)
        #expect(try SQLiteConnection(path: path, create: false).rows("PRAGMA integrity_check") == [["ok"]])
        // And the same load, not killed, is all there.
        let loaded = try BinaryRunner.run(["--database", path, "--facts", facts, "-e", "count lands"])
        #expect(loaded.standardOutput.contains("60000"), "\(loaded)")
    }
}
