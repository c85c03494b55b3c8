import Foundation
import Testing

@testable import FactQL

/// The PostgreSQL server the tests run against: a real one, never a stand-in.
///
/// `$FACTQL_TEST_POSTGRES` names it (.ci/run starts a private cluster and sets it). Without it,
/// the tests start their own cluster with .ci/postgres.sh, stopped when the test process ends;
/// where the server binaries are missing too, every PostgreSQL test fails saying so (it is not
/// skipped: a machine without PostgreSQL has not run them).
///
/// Each test works in a schema of its own (`newSchema`): the URL sets `search_path` to it, so the
/// tests do not see each other's tables and can run side by side.
enum PostgresServer {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The test database's URL, or why there is none.
    static let baseURL: Result<String, Unavailable> = {
        if let url = ProcessInfo.processInfo.environment["FACTQL_TEST_POSTGRES"], !url.isEmpty { return .success(url) }
        return startCluster()
    }()

    /// A new, empty schema in the test database; the URL whose connections work in it.
    static func newSchema() throws -> (url: String, schema: String) {
        let base = try baseURL.get()
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresConnection(url: base, lockTimeout: 5000).execute("CREATE SCHEMA \(schema)")
        return (base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema, schema)
    }

    /// Runs `body` with the URL of a new schema, dropped afterwards.
    static func withSchema<T>(_ body: (_ url: String) throws -> T) throws -> T {
        let (url, schema) = try newSchema()
        defer { try? PostgresConnection(url: try baseURL.get(), lockTimeout: 5000).execute("DROP SCHEMA \(schema) CASCADE") }
        return try body(url)
    }

    /// A connection to the schema `url` names.
    static func connect(_ url: String) throws -> PostgresConnection { try PostgresConnection(url: url, lockTimeout: 5000) }

    /// Every table of the schema `url` names, each with its rows as text, sorted: what tells
    /// whether anything in it changed.
    static func snapshot(_ url: String) throws -> [String: [String]] {
        let connection = try connect(url)
        let tables = try connection.rows(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        var snapshot: [String: [String]] = [:]
        for table in tables.compactMap({ $0.first ?? nil }) {
            let columns = try connection.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                [.text(table)])
            let rows = try connection.rows("SELECT t::text FROM \(SQLText.identifier(table)) t")
            snapshot[table] = ["columns: " + columns.map { $0.first.flatMap { $0 } ?? "" }.joined(separator: ", ")] + rows.map { $0.first.flatMap { $0 } ?? "NULL" }.sorted()
        }
        return snapshot
    }

    /// Starts a private cluster on loopback with .ci/postgres.sh, and a watcher that stops it
    /// and removes its folder when this process has ended.
    private static func startCluster() -> Result<String, Unavailable> {
        let script = BinaryRunner.packageRoot.appendingPathComponent(".ci/postgres.sh").path
        let hasServer =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).contains {
                FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
            } || ProcessInfo.processInfo.environment["PATH", default: ""].split(separator: ":").contains {
                FileManager.default.isExecutableFile(atPath: "\($0)/initdb")
            }
        guard hasServer else {
            return .failure(
                Unavailable(
                    description:
                        "no PostgreSQL server for the PostgreSQL tests: set FACTQL_TEST_POSTGRES to a database URL, or install postgresql (initdb) so that the tests start their own"
                ))
        }
        let pid = ProcessInfo.processInfo.processIdentifier
        let folder = "/tmp/factql-pg-\(pid)"
        try? FileManager.default.removeItem(atPath: folder)
        var failures: [String] = []
        for attempt in 0..<5 {
            let port = 20000 + (Int(pid) * 7 + attempt * 1009) % 30000
            let started = run("/bin/bash", [script, "start", folder, String(port)])
            if started.status == 0, let url = started.output.split(separator: "\n").last.map(String.init) {
                // In the background, detached: it outlives this process to stop the cluster.
                let stop = "/bin/bash \(Shell.quote(script)) stop \(Shell.quote(folder)); rm -rf \(Shell.quote(folder))"
                let watch = "while kill -0 \(pid) 2>/dev/null; do sleep 1; done; \(stop)"
                guard run("setsid", ["-f", "/bin/sh", "-c", "exec >/dev/null 2>&1; " + watch]).status == 0 else {
                    _ = run("/bin/sh", ["-c", stop])
                    return .failure(Unavailable(description: "cannot start the watcher that stops the PostgreSQL cluster"))
                }
                return .success(url)
            }
            failures.append("port \(port): \(started.output)")
            _ = run("/bin/bash", [script, "stop", folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
        return .failure(Unavailable(description: "cannot start a PostgreSQL cluster with .ci/postgres.sh: " + failures.joined(separator: "; ")))
    }

    /// Runs a program to its end: its status, and its output and errors together. (Shell.run:
    /// posix_spawn, so the server the script starts holds none of this process's descriptors.)
    private static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String) {
        Shell.run([program] + arguments)
    }
}
