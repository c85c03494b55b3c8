/// A fact base kept in a database, in the schema of `.dump sql` (docs/SQL.md): an SQLite file,
/// or a PostgreSQL database named by a `postgresql://` URL.
///
/// The database is the fact base of record: opening one reads it (`DatabaseReader`), and every
/// top-level input that changes the fact base is written back in one transaction
/// (`DatabaseWriter`), so a failed script or `.load`, or a process killed while writing, leaves
/// the database as it was. The session works on the copy in memory between writes, and reads the
/// database again when another process has written to it (`changedElsewhere`).
final class FactDatabase {
    let connection: any FactStore
    let path: String
    /// The fact base's revision when it was last read from or written to the file: a different
    /// revision means there is something to write.
    var writtenRevision = 0
    /// The engine's change mark after this process's last read or write (SQLite's
    /// `data_version`, PostgreSQL's `factql_schema.revision`): it moves when another connection
    /// commits.
    private var seenDataVersion: Int64 = 0

    /// The schema version this FactQL writes, kept in the file's `user_version`. A file with a
    /// newer version is refused, never changed.
    static let schemaVersion: Int64 = 1
    /// `PRAGMA application_id`: 'FQL1' in the file header marks a FactQL database.
    static let applicationID: Int64 = 0x4651_4C31
    /// How long a statement waits for another process's lock before it fails, by default.
    public static let defaultBusyTimeout: Int32 = 5000
    let busyTimeout: Int32

    /// Indexes beyond the ones `.dump sql` writes: `facts of` an entity (either side, any
    /// relation), attribute filters by value, citations by source (see docs/SQL.md, "Indexes").
    static let extraIndexes = """
        CREATE INDEX IF NOT EXISTS facts_of_subject ON facts (subject);
        CREATE INDEX IF NOT EXISTS facts_of_object ON facts (object);
        CREATE INDEX IF NOT EXISTS fact_attributes_by_value ON fact_attributes (attribute, value);
        CREATE INDEX IF NOT EXISTS entity_attributes_by_value ON entity_attributes (attribute, value);
        CREATE INDEX IF NOT EXISTS attribute_values_by_attribute ON attribute_values (attribute, folded);
        CREATE INDEX IF NOT EXISTS citations_by_source ON citations (source);
        CREATE INDEX IF NOT EXISTS aliases_by_entity ON aliases (entity);
        """

    private init(connection: any FactStore, busyTimeout: Int32) {
        self.connection = connection
        self.busyTimeout = busyTimeout
        path = connection.path
    }

    /// Opens the database at `path`, creating it (with the schema) when it is missing or empty:
    /// an SQLite file, or the PostgreSQL database a `postgresql://` URL names. Throws, leaving
    /// the database untouched, for one in another schema or of a newer version.
    static func open(path: String, busyTimeout: Int32 = defaultBusyTimeout) throws(Diagnostic) -> FactDatabase {
        if DatabaseURL.isPostgres(path) {
            let connection = try PostgresConnection(url: path, lockTimeout: busyTimeout)
            let database = FactDatabase(connection: connection, busyTimeout: busyTimeout)
            try connection.prepareSchema()
            database.seenDataVersion = try connection.changeMark()
            return database
        }
        let connection = try SQLiteConnection(path: path, create: true)
        let database = FactDatabase(connection: connection, busyTimeout: busyTimeout)
        try connection.setBusyTimeout(busyTimeout)
        try connection.prepareSchema()
        try connection.shareWithOtherProcesses()
        database.seenDataVersion = try connection.changeMark()
        return database
    }

    /// The tables of the schema, each with its columns in order, from `SQLDump.schema`.
    static let tables: [(name: String, columns: [String])] = {
        var tables: [(String, [String])] = []
        for statement in SQLDump.schema.split(separator: ";") {
            let lines = statement.split(separator: "\n").map { $0.drop { $0 == " " } }
            guard let head = lines.first(where: { $0.hasPrefix("CREATE TABLE ") }) else { continue }
            let name = head.dropFirst("CREATE TABLE ".count).split(separator: " ").first.map(String.init) ?? ""
            let columns = lines.dropFirst().compactMap { line -> String? in
                guard let word = line.split(separator: " ").first, !line.hasPrefix("PRIMARY KEY"), !line.hasPrefix(")") else { return nil }
                return String(word)
            }
            tables.append((name, columns))
        }
        return tables
    }()

    /// True when another process has committed to the database since this one last read or wrote it.
    func changedElsewhere() throws(Diagnostic) -> Bool { try connection.changeMark() != seenDataVersion }

    /// The fact base the database holds.
    func read(shouldStop: @escaping () -> Bool = { false }) throws(Diagnostic) -> FactBase {
        let base: FactBase
        let mark: Int64
        do throws(Diagnostic) {
            try connection.beginReading()
            defer { connection.endReading() }
            if let sqlite = connection as? SQLiteConnection, let fast = try readAsFactFile(sqlite, shouldStop: shouldStop) {
                base = fast
            } else {
                base = try connection.readFactBase(shouldStop: shouldStop)
            }
            mark = try connection.changeMark()
        } catch {
            // A PostgreSQL reader waits for a write under way (SQLite's, in WAL, does not).
            throw connection is PostgresConnection && connection.lastFailureWasBusy ? locked : error
        }
        seenDataVersion = mark
        writtenRevision = base.revision
        return base
    }

