import Foundation
import Testing

@testable import FactQL

/// The fact base kept in a PostgreSQL database (`--database postgresql://...`, `.open URL`),
/// against a real server (Support/PostgresServer.swift): what is read back is what was written,
/// every golden script and lesson answers as in memory, a failed input or a killed process writes
/// nothing, writers go one at a time, databases in other schemas are refused untouched, and no
/// password shows.
@Suite struct PostgresDatabaseTests {
    typealias Helpers = DatabaseTests

    @Test func theBuiltInBaseComesBack() throws {
        try PostgresServer.withSchema { url in
            _ = try Helpers.makeDatabase(url)
            let builtIn = Session().factBase
            let read = try Helpers.reopened(url).factBase
            #expect(FactFileWriter.text(of: read) == FactFileWriter.text(of: builtIn))
            #expect(read.schemaText == builtIn.schemaText)
            #expect(SQLDump(factBase: read).text == SQLDump(factBase: builtIn).text)
        }
    }

    @Test func hardNamesAndValuesComeBackWithTheirTypes() throws {
        try PostgresServer.withSchema { url in
            let written = try Helpers.makeDatabase(url, holding: FactFileWriterTests.hardBase)
            let read = try Helpers.reopened(url).factBase
            #expect(FactFileWriter.text(of: read) == FactFileWriter.text(of: written.factBase))
            #expect(SQLDump(factBase: read).text == SQLDump(factBase: written.factBase).text)
            let status = try #require(read.attribute(named: "status"))
            #expect(read.value(of: status, inFact: 3) == .symbol(try #require(read.symbol(named: "frozen"))))
            #expect(read.value(of: status, inFact: 4) == .entity(try #require(read.entity(named: "frozen"))))
            for query in ["facts", "show Ox2", "show Zürich", "Ox1 with tiny, huge, negative", "knowers of Ox2 as of 2022"] {
                let expected = FactFileWriterTests.transcript(of: query, on: written.factBase, keepGoing: false, format: .json)
                #expect(FactFileWriterTests.transcript(of: query, on: read, keepGoing: false, format: .json) == expected, "\(query)")
            }
            // Booleans are PostgreSQL's BOOLEAN.
            let flags = try PostgresServer.connect(url).rows("SELECT DISTINCT flag FROM attribute_values WHERE type = 'boolean' ORDER BY flag")
            #expect(flags == [["f"], ["t"]])
        }
    }

    @Test func hostileNamesAreValuesNotSQL() throws {
        try PostgresServer.withSchema { url in
            let names = ["'); DROP TABLE facts; --", "Robert'); DELETE FROM entities; --", "a \"quoted\" name", "semi;colon", "line\\none", "$1 ? $2"]
            var text = "relation knows (knower, known)\n"
            for name in names { text += "entity \(FactBase.quote(name)) : person { note: \(FactBase.quote(name)) }\n" }
            text += "fact \(FactBase.quote(names[0])) knows \(FactBase.quote(names[1])) { why: \"x'); DROP TABLE citations; --\" }\n"
            let written = try Helpers.makeDatabase(url, holding: text)
            let read = try Helpers.reopened(url).factBase
            #expect(read.entityCount == names.count)
            #expect(read.factCount == 1)
            #expect(FactFileWriter.text(of: read) == FactFileWriter.text(of: written.factBase))
            let tables = try PostgresServer.connect(url).rows("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()")
            #expect(tables == [[String(FactDatabase.tables.count + 1)]])
        }
    }

    @Test func aTextHoldingNULIsRefusedAndNothingIsWritten() throws {
        try PostgresServer.withSchema { url in
            let session = try Helpers.makeDatabase(url)
            let before = try PostgresServer.snapshot(url)
            let errors = Helpers.run("entity \"nul\\u{0}here\" : country", in: session)
            #expect(errors.first?.message.contains("U+0000") == true, "\(errors.map(\.message))")
            #expect(session.factBase.entity(named: "nul\u{0}here") == nil)
            #expect(try PostgresServer.snapshot(url) == before)
        }
    }

    @Test func whatAnInputDefinesOrRetractsIsKept() throws {
        try PostgresServer.withSchema { url in
            let session = try Helpers.makeDatabase(url)
            #expect(Helpers.run("entity Mars : planet\nfact Armenia ties_with France { note: \"kept\" }", in: session).isEmpty)
            #expect(Helpers.run("retract fact Armenia member_of CSTO", in: session).isEmpty)
            let read = try Helpers.reopened(url).factBase
            #expect(FactFileWriter.text(of: read) == FactFileWriter.text(of: session.factBase))
            #expect(read.entity(named: "Mars") != nil)
            #expect(!session.hasUnsavedChanges)
        }
    }

