import Foundation
import Testing

@testable import FactQL

/// `.open` and `.save` on the built binary: files, modes, errors; and the unsaved-changes checks
/// of the session.
@Suite struct KeepCommandsTests {
    @Test func saveThenLoadGivesTheSameBase() throws {
        let folder = try TemporaryDirectory()
        let file = folder.path + "/kb.facts"
        let saved = try BinaryRunner.run(["-e", "fact Armenia member_of EU", "-e", ".save \(file)"])
        #expect(saved == BinaryRunner.Outcome(status: 0, standardOutput: "", standardError: ""))
        let dumped = try BinaryRunner.run(["-e", "fact Armenia member_of EU", "-e", ".dump"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == dumped.standardOutput)
        let reloaded = try BinaryRunner.run(["--empty", "--facts", file, "-e", ".dump"])
        #expect(reloaded.standardOutput == dumped.standardOutput)
        // No temporary file is left beside it; a new file gets 0666 less the umask.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["kb.facts"])
        let shell = try BinaryRunner.shell("umask 022; rm -f \(file); \(BinaryRunner.binary.path) -e '.save \(file)'; stat -c %a \(file)")
        #expect(shell.standardOutput == "644\n")
    }

    @Test func saveKeepsTheModeAndOpenWritesBack() throws {
        let folder = try TemporaryDirectory()
        let file = folder.path + "/kb.facts"
        let outcome = try BinaryRunner.shell(
            "cd \(folder.path) && F=\(BinaryRunner.binary.path) && $F --empty -e '.open kb.facts' -e 'relation likes (liker, liked)' "
                + "-e 'entity Ann : person' -e 'fact Ann likes Ann' -e .save && chmod 600 kb.facts && "
                + "$F --empty -e '.open kb.facts' -e 'entity Bob : person' -e '.save' -e 'count persons' && stat -c %a kb.facts")
        #expect(outcome.standardError == "")
        #expect(outcome.standardOutput.hasSuffix("2\n(1 row)\n600\n"))
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("entity Bob : person\n"))
    }

    @Test func openAndSaveSayWhatIsWrong() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.write("kb.db", "SQLite format 3")
        try FileHandle(forWritingTo: URL(fileURLWithPath: database)).seekToEnd()
        let header = Data("SQLite format 3".utf8) + Data([0]) + Data(repeating: 1, count: 84)
        try header.write(to: URL(fileURLWithPath: database))
        let sqlite = try BinaryRunner.run(["--keep-going", "-e", ".open \(database)", "-e", "count members of CSTO"])
        #expect(sqlite.status == 1)
        #expect(sqlite.standardError.contains("error: cannot read '\(database)' as an SQLite database: file is not a database"))
        #expect(sqlite.standardError.contains("= the fact base is as it was"))
        #expect(sqlite.standardOutput.contains("     6"))  // the fact base is as it was
        let noName = try BinaryRunner.run(["-e", ".save"])
        #expect(noName.status == 1)
        #expect(noName.standardError.contains("error: .save needs a file name: no file was opened with .open"))
        let noFolder = try BinaryRunner.run(["-e", ".save \(folder.path)/missing/kb.facts"])
        #expect(noFolder.standardError.contains("error: cannot write '\(folder.path)/missing/kb.facts': No such file or directory"))
        let bad = try folder.write("bad.facts", "fact Nobody likes Nothing\n")
        let broken = try BinaryRunner.run(["--keep-going", "-e", ".open \(bad)", "-e", "count members of CSTO"])
        #expect(broken.standardError.contains("'\(bad)' was not opened: the fact base is as it was"))
        #expect(broken.standardOutput.contains("     6"))
        // A script with unsaved changes says nothing when it ends, as in sqlite3.
        let script = try BinaryRunner.run(["-e", "entity Mars : planet"])
        #expect(script == BinaryRunner.Outcome(status: 0, standardOutput: "", standardError: ""))
    }

    @Test func theSessionAsksOnceBeforeLosingChanges() throws {
        let session = Session()
        session.startKeeping()
        #expect(!session.hasUnsavedChanges)
        #expect(session.unsavedChangesWarning() == nil)
        _ = TestSession.run("entity Mars : planet", in: session)
        #expect(session.hasUnsavedChanges)
        let warning = try #require(session.unsavedChangesWarning())
        #expect(warning.message == "the fact base has unsaved changes")
        #expect(session.unsavedChangesWarning() == nil)  // asked once: leaving again goes
        _ = TestSession.run("entity Venus : planet", in: session)
        #expect(session.unsavedChangesWarning() != nil)  // a new change: asked again
        var written: [String: [UInt8]] = [:]
        session.keeping.readFileStart = { path, count in written[path].map { Array($0.prefix(count)) } }
        session.readFile = { path in written[path] ?? [] }
        session.keeping.writeFile = { path, bytes in written[path] = bytes }
        let refused = TestSession.run(".open kb.facts", in: session)
        #expect(refused.diagnostics.first?.message == "the fact base has unsaved changes: .open would discard them")
        #expect(session.factBase.entity(named: "Venus") != nil)
        let opened = TestSession.run(".open kb.facts", in: session)
        #expect(opened.diagnostics.isEmpty)
        #expect(session.factBase.entityCount == 0)
        #expect(!session.hasUnsavedChanges)
        _ = TestSession.run("entity Ceres : planet\n", in: session)
        _ = TestSession.run(".save", in: session)
        #expect(!session.hasUnsavedChanges)
        #expect(String(decoding: written["kb.facts"] ?? [], as: UTF8.self).contains("entity Ceres : planet\n"))
    }
}
