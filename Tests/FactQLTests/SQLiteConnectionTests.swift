import Foundation
import Testing

@testable import FactQL

/// The system SQLite library, linked in: values go in only as bound parameters, and the
/// translations of `.sql` run on a database that `.dump sql` filled give what sqlite3 gives.
@Suite struct SQLiteConnectionTests {
    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("factql-\(UUID().uuidString).db").path
    }

    @Test func hostileTextIsBoundNeverSpliced() throws {
        let path = Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try SQLiteConnection(path: path, create: true)
        try database.execute("CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT);")
        let hostile = ["'); DROP TABLE names; --", "a\u{0}b", "line one\nline two", "\"quoted\"", "", "Σίσυφος"]
        for (index, name) in hostile.enumerated() {
            _ = try database.rows("INSERT INTO names VALUES (?, ?)", [.integer(Int64(index)), .text(name)])
        }
        _ = try database.rows("INSERT INTO names VALUES (?, ?)", [.integer(99), .null])
        let stored = try database.rows("SELECT name FROM names ORDER BY id")
        #expect(stored.map { $0[0] } == hostile.map { Optional($0) } + [nil])
        #expect(try database.rows("SELECT count(*) FROM names WHERE name = ?", [.text("a\u{0}b")]) == [["1"]])
        #expect(try database.rows("SELECT ? + 0.5", [.real(1.0)]) == [["1.5"]])
    }

    @Test func aMissingFileIsCreatedOnlyWhenAsked() throws {
        let path = Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: Diagnostic.self) { try SQLiteConnection(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
        let database = try SQLiteConnection(path: path, create: true)
        try database.execute("CREATE TABLE t (x);")
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(16)
        #expect(SQLiteConnection.isDatabase(Array(header)))
        #expect(!SQLiteConnection.isDatabase(Array("kind country\n".utf8)))
        #expect(throws: Diagnostic.self) { try database.execute("CREATE TABLE t (x);") }
    }

    @Test func translatedQueriesGiveWhatSqlite3Gives() throws {
        let session = Session(builtInFacts: true)
        let path = Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try SQLiteConnection(path: path, create: true)
        try database.execute(SQLDump(factBase: session.factBase).text)
        let oracle = try SQLiteOracle.database(for: session.factBase)
        defer { try? FileManager.default.removeItem(at: oracle) }
        let queries = [
            "members of CSTO", "members of CSTO where status = frozen", "count members of each organization",
            "facts of Armenia", "is Armenia a member of CSTO", "organizations of Armenia order by name desc",
        ]
        for query in queries {
            guard case .text(let sql)? = TestSession.run(".sql \(query)", in: session).results.first else {
                Issue.record("no SQL for \(query)")
                continue
            }
            let ours = try database.rows(sql).map { $0.map { $0 ?? "" } }
            let theirs = try SQLiteOracle.run([sql], on: oracle).first ?? []
            #expect(!ours.isEmpty, "\(query)")
            #expect(ours == theirs, "\(query)")
        }
    }
}