    @Test func aFailedInputWritesNothing() throws {
        try PostgresServer.withSchema { url in
            let session = try Helpers.makeDatabase(url)
            let before = FactFileWriter.text(of: session.factBase)
            let stored = try PostgresServer.snapshot(url)
            let errors = Helpers.run("entity Mars : planet\nfact Mars orbits Sun\n", in: session)
            #expect(errors.contains { $0.message.contains("unknown entity 'Sun'") || $0.message.contains("unknown relation") })
            #expect(FactFileWriter.text(of: session.factBase) == before)
            #expect(try PostgresServer.snapshot(url) == stored)
            #expect(FactFileWriter.text(of: try Helpers.reopened(url).factBase) == before)
            session.keepGoing = true
            _ = Helpers.run("entity Mars : planet\nfact Mars orbits Sun\n", in: session)
            #expect(try Helpers.reopened(url).factBase.entity(named: "Mars") != nil)
        }
    }

    @Test func anotherProcessesWriteIsSeenAndAConflictIsRefused() throws {
        try PostgresServer.withSchema { url in
            let first = try Helpers.makeDatabase(url)
            let second = try Helpers.reopened(url)
            #expect(Helpers.run("entity Mars : planet", in: first).isEmpty)
            #expect(Helpers.run("entity Venus : planet", in: second).isEmpty)
            #expect(second.factBase.entity(named: "Mars") != nil)
            #expect(try Helpers.reopened(url).factBase.entity(named: "Venus") != nil)
            // Two writers that read the same revision: the later write is refused, nothing of it kept.
            let one = try FactDatabase.open(path: url)
            let stale = try FactDatabase.open(path: url)
            _ = try one.read()
            let base = try stale.read()
            try one.write(Session().factBase)
            let stored = try PostgresServer.snapshot(url)
            #expect(throws: Diagnostic.self) { try stale.write(base) }
            #expect(try PostgresServer.snapshot(url) == stored)
            #expect(FactFileWriter.text(of: try Helpers.reopened(url).factBase) == FactFileWriter.text(of: Session().factBase))
        }
    }

    @Test func aLockedDatabaseFailsClearlyAndUndoesTheInput() throws {
        try PostgresServer.withSchema { url in
            let session = try Helpers.makeDatabase(url)
            session.databaseBusyTimeout = 100
            try session.openDatabase(url)
            // Another writer holds the revision's row.
            let other = try PostgresServer.connect(url)
            try other.beginWriting()
            _ = try other.rows("SELECT revision FROM factql_schema FOR UPDATE")
            let errors = Helpers.run("entity Mars : planet", in: session)
            other.rollback()
            #expect(errors.map(\.message) == ["the database '\(DatabaseURL.redacted(url))' is locked by another process"])
            #expect(session.factBase.entity(named: "Mars") == nil)
            #expect(Helpers.run("entity Mars : planet", in: session).isEmpty)
            #expect(try Helpers.reopened(url).factBase.entity(named: "Mars") != nil)
        }
    }

    @Test func aProcessKilledWhileWritingLeavesTheDatabaseAsItWas() throws {
        try PostgresServer.withSchema { url in
            _ = try Helpers.makeDatabase(url)
            let before = try PostgresServer.snapshot(url)
            // A generated base large enough that its write takes a while (seconds in a debug build).
            let folder = try TemporaryDirectory()
            let generator = Process()
            generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            generator.arguments = ["python3", BinaryRunner.packageRoot.appendingPathComponent("benchmarks/generate.py").path, "20000", folder.path]
            let generated = try ProcessOutput.collect(generator)
            try #require(generated.status == 0, "\(generated.error)")
            let name = "factql_killed_\(UInt32.random(in: 0...UInt32.max))"
            let process = Process()
            process.executableURL = BinaryRunner.binary
            process.arguments = ["--database", url + "&application_name=" + name, "--facts", folder.path + "/facts.facts", "-e", "count countries"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let watcher = try PostgresServer.connect(url)
            // Polls until its transaction has begun inserting rows, then kills it.
            let deadline = Date().addingTimeInterval(120)
            var writing = false
            while process.isRunning && Date() < deadline {
                let inserting = try watcher.integer(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND xact_start IS NOT NULL AND query LIKE 'INSERT INTO%'",
                    [.text(name)])
                if inserting == 1 {
                    writing = true
                    break
                }
                Thread.sleep(forTimeInterval: 0.001)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try #require(writing, "the write was not seen under way before the process ended")
            #expect(process.terminationReason == .uncaughtSignal)
            // Until the server has seen the connection go, and rolled its transaction back.
            while try watcher.integer("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", [.text(name)]) != 0 && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.001)
            }
            #expect(try PostgresServer.snapshot(url) == before)
            #expect(FactFileWriter.text(of: try Helpers.reopened(url).factBase) == FactFileWriter.text(of: Session().factBase))
        }
    }

