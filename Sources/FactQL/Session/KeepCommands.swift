/// Keeping work: `.open FILE` makes a fact file the session's fact base, `.save [FILE]` writes the
/// fact base back in the fact-file form (`FactFileWriter`). The library makes the text and says
/// what to write; the host reads and writes the files (`FileKeeping`), as it does for `.load`.
extension MetaCommand {
    static let keepCommands: [MetaCommand] = [
        MetaCommand(
            name: "open", arguments: "FILE",
            summary: "make FILE the fact base: a fact file (.save creates a new one), an SQLite database (FILE.db is created) or postgresql://..."
        ) { session, call, emit throws(Diagnostic) in
            guard !call.arguments.isEmpty else { throw call.error(".open needs a file name, as in .open kb.facts") }
            try session.open(unquoted(call.arguments), call: call, emit: emit)
        },
        MetaCommand(
            name: "save", arguments: "[FILE]",
            summary: "write the fact base to FILE as a fact file (without FILE, to the file .open named)"
        ) { session, call, emit throws(Diagnostic) in
            let path: String
            if call.arguments.isEmpty {
                if let database = session.databasePath {
                    throw call.error(
                        ".save needs a file name: the database '\(database)' keeps every change as it is made",
                        notes: [".save FILE writes the fact base to FILE as a fact file"])
                }
                guard let opened = session.keeping.openedPath else {
                    throw call.error(
                        ".save needs a file name: no file was opened with .open",
                        notes: ["write .save kb.facts; .open kb.facts makes .save alone write there"])
                }
                path = opened
            } else {
                path = unquoted(call.arguments)
            }
            do throws(Diagnostic) {
                try session.keeping.writeFile(path, FactFileWriter.bytes(of: session.factBase))
            } catch {
                throw call.error(error.message, notes: error.notes)
            }
            session.keeping.savedRevision = session.factBase.revision
        },
    ]
}

/// What `.open` and `.save` remember, and the file access the host gives them.
public struct FileKeeping {
    /// Writes a whole file, replacing it at once (the host writes a temporary file in the same
    /// folder and renames it, keeping an existing file's mode). Throws a diagnostic saying why not.
    public var writeFile: (String, [UInt8]) throws(Diagnostic) -> Void = { path, _ throws(Diagnostic) in
        throw Diagnostic(message: "cannot write '\(path)': no file access in this session")
    }
    /// Up to the first `count` bytes of a file, or nil when there is no file at the path (so that
    /// `.open` can tell a new file from one it cannot read, and recognise an SQLite database).
    public var readFileStart: (String, Int) throws(Diagnostic) -> [UInt8]? = { path, _ throws(Diagnostic) in
        throw Diagnostic(message: "cannot read '\(path)': no file access in this session")
    }
    /// The file `.open` named: where `.save` without an argument writes.
    public internal(set) var openedPath: String?
    /// The fact base's revision when it was last saved or opened.
    var savedRevision = 0
    /// Set for an interactive session: `.open` then asks once before discarding unsaved changes.
    public internal(set) var asksBeforeDiscarding = false
    /// The revisions at which leaving and `.open` last warned of unsaved changes: asked once, the
    /// same again goes ahead.
    var warnedLeavingAt: Int?
    var warnedOpeningAt: Int?

    public init() {}
}

extension Session {
    /// True when the fact base changed since it was last saved or opened (or since the REPL
    /// started, see `startKeeping()`).
    public var hasUnsavedChanges: Bool { factBase.revision != keeping.savedRevision }

    /// Called by the REPL at its first prompt: what is loaded by then (the built-in base, `--facts`
    /// files, start-up files) is in files already, so it counts as saved; and from then on `.open`
    /// asks once before it discards changes. Scripts never ask, as in sqlite3.
    public func startKeeping() {
        keeping.savedRevision = factBase.revision
        keeping.asksBeforeDiscarding = true
    }

    /// Before the REPL leaves: a warning that there are unsaved changes, given once for the same
    /// fact base; nil when it may leave (nothing unsaved, or warned already).
    public func unsavedChangesWarning() -> Diagnostic? {
        guard hasUnsavedChanges, keeping.warnedLeavingAt != factBase.revision else { return nil }
        keeping.warnedLeavingAt = factBase.revision
        let keep =
            keeping.openedPath.map { ".save writes them to \($0) (.save FILE, to another file)" }
            ?? ".save FILE writes them to a fact file"
        return Diagnostic(
            .warning, message: "the fact base has unsaved changes",
            notes: [keep, "Ctrl-D or .quit again leaves without saving"])
    }

    /// The REPL stays after all (`unsavedChangesWarning` asked): the next input runs.
    public func resumeAfterQuit() {
        quitRequested = false
    }

    /// `.open PATH`: the file's fact base replaces the session's; a missing file gives an empty
    /// one. A `postgresql://` URL, an SQLite file, or a new file named `.db` opens a database
    /// instead (`openDatabase`). Nothing changes when the file cannot be read or loaded.
    func open(_ path: String, call: MetaCommandCall, emit: (Event) -> Void) throws(Diagnostic) {
        guard loadDepth < Session.loadDepthLimit else {
            throw call.error(".open nests too deep (at most \(Session.loadDepthLimit) files): does a file open itself?")
        }
        let isPostgres = DatabaseURL.isPostgres(path)
        if keeping.asksBeforeDiscarding && hasUnsavedChanges && keeping.warnedOpeningAt != factBase.revision {
            keeping.warnedOpeningAt = factBase.revision
            let message = "the fact base has unsaved changes: .open would discard them"
            let notes = [
                (keeping.openedPath.map { ".save writes them to \($0)" } ?? ".save FILE writes them to a fact file")
                    + "; .open \(DatabaseURL.redacted(path)) again opens it without saving"
            ]
            // A PostgreSQL URL's line is not shown: it may hold the password.
            throw isPostgres ? Diagnostic(message: message, notes: notes) : call.error(message, notes: notes)
        }
        if isPostgres {
            do throws(Diagnostic) {
                try openDatabase(path)
            } catch {
                throw Diagnostic(message: error.message, notes: error.notes + ["the fact base is as it was"])
            }
            return
        }
        let start: [UInt8]?
        let bytes: [UInt8]
        do throws(Diagnostic) {
            start = try keeping.readFileStart(path, SQLiteConnection.header.count)
            bytes = start == nil || start == SQLiteConnection.header ? [] : try readFile(path)
        } catch {
            throw call.error(error.message, notes: error.notes)
        }
        if start == SQLiteConnection.header || (start == nil && Self.namesDatabase(path)) {
            do throws(Diagnostic) {
                try openDatabase(path)
            } catch {
                throw call.error(error.message, notes: error.notes + ["the fact base is as it was"])
            }
            return
        }
        do throws(Diagnostic) {
            try writePendingChanges()
        } catch {
            throw call.error(error.message, notes: error.notes)
        }
        let before = factBase
        let beforeDatabase = database
        database = nil
        factBase = FactBase()
        if start != nil {
            loadDepth += 1
            defer { loadDepth -= 1 }
            if !run(SourceFile(name: path, bytes: bytes), emit: emit) {
                factBase = before
                database = beforeDatabase
                throw call.error("'\(path)' was not opened: the fact base is as it was")
            }
        }
        keeping.openedPath = path
        keeping.savedRevision = factBase.revision
        keeping.warnedLeavingAt = nil
        keeping.warnedOpeningAt = nil
    }
}
