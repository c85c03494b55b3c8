/// Where results go: `.output FILE` and `.once FILE` (as in sqlite3's shell), and `.pager`. The
/// session decides what goes where and says so with `.sendOutput` requests, in order among its
/// results; the host opens the files and writes. Errors and warnings always go to standard error.

/// Where results are written.
public enum OutputDestination: Sendable, Equatable {
    case standardOutput
    /// A file the host opened for `openOutputFile`.
    case file(String)
}

/// `.pager`: page results taller than the terminal through `$PAGER` (auto), always (on), or never.
/// Only ever when results go to a terminal.
public enum PagerMode: String, Sendable, CaseIterable {
    case auto
    case on
    case off
}

/// A pending `.once`: its output ends after the next query, or meta-command that prints, run at
/// `depth` (a `.load` after `.once` sends all it prints to the file).
struct OnceOutput {
    var depth: Int
}

extension OutputFormat {
    /// `table|csv|json|line`
    static var usage: String { allCases.map(\.rawValue).joined(separator: "|") }
    /// `table, csv, json or line`
    static var spelledOut: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}

extension MetaCommand {
    static let outputCommands: [MetaCommand] = [
        MetaCommand(
            name: "output", arguments: "[FILE]", summary: "send results to FILE (replaced), or back to the screen without FILE"
        ) { session, call, emit throws(Diagnostic) in
            session.onceOutput = nil
            guard !call.arguments.isEmpty else {
                emit(.request(.sendOutput(to: .standardOutput)))
                return
            }
            let path = try outputFile(call, session: session)
            emit(.request(.sendOutput(to: .file(path))))
        },
        MetaCommand(name: "once", arguments: "FILE", summary: "send the next result only to FILE (replaced)") {
            session, call, emit throws(Diagnostic) in
            guard !call.arguments.isEmpty else { throw call.error(".once needs a file name") }
            let path = try outputFile(call, session: session)
            session.onceOutput = OnceOutput(depth: session.loadDepth)
            emit(.request(.sendOutput(to: .file(path))))
        },
        MetaCommand(
            name: "pager", arguments: "on|off|auto", summary: "page results taller than the terminal through $PAGER (auto: when taller)"
        ) { session, call, emit throws(Diagnostic) in
            guard !call.arguments.isEmpty else {
                emit(.result(.text("pager: \(session.pager.rawValue)")))
                return
            }
            guard let mode = PagerMode(rawValue: call.arguments.lowercased()) else {
                throw call.error(
                    "expected on, off or auto, found '\(call.arguments)'",
                    suggestions: Suggestions.nearest(to: call.arguments, among: PagerMode.allCases.map(\.rawValue)))
            }
            session.pager = mode
        },
    ]

    /// Opens the file a call names, its errors pointing at the name.
    private static func outputFile(_ call: MetaCommandCall, session: Session) throws(Diagnostic) -> String {
        let path = unquoted(call.arguments)
        do throws(Diagnostic) {
            try session.openOutputFile(path)
        } catch {
            throw call.error(error.message, notes: error.notes)
        }
        return path
    }
}

extension Session {
    /// Runs a meta-command; if it printed anything, a pending `.once` ends with it (`.mode` and
    /// the other settings print nothing, so `.once f.csv` then `.mode csv` still sends the next
    /// query's answer to the file).
    func runMetaCommandEndingOnce(source: SourceFile, range: Range<Int>, emit: (Event) -> Void) -> Bool {
        var printed = false
        let succeeded = runMetaCommand(source: source, range: range) { event in
            if case .result(let result) = event, result.prints { printed = true }
            emit(event)
        }
        finishedOutput(printed: printed, emit: emit)
        return succeeded
    }

    /// Called after each query and meta-command: the first one that printed after `.once` (at
    /// its depth, or a `.load` that ran it) ends the once-only output, and results go back to
    /// standard output.
    func finishedOutput(printed: Bool, emit: (Event) -> Void) {
        guard printed, let once = onceOutput, loadDepth <= once.depth else { return }
        onceOutput = nil
        emit(.request(.sendOutput(to: .standardOutput)))
    }
}

extension StatementResult {
    /// Whether the result shows anything (a definition, or empty text, does not).
    var prints: Bool {
        switch self {
        case .defined: return false
        case .text(let text): return !text.isEmpty
        default: return true
        }
    }
}