    @Test func otherSchemasAndNewerVersionsAreRefusedUntouched() throws {
        let foreign = try PostgresServer.newSchema().url
        try PostgresServer.connect(foreign).execute("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ann');")
        let newer = try PostgresServer.newSchema().url
        _ = try Helpers.makeDatabase(newer)
        try PostgresServer.connect(newer).execute("UPDATE factql_schema SET version = 99")
        let changed = try PostgresServer.newSchema().url
        _ = try Helpers.makeDatabase(changed)
        try PostgresServer.connect(changed).execute("ALTER TABLE facts ADD COLUMN extra TEXT")
        for (url, message) in [
            (foreign, "is a PostgreSQL database in another schema: it has no table 'kinds'"),
            (newer, "is a FactQL database of schema version 99: this FactQL reads version 1"),
            (changed, "is a PostgreSQL database in another schema: its table 'facts' has the columns"),
        ] {
            let before = try PostgresServer.snapshot(url)
            let session = Helpers.sessionWithFiles()
            let errors = Helpers.run(".open \(url)\ncount countries", in: session)
            #expect(errors.first?.message.contains(message) == true, "\(errors.map(\.message))")
            #expect(session.databasePath == nil)
            #expect(session.factBase.factCount == Session().factBase.factCount)
            #expect(try PostgresServer.snapshot(url) == before, "\(url) was changed")
        }
    }

    @Test func aDatabaseThatDumpSQLFilledOpens() throws {
        try PostgresServer.withSchema { url in
            try PostgresServer.connect(url).execute(SQLDump(factBase: Session().factBase).text)
            let session = try Helpers.reopened(url)
            #expect(FactFileWriter.text(of: session.factBase) == FactFileWriter.text(of: Session().factBase))
            #expect(Helpers.run("entity Mars : planet", in: session).isEmpty)
            #expect(try PostgresServer.connect(url).rows("SELECT version, revision FROM factql_schema") == [["1", "1"]])
            #expect(try Helpers.reopened(url).factBase.entity(named: "Mars") != nil)
        }
    }

    @Test func noPasswordShowsInAMessage() throws {
        let base = try PostgresServer.baseURL.get()
        // The test server's URL with a password, naming a database that does not exist.
        let scheme = try #require(DatabaseURL.schemes.first { base.hasPrefix($0) })
        let afterScheme = base.dropFirst(scheme.count)
        let host = afterScheme.split(separator: "@", maxSplits: 1).last.map(String.init) ?? String(afterScheme)
        let server = host.prefix { $0 != "/" && $0 != "?" }
        let url = "\(scheme)factql:hunter2@\(server)/factql_missing?password=hunter3&connect_timeout=5"
        let session = Helpers.sessionWithFiles()
        let errors = Helpers.run(".open \(url)", in: session)
        let rendered = errors.map { DiagnosticRenderer().render($0) }.joined()
        #expect(errors.first?.message.contains("cannot connect to the database '\(scheme)factql@\(server)/factql_missing?connect_timeout=5'") == true, "\(rendered)")
        #expect(!rendered.contains("hunter"), "\(rendered)")
        let outcome = try BinaryRunner.run(["--database", url, "-e", "count countries"])
        #expect(outcome.status == 1)
        #expect(!outcome.standardError.contains("hunter") && !outcome.standardOutput.contains("hunter"), "\(outcome)")
    }

    @Test func urlsAreShownWithoutTheirPassword() {
        #expect(DatabaseURL.redacted("postgresql://ann:secret@db.example:5433/kb") == "postgresql://ann@db.example:5433/kb")
        #expect(DatabaseURL.redacted("postgres://ann@db/kb") == "postgres://ann@db/kb")
        #expect(DatabaseURL.redacted("postgresql://db/kb?password=x&sslmode=require") == "postgresql://db/kb?sslmode=require")
        #expect(DatabaseURL.redacted("postgresql://:secret@db/kb?password=x") == "postgresql://@db/kb")
        #expect(DatabaseURL.redacted("postgresql:///kb") == "postgresql:///kb")
        #expect(DatabaseURL.redacted("kb.db") == "kb.db")
        #expect(
            DatabaseURL.redactingPasswords(in: ".open postgresql://ann:pw@h/kb # and postgres://bob:x@h2/db2")
                == ".open postgresql://ann@h/kb # and postgres://bob@h2/db2")
        #expect(DatabaseURL.redactingPasswords(in: "facts of postgres") == "facts of postgres")
        #expect(PostgresConnection.numberingPlaceholders("SELECT ? , '?', \"?\", ?") == "SELECT $1 , '?', \"?\", $2")
    }

    @Test(arguments: GoldenFiles.scripts(in: "Tests/Golden"))
    func everyGoldenScriptAnswersTheSameOverPostgres(_ script: String) throws {
        try PostgresServer.withSchema { url in
            try GoldenFiles.check(script, in: "Tests/Golden") { empty in
                _ = empty ? try Helpers.makeDatabase(url, holding: "") : try Helpers.makeDatabase(url)
                return url
            }
        }
    }

    @Test(arguments: GoldenFiles.scripts(in: "examples"))
    func everyLessonAnswersTheSameOverPostgres(_ script: String) throws {
        try PostgresServer.withSchema { url in
            try GoldenFiles.check(script, in: "examples") { empty in
                _ = empty ? try Helpers.makeDatabase(url, holding: "") : try Helpers.makeDatabase(url)
                return url
            }
        }
    }
}
