import CSQLite

/// One SQLite database, through the system library: the storage and executor that FactQL's SQL
/// translations run on. Every value reaches SQLite as a bound parameter, never spliced into the
/// SQL text.
final class SQLiteConnection: DatabaseConnection {
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
            lastStatus = sqlite3_extended_errcode(handle)
            let message = error.map { String(cString: $0) } ?? Self.message(of: handle, status: status)
            throw Diagnostic(message: "the database '\(path)' refused the SQL: \(message)")
        }
    }

    /// A value bound to a `?` of a statement.
    typealias Parameter = DatabaseParameter

    /// Runs one statement with `parameters` bound to its `?`s, in order; the rows, each cell as
    /// SQLite gives it as text (nil for NULL), as sqlite3 prints them.
    func rows(_ sql: String, _ parameters: [Parameter] = []) throws(Diagnostic) -> [[String?]] {
        var rows: [[String?]] = []
        try forEachRow(sql, parameters) { row in
            rows.append((0..<row.count).map { row.text($0) })
        }
        return rows
    }

    /// One row of a result, read in place.
    struct Row: DatabaseRow {
        fileprivate let statement: OpaquePointer?
        let count: Int

        func isNull(_ column: Int) -> Bool { sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL }

        func text(_ column: Int) -> String? {
            guard let text = sqlite3_column_text(statement, Int32(column)) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, Int32(column)))
            return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
        }

        func columnName(_ column: Int) -> String { sqlite3_column_name(statement, Int32(column)).map { String(cString: $0) } ?? "" }

        func integer(_ column: Int) -> Int64? { isNull(column) ? nil : sqlite3_column_int64(statement, Int32(column)) }
        func real(_ column: Int) -> Double? { isNull(column) ? nil : sqlite3_column_double(statement, Int32(column)) }
        /// SQLite keeps TRUE and FALSE as 1 and 0.
        func boolean(_ column: Int) -> Bool? { integer(column).map { $0 == 1 } }
    }

    /// Runs one statement with `parameters` bound, handing each row to `body` as it comes.
    func forEachRow(_ sql: String, _ parameters: [Parameter] = [], _ body: (Row) throws(Diagnostic) -> Void) throws(Diagnostic) {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw failure("refused the SQL", status: nil)
        }
        defer { sqlite3_finalize(statement) }
        try bind(parameters, to: statement)
        let row = Row(statement: statement, count: Int(sqlite3_column_count(statement)))
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure("failed", status: status) }
            try body(row)
        }
    }

    /// Runs `body` with SQLite asking `shouldStop` every thousand steps of its virtual machine;
    /// a statement it stops fails with "query interrupted", as FactQL's own evaluation does.
    func interruptible<Result>(_ shouldStop: @escaping () -> Bool, _ body: () throws(Diagnostic) -> Result) throws(Diagnostic) -> Result {
        if shouldStop() { throw Diagnostic(message: "query interrupted") }
        let box = StopBox(shouldStop)
        let context = Unmanaged.passRetained(box).toOpaque()
        sqlite3_progress_handler(handle, 1000, { context in
            guard let context else { return 0 }
            return Unmanaged<StopBox>.fromOpaque(context).takeUnretainedValue().shouldStop() ? 1 : 0
        }, context)
        defer {
            sqlite3_progress_handler(handle, 0, nil, nil)
            Unmanaged<StopBox>.fromOpaque(context).release()
        }
        do throws(Diagnostic) {
            return try body()
        } catch {
            if lastStatus & 0xff == SQLITE_INTERRUPT { throw Diagnostic(message: "query interrupted") }
            throw error
        }
    }

    private final class StopBox {
        let shouldStop: () -> Bool
        init(_ shouldStop: @escaping () -> Bool) { self.shouldStop = shouldStop }
    }

    /// The names of the columns `sql` gives, without running it.
    func columnNames(of sql: String) throws(Diagnostic) -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw failure("refused the SQL", status: nil)
        }
        defer { sqlite3_finalize(statement) }
        let row = Row(statement: statement, count: Int(sqlite3_column_count(statement)))
        return (0..<row.count).map { row.columnName($0) }
    }

    /// The first column of the first row as an integer (a count, a pragma), nil for none.
    func integer(_ sql: String, _ parameters: [Parameter] = []) throws(Diagnostic) -> Int64? {
        var value: Int64?
        try forEachRow(sql, parameters) { row in if value == nil { value = row.integer(0) } }
        return value
    }

    /// Shared by several processes: write-ahead logging, so that readers do not wait for a writer.
    func shareWithOtherProcesses() throws(Diagnostic) {
        try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
    }

    func setBusyTimeout(_ milliseconds: Int32) throws(Diagnostic) {
        guard sqlite3_busy_timeout(handle, milliseconds) == SQLITE_OK else { throw failure("cannot wait for locks", status: nil) }
    }

    /// `BEGIN IMMEDIATE`: the write lock now, so that a conflict shows before any work.
    func beginWriting() throws(Diagnostic) { try execute("BEGIN IMMEDIATE") }
    func commit() throws(Diagnostic) { try execute("COMMIT") }
    /// Undoes the open transaction, if any (an error here leaves nothing to undo).
    func rollback() { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }

    /// A statement compiled once and run many times (the rows of a write), its parameters bound
    /// anew each time.
    final class Prepared: DatabasePrepared {
        fileprivate var statement: OpaquePointer?
        fileprivate unowned let connection: SQLiteConnection

        fileprivate init(_ sql: String, on connection: SQLiteConnection) throws(Diagnostic) {
            self.connection = connection
            guard sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil) == SQLITE_OK else {
                sqlite3_finalize(statement)
                throw connection.failure("refused the SQL", status: nil)
            }
        }

        deinit { sqlite3_finalize(statement) }

        /// Binds `parameters` and runs the statement to its end (an INSERT or DELETE).
        func run(_ parameters: [Parameter]) throws(Diagnostic) {
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            try connection.bind(parameters, to: statement)
            let status = sqlite3_step(statement)
            guard status == SQLITE_DONE || status == SQLITE_ROW else { throw connection.failure("failed", status: status) }
        }

        /// Each row was written as it was run.
        func flush() {}
    }

    func prepare(_ sql: String) throws(Diagnostic) -> Prepared { try Prepared(sql, on: self) }

    /// Children first; SQLite empties a table without a WHERE at once.
    func emptyTables(_ tables: [String]) throws(Diagnostic) {
        for table in tables.reversed() { try execute("DELETE FROM \(SQLText.identifier(table))") }
    }

    func prepareInsert(into table: String, columns: Int) throws(Diagnostic) -> Prepared {
        let marks = Array(repeating: "?", count: columns).joined(separator: ", ")
        return try prepare("INSERT INTO \(SQLText.identifier(table)) VALUES (\(marks))")
    }

    /// The extended result code of the last call that failed (SQLITE_BUSY when another process
    /// holds the lock past the busy timeout).
    private(set) var lastStatus: Int32 = SQLITE_OK

    /// SQLite's message for the last failure.
    var lastMessage: String { Self.message(of: handle, status: lastStatus) }

    /// True when the last failure was the database being locked by another connection.
    var lastFailureWasBusy: Bool { lastStatus & 0xff == SQLITE_BUSY || lastStatus & 0xff == SQLITE_LOCKED }

    fileprivate func failure(_ what: String, status: Int32?) -> Diagnostic {
        lastStatus = status ?? sqlite3_extended_errcode(handle)
        return Diagnostic(message: "the database '\(path)' \(what): \(Self.message(of: handle, status: status))")
    }

    fileprivate func bind(_ parameters: [Parameter], to statement: OpaquePointer?) throws(Diagnostic) {
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch parameter {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let number): status = sqlite3_bind_int64(statement, position, number)
            case .boolean(let flag): status = sqlite3_bind_int64(statement, position, flag ? 1 : 0)
            case .real(let number): status = sqlite3_bind_double(statement, position, number)
            case .text(let text):
                // The bytes and their count, so a NUL inside the text is kept (SQLite copies them).
                var text = text
                status = text.withUTF8 { bytes in
                    // A non-nil pointer even for "", so an empty text is '' and not NULL.
                    let base = UnsafeRawPointer(bytes.baseAddress) ?? UnsafeRawPointer(Self.emptyText.utf8Start)
                    return sqlite3_bind_text(statement, position, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
                }
            }
            guard status == SQLITE_OK else { throw failure("cannot take a value", status: status) }
        }
    }

    private static let emptyText: StaticString = ""

    /// SQLite copies a bound text at once (`SQLITE_TRANSIENT`, a C macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func message(of handle: OpaquePointer?, status: Int32?) -> String {
        if let handle, let text = sqlite3_errmsg(handle) { return String(cString: text) }
        return status.flatMap { sqlite3_errstr($0) }.map { String(cString: $0) } ?? "unknown error"
    }
}
