import FactQL

#if canImport(Glibc)
    import Glibc
#endif

/// The interactive loop: prompt, read a statement (over several lines while it is incomplete),
/// run it, never exit on an error. Ctrl-C clears the line or interrupts the running query;
/// Ctrl-D on an empty line leaves, and on a continuation line cancels the statement.
struct REPL {
    let host: Host
    let reader: LineReader

    static let prompt = "factql> "
    static let continuationPrompt = "   ...> "

    /// What the loop shares with the callbacks (completion, the interrupt check): a class, as
    /// they read what the loop writes.
    private final class LoopState {
        /// The lines of the statement typed so far, while it goes on over several lines.
        var pending = ""
        /// Whether the running statement already answered a Ctrl-C.
        var reportedInterrupt = false
    }
    private let state = LoopState()

    init?(host: Host) {
        let environment = Self.environment()
        guard let reader = LineReader(programName: "factql", historyFile: LineReader.defaultHistoryPath(environment: environment))
        else { return nil }
        self.host = host
        self.reader = reader
        LineReader.installInterruptHandler()
        let state = self.state
        host.session.shouldStop = {
            guard LineReader.interruptRequested() else { return false }
            // The terminal echoed ^C where the cursor was: the error goes on a line of its own.
            if !state.reportedInterrupt { Terminal.write("\n", to: 1) }
            state.reportedInterrupt = true
            return true
        }
        host.historyProvider = { [reader] in reader.historyEntries() }
        host.session.interactive = true
        reader.displayCandidate = TerminalText.escape
        let session = host.session
        reader.completer = { textBeforeCursor in
            // On a continuation line the earlier lines decide what may come next.
            let earlier = state.pending.isEmpty ? "" : state.pending + "\n"
            let completion = Completer(factBase: session.factBase, listFiles: Files.completions(for:))
                .complete(earlier + textBeforeCursor)
            return (max(completion.wordStart - earlier.utf8.count, 0), completion.candidates)
        }
    }

    mutating func run(version: String) -> Int32 {
        let base = host.session.factBase
        // What is typed from here on is interactive (the start-up file and `-i` files ran before).
        host.session.announcesLoads = true
        Terminal.write(
            "factql \(version): \(base.entityCount) entities, \(base.factCount) facts, \(base.sources.count) sources. Type .help for help, Ctrl-D to leave.\n",
            to: 1)
        host.session.startKeeping()
        while !host.quitRequested {
            switch reader.readLine(prompt: state.pending.isEmpty ? Self.prompt : Self.continuationPrompt) {
            case .endOfInput where !state.pending.isEmpty:
                // Only Ctrl-D on an empty first line leaves: an unfinished statement is cancelled, with a word.
                state.pending = ""
                Terminal.write("\n(the unfinished statement was cancelled; Ctrl-D on an empty line leaves)\n", to: 1)
            case .endOfInput:
                guard mayLeave(afterEndOfInput: true) else { continue }
                reader.saveHistory()
                return 0
            case .interrupted:
                state.pending = ""
            case .line(let line):
                state.pending += state.pending.isEmpty ? line : "\n" + line
                if Self.needsMoreInput(state.pending) { continue }
                let statement = state.pending
                state.pending = ""
                if statement.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) { continue }
                reader.addHistory(statement)
                // The flag is not cleared here: a Ctrl-C pressed just after Enter is meant for
                // this statement (readLine cleared any older one).
                state.reportedInterrupt = false
                // Lines are counted within the statement, as psql's `LINE 1:` is.
                host.run(SourceFile(name: nil, text: statement))
                if host.quitRequested && !mayLeave(afterEndOfInput: false) { host.resumeAfterQuit() }
                if LineReader.interruptRequested() { LineReader.clearInterrupt() }
                reader.saveHistory()
            }
        }
        reader.saveHistory()
        return 0
    }

    /// A statement goes on while a bracket is open or the last line ends with a word such as
    /// `where`; meta-commands are always one line.
    static func needsMoreInput(_ text: String) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix(".") { return false }
        return Lexer(bytes: Array(text.utf8)).isIncomplete
    }

    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        for name in ["FACTQL_HISTORY", "XDG_STATE_HOME", "HOME"] {
            if let value = Terminal.environment(name) { result[name] = value }
        }
        return result
    }
}

/// File-name completion for `.load`.
enum Files {
    static func completions(for typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let directory = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        guard let handle = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != "..", name.hasPrefix(prefix), !name.hasPrefix(".") || prefix.hasPrefix(".") else { continue }
            var information = stat()
            let path = directory + name
            let isDirectory = stat(path, &information) == 0 && (information.st_mode & S_IFMT) == S_IFDIR
            names.append(path + (isDirectory ? "/" : ""))
        }
        return names
    }
}
