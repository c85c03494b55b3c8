import Foundation
import Testing

// The built `factql` in a real terminal: a detached tmux session on a tmux server of its own
// (its socket in a temporary directory). Keys go in with `tmux send-keys`, the screen comes back
// with `capture-pane`. Every wait polls the screen until the expected text shows or 10 s pass;
// nothing sleeps for a fixed time. Type only once a prompt shows: keys sent while the program is
// between two prompts are echoed by the terminal driver and then once more by libedit.

/// One `factql` (or a shell to start it from) in a tmux pane. A class so that deinit ends the tmux
/// server (and with it the program) and removes the temporary directory, whatever the test did.
final class TerminalSession {
    /// The history file given to factql through $FACTQL_HISTORY (nil when the test unset it).
    let historyFile: String?
    /// A directory of this session's own; also factql's $HOME, so no ~/.editrc or history of
    /// the person running the tests gets in.
    let directory: TemporaryDirectory
    let name: String
    private var socket: String { directory.path + "/tmux-socket" }
    static let deadline: Double = 10
    static let width = 150
    static let height = 50

    /// How to start the pane's program.
    enum Program {
        /// `factql ARGUMENTS`, run with exec so that the pane's process is factql itself.
        case factql([String])
        /// `sh -c 'factql ARGUMENTS; echo EXIT=$?; sleep 600'`: the exit status shows on the screen.
        case factqlReportingExitStatus([String])
        /// An interactive sh with the prompt `shell$ ` (and factql's path in $FACTQL), for
        /// command lines typed by the test.
        case shell
    }

    /// - Parameters:
    ///   - name: the tmux session's name, and how failures name the test.
    ///   - historyFile: $FACTQL_HISTORY; by default a file in the session's directory. Pass
    ///     `.some(nil)` to leave the variable unset.
    ///   - environment: more variables (they win over the defaults: HOME, FACTQL_HISTORY).
    ///   - unset: variables removed from the environment (LANG, NO_COLOR, ...).
    ///   - width, height: the window's size in columns and rows.
    init(
        _ name: String, _ program: Program = .factql([]), historyFile: String?? = .none,
        environment: [String: String] = [:], unset: [String] = [], width: Int = TerminalSession.width,
        height: Int = TerminalSession.height
    ) throws {
        self.name = name
        directory = try TemporaryDirectory()
        let history: String? =
            switch historyFile {
            case .none: directory.path + "/history"
            case .some(let path): path
            }
        self.historyFile = history
        var variables = ["HOME": directory.path]
        if let history { variables["FACTQL_HISTORY"] = history }
        for (key, value) in environment { variables[key] = value }
        // XDG_STATE_HOME would otherwise decide where history goes when FACTQL_HISTORY is unset,
        // and XDG_CONFIG_HOME which start-up file the REPL runs.
        var removed = unset + ["XDG_STATE_HOME", "XDG_CONFIG_HOME", "EDITRC"]
        if history == nil { removed.append("FACTQL_HISTORY") }
        var words = ["env"] + removed.filter { variables[$0] == nil }.flatMap { ["-u", $0] }
        words += variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let environmentPrefix = words.map(Shell.quote).joined(separator: " ")
        let binary = Shell.quote(BinaryRunner.binary.path)
        let command: String
        switch program {
        case .factql(let arguments):
            command = "exec \(environmentPrefix) \(([binary] + arguments.map(Shell.quote)).joined(separator: " "))"
        case .factqlReportingExitStatus(let arguments):
            let factql = ([binary] + arguments.map(Shell.quote)).joined(separator: " ")
            command = "sh -c \(Shell.quote("\(environmentPrefix) \(factql); echo EXIT=$?; sleep 600"))"
        case .shell:
            command = "exec \(environmentPrefix) FACTQL=\(binary) PS1='shell$ ' sh -i"
        }
        let started = tmux([
            "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), command,
        ])
        try #require(started.status == 0, "\(name): tmux new-session failed: \(started.output)")
    }

    deinit {
        _ = tmux(["kill-server"])
    }

