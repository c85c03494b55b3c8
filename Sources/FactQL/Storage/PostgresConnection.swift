import CLibpq

/// One PostgreSQL database, through libpq. It connects with `PQconnectdb`, so the URL, the `PG*`
/// environment variables and `~/.pgpass` work as they do for psql. Every value reaches the server
/// as a parameter of `PQexecParams` or `PQexecPrepared`, never spliced into the SQL text; the
/// statements' `?`s are sent as `$1`, `$2`, ...
///
/// Its name in messages is the URL without the password (`DatabaseURL.redacted`), and the
/// server's messages are shown with the password replaced. libpq's notices are dropped: the
/// library prints nothing.
final class PostgresConnection: DatabaseConnection {
    private let handle: OpaquePointer
    let path: String
    /// The SQLSTATE of the last failure ("55P03" when a lock was not granted in time).
    private(set) var lastState = ""
    /// The names of the INSERTs prepared on this connection, by their SQL.
    private var preparedNames: [String: String] = [:]
    /// True once `factql_schema` is known to exist (a database that `.dump sql` filled has none
    /// until FactQL first writes to it).
    var hasSchemaTable = false
    /// True while the open transaction is the one that made `factql_schema`.
    var madeSchemaTable = false

    /// Connects to the database `url` names; `lockTimeout` (ms) is how long a statement waits for
    /// another connection's lock.
    init(url: String, lockTimeout: Int32) throws(Diagnostic) {
        path = DatabaseURL.redacted(url)
        guard let handle = PQconnectdb(url) else { throw Diagnostic(message: "cannot connect to the database '\(path)': out of memory") }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.hidingPassword(of: handle, in: Self.firstLine(PQerrorMessage(handle)))
            PQfinish(handle)
            throw Diagnostic(
                message: "cannot connect to the database '\(path)': \(message)",
                notes: ["the URL, the PG* environment variables and ~/.pgpass are read as psql reads them"])
        }
        self.handle = handle
        try execute("SET client_encoding = 'UTF8'; SET client_min_messages = warning; SET lock_timeout = \(max(lockTimeout, 1))")
    }

    deinit { PQfinish(handle) }

    /// Runs SQL text of one or more statements that take no parameters.
    func execute(_ sql: String) throws(Diagnostic) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, "refused the SQL")
    }

    /// One row of a result, read in place (the whole result is in memory, as libpq gives it).
    struct Row: DatabaseRow {
        fileprivate let result: OpaquePointer
        fileprivate let row: Int32
        let count: Int

        func isNull(_ column: Int) -> Bool { PQgetisnull(result, row, Int32(column)) == 1 }

        func text(_ column: Int) -> String? {
            guard !isNull(column), let value = PQgetvalue(result, row, Int32(column)) else { return nil }
            let count = Int(PQgetlength(result, row, Int32(column)))
            return value.withMemoryRebound(to: UInt8.self, capacity: count) {
                String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
            }
        }

        /// An integer, or a NUMERIC that holds one.
        func integer(_ column: Int) -> Int64? {
            guard let text = text(column) else { return nil }
            return Int64(text) ?? Double(text).flatMap { Int64(exactly: $0) }
        }

        func real(_ column: Int) -> Double? { text(column).flatMap { Double($0) } }

        /// A BOOLEAN comes as `t` or `f`.
        func boolean(_ column: Int) -> Bool? { text(column).map { $0 == "t" || $0 == "true" || $0 == "1" } }
    }

    /// Runs one statement with `parameters` bound to its `?`s, handing each row to `body`.
    func forEachRow(_ sql: String, _ parameters: [DatabaseParameter], _ body: (Row) throws(Diagnostic) -> Void) throws(Diagnostic) {
        let result = try run(Self.numberingPlaceholders(sql), parameters, prepared: nil)
        defer { PQclear(result) }
        let columns = Int(PQnfields(result))
        for row in 0..<PQntuples(result) {
            try body(Row(result: result, row: row, count: columns))
        }
    }

    /// The rows of one statement, each cell as text (nil for NULL).
    func rows(_ sql: String, _ parameters: [DatabaseParameter] = []) throws(Diagnostic) -> [[String?]] {
        var rows: [[String?]] = []
        try forEachRow(sql, parameters) { row in rows.append((0..<row.count).map { row.text($0) }) }
        return rows
    }

    /// The first column of the first row as an integer, nil for none.
    func integer(_ sql: String, _ parameters: [DatabaseParameter] = []) throws(Diagnostic) -> Int64? {
        var value: Int64?
        try forEachRow(sql, parameters) { row in if value == nil { value = row.integer(0) } }
        return value
    }

    /// The first column of the first row as text, nil for none or NULL.
    func text(_ sql: String, _ parameters: [DatabaseParameter] = []) throws(Diagnostic) -> String? {
        var value: String?
        var seen = false
        try forEachRow(sql, parameters) { row in
            if !seen { value = row.text(0) }
            seen = true
        }
        return value
    }

    func beginWriting() throws(Diagnostic) { try execute("BEGIN") }

    func commit() throws(Diagnostic) {
        let result = PQexec(handle, "COMMIT")
        defer { PQclear(result) }
        try check(result, "cannot commit")
        // COMMIT of a transaction an error ended is a ROLLBACK.
        if let tag = PQcmdStatus(result), String(cString: tag) == "ROLLBACK" {
            madeSchemaTable = false
            throw Diagnostic(message: "the database '\(path)' rolled the transaction back")
        }
        madeSchemaTable = false
    }

    func rollback() {
        PQclear(PQexec(handle, "ROLLBACK"))
        if madeSchemaTable { hasSchemaTable = false }
        madeSchemaTable = false
    }

    var lastFailureWasBusy: Bool { lastState == "55P03" }

    /// The INSERT of many rows at once: rows are held back and sent `batchRows` at a time in one
    /// statement (one round trip per row would take most of a write), the last ones by `flush`.
    final class Prepared: DatabasePrepared {
        private unowned let connection: PostgresConnection
        private let table: String
        private let columns: Int
        private let batchRows: Int
        private var pending: [DatabaseParameter] = []
        private var pendingRows = 0

        fileprivate init(table: String, columns: Int, on connection: PostgresConnection) {
            self.connection = connection
            self.table = table
            self.columns = max(columns, 1)
            // Well under PostgreSQL's 65535 parameters of a statement.
            batchRows = max(1, min(500, 30000 / self.columns))
            pending.reserveCapacity(batchRows * self.columns)
        }

        func run(_ parameters: [DatabaseParameter]) throws(Diagnostic) {
            pending += parameters
            pendingRows += 1
            if pendingRows == batchRows { try flush() }
        }

        func flush() throws(Diagnostic) {
            guard pendingRows > 0 else { return }
            defer {
                pending.removeAll(keepingCapacity: true)
                pendingRows = 0
            }
            let sql = insertSQL(rows: pendingRows)
            // A full batch is prepared once and run again; the last, shorter one is sent as it is.
            let name = pendingRows == batchRows ? try connection.preparedName(of: sql, parameterCount: pending.count) : nil
            PQclear(try connection.run(sql, pending, prepared: name))
        }

        private func insertSQL(rows: Int) -> String {
            var sql = "INSERT INTO \(SQLText.identifier(table)) VALUES "
            var position = 0
            for row in 0..<rows {
                sql += row == 0 ? "(" : ", ("
                for column in 0..<columns {
                    position += 1
                    sql += (column == 0 ? "$" : ", $") + String(position)
                }
                sql += ")"
            }
            return sql
        }
    }

    /// One TRUNCATE of them all: a DELETE would check every foreign key row by row, scanning the
    /// referring table for each deleted row (hours for 100,000 entities). TRUNCATE is undone by
    /// a rollback like any other statement; it holds the tables until the commit, so readers
    /// take them first (`beginReading`), in the same order, and wait for a write under way.
    func emptyTables(_ tables: [String]) throws(Diagnostic) {
        try execute("TRUNCATE " + tables.map(SQLText.identifier).joined(separator: ", "))
    }

    func prepareInsert(into table: String, columns: Int) throws(Diagnostic) -> Prepared {
        Prepared(table: table, columns: columns, on: self)
    }

    /// The name `sql` is prepared under on this connection, preparing it the first time.
    fileprivate func preparedName(of sql: String, parameterCount: Int) throws(Diagnostic) -> String {
        if let name = preparedNames[sql] { return name }
        let name = "factql_\(preparedNames.count + 1)"
        let result = PQprepare(handle, name, sql, Int32(parameterCount), nil)
        defer { PQclear(result) }
        try check(result, "refused the SQL")
        preparedNames[sql] = name
        return name
    }

    /// Runs `sql` (already numbered, or the statement prepared as `prepared`) with `parameters`
    /// as text; the result, to be cleared by the caller.
    fileprivate func run(_ sql: String, _ parameters: [DatabaseParameter], prepared: String?) throws(Diagnostic) -> OpaquePointer {
        var texts: [UnsafeMutablePointer<CChar>?] = []
        texts.reserveCapacity(parameters.count)
        defer { for text in texts { text?.deallocate() } }
        for parameter in parameters {
            switch parameter {
            case .null: texts.append(nil)
            case .integer(let number): texts.append(Self.copy(String(number)))
            case .real(let number): texts.append(Self.copy(Self.text(of: number)))
            case .boolean(let flag): texts.append(Self.copy(flag ? "t" : "f"))
            case .text(let text):
                // libpq takes NUL-terminated values, and PostgreSQL's text cannot hold NUL.
                if text.utf8.contains(0) {
                    throw Diagnostic(
                        message: "the database '\(path)' cannot take a text that holds the character U+0000 (NUL)",
                        notes: ["PostgreSQL's text cannot hold it; nothing was written"])
                }
                texts.append(Self.copy(text))
            }
        }
        let values = texts.map { UnsafePointer($0) }
        let result: OpaquePointer?
        if let prepared {
            result = PQexecPrepared(handle, prepared, Int32(values.count), values, nil, nil, 0)
        } else {
            result = PQexecParams(handle, sql, Int32(values.count), nil, values, nil, nil, 0)
        }
        do throws(Diagnostic) {
            try check(result, "refused the SQL")
        } catch {
            PQclear(result)
            throw error
        }
        guard let result else { throw Diagnostic(message: "the database '\(path)' gave no result") }
        return result
    }

    /// A NUL-terminated copy of `text`, to be deallocated by the caller.
    private static func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        text.utf8CString.withUnsafeBufferPointer { bytes in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
            if let base = bytes.baseAddress { copy.initialize(from: base, count: bytes.count) }
            return copy
        }
    }

    /// A decimal as PostgreSQL reads it (NUMERIC takes `1e-05`; it spells the infinities out).
    private static func text(of number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return "\(number)"
    }

    private func check(_ result: OpaquePointer?, _ what: String) throws(Diagnostic) {
        let status = PQresultStatus(result)
        if result != nil && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            lastState = ""
            return
        }
        lastState = result.flatMap { PQresultErrorField($0, Self.field("C")) }.map { String(cString: $0) } ?? ""
        let primary = result.flatMap { PQresultErrorField($0, Self.field("M")) }.map { String(cString: $0) }
        let message = Self.hidingPassword(of: handle, in: primary ?? Self.firstLine(PQerrorMessage(handle)))
        throw Diagnostic(message: "the database '\(path)' \(what): \(message)")
    }

    private static func field(_ code: Unicode.Scalar) -> Int32 { Int32(code.value) }

    private static func firstLine(_ text: UnsafePointer<CChar>?) -> String {
        let message = text.map { String(cString: $0) } ?? ""
        let line = message.split(separator: "\n").first.map(String.init) ?? ""
        return line.isEmpty ? "unknown error" : line
    }

    /// `message` with the connection's password, if it shows, replaced.
    private static func hidingPassword(of handle: OpaquePointer, in message: String) -> String {
        guard let password = PQpass(handle).map({ String(cString: $0) }), !password.isEmpty else { return message }
        return message.replacing(password, with: "********")
    }

    /// `sql` with each `?` outside quotes written `$1`, `$2`, ... in order.
    static func numberingPlaceholders(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var result = ""
        var quote: Character?
        var position = 0
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "?" {
                position += 1
                result += "$" + String(position)
                continue
            }
            result.append(character)
        }
        return result
    }
}
