/// The session over a database (`--database FILE`, `.open FILE.db`, `.open postgresql://...`):
/// the fact base is read from the database when it opens, and what each top-level input changes
/// is written back when the input ends, in one transaction (`FactDatabase`). An input that fails is undone in memory as always,
/// so nothing of it is written.
extension Session {
    /// The database the session keeps its fact base in, if any: a file's path, or a PostgreSQL
    /// URL without its password.
    public var databasePath: String? { database?.path }

    /// File names that `.open` takes for a new database when no file is there yet.
    static let databaseExtensions = [".db", ".sqlite", ".sqlite3", ".db3"]

    static func namesDatabase(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return databaseExtensions.contains { lowered.hasSuffix($0) }
    }

    /// Opens (or creates) the database at `path` (an SQLite file, or a `postgresql://` URL) and
    /// makes what it holds the fact base. On an error the session is as it was.
    public func openDatabase(_ path: String) throws(Diagnostic) {
        let opened = try FactDatabase.open(path: path, busyTimeout: databaseBusyTimeout)
        try writePendingChanges()
        let base = try opened.read(shouldStop: shouldStop)
        database = opened
        factBase = base
        keeping.openedPath = nil
        keeping.savedRevision = base.revision
        keeping.warnedLeavingAt = nil
        keeping.warnedOpeningAt = nil
    }

    /// Runs one input; at the outermost level, reads the file again first when another process
    /// wrote to it, and writes the fact base back when the input changed it.
    func keepingDatabase(emit: (Event) -> Void, _ body: () -> Bool) -> Bool {
        inputDepth += 1
        defer { inputDepth -= 1 }
        guard inputDepth == 1, let opened = database else { return body() }
        do throws(Diagnostic) {
            if try opened.changedElsewhere() { try reread(opened) }
        } catch {
            emit(.diagnostic(error))
            return false
        }
        let before = factBase
        let succeeded = body()
        // The input may have opened another database, or a fact file instead.
        guard let current = database, factBase.revision != current.writtenRevision else { return succeeded }
        do throws(Diagnostic) {
            try current.write(factBase, shouldStop: shouldStop)
            keeping.savedRevision = factBase.revision
            return succeeded
        } catch {
            emit(.diagnostic(error))
            // What the file holds is the fact base: read it again (or go back, if even that fails).
            do throws(Diagnostic) {
                try reread(current)
            } catch {
                factBase = before
            }
            return false
        }
    }

    /// Writes what the current input changed so far, before `.open` leaves the database.
    func writePendingChanges() throws(Diagnostic) {
        guard let database, factBase.revision != database.writtenRevision else { return }
        try database.write(factBase, shouldStop: shouldStop)
        keeping.savedRevision = factBase.revision
    }

    private func reread(_ opened: FactDatabase) throws(Diagnostic) {
        factBase = try opened.read(shouldStop: shouldStop)
        keeping.savedRevision = factBase.revision
    }
}

extension HelpTopic {
    /// `.help databases`: keeping the fact base in an SQLite file.
    static let databases = HelpTopic(
        name: "databases", summary: "--database FILE, .open FILE.db: the fact base kept in an SQLite file",
        text: """
            factql --database kb.db           the fact base is what kb.db holds (a new file is empty)
            factql --database kb.db --facts my.facts
                                              load my.facts into it
            .open kb.db                       the same from the REPL or a script (a new file
                                              named .db, .sqlite, .sqlite3 or .db3 is created)

            The file holds the tables of .dump sql. Each input (a line here, a -e, a script)
            runs as always; when it ends, what it changed is written to the file in one
            transaction, so an input that fails writes nothing and a killed factql leaves
            the file as it was. Several factql processes may share the file: each reads it
            again when another has written, and a write waits up to 5 s for another's lock.

            Queries and yes/no questions run on SQLite through the SQL that .sql shows, every
            text bound as a parameter; why, as of, .trace and answers that are values run on
            the copy in memory. .plan shows SQLite's own plan under FactQL's steps.

            A file in another schema, or written by a newer FactQL, is refused and not changed.
            """)
}