    /// The fact base read the fast way (`DatabaseFactText`), or nil when it does not apply or the
    /// text does not load into exactly the rows' counts.
    private func readAsFactFile(_ connection: SQLiteConnection, shouldStop: @escaping () -> Bool) throws(Diagnostic) -> FactBase? {
        guard let text = try DatabaseFactText(connection: connection).text() else { return nil }
        let loader = Session(builtInFacts: false)
        loader.shouldStop = shouldStop
        var failed = false
        loader.run(SourceFile(name: path, text: text)) { event in
            if case .diagnostic(let diagnostic) = event, diagnostic.severity == .error { failed = true }
        }
        let facts = try connection.integer("SELECT count(*) FROM facts") ?? -1
        let entities = try connection.integer("SELECT count(*) FROM entities") ?? -1
        guard !failed, loader.factBase.factCount == facts, loader.factBase.entityCount == entities else { return nil }
        return loader.factBase
    }

    /// Replaces what the file holds with `base`, in one transaction. Throws, the file unchanged,
    /// when another process wrote to it since this one read it (`conflict`), or holds the lock
    /// past the busy timeout.
    func write(_ base: FactBase, shouldStop: @escaping () -> Bool = { false }) throws(Diagnostic) {
        let mark: Int64
        do throws(Diagnostic) {
            mark = try connection.beginReplacing()
        } catch {
            connection.rollback()
            throw connection.lastFailureWasBusy ? locked : error
        }
        let stamped: Int64?
        do throws(Diagnostic) {
            if mark != seenDataVersion { throw Self.conflict(path) }
            // Marked as FactQL's on the first write to a database that `.dump sql` filled.
            stamped = try connection.stampWrite()
            try connection.replaceRows(with: base, shouldStop: shouldStop)
            try connection.execute(Self.extraIndexes)
            try connection.commit()
        } catch {
            connection.rollback()
            throw connection.lastFailureWasBusy ? locked : error
        }
        if let stamped { seenDataVersion = stamped } else { seenDataVersion = try connection.changeMark() }
        writtenRevision = base.revision
    }

    private var locked: Diagnostic {
        Diagnostic(
            message: "the database '\(path)' is locked by another process",
            notes: ["waited \(busyTimeout) ms for it; nothing was written, and the fact base is as it was"])
    }

    static func conflict(_ path: String) -> Diagnostic {
        Diagnostic(
            message: "another process wrote to the database '\(path)' while this input ran",
            notes: ["nothing was written and the input was undone; the fact base now holds what the file holds: run it again"])
    }
}

/// SQLite's side: the schema is marked with `application_id` and `user_version`, and another
/// process's commit moves `PRAGMA data_version`.
extension SQLiteConnection: FactStore {
    /// A new file gets the schema; a FactQL database is checked for its version; a file that
    /// `.dump sql` filled (the same tables, no FactQL mark) is taken as version 1. Anything else
    /// is refused before it is written to.
    func prepareSchema() throws(Diagnostic) {
        let tableCount: Int64
        do throws(Diagnostic) {
            tableCount = try integer("SELECT count(*) FROM sqlite_schema WHERE type = 'table'") ?? 0
        } catch {
            throw Diagnostic(
                message: "cannot read '\(path)' as an SQLite database: \(lastMessage)", notes: ["the file was not changed"])
        }
        let application = try integer("PRAGMA application_id") ?? 0
        let version = try integer("PRAGMA user_version") ?? 0
        if tableCount == 0 && application == 0 {
            try beginWriting()
            do throws(Diagnostic) {
                try execute(SQLDump.schema + "\n" + FactDatabase.extraIndexes)
                try execute("PRAGMA application_id = \(FactDatabase.applicationID); PRAGMA user_version = \(FactDatabase.schemaVersion);")
                try commit()
            } catch {
                rollback()
                throw error
            }
            return
        }
        if application == FactDatabase.applicationID && version > FactDatabase.schemaVersion {
            throw Diagnostic(
                message: "'\(path)' is a FactQL database of schema version \(version): this FactQL reads version \(FactDatabase.schemaVersion)",
                notes: ["a newer FactQL wrote it; the file was not changed"])
        }
        guard application == FactDatabase.applicationID || application == 0 else {
            throw notFactQL("its application id is \(application), not FactQL's")
        }
        for table in FactDatabase.tables {
            var columns: [String] = []
            try forEachRow("SELECT name FROM pragma_table_info(?)", [.text(table.name)]) { row in
                columns.append(row.text(0) ?? "")
            }
            if columns.isEmpty { throw notFactQL("it has no table '\(table.name)'") }
            if columns != table.columns {
                throw notFactQL("its table '\(table.name)' has the columns (\(columns.joined(separator: ", "))), not (\(table.columns.joined(separator: ", ")))")
            }
        }
    }

    private func notFactQL(_ reason: String) -> Diagnostic {
        Diagnostic(
            message: "'\(path)' is an SQLite database in another schema: \(reason)",
            notes: ["FactQL opens databases in the schema of .dump sql (docs/SQL.md); the file was not changed"])
    }

    func changeMark() throws(Diagnostic) -> Int64 { try integer("PRAGMA data_version") ?? 0 }

    func beginReading() {}
    func endReading() {}

    func beginReplacing() throws(Diagnostic) -> Int64 {
        try beginWriting()
        return try changeMark()
    }

    func stampWrite() throws(Diagnostic) -> Int64? {
        try execute("PRAGMA application_id = \(FactDatabase.applicationID); PRAGMA user_version = \(FactDatabase.schemaVersion);")
        return nil
    }
}
