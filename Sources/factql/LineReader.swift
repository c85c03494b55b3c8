import CLibedit
import CLineEdit
import FactQL
import Glibc

/// What one call of `LineReader.readLine(prompt:)` produced.
enum LineInput: Equatable {
    /// A line as typed, without its trailing newline. A statement recalled from history may
    /// contain newlines.
    case line(String)
    /// Ctrl-C while typing: the partial line was discarded and `^C` printed.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfInput
}

/// An interactive line editor over libedit: emacs key bindings, history kept in a file,
/// Tab completion through `completer`, Ctrl-C that discards the line instead of killing the
/// process.
///
/// A class because it owns the C editline and history handles: they are freed, and the
/// terminal restored, in `deinit`, and libedit's completion callback finds this object again
/// through a pointer to it (EL_CLIENTDATA).
final class LineReader {
    private let editor: OpaquePointer  // EditLine *
    private let history: OpaquePointer  // History *
    private let historyFile: String?
    private let historyLimit: Int
    /// False once loading found a file we cannot read: we do not overwrite what we could not
    /// read.
    private var historyFileWritable = true
    private var reportedSaveFailure = false
    /// The line and cursor after the last Tab, to recognise a second consecutive Tab.
    private var lastCompletion: (line: [UInt8], cursor: Int)?
    /// The entries added since the history file was last written: what this session merges
    /// into the file, whatever other sessions wrote there meanwhile.
    private var unsavedEntries: [String] = []
    /// More candidates than this, and Tab asks before listing them, as readline does.
    static let listingQueryLimit = 40

    /// The completion callback: gets the text before the cursor; returns the byte offset (into
    /// that text) where the word being completed starts, and the candidates (full words) for it.
    /// Candidates that contain spaces are expected to come already quoted.
    var completer: ((_ textBeforeCursor: String) -> (wordStart: Int, candidates: [String]))?
    /// How a candidate is shown when Tab lists several: escaped, so a name or file name holding
    /// control characters or bidi overrides cannot act on the terminal.
    var displayCandidate: (String) -> String = { $0 }

    /// nil when stdin or stdout is not a terminal (callers then read lines plainly: libedit
    /// would still work there, but with one read(2) per byte).
    ///
    /// - Parameters:
    ///   - programName: the name `~/.editrc` lines may be prefixed with (`factql:bind ...`).
    ///   - historyFile: where history is loaded from now and saved to by `saveHistory()`;
    ///     nil keeps history in memory only.
    ///   - historyLimit: the most entries kept; older ones are dropped. 0 keeps none.
    init?(programName: String, historyFile: String?, historyLimit: Int = 1000) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        LineReader.useCharacterLocale()
        let limit = max(historyLimit, 0)
        guard let history = cle_history_init(Int32(clamping: max(limit, 1)), 1) else {
            return nil
        }
        guard let editor = cle_init(programName) else {
            cle_history_end(history)
            return nil
        }
        self.editor = editor
        self.history = history
        self.historyFile = historyFile
        self.historyLimit = limit

