import Foundation
import Testing

/// The REPL as a person uses it: the built binary in a real terminal (tmux), keys sent one by one,
/// the screen read back. See Support/TerminalSession.swift. Each test has its own tmux server,
/// session name, $HOME and history file. Serialized: each test drives a process in real time,
/// and on a 2-core machine a dozen of them at once would only slow each other down.
@Suite(.serialized) struct REPLTests {
    // MARK: Prompt, banner, answers

    @Test func bannerPromptAndAnAnswer() throws {
        let terminal = try TerminalSession("repl-answer")
        try terminal.waitForPrompt()
        // One line of banner, then the prompt; its figures are the fact base's.
        let schema = try BinaryRunner.run(["-e", ".schema"]).standardOutput
        let figures = try #require(schema.split(separator: "\n").last?.dropFirst(3))  // "-- 18 entities, ..."
        let version = try BinaryRunner.run(["--version"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            terminal.capture().lines == [
                "\(version): \(figures). Type .help for help, Ctrl-D to leave.", "factql>",
            ])
        try terminal.enter("count members of CSTO")
        try terminal.waitForScreen("the count") { $0.output(of: "count members of CSTO") == [" count", "-------", "     6", "(1 row)"] }
        try terminal.waitForPrompt("the next prompt")
    }

    @Test func controlDOnAContinuationLineCancelsTheStatement() throws {
        let terminal = try TerminalSession("repl-ctrl-d-continuation", .factqlReportingExitStatus([]))
        try terminal.waitForPrompt()
        terminal.type("members of CSTO where")
        terminal.press("Enter")
        try terminal.waitForScreen("the continuation prompt") { $0.lastLine.hasPrefix("   ...>") }
        terminal.press("C-d")
        try terminal.waitForScreen("the word that it was cancelled") {
            $0.lines.contains("(the unfinished statement was cancelled; Ctrl-D on an empty line leaves)")
        }
        try terminal.waitForPrompt("a fresh prompt")
        try terminal.enter("count members of CSTO")
        try terminal.waitForScreen("the session goes on") { $0.output(of: "count members of CSTO")?.contains("     6") == true }
        try terminal.waitForPrompt("the prompt after the answer")
        terminal.press("C-d")
        try terminal.waitForScreen("the exit status") { $0.lines.contains("EXIT=0") }
    }

    @Test func versionTwoFormsAnswerInTheTerminal() throws {
        let terminal = try TerminalSession("repl-version-2")
        try terminal.waitForPrompt()
        try terminal.enter("is Belarus a member of CSTO")
        try terminal.waitForScreen("yes") { $0.output(of: "is Belarus a member of CSTO") == [" answer", "--------", " yes", "(1 row)"] }
        try terminal.enter("count members of each organization")
        try terminal.waitForScreen("one row per organization") {
            $0.output(of: "count members of each organization")?.suffix(4) == [
                " CSTO         |     6", " EU           |     0", " ICC          |     1", "(3 rows)",
            ]
        }
        try terminal.enter("is Armenia a member of CSTO as of 2022")
        try terminal.waitForScreen("unknown") { $0.output(of: "is Armenia a member of CSTO as of 2022")?.contains(" unknown") == true }
        // A multi-line question: the line ending in 'of' goes on.
        terminal.type("members of ICC with since as of")
        terminal.press("Enter")
        try terminal.waitForScreen("the continuation prompt") { $0.lastLine.hasPrefix("   ...>") }
        try terminal.enter("2024")
        try terminal.waitForScreen("the answer of both lines") { $0.lines.contains(" Armenia | 2024-01") }
        try terminal.waitForPrompt("the next prompt")
    }

    @Test func anErrorLeavesTheSessionRunningAndCountsLinesWithinTheStatement() throws {
        let terminal = try TerminalSession("repl-error")
        try terminal.waitForPrompt()
        try terminal.enter("count countries")
        try terminal.waitForScreen("the answer") { $0.output(of: "count countries")?.contains("    10") == true }
        try terminal.enter("members of CTSO")
        try terminal.waitForScreen("the error, at line 1 of its statement") {
            guard let output = $0.output(of: "members of CTSO") else { return false }
            return output.first == "error: unknown entity or kind 'CTSO'" && output.contains(" --> 1:12")
                && output.contains("  = did you mean CSTO?")
        }
        try terminal.waitForPrompt("the prompt after the error")
        try terminal.enter("count people")
        try terminal.waitForScreen("the next answer") { $0.output(of: "count people")?.contains("     2") == true }
        #expect(terminal.processIsAlive())
    }

    // MARK: Completion

    @Test func tabCompletesAnEntity() throws {
        let terminal = try TerminalSession("repl-tab-entity")
        try terminal.waitForPrompt()
        terminal.type("count members of CST")
        try terminal.waitForScreen("CST typed") { $0.lastLine == "factql> count members of CST" }
        terminal.press("Tab")
        try terminal.waitForScreen("CSTO completed") { $0.lastLine == "factql> count members of CSTO" }
        terminal.press("Enter")
        try terminal.waitForScreen("the count") { $0.lines.contains("     6") }
    }

    @Test func tabCompletesAKeyword() throws {
        let terminal = try TerminalSession("repl-tab-keyword")
        try terminal.waitForPrompt()
        terminal.type("members of CSTO wh")
        try terminal.waitForScreen("wh typed") { $0.lastLine == "factql> members of CSTO wh" }
        terminal.press("Tab")
        try terminal.waitForScreen("where completed") { $0.lastLine == "factql> members of CSTO where" }
        // The space after the completed word is there: the next word follows at once.
        terminal.type("status = frozen")
        terminal.press("Enter")
        try terminal.waitForScreen("the answer") {
            $0.output(of: "members of CSTO where status = frozen")
                == [" member  | status", "---------+--------", " Armenia | frozen", "(1 row)"]
        }
    }

    @Test func listedCandidatesAreEscaped() throws {
        // Two file names holding an escape sequence that would retitle the terminal if printed raw.
        let directory = try TemporaryDirectory()
        _ = try directory.write("a\u{1b}]0;PWNED\u{7}1.fq", "count countries\n")
        _ = try directory.write("a\u{1b}]0;PWNED\u{7}2.fq", "count countries\n")
        let terminal = try TerminalSession("repl-escaped-candidates")
        try terminal.waitForPrompt()
        terminal.type(".load \(directory.path)/a")
        terminal.press("Tab")
        terminal.press("Tab")
        terminal.press("Tab")
        try terminal.waitForScreen("both candidates, escaped") { screen in
            screen.lines.contains { $0.contains("a\\u{1b}]0;PWNED\\u{7}1.fq") && $0.contains("a\\u{1b}]0;PWNED\\u{7}2.fq") }
        }
    }

    @Test func tabExtendsToTheCommonPrefixThenListsInColumns() throws {
        let terminal = try TerminalSession("repl-tab-list")
        try terminal.waitForPrompt()
        terminal.type("cou")
        try terminal.waitForScreen("cou typed") { $0.lastLine == "factql> cou" }
        terminal.press("Tab")
        // count and countries: extended to their common prefix, no space (the word may go on).
        try terminal.waitForScreen("cou extended to count") { $0.lastLine == "factql> count" }
        terminal.press("Tab")
        try terminal.waitForScreen("the candidates listed, sorted") { screen in
            screen.lines.contains { $0.split(separator: " ") == ["count", "countries"] }
                && screen.lastLine == "factql> count"
        }
        // Sorted down the columns, like ls: the roles and attributes after `where`.
        terminal.press("C-u")
        terminal.type("members of CSTO where s")
        try terminal.waitForScreen("the condition typed") { $0.lastLine == "factql> members of CSTO where s" }
        terminal.press("Tab")
        terminal.press("Tab")
        try terminal.waitForScreen("the attributes listed in columns") { screen in
            let words = screen.lines.dropLast().last?.split(separator: " ").map(String.init) ?? []
            return words.count > 1 && words == words.sorted() && words.allSatisfy { $0.hasPrefix("s") }
                && screen.lastLine == "factql> members of CSTO where s"
        }
    }

    @Test func tabCompletesQuotedNames() throws {
        let terminal = try TerminalSession("repl-tab-quoted")
        try terminal.waitForPrompt()
        terminal.type("show nag")
        try terminal.waitForScreen("nag typed") { $0.lastLine == "factql> show nag" }
        terminal.press("Tab")
        try terminal.waitForScreen("the name, quoted") { $0.lastLine == "factql> show \"Nagorno-Karabakh\"" }
        terminal.press("C-u")
        // Russia and "Russian government": the common prefix opens the quote.
        terminal.type("show Ru")
        try terminal.waitForScreen("Ru typed") { $0.lastLine == "factql> show Ru" }
        terminal.press("Tab")
        try terminal.waitForScreen("extended to \"Russia") { $0.lastLine == "factql> show \"Russia" }
        terminal.press("Tab")
        try terminal.waitForScreen("both listed, sorted without their quotes") {
            $0.lines.dropLast().last?.split(separator: " ").joined(separator: " ") == "Russia \"Russian government\""
                && $0.lastLine == "factql> show \"Russia"
        }
        terminal.type("n")
        terminal.press("Tab")
        try terminal.waitForScreen("the longer name") { $0.lastLine == "factql> show \"Russian government\"" }
        terminal.press("Enter")
        // An alias of the Kremlin.
        try terminal.waitForScreen("the entity shown") { $0.lines.contains { $0.contains("entity Kremlin : government") } }
    }

    @Test func tabOnAContinuationLineKnowsTheLinesBefore() throws {
        let terminal = try TerminalSession("repl-tab-continued")
        try terminal.waitForPrompt()
        try terminal.enter("members of CSTO where")
        try terminal.waitForScreen("the continuation prompt") { $0.lastLine == "   ...>" }
        terminal.type("statu")
        try terminal.waitForScreen("statu typed") { $0.lastLine == "   ...> statu" }
        terminal.press("Tab")
        // An attribute of the condition, not a word that starts a statement.
        try terminal.waitForScreen("status completed") { $0.lastLine == "   ...> status" }
        terminal.type("= fro")
        terminal.press("Tab")
        try terminal.waitForScreen("frozen completed") { $0.lastLine == "   ...> status = frozen" }
        terminal.press("Enter")
        try terminal.waitForScreen("the answer") { $0.lines.contains(" Armenia | frozen") }
    }

    @Test func tabCompletesMetaCommandsAndTheirArguments() throws {
        let terminal = try TerminalSession("repl-tab-meta")
        try terminal.waitForPrompt()
        terminal.type(".mo")
        try terminal.waitForScreen(".mo typed") { $0.lastLine == "factql> .mo" }
        terminal.press("Tab")
        try terminal.waitForScreen(".mode completed") { $0.lastLine == "factql> .mode" }
        terminal.type("cs")
        terminal.press("Tab")
        try terminal.waitForScreen("csv completed") { $0.lastLine == "factql> .mode csv" }
        terminal.press("Enter")
        try terminal.waitForPrompt("the prompt after .mode")
        try terminal.enter("count people")
        try terminal.waitForScreen("the answer as CSV") { $0.output(of: "count people") == ["count", "2"] }
    }

    // MARK: Multi-line statements and history

    @Test func aStatementGoesOnUnderTheContinuationPromptAndIsOneHistoryEntry() throws {
        let terminal = try TerminalSession("repl-multiline")
        try terminal.waitForPrompt()
        try terminal.enter("members of CSTO where")
        try terminal.waitForScreen("the continuation prompt") { $0.lastLine == "   ...>" }
        try terminal.enter("status = frozen")
        let answer = [" member  | status", "---------+--------", " Armenia | frozen", "(1 row)"]
        try terminal.waitForScreen("the answer") {
            Array($0.lines.suffix(7)) == ["factql> members of CSTO where", "   ...> status = frozen"] + answer + ["factql>"]
        }
        terminal.press("Up")
        try terminal.waitForScreen("both lines recalled") {
            Array($0.lines.suffix(2)) == ["factql> members of CSTO where", "status = frozen"]
        }
        terminal.press("Enter")
        try terminal.waitForScreen("the recalled statement run whole") {
            Array($0.lines.suffix(7)) == ["factql> members of CSTO where", "status = frozen"] + answer + ["factql>"]
        }
        try terminal.enter(".history")
        // Run twice in a row: one entry (no consecutive duplicates), its lines kept; then .history.
        try terminal.waitForScreen("one history entry") {
            $0.output(of: ".history") == ["    1  members of CSTO where", "       status = frozen", "    2  .history"]
        }
    }

    @Test func historySurvivesARestart() throws {
        let directory = try TemporaryDirectory()
        // Directories that do not exist yet: they are created.
        let historyFile = directory.path + "/state/deeper/history"
        do {
            let first = try TerminalSession("repl-restart-1", .factqlReportingExitStatus([]), historyFile: historyFile)
            try first.waitForPrompt()
            try first.enter("count countries")
            try first.waitForScreen("the first answer") { $0.lines.contains("    10") }
            try first.waitForPrompt()
            try first.enter("members of CSTO where")
            try first.waitForScreen("the continuation prompt") { $0.lastLine == "   ...>" }
            try first.enter("status = frozen")
            try first.waitForScreen("the second answer") { $0.lines.contains(" Armenia | frozen") }
            try first.waitForPrompt()
            first.press("C-d")
            try first.waitForScreen("the exit") { $0.lines.contains("EXIT=0") }
        }
        var information = stat()
        try #require(stat(historyFile, &information) == 0, "no history file at \(historyFile)")
        #expect(information.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: historyFile, encoding: .utf8).hasPrefix("_HiStOrY_V2_\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/state/deeper") == ["history"])

        let second = try TerminalSession("repl-restart-2", historyFile: historyFile)
        try second.waitForPrompt()
        second.press("Up")
        try second.waitForScreen("the previous run's last statement, whole") {
            Array($0.lines.suffix(2)) == ["factql> members of CSTO where", "status = frozen"]
        }
        second.press("Up")
        try second.waitForScreen("the one before") { $0.lastLine == "factql> count countries" }
        second.press("C-u")
        try second.enter(".history")
        try second.waitForScreen("both entries, oldest first") {
            $0.output(of: ".history") == [
                "    1  count countries", "    2  members of CSTO where", "       status = frozen", "    3  .history",
            ]
        }
    }

    @Test func aPostgresPasswordIsNotKeptInTheHistory() throws {
        let directory = try TemporaryDirectory()
        let historyFile = directory.path + "/history"
        do {
            let terminal = try TerminalSession("repl-history-password", .factqlReportingExitStatus([]), historyFile: historyFile)
            try terminal.waitForPrompt()
            // Port 1: nothing listens there, so the connection fails at once.
            try terminal.enter(".open postgresql://ann:hunter2@127.0.0.1:1/kb?password=hunter3&sslmode=disable")
            try terminal.waitForScreen("the failure, without the password") {
                $0.lines.contains { $0.hasPrefix("error: cannot connect to the database 'postgresql://ann@127.0.0.1:1/kb?sslmode=disable'") }
            }
            try terminal.waitForPrompt()
            try terminal.enter(".history")
            try terminal.waitForScreen("the entry without the password") {
                $0.output(of: ".history") == ["    1  .open postgresql://ann@127.0.0.1:1/kb?sslmode=disable", "    2  .history"]
            }
            try terminal.waitForPrompt()
            terminal.press("C-d")
            try terminal.waitForScreen("the exit") { $0.lines.contains("EXIT=0") }
        }
        let saved = try String(contentsOfFile: historyFile, encoding: .utf8)
        #expect(saved.contains("postgresql://ann@127.0.0.1:1/kb?sslmode=disable"))
        #expect(!saved.contains("hunter"))
    }

    @Test func historyGoesToTheXDGStateDirectoryOrUnderHome() throws {
        let directory = try TemporaryDirectory()
        let state = directory.path + "/xdg-state"
        do {
            let terminal = try TerminalSession(
                "repl-history-xdg", historyFile: .some(nil), environment: ["XDG_STATE_HOME": state])
            try terminal.waitForPrompt()
            try terminal.enter("count people")
            try terminal.waitForScreen("the answer") { $0.lines.contains("     2") }
            let file = state + "/factql/history"
            try terminal.waitUntil("the history file in $XDG_STATE_HOME/factql") { FileManager.default.fileExists(atPath: file) }
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "_HiStOrY_V2_\ncount\\040people\n")
        }
        let terminal = try TerminalSession("repl-history-home", historyFile: .some(nil))
        try terminal.waitForPrompt()
        try terminal.enter("count people")
        try terminal.waitForScreen("the answer") { $0.lines.contains("     2") }
        // $HOME is the session's directory.
        let file = terminal.directory.path + "/.local/state/factql/history"
        try terminal.waitUntil("the history file in ~/.local/state/factql") { FileManager.default.fileExists(atPath: file) }
        var information = stat()
        #expect(stat(file, &information) == 0 && information.st_mode & 0o777 == 0o600)
    }