    /// Types text literally.
    func type(_ text: String) {
        _ = tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Presses keys by tmux name: Enter, Tab, C-c, C-d, C-l, Up, Left, BSpace, ...
    func press(_ keys: String...) {
        _ = tmux(["send-keys", "-t", name] + keys)
    }

    /// The visible screen; with `escapes`, including the escape sequences of colours and
    /// attributes.
    func capture(escapes: Bool = false) -> Screen {
        // -J: a line longer than the pane comes back as one line.
        Screen(text: tmux(["capture-pane", "-p", "-J"] + (escapes ? ["-e"] : []) + ["-t", name]).output)
    }

    /// Polls the screen until `condition` holds; fails the test (showing the screen) after 10 s.
    func waitForScreen(
        _ what: String, escapes: Bool = false, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (Screen) -> Bool
    ) throws {
        try waitUntil(what, sourceLocation: sourceLocation, describing: { self.capture(escapes: escapes).text }) {
            condition(capture(escapes: escapes))
        }
    }

    /// Waits for the prompt (`factql>` alone on the last line).
    func waitForPrompt(_ what: String = "the prompt", sourceLocation: SourceLocation = #_sourceLocation) throws {
        try waitForScreen(what, sourceLocation: sourceLocation) { $0.lastLine == "factql>" }
    }

    /// Waits for an empty prompt line (`factql>` or the continuation prompt), types `statement`,
    /// waits to see it there, then presses Enter.
    func enter(_ statement: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try waitForScreen("a prompt for '\(statement)'", sourceLocation: sourceLocation) {
            $0.lastLine == "factql>" || $0.lastLine == "   ...>"
        }
        type(statement)
        try waitForScreen("'\(statement)' typed", sourceLocation: sourceLocation) {
            $0.lastLine.hasSuffix(statement)
        }
        press("Enter")
    }

    /// Polls `condition` every 20 ms; records an issue and throws after 10 s.
    func waitUntil(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
        describing: () -> String = { "" }, _ condition: () -> Bool
    ) throws {
        let start = Self.monotonicSeconds()
        while !condition() {
            if Self.monotonicSeconds() - start > Self.deadline {
                let message = "\(name): timed out waiting for \(what); the screen:\n\(describing())"
                Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
                throw TimedOut(what: what)
            }
            usleep(20_000)
        }
    }

    /// The pane's process id while it runs (factql itself when started with exec).
    func processID() -> Int32? {
        let result = tmux(["display-message", "-p", "-t", name, "#{pane_dead} #{pane_pid}"])
        let fields = result.output.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, fields[0] == "0", let pid = Int32(fields[1]) else { return nil }
        return pid
    }

    /// True while the pane's program still runs.
    func processIsAlive() -> Bool {
        guard let pid = processID() else { return false }
        return kill(pid, 0) == 0
    }

    /// The CPU time (user + system) the pane's process has used so far, from /proc.
    func cpuSeconds() -> Double? {
        guard let pid = processID(), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After "pid (name)": field 3 is the state; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private func tmux(_ arguments: [String]) -> (status: Int32, output: String) {
        Shell.run(["tmux", "-S", socket, "-f", "/dev/null"] + arguments)
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

struct TimedOut: Error {
    let what: String
}

/// What capture-pane showed.
struct Screen {
    let text: String

    /// The lines up to the last non-empty one, trailing blanks removed.
    var lines: [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The last non-empty line, without trailing blanks (so the prompt `factql> ` reads `factql>`).
    var lastLine: String { lines.last ?? "" }

    /// The lines after the last one that starts with `factql> ` followed by `statement`: what the
    /// statement printed (up to the next prompt, which is left out).
    func output(of statement: String) -> [String]? {
        guard let start = lines.lastIndex(of: "factql> " + statement) else { return nil }
        var result = Array(lines[(start + 1)...])
        if result.last?.hasPrefix("factql>") == true { result.removeLast() }
        return result
    }
}

/// A directory under /tmp, removed with everything in it when released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/factql-test.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
        }
        try #require(made, "mkdtemp failed")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }
}

enum Shell {
    /// Runs a program (found on $PATH) and waits for it; its status, and its stdout and stderr
    /// together.
    ///
    /// posix_spawn, not Foundation's Process or popen: the tmux server that the first tmux
    /// command forks keeps every descriptor it inherits until it ends, and a pipe of another test
    /// (or the one through which Process learns that its child ended) held there would stall
    /// that test. So the child gets /dev/null for input, the output pipe, and nothing else. It
    /// also starts with no signal blocked and default handlers: the test runner's threads may
    /// block signals, and factql, started by the tmux server, must get Ctrl-C and the hang-up
    /// of kill-server.
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return (-1, "pipe failed: \(errno)") }
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        // Not inherited by what other tests spawn meanwhile (pipe2 is not in Swift's Glibc).
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        let inherited = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in inherited.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)  // one closed meanwhile is skipped
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, arguments[0], &actions, &attributes, &cArguments, environ)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            return (-1, "cannot start \(arguments[0]): error \(spawned)")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count > 0 {
                output += buffer[0..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(readEnd)
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        return (exitStatus, String(decoding: output, as: UTF8.self))
    }

    static func quote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
