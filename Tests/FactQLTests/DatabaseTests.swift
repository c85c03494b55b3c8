import Foundation
import Testing

@testable import FactQL

/// The fact base kept in an SQLite database (`--database`, `.open kb.db`): what is read back is
/// what was written, every golden script and lesson answers as in memory, a failed input writes
/// nothing, other processes' writes are seen, and files in other schemas are refused untouched.
@Suite struct DatabaseTests {
    /// Runs `text` in `session`; the diagnostics.
    @discardableResult
    static func run(_ text: String, in session: Session) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        session.run(SourceFile(name: "input.fq", text: text)) { event in
            if case .diagnostic(let diagnostic) = event { diagnostics.append(diagnostic) }
        }
        return diagnostics
    }

    /// A new database at `path` holding the base that `text` makes (the built-in base by default).
    static func makeDatabase(_ path: String, holding text: String? = nil) throws -> Session {
        let session = Session(builtInFacts: false)
        try session.openDatabase(path)
        let facts = text ?? FactFileWriter.text(of: Session().factBase)
        let problems = run(facts, in: session).filter { $0.severity == .error }
        try #require(problems.isEmpty, "\(problems.map(\.message))")
        return session
    }

    /// A session over the built-in base with the file access the tool gives `.open`.
    static func sessionWithFiles() -> Session {
        let session = Session()
        session.readFile = { path throws(Diagnostic) in
            guard let data = FileManager.default.contents(atPath: path) else { throw Diagnostic(message: "cannot read '\(path)'") }
            return Array(data)
        }
        session.keeping.readFileStart = { path, count throws(Diagnostic) in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return Array(data.prefix(count))
        }
        return session
    }

    static func reopened(_ path: String) throws -> Session {
        let session = Session(builtInFacts: false)
        try session.openDatabase(path)
        return session
    }

    @Test func theBuiltInBaseComesBackFromTheFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/kb.db"
        _ = try Self.makeDatabase(path)
        let builtIn = Session().factBase
        let read = try Self.reopened(path).factBase
        #expect(FactFileWriter.text(of: read) == FactFileWriter.text(of: builtIn))
        #expect(read.schemaText == builtIn.schemaText)
        #expect(SQLDump(factBase: read).text == SQLDump(factBase: builtIn).text)
        // It was read the fast way, as a fact file through the bulk loader.
        let text = try DatabaseFactText(connection: SQLiteConnection(path: path, create: false)).text()
        #expect(text?.contains("fact Armenia member_of CSTO { status: frozen, act: freeze } cites p2s3") == true)
    }

    @Test func hardNamesAndValuesComeBackWithTheirTypes() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/hard.db"
        let written = try Self.makeDatabase(path, holding: FactFileWriterTests.hardBase)
        let read = try Self.reopened(path).factBase
        #expect(FactFileWriter.text(of: read) == FactFileWriter.text(of: written.factBase))
        #expect(SQLDump(factBase: read).text == SQLDump(factBase: written.factBase).text)
        // A symbol with an entity's name cannot be written bare: this file is read row by row.
        #expect(try DatabaseFactText(connection: SQLiteConnection(path: path, create: false)).text() == nil)
        // `status: frozen` is a symbol in one fact and the entity frozen in the next, as written.
        let status = try #require(read.attribute(named: "status"))
        #expect(read.value(of: status, inFact: 3) == .symbol(try #require(read.symbol(named: "frozen"))))
        #expect(read.value(of: status, inFact: 4) == .entity(try #require(read.entity(named: "frozen"))))
        for query in ["facts", "show Ox2", "show Zürich", "Ox1 with tiny, huge, negative", "knowers of Ox2 as of 2022"] {
            let expected = FactFileWriterTests.transcript(of: query, on: written.factBase, keepGoing: false, format: .json)
            #expect(FactFileWriterTests.transcript(of: query, on: read, keepGoing: false, format: .json) == expected, "\(query)")
        }
    }

    @Test func hostileNamesAreValuesNotSQL() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/hostile.db"
        let names = ["'); DROP TABLE facts; --", "Robert'); DELETE FROM entities; --", "a \"quoted\" name", "semi;colon", "line\\none"]
        var text = "relation knows (knower, known)\n"
        for name in names { text += "entity \(FactBase.quote(name)) : person { note: \(FactBase.quote(name)) }\n" }
        text += "fact \(FactBase.quote(names[0])) knows \(FactBase.quote(names[1])) { why: \"x'); DROP TABLE citations; --\" }\n"
        let written = try Self.makeDatabase(path, holding: text)
        let read = try Self.reopened(path).factBase
        #expect(read.entityCount == names.count)
        #expect(read.factCount == 1)
        #expect(FactFileWriter.text(of: read) == FactFileWriter.text(of: written.factBase))
        let tables = try SQLiteConnection(path: path, create: false).rows("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
        #expect(tables == [[String(FactDatabase.tables.count)]])
    }

    @Test func whatAnInputDefinesOrRetractsIsKept() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/kb.db"
        let session = try Self.makeDatabase(path)
        #expect(Self.run("entity Mars : planet\nfact Armenia ties_with France { note: \"kept\" }", in: session).isEmpty)
        #expect(Self.run("retract fact Armenia member_of CSTO", in: session).isEmpty)
        let read = try Self.reopened(path).factBase
        #expect(FactFileWriter.text(of: read) == FactFileWriter.text(of: session.factBase))
        #expect(read.entity(named: "Mars") != nil)
        #expect(read.factCount == Session().factBase.factCount)
        #expect(!session.hasUnsavedChanges)
    }

    @Test func aFailedInputWritesNothing() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/kb.db"
        let session = try Self.makeDatabase(path)
        let before = FactFileWriter.text(of: session.factBase)
        let errors = Self.run("entity Mars : planet\nfact Mars orbits Sun\n", in: session)
        #expect(errors.contains { $0.message.contains("unknown entity 'Sun'") || $0.message.contains("unknown relation") })
        #expect(FactFileWriter.text(of: session.factBase) == before)
        #expect(FactFileWriter.text(of: try Self.reopened(path).factBase) == before)
        // With --keep-going, what succeeded is kept, in memory and in the file alike.
        session.keepGoing = true
        _ = Self.run("entity Mars : planet\nfact Mars orbits Sun\n", in: session)
        #expect(session.factBase.entity(named: "Mars") != nil)
        #expect(try Self.reopened(path).factBase.entity(named: "Mars") != nil)
    }

    @Test func anotherProcessesWriteIsSeenAndAConflictIsRefused() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/kb.db"
        let first = try Self.makeDatabase(path)
        let second = try Self.reopened(path)
        #expect(Self.run("entity Mars : planet", in: first).isEmpty)
        // The second session reads the file again before its next input.
        #expect(Self.run("entity Venus : planet", in: second).isEmpty)
        #expect(second.factBase.entity(named: "Mars") != nil)
        #expect(try Self.reopened(path).factBase.entity(named: "Venus") != nil)
        // Two writers that read the same version: the later write is refused.
        let one = try FactDatabase.open(path: path)
        let two = try FactDatabase.open(path: path)
        var base = try one.read()
        _ = try two.read()
        try one.write(base)
        base = try two.read()
        let stale = try FactDatabase.open(path: path)
        _ = try stale.read()
        try one.write(Session().factBase)
        #expect(throws: Diagnostic.self) { try stale.write(base) }
        #expect(FactFileWriter.text(of: try Self.reopened(path).factBase) == FactFileWriter.text(of: Session().factBase))
    }

    @Test func aLockedFileFailsClearlyAndUndoesTheInput() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/kb.db"
        let session = try Self.makeDatabase(path)
        session.databaseBusyTimeout = 100
        try session.openDatabase(path)
        let other = try SQLiteConnection(path: path, create: false)
        try other.beginWriting()
        let errors = Self.run("entity Mars : planet", in: session)
        other.rollback()
        #expect(errors.map(\.message) == ["the database '\(path)' is locked by another process"])
        #expect(session.factBase.entity(named: "Mars") == nil)
        #expect(Self.run("entity Mars : planet", in: session).isEmpty)
        #expect(try Self.reopened(path).factBase.entity(named: "Mars") != nil)
    }

    @Test func otherSchemasAndNewerVersionsAreRefusedUntouched() throws {
        let folder = try TemporaryDirectory()
        let foreign = folder.path + "/foreign.db"
        let connection = try SQLiteConnection(path: foreign, create: true)
        try connection.execute("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ann');")
        let newer = folder.path + "/newer.db"
        _ = try Self.makeDatabase(newer)
        try SQLiteConnection(path: newer, create: false).execute("PRAGMA user_version = 99")
        let changed = folder.path + "/changed.db"
        _ = try Self.makeDatabase(changed)
        try SQLiteConnection(path: changed, create: false).execute("ALTER TABLE facts ADD COLUMN extra TEXT")
        for (path, message) in [
            (foreign, "is an SQLite database in another schema: it has no table 'kinds'"),
            (newer, "is a FactQL database of schema version 99: this FactQL reads version 1"),
            (changed, "is an SQLite database in another schema: its table 'facts' has the columns"),
        ] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let session = Self.sessionWithFiles()
            let errors = Self.run(".open \(path)\ncount countries", in: session)
            #expect(errors.first?.message.contains(message) == true, "\(errors.map(\.message))")
            #expect(session.databasePath == nil)
            #expect(session.factBase.factCount == Session().factBase.factCount)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(path) was changed")
        }
    }

    @Test func aDatabaseThatDumpSQLFilledOpens() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/dumped.db"
        let connection = try SQLiteConnection(path: path, create: true)
        try connection.execute(SQLDump(factBase: Session().factBase).text)
        let session = try Self.reopened(path)
        #expect(FactFileWriter.text(of: session.factBase) == FactFileWriter.text(of: Session().factBase))
        #expect(Self.run("entity Mars : planet", in: session).isEmpty)
        #expect(try connection.integer("PRAGMA application_id") == FactDatabase.applicationID)
    }

    @Test func openTellsADatabaseFromAFactFile() throws {
        let folder = try TemporaryDirectory()
        let session = Self.sessionWithFiles()
        // A new file named .db is a database; another name a fact file, as before.
        #expect(Self.run(".open \(folder.path)/new.db\nentity Mars : planet", in: session).isEmpty)
        #expect(session.databasePath == folder.path + "/new.db")
        #expect(session.factBase.entityCount == 1)
        #expect(Self.run(".open \(folder.path)/new.facts", in: session).isEmpty)
        #expect(session.databasePath == nil)
        #expect(session.factBase.entityCount == 0)
        // .save alone has no fact file to write while a database is open.
        #expect(Self.run(".open \(folder.path)/new.db", in: session).isEmpty)
        #expect(session.factBase.entity(named: "Mars") != nil)
        #expect(Self.run(".save", in: session).first?.message.contains("keeps every change as it is made") == true)
    }

    @Test(arguments: GoldenFiles.scripts(in: "Tests/Golden"))
    func everyGoldenScriptAnswersTheSameOverADatabase(_ script: String) throws {
        let folder = try TemporaryDirectory()
        try GoldenFiles.check(script, in: "Tests/Golden") { empty in
            let path = folder.path + "/golden.db"
            _ = empty ? try Self.makeDatabase(path, holding: "") : try Self.makeDatabase(path)
            return path
        }
    }

    @Test(arguments: GoldenFiles.scripts(in: "examples"))
    func everyLessonAnswersTheSameOverADatabase(_ script: String) throws {
        let folder = try TemporaryDirectory()
        try GoldenFiles.check(script, in: "examples") { empty in
            let path = folder.path + "/lesson.db"
            _ = empty ? try Self.makeDatabase(path, holding: "") : try Self.makeDatabase(path)
            return path
        }
    }
}