    @Test func aCorruptHistoryFileIsReportedOnceAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let garbage = "this is not\na history file\n"
        let historyFile = try directory.write("history", garbage)
        let terminal = try TerminalSession("repl-corrupt-history", historyFile: historyFile)
        try terminal.waitForPrompt()
        try terminal.enter("count countries")
        try terminal.waitForScreen("the first answer") { $0.lines.contains("    10") }
        try terminal.waitForPrompt()
        try terminal.enter("count people")
        try terminal.waitForScreen("the second answer") { $0.lines.contains("     2") }
        try terminal.waitForPrompt()
        let warnings = terminal.capture().lines.filter { $0.hasPrefix("warning: ") }
        #expect(
            warnings == [
                "warning: history file \(historyFile) is not a libedit history file (no _HiStOrY_V2_ line); "
                    + "history will not be saved (move the file away to start a new one)"
            ])
        #expect(try String(contentsOfFile: historyFile, encoding: .utf8) == garbage)
    }

    // MARK: Keys

    @Test func controlCDiscardsAHalfTypedLine() throws {
        let terminal = try TerminalSession("repl-ctrl-c")
        try terminal.waitForPrompt()
        terminal.type("members of CSTO wher")
        try terminal.waitForScreen("the half line") { $0.lastLine == "factql> members of CSTO wher" }
        terminal.press("C-c")
        try terminal.waitForScreen("^C and a fresh prompt") {
            Array($0.lines.suffix(2)) == ["factql> members of CSTO wher^C", "factql>"]
        }
        // Inside a statement that goes on, too: the whole statement is dropped.
        try terminal.enter("members of CSTO where")
        try terminal.waitForScreen("the continuation prompt") { $0.lastLine == "   ...>" }
        terminal.press("C-c")
        try terminal.waitForPrompt("a fresh prompt")
        try terminal.enter("count members of CSTO")
        try terminal.waitForScreen("the next query answers") { $0.output(of: "count members of CSTO")?.contains("     6") == true }
        #expect(terminal.processIsAlive())
    }

    @Test func controlCInterruptsALongQuery() throws {
        // 2,000 facts `eN r hub`, loaded in 0.06 s. `why` explains each of the 2,000 answers of
        // `ps of hub`, and for each one works out the condition's set again: 30 hops between hub
        // and the 2,000 others, 60,000 steps. 120 million in all: more than a minute in a debug
        // build (stopped at 60 s), in 13 MB. (Plain navigation is linear: a count over 200,000
        // such facts answers in milliseconds, after a 7 s load.) Measured here, debug build, tmux
        // polling included, from Ctrl-C to the prompt: 14 to 114 ms.
        let directory = try TemporaryDirectory()
        var facts = "kind thing\nrelation r (p, q)\nentity hub : thing\n"
        for number in 0..<2000 { facts += "entity e\(number) : thing\n" }
        for number in 0..<2000 { facts += "fact e\(number) r hub\n" }
        let file = try directory.write("hub.facts", facts)
        let query = "why ps of hub where p of " + String(repeating: "qs of ps of ", count: 15) + "hub"
        let terminal = try TerminalSession("repl-long-query", .factql(["--empty", "--facts", file]))
        try terminal.waitForPrompt()
        let startCPU = try #require(terminal.cpuSeconds())
        try terminal.enter(query)
        // Started: half a second of CPU time spent on it, and no prompt back.
        try terminal.waitUntil("the query to run for a while") { (terminal.cpuSeconds() ?? 0) > startCPU + 0.5 }
        #expect(terminal.capture().lastLine == "factql> " + query)
        terminal.press("C-c")
        try terminal.waitForScreen("the prompt back, the query interrupted") {
            guard let output = $0.output(of: query) else { return false }
            return Array(output.prefix(3)) == ["^C", "error: query interrupted", " --> 1:1"] && $0.lastLine == "factql>"
        }
        try terminal.enter("count things")
        try terminal.waitForScreen("the next query answers") {
            $0.output(of: "count things") == [" count", "-------", "  2001", "(1 row)"]
        }
    }

    @Test func controlDOnAnEmptyLineExitsWithZero() throws {
        let terminal = try TerminalSession("repl-ctrl-d", .factqlReportingExitStatus([]))
        try terminal.waitForPrompt()
        // Not on a line with text: there Ctrl-D deletes the character under the cursor.
        terminal.type("count")
        terminal.press("Home", "C-d")
        try terminal.waitForScreen("the c deleted") { $0.lastLine == "factql> ount" }
        terminal.press("C-u", "C-d")
        try terminal.waitForScreen("the exit status") { $0.lines.contains("EXIT=0") }
    }

    @Test func quitAndExitLeaveWithZero() throws {
        for command in [".quit", ".exit"] {
            let terminal = try TerminalSession("repl-\(command.dropFirst())", .factqlReportingExitStatus([]))
            try terminal.waitForPrompt()
            try terminal.enter("count people")
            try terminal.waitForScreen("the answer") { $0.lines.contains("     2") }
            try terminal.waitForPrompt()
            try terminal.enter(command)
            try terminal.waitForScreen("the exit status after \(command)") {
                Array($0.lines.suffix(2)) == ["factql> \(command)", "EXIT=0"]
            }
            // The history was saved on the way out.
            let history = try String(contentsOfFile: try #require(terminal.historyFile), encoding: .utf8)
            #expect(history == "_HiStOrY_V2_\ncount\\040people\n\(command)\n")
        }
    }

    @Test func controlLClearsTheScreenAndKeepsTheLine() throws {
        let terminal = try TerminalSession("repl-ctrl-l")
        try terminal.waitForPrompt()
        try terminal.enter("members of CSTO")
        try terminal.waitForScreen("the answer") { $0.lines.contains("(6 rows)") }
        try terminal.waitForPrompt()
        terminal.type("count peo")
        try terminal.waitForScreen("a line typed") { $0.lastLine == "factql> count peo" }
        terminal.press("C-l")
        try terminal.waitForScreen("only the prompt and the line, at the top") { $0.lines == ["factql> count peo"] }
        terminal.type("ple")
        terminal.press("Enter")
        try terminal.waitForScreen("the line still works") {
            $0.lines == ["factql> count people", " count", "-------", "     2", "(1 row)", "factql>"]
        }
    }

    @Test func emacsKeysEditTheLine() throws {
        let terminal = try TerminalSession("repl-emacs")
        try terminal.waitForPrompt()
        terminal.type("members CSTO")
        // Ctrl-A to the start, Alt-F over a word, then insert.
        terminal.press("C-a", "M-f")
        terminal.type(" of")
        try terminal.waitForScreen("of inserted") { $0.lastLine == "factql> members of CSTO" }
        // Ctrl-E to the end, Ctrl-W deletes the word before; Ctrl-A, Ctrl-K cuts to the end and
        // Ctrl-Y yanks it back.
        terminal.press("C-e", "C-w")
        try terminal.waitForScreen("CSTO deleted") { $0.lastLine == "factql> members of" }
        terminal.type("CSTO")
        terminal.press("C-a", "C-k")
        try terminal.waitForScreen("the line cut") { $0.lastLine == "factql>" }
        terminal.press("C-y")
        try terminal.waitForScreen("the line yanked back") { $0.lastLine == "factql> members of CSTO" }
        terminal.press("Enter")
        try terminal.waitForScreen("the answer") { $0.lines.contains("(6 rows)") }
    }

    @Test func controlRSearchesTheHistory() throws {
        let terminal = try TerminalSession("repl-ctrl-r")
        for statement in ["count people", "members of CSTO", "count countries"] {
            try terminal.enter(statement)
            try terminal.waitForScreen("the answer to \(statement)") { $0.output(of: statement)?.last?.hasSuffix(")") == true }
        }
        try terminal.waitForPrompt()
        terminal.press("C-r")
        terminal.type("peo")
        try terminal.waitForScreen("the match found") { $0.lines.suffix(2).first == "factql> count people" }
        terminal.press("Enter")
        try terminal.waitForScreen("the found statement run") { $0.output(of: "count people")?.contains("     2") == true }
    }

    @Test func theEditrcFileIsRead() throws {
        let home = try TemporaryDirectory()
        // A line for factql (prefixed with its name), and one for another program.
        _ = try home.write(".editrc", "factql:bind -s ^X 'count members of CSTO'\nsqlite3:bind -s ^Y 'not for factql'\n")
        let terminal = try TerminalSession("repl-editrc", environment: ["HOME": home.path])
        try terminal.waitForPrompt()
        terminal.press("C-y", "C-x")
        try terminal.waitForScreen("the macro typed") { $0.lastLine == "factql> count members of CSTO" }
        terminal.press("Enter")
        try terminal.waitForScreen("the answer") { $0.lines.contains("     6") }
    }

    // MARK: Text

    @Test func nonASCIITextIsEditedByCharacter() throws {
        // No locale in the environment: factql falls back to C.UTF-8 for the line editor.
        let terminal = try TerminalSession("repl-unicode", unset: ["LANG", "LC_ALL", "LC_CTYPE"])
        try terminal.waitForPrompt()
        terminal.type("show \"Nagorno-Karabak\"")
        terminal.press("Left")
        terminal.type("h")
        try terminal.waitForScreen("the name mended") { $0.lastLine == "factql> show \"Nagorno-Karabakh\"" }
        terminal.press("Enter")
        try terminal.waitForScreen("the region shown") { $0.lines.contains { $0.contains("Nagorno-Karabakh") && $0.contains("region") } }
        try terminal.waitForPrompt()
        // ü is one character: Right steps over it, Backspace removes it whole.
        terminal.type("show \"Zrich\"")
        terminal.press("Home", "Right", "Right", "Right", "Right", "Right", "Right", "Right")
        terminal.type("ü")
        try terminal.waitForScreen("ü inserted") { $0.lastLine == "factql> show \"Zürich\"" }
        terminal.press("End", "Left", "Left", "Left", "Left", "Left", "BSpace")
        try terminal.waitForScreen("ü deleted") { $0.lastLine == "factql> show \"Zrich\"" }
        terminal.type("ü")
        terminal.press("Enter")
        try terminal.waitForScreen("the error, with its caret under the name") {
            guard let output = $0.output(of: "show \"Zürich\"") else { return false }
            return output.first == "error: unknown entity 'Zürich'" && output.contains("1 | show \"Zürich\"")
                && output.contains("  |      ^^^^^^^^")
        }
    }

    @Test func colourOnATerminalUnlessNoColor() throws {
        let escape = "\u{1B}["
        let coloured = try TerminalSession("repl-colour", unset: ["NO_COLOR"])
        try coloured.waitForPrompt()
        try coloured.enter("members of CSTO")
        try coloured.waitForScreen("a bold table header", escapes: true) { $0.text.contains("\(escape)1mmember") }
        try coloured.enter("members of CTSO")
        try coloured.waitForScreen("a red error with a coloured caret", escapes: true) {
            $0.text.contains("\(escape)31merror:") && $0.text.contains("\(escape)31m^^^^")
        }

        let plain = try TerminalSession("repl-no-colour", environment: ["NO_COLOR": "1"])
        try plain.waitForPrompt()
        try plain.enter("members of CSTO")
        try plain.waitForScreen("the table") { $0.lines.contains("(6 rows)") }
        try plain.enter("members of CTSO")
        try plain.waitForScreen("the error") { $0.lines.contains("error: unknown entity or kind 'CTSO'") }
        try plain.waitForPrompt()
        #expect(!plain.capture(escapes: true).text.contains(escape))

        // Not a terminal: no colour, even without NO_COLOR.
        let piped = try BinaryRunner.run(["-e", "members of CSTO", "-e", "members of CTSO"], environment: ["NO_COLOR": ""])
        #expect(!piped.standardOutput.contains(escape) && piped.standardOutput.contains("Armenia"))
        #expect(!piped.standardError.contains(escape) && piped.standardError.contains("error:"))
    }

    // MARK: Without a terminal

    @Test func pipedInputUsesNoLineEditor() throws {
        // Standard input a pipe, standard output the terminal: no banner, no prompt, the answer.
        let terminal = try TerminalSession("repl-piped", .shell)
        try terminal.waitForScreen("the shell prompt") { $0.lastLine == "shell$" }
        terminal.type("echo 'count countries' | \"$FACTQL\"; echo EXIT=$?")
        terminal.press("Enter")
        try terminal.waitForScreen("the answer") {
            !$0.lines.contains { $0.hasPrefix("factql") }
                && Array($0.lines.suffix(6)) == [" count", "-------", "    10", "(1 row)", "EXIT=0", "shell$"]
        }
        // Nor with both ends pipes.
        let outcome = try BinaryRunner.run([], input: "count countries\n")
        #expect(outcome == BinaryRunner.Outcome(status: 0, standardOutput: " count\n-------\n    10\n(1 row)\n", standardError: ""))
    }
}
