/// What `FactDatabase`, `DatabaseReader` and `DatabaseWriter` need of a database engine: SQL run
/// with every value bound as a parameter, rows read in place, and transactions. SQLite
/// (`SQLiteConnection`) and PostgreSQL (`PostgresConnection`) give it.
protocol DatabaseConnection: AnyObject {
    associatedtype Row: DatabaseRow
    associatedtype Prepared: DatabasePrepared

    /// The database's name in messages: a file's path, or a URL without its password.
    var path: String { get }

    /// Runs SQL text of one or more statements that take no parameters (a schema).
    func execute(_ sql: String) throws(Diagnostic)

    /// Runs one statement with `parameters` bound to its `?`s, in order, handing each row to
    /// `body` as it comes.
    func forEachRow(_ sql: String, _ parameters: [DatabaseParameter], _ body: (Row) throws(Diagnostic) -> Void) throws(Diagnostic)

    /// Deletes every row of `tables` (parents before their children), inside the open transaction.
    func emptyTables(_ tables: [String]) throws(Diagnostic)

    /// The INSERT of one row of `columns` values into `table`, compiled once and run per row.
    func prepareInsert(into table: String, columns: Int) throws(Diagnostic) -> Prepared

    /// Begins a transaction that writes.
    func beginWriting() throws(Diagnostic)
    func commit() throws(Diagnostic)
    /// Undoes the open transaction, if any (an error here leaves nothing to undo).
    func rollback()

    /// True when the last failure was another connection holding a lock past the wait allowed.
    var lastFailureWasBusy: Bool { get }
}

/// A value bound to a parameter of a statement.
enum DatabaseParameter: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// SQLite stores it as 1 or 0, PostgreSQL as a BOOLEAN.
    case boolean(Bool)
}

/// One row of a result, read in place: each cell by its column, nil for NULL.
protocol DatabaseRow {
    var count: Int { get }
    func isNull(_ column: Int) -> Bool
    func text(_ column: Int) -> String?
    func integer(_ column: Int) -> Int64?
    func real(_ column: Int) -> Double?
    func boolean(_ column: Int) -> Bool?
}

/// A statement compiled once and run many times, its parameters bound anew each time.
protocol DatabasePrepared: AnyObject {
    func run(_ parameters: [DatabaseParameter]) throws(Diagnostic)
    /// Sends the rows held back, if the engine batches them (PostgreSQL does, SQLite does not).
    func flush() throws(Diagnostic)
}

/// What a `FactDatabase` asks of its engine beyond SQL: the schema, and how to tell another
/// process's write.
protocol FactStore: DatabaseConnection {
    /// Checks that the database is in the schema of `.dump sql`, creating the schema in an empty
    /// one. Throws, the database untouched, for one in another schema or of a newer version.
    func prepareSchema() throws(Diagnostic)
    /// A number that moves when another process commits a write.
    func changeMark() throws(Diagnostic) -> Int64
    /// Begins a consistent read of every table (nothing for SQLite, where each statement reads
    /// the database as it is).
    func beginReading() throws(Diagnostic)
    func endReading()
    /// Begins the write transaction, holding the lock that keeps other writers out; the change
    /// mark as of now.
    func beginReplacing() throws(Diagnostic) -> Int64
    /// Marks the open write as FactQL's; the change mark it leaves, or nil when it is read only
    /// after the commit.
    func stampWrite() throws(Diagnostic) -> Int64?
}

extension FactStore {
    func readFactBase(shouldStop: @escaping () -> Bool) throws(Diagnostic) -> FactBase {
        try DatabaseReader(connection: self, shouldStop: shouldStop).read()
    }

    func replaceRows(with base: FactBase, shouldStop: @escaping () -> Bool) throws(Diagnostic) {
        try DatabaseWriter(connection: self, shouldStop: shouldStop).replaceRows(with: base)
    }
}
