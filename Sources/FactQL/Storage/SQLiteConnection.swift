import CSQLite

/// One SQLite database, through the system library: the storage and executor that FactQL's SQL
/// translations run on. Every value reaches SQLite as a bound parameter, never spliced into the
/// SQL text.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    let path: String

    /// Opens the database at `path`, creating the file when `create` is set and it is missing.
    init(path: String, create: Bool) throws(Diagnostic) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = Self.message(of: handle, status: status)
            sqlite3_close_v2(handle)
            handle = nil
            throw Diagnostic(message: "cannot open the database '\(path)': \(message)")
        }
    }

    deinit { sqlite3_close_v2(handle) }

    /// The first 16 bytes of every SQLite 3 database file.
    static let header: [UInt8] = Array("SQLite format 3\u{0}".utf8)

    static func isDatabase(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: header) }

    /// Runs SQL text of one or more statements that take no parameters (a schema, a dump).
    func execute(_ sql: String) throws(Diagnostic) {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        defer { sqlite3_free(error) }
        guard status == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? Self.message(of: handle, status: status)
            throw Diagnostic(message: "the database '\(path)' refused the SQL: \(message)")
        }
    }

    /// A value bound to a `?` of a statement.
    enum Parameter: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
    }

    /// Runs one statement with `parameters` bound to its `?`s, in order; the rows, each cell as
    /// SQLite gives it as text (nil for NULL), as sqlite3 prints them.
    func rows(_ sql: String, _ parameters: [Parameter] = []) throws(Diagnostic) -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Diagnostic(message: "the database '\(path)' refused the SQL: \(Self.message(of: handle, status: nil))")
        }
        defer { sqlite3_finalize(statement) }
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch parameter {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let number): status = sqlite3_bind_int64(statement, position, number)
            case .real(let number): status = sqlite3_bind_double(statement, position, number)
            case .text(let text):
                // The bytes and their count, so a NUL inside the text is kept; a terminator after
                // them, so an empty text is "" and not NULL.
                let bytes = Array(text.utf8).map { CChar(bitPattern: $0) } + [0]
                status = sqlite3_bind_text(statement, position, bytes, Int32(bytes.count - 1), Self.transient)
            }
            guard status == SQLITE_OK else {
                throw Diagnostic(message: "cannot bind a value in the database '\(path)': \(Self.message(of: handle, status: status))")
            }
        }
        var rows: [[String?]] = []
        let columns = sqlite3_column_count(statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else {
                throw Diagnostic(message: "the database '\(path)' failed: \(Self.message(of: handle, status: status))")
            }
            var row: [String?] = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns {
                guard let text = sqlite3_column_text(statement, column) else {
                    row.append(nil)
                    continue
                }
                let count = Int(sqlite3_column_bytes(statement, column))
                row.append(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
            }
            rows.append(row)
        }
        return rows
    }

    /// SQLite copies a bound text at once (`SQLITE_TRANSIENT`, a C macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func message(of handle: OpaquePointer?, status: Int32?) -> String {
        if let handle, let text = sqlite3_errmsg(handle) { return String(cString: text) }
        return status.flatMap { sqlite3_errstr($0) }.map { String(cString: $0) } ?? "unknown error"
    }
}