        cle_set_editor(editor, "emacs")
        // libedit's own handlers (EL_SIGNAL) re-raise SIGINT with kill(0, SIGINT), that is to
        // the whole process group; ours only sets a flag (see installInterruptHandler).
        cle_set_signal_handling(editor, 0)
        cle_use_interruptible_reader(editor)
        cle_set_history(editor, history)
        cle_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
        cle_add_function(editor, "complete", "Complete the word before the cursor") {
            editor, _ in
            LineReader.completeCallback(editor)
        }
        cle_bind(editor, "^I", "complete")
        cle_bind(editor, "^L", "ed-clear-screen")
        // As in bash: Ctrl-R searches the history backwards as you type (libedit's default is
        // to redraw the line).
        cle_bind(editor, "^R", "em-inc-search-prev")
        cle_source_editrc(editor)  // last, so that ~/.editrc can override the bindings above
        loadHistory()
    }

    deinit {
        cle_end(editor)  // el_end puts the terminal back as it found it
        cle_history_end(history)
    }

    // MARK: Reading

    /// Shows `prompt` and reads one line with editing. Ctrl-C (when `installInterruptHandler()`
    /// was called) discards the line and returns `.interrupted`; Ctrl-D on an empty line returns
    /// `.endOfInput`.
    func readLine(prompt: String) -> LineInput {
        cle_set_prompt(editor, prompt)
        lastCompletion = nil
        LineReader.clearInterrupt()  // a Ctrl-C pressed while busy is not meant for this line
        cle_catch_terminal_signals(1)  // Ctrl-Z + fg and window resizes redraw the line
        defer { cle_catch_terminal_signals(0) }
        while true {
            var count: Int32 = 0
            // Raw mode before the prompt shows (el_gets sets it only at the first key), or keys
            // typed right after the prompt appears are echoed twice.
            cle_prepare_terminal(editor, 1)
            if let text = el_gets(editor, &count), count > 0 {
                var bytes = LineReader.bytes(text, count: Int(count))
                if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
                return .line(String(decoding: bytes, as: UTF8.self))
            }
            let error = errno
            if LineReader.interruptRequested() {
                LineReader.clearInterrupt()
                el_reset(editor)  // drop the half-typed line and any pending key sequence
                LineReader.writeOutput("^C\n")
                return .interrupted
            }
            if count < 0 && error == EINTR { continue }  // another signal: read again
            LineReader.writeOutput("\n")  // the shell's prompt starts on a line of its own
            return .endOfInput
        }
    }

    // MARK: Ctrl-C

    /// Installs a SIGINT handler (sigaction without SA_RESTART) that only sets a flag. Call it
    /// once: afterwards Ctrl-C interrupts `readLine` and long-running work can poll
    /// `interruptRequested()`; it no longer kills the process.
    static func installInterruptHandler() {
        if cle_install_interrupt_handler() != 0 {
            warn("cannot install the Ctrl-C handler: \(errorText(errno))")
        }
    }

    /// True once Ctrl-C was pressed since the last `clearInterrupt()`.
    static func interruptRequested() -> Bool {
        cle_interrupt_requested() != 0
    }

    static func clearInterrupt() {
        cle_clear_interrupt()
    }

    // MARK: History

    /// Adds one entry; a multi-line statement is ONE entry (keeps its newlines) and Up recalls
    /// it whole. The blanks at the end of each line (the space completion adds after a word)
    /// are not kept. An entry equal to the newest one, or only blanks, is not stored. A
    /// PostgreSQL URL is kept without its password (`.open postgresql://user:secret@host/db`
    /// is stored as `.open postgresql://user@host/db`).
    func addHistory(_ entry: String) {
        let trimmed = LineReader.trimmingTrailingBlanks(DatabaseURL.redactingPasswords(in: entry))
        guard historyLimit > 0, trimmed.contains(where: { !$0.isWhitespace }) else { return }
        unsavedEntries.append(trimmed)
        cle_history_enter(history, trimmed)
    }

    /// Each line without the spaces and tabs it ends with; a trailing empty line goes too.
    static func trimmingTrailingBlanks(_ entry: String) -> String {
        var lines = entry.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
        while lines.count > 1 && lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The entries, oldest first.
    func historyEntries() -> [String] {
        guard historyLimit > 0 else { return [] }
        var entries: [String] = []
        // libedit's "last" is the oldest entry, and "prev" walks toward the newest.
        var entry = cle_history_last(history)
        while let text = entry {
            entries.append(String(cString: text))
            entry = cle_history_prev(history)
        }
        return entries
    }

    /// Merges this session's new entries into the history file: the file is read as it is now
    /// (other sessions may have added to it), the new entries go after its own, the oldest
    /// beyond the limit are dropped, and the result is written atomically: a temporary file in
    /// the same directory, then rename(2) over the old one. Sessions that save at the same time
    /// take turns (flock on the directory), so each keeps the other's entries. Mode 0600;
    /// missing directories are created (mode 0700). A failure is reported once on stderr.
    func saveHistory() {
        guard let path = historyFile, historyFileWritable, historyLimit > 0, !unsavedEntries.isEmpty else { return }
        // Write through a symlink (e.g. into a dotfiles repository) instead of replacing it.
        let target = LineReader.resolvedPath(path)
        let directory = LineReader.directoryPart(of: target)
        if let failure = LineReader.makeDirectories(directory) {
            reportSaveFailure("cannot create directory \(directory): \(failure)")
            return
        }
        let lock = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if lock >= 0 {
            while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer { if lock >= 0 { close(lock) } }  // closing releases the lock
        guard let merged = cle_history_init(Int32(clamping: historyLimit), 1) else {
            reportSaveFailure("cannot write history to \(target): out of memory")
            return
        }
        defer { cle_history_end(merged) }
        var info = stat()
        if stat(target, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_size > 0
            && cle_history_load(merged, target) < 0
        {
            refuseHistoryFile("history file \(target) is no longer a libedit history file (no _HiStOrY_V2_ line)")
            return
        }
        for entry in unsavedEntries { cle_history_enter(merged, entry) }
        if write(merged, replacing: target, in: directory) { unsavedEntries.removeAll() }
    }

    /// Writes `list` to a temporary file beside `target`, then renames it over `target`.
    private func write(_ list: OpaquePointer, replacing target: String, in directory: String) -> Bool {
        let templateText =
            (directory == "/" ? "" : directory) + "/.\(LineReader.baseName(of: target)).XXXXXX"
        var template = Array(templateText.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1  // creates the file with mode 0600
        }
        guard fd >= 0 else {
            reportSaveFailure(
                "cannot write history to \(directory): \(LineReader.errorText(errno))")
            return false
        }
        let temporary = String(
            decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if cle_history_save_fd(list, fd) < 0 {  // closes fd
            let error = errno
            unlink(temporary)
            reportSaveFailure(
                "cannot write history to \(temporary): \(LineReader.errorText(error))")
            return false
        }
        if rename(temporary, target) != 0 {
            let error = errno
            unlink(temporary)
            reportSaveFailure("cannot replace \(target): \(LineReader.errorText(error))")
            return false
        }
        return true
    }

    /// $FACTQL_HISTORY, else $XDG_STATE_HOME/factql/history, else
    /// $HOME/.local/state/factql/history; nil when none of them is set.
    static func defaultHistoryPath(environment: [String: String]) -> String? {
        if let path = environment["FACTQL_HISTORY"], !path.isEmpty {
            return path
        }
        // The XDG spec says to ignore a relative $XDG_STATE_HOME.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/factql/history"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.local/state/factql/history"
        }
        return nil
    }

    private func loadHistory() {
        guard let path = historyFile, historyLimit > 0 else { return }
        var info = stat()
        if stat(path, &info) != 0 {
            let error = errno
            if error == ENOENT { return }  // no history yet
            refuseHistoryFile("cannot read history file \(path): \(LineReader.errorText(error))")
            return
        }
        if info.st_mode & S_IFMT != S_IFREG {
            refuseHistoryFile("history file \(path) is not a regular file")
            return
        }
        if info.st_size == 0 { return }
        if access(path, R_OK) != 0 {
            refuseHistoryFile("cannot read history file \(path): \(LineReader.errorText(errno))")
            return
        }
        if cle_history_load(history, path) < 0 {
            cle_history_clear(history)
            refuseHistoryFile(
                "history file \(path) is not a libedit history file (no _HiStOrY_V2_ line)")
        }
    }

    /// Reports a history file we cannot read, once, and leaves it alone from then on.
    private func refuseHistoryFile(_ message: String) {
        historyFileWritable = false
        LineReader.warn(
            "\(message); history will not be saved (move the file away to start a new one)")
    }

    private func reportSaveFailure(_ message: String) {
        guard !reportedSaveFailure else { return }
        reportedSaveFailure = true
        LineReader.warn(message)
    }

    // MARK: Completion

    /// libedit calls this (through the function bound to Tab) in the middle of `el_gets`.
    private static func completeCallback(_ editor: OpaquePointer?) -> UInt8 {
        guard let editor, let client = cle_client_data(editor) else {
            return UInt8(CC_ERROR)
        }
        let reader = Unmanaged<LineReader>.fromOpaque(client).takeUnretainedValue()
        return UInt8(reader.complete())
    }

    /// One candidate: replace the word with it (plus a space). Several: extend the word to their
    /// longest common prefix; when that adds nothing, a second consecutive Tab lists them.
    private func complete() -> Int32 {
        guard let completer, let current = currentLine() else { return CC_ERROR }
        let (line, cursor) = current
        let before = Array(line[..<cursor])
        let (wordStart, found) = completer(String(decoding: before, as: UTF8.self))
        let word = String(decoding: before[min(max(wordStart, 0), before.count)...], as: UTF8.self)
        let candidates = LineReader.sortedUnique(found)
        let isSecondTab = lastCompletion.map { $0.line == line && $0.cursor == cursor } ?? false
        lastCompletion = (line, cursor)

        guard let first = candidates.first else { return CC_REFRESH_BEEP }
        if candidates.count == 1 {
            let after = line[cursor...].first
            let needsSpace = !first.hasSuffix("/") && after != UInt8(ascii: " ")
            replace(word, with: needsSpace ? first + " " : first)
            lastCompletion = nil
            return CC_REFRESH
        }
        let common = LineReader.commonPrefix(candidates)
        if LineReader.unquoted(common).count > LineReader.unquoted(word).count {
            replace(word, with: common)
            lastCompletion = currentLine().map { (line: $0.line, cursor: $0.cursor) }
            return CC_REFRESH
        }
        guard isSecondTab else { return CC_REFRESH_BEEP }
        if candidates.count > LineReader.listingQueryLimit {
            LineReader.writeOutput("\r\nDisplay all \(candidates.count) possibilities? (y or n)")
            guard confirmListing() else {
                LineReader.writeOutput("\r\n")
                return CC_REDISPLAY
            }
        }
        let width = Int(cle_terminal_width(STDOUT_FILENO, 80))
        LineReader.writeOutput("\r\n" + LineReader.columns(candidates.map(displayCandidate), width: width))
        return CC_REDISPLAY
    }

    /// Reads the answer to "Display all N possibilities?" as readline does: y, Y or space list
    /// them; n, N, Delete, Backspace, Escape, Ctrl-G or Ctrl-C do not; other keys ring the bell.
    private func confirmListing() -> Bool {
        while true {
            var key: CChar = 0
            guard el_getc(editor, &key) == 1 else { return false }  // end of input or Ctrl-C
            switch UInt8(bitPattern: key) {
            case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: " "): return true
            case UInt8(ascii: "n"), UInt8(ascii: "N"), 0x7F, 0x08, 0x1B, 0x07, 0x03: return false
            default: LineReader.writeOutput("\u{7}")
            }
        }
    }

    /// The edit buffer as UTF-8 and the cursor's byte offset in it.
    private func currentLine() -> (line: [UInt8], cursor: Int)? {
        guard let info = el_line(editor)?.pointee, let start = info.buffer,
            let cursor = info.cursor, let end = info.lastchar
        else { return nil }
        let line = LineReader.bytes(start, count: end - start)
        return (line, min(max(cursor - start, 0), line.count))
    }

    /// Replaces `word` (just before the cursor) by `text`, touching only what differs.
    private func replace(_ word: String, with text: String) {
        if text.utf8.starts(with: word.utf8) {
            let rest = String(decoding: text.utf8.dropFirst(word.utf8.count), as: UTF8.self)
            el_insertstr(editor, rest)
        } else {
            // libedit counts characters (wchar_t, one per Unicode scalar), not bytes.
            el_deletestr(editor, Int32(clamping: word.unicodeScalars.count))
            el_insertstr(editor, text)
        }
    }

    /// Sorted ignoring case and quotes, so `"Nikol Pashinyan"` lists among the N's.
    private static func sortedUnique(_ words: [String]) -> [String] {
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }.sorted {
            let (left, right) = (unquoted($0).lowercased(), unquoted($1).lowercased())
            return left != right ? left < right : $0 < $1
        }
    }

    /// The longest prefix all words share, ignoring case and the quotes of quoted names, in the
    /// first word's spelling; it opens a quote when any word has one (`Ru` gives `"Russia` for
    /// `Russia` and `"Russian government"`, as a shell does for file names with spaces).
    private static func commonPrefix(_ words: [String]) -> String {
        guard let first = words.first else { return "" }
        var prefix = Array(unquoted(first))
        for word in words.dropFirst() {
            let length = zip(prefix, unquoted(word)).prefix(while: { $0.lowercased() == $1.lowercased() }).count
            prefix.removeSubrange(length...)
        }
        let quoted = words.contains { $0.hasPrefix("\"") }
        return (quoted ? "\"" : "") + String(prefix)
    }

    /// A name without the quotes around it, or without the opening quote typed so far.
    private static func unquoted(_ word: String) -> Substring {
        var text = Substring(word)
        if text.hasPrefix("\"") { text = text.dropFirst() }
        if text.hasSuffix("\"") { text = text.dropLast() }
        return text
    }

    /// The words in columns, sorted down each column (like ls), each row ending in "\r\n"
    /// (the terminal is in libedit's raw mode while a key is handled).
    private static func columns(_ words: [String], width: Int) -> String {
        let cellWidth = (words.map(\.count).max() ?? 0) + 2
        let columnCount = max(1, min(words.count, (width + 2) / cellWidth))
        let rowCount = (words.count + columnCount - 1) / columnCount
        var output = ""
        for row in 0..<rowCount {
            var line = ""
            for column in 0..<columnCount {
                let index = column * rowCount + row
                guard index < words.count else { break }
                let word = words[index]
                let isLast = column == columnCount - 1 || index + rowCount >= words.count
                line += isLast ? word : word + String(repeating: " ", count: cellWidth - word.count)
            }
            output += line + "\r\n"
        }
        return output
    }

    // MARK: Helpers

    /// libedit drops non-ASCII keystrokes unless LC_CTYPE is a UTF-8 locale when el_init runs.
    private static func useCharacterLocale() {
        let name = setlocale(LC_CTYPE, "").map { String(cString: $0) }
        if name == nil || name == "C" || name == "POSIX" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    private static func bytes(_ start: UnsafePointer<CChar>, count: Int) -> [UInt8] {
        start.withMemoryRebound(to: UInt8.self, capacity: count) { pointer in
            Array(UnsafeBufferPointer(start: pointer, count: count))
        }
    }

    private static func writeOutput(_ text: String) {
        fflush(nil)  // anything print() left in the stdout buffer goes first
        write(toDescriptor: STDOUT_FILENO, text)
    }

    private static func warn(_ message: String) {
        fflush(nil)
        write(toDescriptor: STDERR_FILENO, "warning: \(message)\n")
    }

    private static func write(toDescriptor fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    private static func errorText(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }

    private static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func directoryPart(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == path.utf8.startIndex { return "/" }
        return String(path[..<slash])
    }

    private static func baseName(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// mkdir -p; nil on success, else the reason.
    private static func makeDirectories(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                return errorText(errno)
            }
            prefix += "/"
        }
        var info = stat()
        if stat(path, &info) != 0 { return errorText(errno) }
        if info.st_mode & S_IFMT != S_IFDIR { return "not a directory" }
        return nil
    }
}
