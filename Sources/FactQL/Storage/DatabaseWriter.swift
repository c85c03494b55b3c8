/// Writes a whole fact base into the tables of an open transaction: the rows `.dump sql` would
/// write, each value bound as a parameter of a statement prepared once per table.
struct DatabaseWriter<Connection: DatabaseConnection> {
    let connection: Connection
    let shouldStop: () -> Bool

    /// Deletes every row, then inserts the base's. The caller holds the transaction.
    func replaceRows(with base: FactBase) throws(Diagnostic) {
        try connection.emptyTables(FactDatabase.tables.map(\.name))
        var sink = try Sink(connection: connection, shouldStop: shouldStop)
        SQLDump(factBase: base).appendRows(to: &sink)
        if sink.failure == nil && !sink.wasStopped { sink.flushAll() }
        if let failure = sink.failure { throw failure }
        if sink.wasStopped { throw Diagnostic(message: "interrupted: nothing was written to the database") }
    }

    /// Binds each row to its table's INSERT; the first failure stops the rest.
    private struct Sink: SQLRowSink {
        private var inserts: [String: Connection.Prepared] = [:]
        /// The table the last row went to: its rows held back are sent before another table's.
        private var table = ""
        private var rowsSinceCheck = 0
        let shouldStop: () -> Bool
        private(set) var failure: Diagnostic?
        private(set) var wasStopped = false

        init(connection: Connection, shouldStop: @escaping () -> Bool) throws(Diagnostic) {
            self.shouldStop = shouldStop
            for table in FactDatabase.tables {
                inserts[table.name] = try connection.prepareInsert(into: table.name, columns: table.columns.count)
            }
        }

        /// Sends every table's rows held back.
        mutating func flushAll() {
            do throws(Diagnostic) {
                for table in FactDatabase.tables { try inserts[table.name]?.flush() }
            } catch {
                failure = error
            }
        }

        mutating func add(_ table: String, _ values: [SQLCell]) {
            guard failure == nil, !wasStopped else { return }
            rowsSinceCheck += 1
            if rowsSinceCheck == 4096 {
                rowsSinceCheck = 0
                if shouldStop() {
                    wasStopped = true
                    return
                }
            }
            do throws(Diagnostic) {
                guard let insert = inserts[table] else { throw Diagnostic(message: "no table '\(table)' in the database schema") }
                // The dump writes each table's rows together, parents first: a table's rows
                // reach the database before the next table's, so its foreign keys hold.
                if table != self.table {
                    try inserts[self.table]?.flush()
                    self.table = table
                }
                try insert.run(values.map(\.parameter))
            } catch {
                failure = error
            }
        }
    }
}

extension SQLCell {
    /// The cell as a bound parameter (a boolean is 1 or 0 in SQLite, as it stores TRUE and FALSE).
    var parameter: DatabaseParameter {
        switch self {
        case .null: return .null
        case .integer(let number): return .integer(number)
        case .decimal(let number): return .real(number)
        case .text(let text): return .text(text)
        case .boolean(let flag): return .boolean(flag)
        }
    }
}
