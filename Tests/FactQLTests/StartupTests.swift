import Foundation
import Testing

/// `factql -i FILE`, and the start-up file the REPL runs (`$XDG_CONFIG_HOME/factql/factqlrc`,
/// `~/.factqlrc`, `--init FILE`, `--no-init`): on the command line, and in a real terminal (tmux)
/// with $HOME and $XDG_CONFIG_HOME pointed at folders of the test's own.
@Suite(.serialized) struct StartupTests {
    /// A folder to serve as $HOME, with a `.factqlrc` when `homeStartup` is given, and a
    /// `config/factql/factqlrc` (for $XDG_CONFIG_HOME) when `configStartup` is.
    func home(homeStartup: String? = nil, configStartup: String? = nil) throws -> TemporaryDirectory {
        let home = try TemporaryDirectory()
        if let homeStartup { _ = try home.write(".factqlrc", homeStartup) }
        if let configStartup {
            try FileManager.default.createDirectory(atPath: home.path + "/config/factql", withIntermediateDirectories: true)
            _ = try home.write("config/factql/factqlrc", configStartup)
        }
        return home
    }

    static let widgets = "kind widget\nentity W1 : widget\nentity W2 : widget\n"

    // MARK: On the command line

    @Test func scriptsAndExpressionsNeverRunTheStartupFile() throws {
        let home = try home(homeStartup: ".mode csv\ncount people\n", configStartup: ".mode json\ncount people\n")
        let script = try home.write("count.fq", "count countries\n")
        for environment in [["HOME": home.path], ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config"]] {
            let expression = try BinaryRunner.run(["-e", "count countries"], environment: environment)
            #expect(expression == BinaryRunner.Outcome(status: 0, standardOutput: " count\n-------\n    10\n(1 row)\n", standardError: ""))
            #expect(try BinaryRunner.run([script], environment: environment) == expression)
            #expect(try BinaryRunner.run([], input: "count countries\n", environment: environment) == expression)
        }
    }

    @Test func interactiveWithoutATerminalRunsStandardInputAfterTheFile() throws {
        let home = try home(homeStartup: "count people\n")
        let setup = try home.write("setup.fq", Self.widgets)
        // Standard input is a pipe, so no REPL and no start-up file: stdin is the script that follows.
        let outcome = try BinaryRunner.run(
            ["--format", "csv", "-i", setup], input: "count widgets\n", environment: ["HOME": home.path])
        #expect(outcome == BinaryRunner.Outcome(status: 0, standardOutput: "count\r\n2\r\n", standardError: ""))
    }

    @Test func theNewOptionsAreCheckedAndDescribed() throws {
        let missing = try BinaryRunner.run(["--init"])
        #expect(missing == BinaryRunner.Outcome(status: 2, standardOutput: "", standardError: "error: --init needs a value\n  = try 'factql --help'\n"))
        let help = try BinaryRunner.run(["--help"]).standardOutput
        #expect(help.contains("  factql -i FILE                  run FILE, then start the REPL\n"))
        #expect(help.contains("  -i, --interactive         after the FILEs and -e statements, start the REPL instead of exiting\n"))
        #expect(help.contains("  --init FILE               the REPL's start-up file, instead of $XDG_CONFIG_HOME/factql/factqlrc\n"))
        #expect(help.contains("  --no-init                 the REPL runs no start-up file\n"))
    }

    // MARK: In a terminal

