/// PostgreSQL's side of a `FactDatabase`: the tables of `.dump sql` in the connection's current
/// schema (the first of its `search_path`), and one more, `factql_schema (version, revision)`:
/// the schema version, and a revision each write moves inside its transaction. A writer takes
/// the revision's row `FOR UPDATE` first, so writers go one at a time; another process has
/// written when the revision is not the one this process last read or wrote. A write empties the
/// tables with TRUNCATE, which holds them to its commit: a reader waits for it.
extension PostgresConnection: FactStore {
    /// The table that marks a PostgreSQL database as FactQL's.
    static let schemaTable = "factql_schema"

    /// The lock two processes making the schema of one empty database take, so one makes it.
    private static let creationLock = FactDatabase.applicationID

    func prepareSchema() throws(Diagnostic) {
        guard try text("SELECT current_schema()") != nil else {
            throw Diagnostic(
                message: "the database '\(path)' has no schema to keep the tables in",
                notes: ["no schema of its search_path exists; the database was not changed"])
        }
        var columns = try tableColumns()
        if columns.isEmpty {
            try beginWriting()
            do throws(Diagnostic) {
                try execute("SELECT pg_advisory_xact_lock(\(Self.creationLock))")
                columns = try tableColumns()
                if columns.isEmpty {
                    try execute(SQLDump.schema + "\n" + FactDatabase.extraIndexes)
                    try execute(
                        "CREATE TABLE \(Self.schemaTable) (version INTEGER NOT NULL, revision BIGINT NOT NULL);"
                            + " INSERT INTO \(Self.schemaTable) VALUES (\(FactDatabase.schemaVersion), 0);")
                }
                try commit()
            } catch {
                rollback()
                throw error
            }
            if columns.isEmpty {
                hasSchemaTable = true
                return
            }
        }
        if let marks = columns[Self.schemaTable] {
            guard marks == ["version", "revision"] else {
                throw notFactQL("its table '\(Self.schemaTable)' has the columns (\(marks.joined(separator: ", "))), not (version, revision)")
            }
            let version = try integer("SELECT max(version) FROM \(Self.schemaTable)") ?? FactDatabase.schemaVersion
            if version > FactDatabase.schemaVersion {
                throw Diagnostic(
                    message: "'\(path)' is a FactQL database of schema version \(version): this FactQL reads version \(FactDatabase.schemaVersion)",
                    notes: ["a newer FactQL wrote it; the database was not changed"])
            }
            hasSchemaTable = true
        }
        for table in FactDatabase.tables {
            let found = columns[table.name] ?? []
            if found.isEmpty { throw notFactQL("it has no table '\(table.name)'") }
            if found != table.columns {
                throw notFactQL("its table '\(table.name)' has the columns (\(found.joined(separator: ", "))), not (\(table.columns.joined(separator: ", ")))")
            }
        }
    }

    /// The columns of each table of the current schema, in order.
    private func tableColumns() throws(Diagnostic) -> [String: [String]] {
        var columns: [String: [String]] = [:]
        try forEachRow(
            """
            SELECT c.relname, a.attname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
            WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())
            AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum
            """, []
        ) { row in
            columns[row.text(0) ?? "", default: []].append(row.text(1) ?? "")
        }
        return columns
    }

    private func notFactQL(_ reason: String) -> Diagnostic {
        Diagnostic(
            message: "'\(path)' is a PostgreSQL database in another schema: \(reason)",
            notes: ["FactQL opens databases in the schema of .dump sql (docs/SQL.md); the database was not changed"])
    }

    /// True when `factql_schema` exists, asking the server only until it does.
    private func schemaTableExists() throws(Diagnostic) -> Bool {
        if !hasSchemaTable {
            hasSchemaTable =
                try integer(
                    "SELECT count(*) FROM pg_catalog.pg_class WHERE relname = ? AND relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())",
                    [.text(Self.schemaTable)]) == 1
        }
        return hasSchemaTable
    }

    func changeMark() throws(Diagnostic) -> Int64 {
        guard try schemaTableExists() else { return 0 }
        return try integer("SELECT max(revision) FROM \(Self.schemaTable)") ?? 0
    }

    /// One snapshot for every table, taken once they are all held: a write under way (its
    /// TRUNCATE holds them) is waited for, and one that commits meanwhile is not half seen.
    func beginReading() throws(Diagnostic) {
        let tables = FactDatabase.tables.map { SQLText.identifier($0.name) }.joined(separator: ", ")
        try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; LOCK TABLE \(tables) IN ACCESS SHARE MODE")
    }

    func endReading() { rollback() }

    func beginReplacing() throws(Diagnostic) -> Int64 {
        try beginWriting()
        if try !schemaTableExists() {
            // A database `.dump sql` filled: the first writer makes the table, the others wait.
            try execute("SELECT pg_advisory_xact_lock(\(Self.creationLock))")
            hasSchemaTable = false
            guard try schemaTableExists() else { return 0 }
        }
        return try integer("SELECT revision FROM \(Self.schemaTable) FOR UPDATE") ?? 0
    }

    func stampWrite() throws(Diagnostic) -> Int64? {
        if !hasSchemaTable {
            try execute(
                "CREATE TABLE \(Self.schemaTable) (version INTEGER NOT NULL, revision BIGINT NOT NULL);"
                    + " INSERT INTO \(Self.schemaTable) VALUES (\(FactDatabase.schemaVersion), 0);")
            hasSchemaTable = true
            madeSchemaTable = true
        }
        return try integer("UPDATE \(Self.schemaTable) SET revision = revision + 1 RETURNING revision") ?? 0
    }
}
