import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The stage commands through the built binary: with -e, in a piped script, and in the REPL in a
/// real terminal (tmux).
@Suite struct TeachingCommandLineTests {
    static let commands = [
        ".tokens members of CSTO where status = frozen", ".ast members of CSTO where status = frozen",
        ".plan members of CSTO where status = frozen", ".explain members of CSTO where status = frozen",
    ]

    @Test(arguments: commands)
    func everyStageCommandWorksWithExecute(_ command: String) throws {
        let outcome = try BinaryRunner.run(["-e", command])
        #expect(outcome.status == 0)
        #expect(outcome.standardError == "")
        #expect(!outcome.standardOutput.isEmpty)
        // The same command in a piped script prints the same.
        let piped = try BinaryRunner.run([], input: command + "\n")
        #expect(piped.standardOutput == outcome.standardOutput)
    }

    @Test func traceWorksWithExecute() throws {
        let outcome = try BinaryRunner.run(["-e", ".trace on", "-e", "count members of CSTO"])
        #expect(outcome.standardOutput.hasPrefix("trace: look-up  CSTO -> 1 row\ntrace: join     members of CSTO -> 6 rows\n"))
        #expect(outcome.standardOutput.hasSuffix("     6\n(1 row)\n"))
    }

    @Test func stageErrorsExitOneWithALocatedMessage() throws {
        let outcome = try BinaryRunner.run(["-e", ".explain leaders of Rusia"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("error: unknown entity or kind 'Rusia'\n --> 1:21\n"))
        #expect(outcome.standardError.contains("did you mean Russia?"))
    }

    @Test func stageCommandsWorkInTheREPL() throws {
        let terminal = try TerminalSession()
        defer { terminal.close() }
        try terminal.waitFor("factql>")
        try terminal.type(".tokens count countries")
        try terminal.waitFor("end of input")
        try terminal.type(".explain count countries")
        try terminal.waitFor("the number of distinct entities among the countries")
        try terminal.type(".trace on")
        try terminal.type("count countries")
        try terminal.waitFor("trace: look-up  countries -> 10 rows")
        let screen = try terminal.screen()
        #expect(screen.contains(" keyword      | count     | 1:9-1:14"))
        #expect(screen.contains("    10"))
    }
}

/// `factql` running in a detached tmux session on its own server socket, driven by keystrokes.
///
/// tmux is started with posix_spawn rather than Foundation's Process: the server a tmux client
/// forks would keep the descriptor through which Process learns that its child ended, and every
/// later launch would wait for it. Each child gets /dev/null for input and errors and no other
/// inherited descriptor.
final class TerminalSession {
    let socket = "factql-teaching-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        try tmux(["new-session", "-d", "-x", "160", "-y", "60", "env", "NO_COLOR=1", BinaryRunner.binary.path])
    }

    /// Runs `tmux -L SOCKET ARGUMENTS...`, waits for it, and returns what it printed.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw Failure(description: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, descriptors[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        for descriptor in Self.openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let argv = ["tmux", "-L", socket] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // The test runner's threads block signals; tmux and factql must get them (kill-server
        // hangs up the pane), so the child starts with no signal blocked and default handlers.
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
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, "tmux", &actions, &attributes, &cArguments, environ)
        Glibc.close(descriptors[1])
        guard spawned == 0 else {
            Glibc.close(descriptors[0])
            throw Failure(description: "cannot start tmux (error \(spawned))")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptors[0], &buffer, buffer.count)
            if count > 0 {
                output += buffer[0..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        Glibc.close(descriptors[0])
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    /// The descriptors open in this process now (the test runner's, and other tests').
    static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }.sorted()
    }

    func type(_ line: String) throws {
        try tmux(["send-keys", "-l", line])
        try tmux(["send-keys", "Enter"])
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-S", "-200"])
    }

    /// Waits until the screen shows `text` (a generous deadline, so a slow machine only waits).
    func waitFor(_ text: String) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if try screen().contains(text) { return }
            usleep(50_000)
        }
        throw Failure(description: "the terminal never showed '\(text)':\n\(try screen())")
    }

    /// Stops the server and removes its socket file.
    func close() {
        let path = (try? tmux(["display-message", "-p", "#{socket_path}"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? tmux(["kill-server"])
        if let path, path.hasSuffix(socket) { unlink(path) }
    }
}