    @Test func interactiveRunsTheFileThenStartsTheREPL() throws {
        let home = try home()
        let setup = try home.write("setup.fq", Self.widgets + "count widgets\n")
        let terminal = try TerminalSession("startup-interactive", .factqlReportingExitStatus(["--empty", "-i", setup]), environment: ["HOME": home.path])
        try terminal.waitForPrompt()
        let version = try BinaryRunner.run(["--version"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        // The file's answer, then the banner with the file's entities counted, then the prompt.
        #expect(
            terminal.capture().lines == [
                " count", "-------", "     2", "(1 row)",
                "\(version): 2 entities, 0 facts, 0 sources. Type .help for help, Ctrl-D to leave.", "factql>",
            ])
        try terminal.enter("widgets")
        try terminal.waitForScreen("the file's entities") { $0.output(of: "widgets")?.contains(" W2") == true }
        try terminal.waitForPrompt("the prompt after the answer")
        terminal.press("C-d")
        try terminal.waitForScreen("the exit status") { $0.lines.contains("EXIT=0") }
    }

    @Test func theStartupFileIsFoundInXDGConfigHomeThenInHome() throws {
        let both = try home(homeStartup: ".trace on\n", configStartup: ".timer on\n")
        do {
            // $XDG_CONFIG_HOME/factql/factqlrc wins over ~/.factqlrc.
            let terminal = try TerminalSession(
                "startup-xdg", environment: ["HOME": both.path, "XDG_CONFIG_HOME": both.path + "/config"])
            try terminal.enter(".timer")
            try terminal.waitForScreen("the timer on") { $0.output(of: ".timer") == ["timer: on"] }
            try terminal.enter(".trace")
            try terminal.waitForScreen("the trace off") { $0.output(of: ".trace") == ["trace: off"] }
        }
        for (name, environment) in [
            ("startup-home", ["HOME": both.path]),  // XDG_CONFIG_HOME unset: ~/.config/factql/factqlrc, missing here
            ("startup-xdg-missing", ["HOME": both.path, "XDG_CONFIG_HOME": both.path + "/elsewhere"]),
        ] {
            let terminal = try TerminalSession(name, environment: environment)
            try terminal.enter(".trace")
            try terminal.waitForScreen("the trace on from ~/.factqlrc") { $0.output(of: ".trace") == ["trace: on"] }
            try terminal.enter(".timer")
            try terminal.waitForScreen("the timer off") { $0.output(of: ".timer") == ["timer: off"] }
        }
        // Without $XDG_CONFIG_HOME, ~/.config/factql/factqlrc comes first.
        let config = try home(homeStartup: ".trace on\n")
        try FileManager.default.createDirectory(atPath: config.path + "/.config/factql", withIntermediateDirectories: true)
        _ = try config.write(".config/factql/factqlrc", ".timer on\n")
        let terminal = try TerminalSession("startup-dot-config", environment: ["HOME": config.path])
        try terminal.enter(".timer")
        try terminal.waitForScreen("the timer on from ~/.config") { $0.output(of: ".timer") == ["timer: on"] }
        try terminal.enter(".trace")
        try terminal.waitForScreen("the trace off") { $0.output(of: ".trace") == ["trace: off"] }
    }

    @Test func initNamesAnotherFileAndNoInitSkipsIt() throws {
        let home = try home(homeStartup: ".timer on\n")
        let other = try home.write("other.rc", ".trace on\n")
        do {
            let terminal = try TerminalSession("startup-init", .factql(["--init", other]), environment: ["HOME": home.path])
            try terminal.enter(".trace")
            try terminal.waitForScreen("the trace on from --init") { $0.output(of: ".trace") == ["trace: on"] }
            try terminal.enter(".timer")
            try terminal.waitForScreen("~/.factqlrc not run") { $0.output(of: ".timer") == ["timer: off"] }
        }
        let terminal = try TerminalSession("startup-no-init", .factql(["--no-init"]), environment: ["HOME": home.path])
        try terminal.enter(".timer")
        try terminal.waitForScreen("no start-up file") { $0.output(of: ".timer") == ["timer: off"] }
    }

    @Test func anErrorInTheStartupFileIsReportedAndTheREPLStarts() throws {
        let home = try home()
        let startup = try home.write("broken.rc", ".timer on\ncount planets\n")
        let terminal = try TerminalSession("startup-error", .factql(["--init", startup]), environment: ["HOME": home.path])
        try terminal.waitForPrompt()
        let lines = terminal.capture().lines
        #expect(lines.first == "error: unknown entity or kind 'planets'")
        #expect(lines.contains(" --> \(startup):2:7"))
        #expect(lines.last == "factql>")
        // What ran before the error stays.
        try terminal.enter(".timer")
        try terminal.waitForScreen("the timer on") { $0.output(of: ".timer") == ["timer: on"] }
        // A missing --init file is reported too.
        let missing = try TerminalSession("startup-missing", .factql(["--init", home.path + "/none.rc"]), environment: ["HOME": home.path])
        try missing.waitForPrompt()
        #expect(missing.capture().lines.first == "error: cannot read '\(home.path)/none.rc': No such file or directory")
    }

    @Test func loadInTheREPLSaysWhatItAdded() throws {
        let home = try home()
        let extra = try home.write("extra.facts", Self.widgets + "relation fits (part, whole)\nfact W1 fits W2\n")
        let quiet = try home.write("quiet.rc", ".load \(extra)\n")
        let terminal = try TerminalSession("startup-load-feedback", .factql(["--empty", "--init", quiet]), environment: ["HOME": home.path])
        // The start-up file's .load said nothing: the banner comes first.
        try terminal.waitForPrompt()
        #expect(terminal.capture().lines.first?.contains(": 2 entities, 1 facts") == true, "\(terminal.capture().lines)")
        let more = try home.write("more.facts", "entity W3 : widget\nfact W3 fits W1\nfact W3 fits W2\n")
        try terminal.enter(".load \(more)")
        try terminal.waitForScreen("what the .load added") {
            guard let output = $0.output(of: ".load \(more)"), output.count == 1 else { return false }
            return Self.isLoadSummary(output[0], entities: "1 entity", facts: "2 facts")
        }
        try terminal.enter(".load \(more)")
        try terminal.waitForScreen("nothing new") {
            guard let output = $0.output(of: ".load \(more)"), output.count == 1 else { return false }
            return output[0].hasPrefix("loaded nothing new in ") || Self.isLoadSummary(output[0], entities: "0 entities", facts: "2 facts")
        }
    }

    /// `loaded ENTITIES and FACTS in 0.25 s` (or `in under 0.01 s`).
    static func isLoadSummary(_ line: String, entities: String, facts: String) -> Bool {
        let prefix = "loaded \(entities) and \(facts) in "
        guard line.hasPrefix(prefix), line.hasSuffix(" s") else { return false }
        let time = line.dropFirst(prefix.count).dropLast(2)
        if time == "under 0.01" { return true }
        let parts = time.split(separator: ".")
        return parts.count == 2 && parts[1].count == 2 && Int(parts[0]) != nil && Int(parts[1]) != nil
    }
}
