import Foundation
import Testing

/// Completion and history in a real terminal (tmux): what completion offers on a continuation
/// line, the question before a long list, the space it adds kept out of the history, and two
/// sessions sharing one history file. See Support/TerminalSession.swift.
@Suite(.serialized) struct REPLCompletionTests {
    @Test func onAContinuationLineOnlyWhatTheSetHasIsOffered() throws {
        let terminal = try TerminalSession("repl-tab-scope")
        try terminal.waitForPrompt()
        try terminal.enter("members of CSTO where")
        try terminal.waitForScreen("the continuation prompt") { $0.lastLine == "   ...>" }
        terminal.type("sta")
        try terminal.waitForScreen("sta typed") { $0.lastLine == "   ...> sta" }
        terminal.press("Tab")
        // `state` is a role of government_of, which does not connect members of CSTO: status only.
        try terminal.waitForScreen("status completed") { $0.lastLine == "   ...> status" }
        terminal.type("= frozen")
        try terminal.waitForScreen("the condition typed") { $0.lastLine == "   ...> status = frozen" }
        terminal.press("Enter")
        try terminal.waitForScreen("the answer") { $0.lines.contains(" Armenia | frozen") }
        try terminal.waitForPrompt()
        // The order by column: the answer column is offered too.
        terminal.type("members of CSTO order by mem")
        try terminal.waitForScreen("mem typed") { $0.lastLine == "factql> members of CSTO order by mem" }
        terminal.press("Tab")
        try terminal.waitForScreen("member completed") { $0.lastLine == "factql> members of CSTO order by member" }
    }

    @Test func moreThanFortyCandidatesAskBeforeTheyAreListed() throws {
        let terminal = try TerminalSession("repl-tab-ask")
        try terminal.waitForPrompt()
        // At the start of a statement: every keyword, role, kind and entity.
        terminal.press("Tab")
        terminal.press("Tab")
        try terminal.waitForScreen("the question") { screen in
            screen.lastLine.hasPrefix("Display all ") && screen.lastLine.hasSuffix(" possibilities? (y or n)")
        }
        let count = terminal.capture().lastLine.split(separator: " ")[2]
        #expect((Int(count) ?? 0) > 40)
        terminal.press("n")
        try terminal.waitForScreen("no list, the prompt again") { $0.lastLine == "factql>" }
        #expect(!terminal.capture().lines.contains { $0.contains("Armenia") })
        terminal.press("Tab")
        terminal.press("Tab")
        try terminal.waitForScreen("the question again") { $0.lastLine.hasSuffix(" possibilities? (y or n)") }
        terminal.press("y")
        try terminal.waitForScreen("the list, then the prompt") { screen in
            screen.lastLine == "factql>" && screen.lines.contains { $0.contains("Armenia") && $0.contains("CSTO") }
        }
        // Forty or fewer are listed at once.
        terminal.type("members of CSTO where s")
        try terminal.waitForScreen("the condition typed") { $0.lastLine == "factql> members of CSTO where s" }
        terminal.press("Tab")
        terminal.press("Tab")
        try terminal.waitForScreen("listed without a question") { screen in
            screen.lines.dropLast().last?.split(separator: " ") == ["since", "status"]
                && screen.lastLine == "factql> members of CSTO where s"
        }
    }

    @Test func theSpaceCompletionAddsIsNotKeptInTheHistory() throws {
        let terminal = try TerminalSession("repl-tab-history-space", .factqlReportingExitStatus([]))
        try terminal.waitForPrompt()
        terminal.type("count countri")
        try terminal.waitForScreen("countri typed") { $0.lastLine == "factql> count countri" }
        terminal.press("Tab")
        try terminal.waitForScreen("countries completed") { $0.lastLine == "factql> count countries" }
        // The space completion added is on the line: the next word follows it.
        terminal.type("wh")
        try terminal.waitForScreen("the next word after the space") { $0.lastLine == "factql> count countries wh" }
        terminal.press("BSpace", "BSpace")
        try terminal.waitForScreen("the word taken back") { $0.lastLine == "factql> count countries" }
        terminal.press("Enter")
        try terminal.waitForScreen("the count") { $0.lines.contains("    10") }
        try terminal.waitForPrompt()
        terminal.press("C-d")
        try terminal.waitForScreen("the exit") { $0.lines.contains("EXIT=0") }
        let file = try #require(terminal.historyFile)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "_HiStOrY_V2_\ncount\\040countries\n")
    }

    @Test func twoSessionsAtOnceKeepEachOthersHistory() throws {
        let directory = try TemporaryDirectory()
        let historyFile = directory.path + "/history"
        let first = try TerminalSession("repl-history-first", .factqlReportingExitStatus([]), historyFile: historyFile)
        let second = try TerminalSession("repl-history-second", .factqlReportingExitStatus([]), historyFile: historyFile)
        try first.waitForPrompt()
        try second.waitForPrompt()
        try first.enter("count countries")
        try first.waitForScreen("the first answer") { $0.lines.contains("    10") }
        try first.waitForPrompt()
        try second.enter("count people")
        try second.waitForScreen("the second answer") { $0.lines.contains("     2") }
        try second.waitForPrompt()
        try first.enter("count organizations")
        try first.waitForScreen("the third answer") { $0.output(of: "count organizations") != nil }
        try first.waitForPrompt()
        second.press("C-d")
        try second.waitForScreen("the second session's exit") { $0.lines.contains("EXIT=0") }
        first.press("C-d")
        try first.waitForScreen("the first session's exit") { $0.lines.contains("EXIT=0") }
        // Each kept the other's entries, in the order they were run.
        #expect(
            try String(contentsOfFile: historyFile, encoding: .utf8)
                == "_HiStOrY_V2_\ncount\\040countries\ncount\\040people\ncount\\040organizations\n")
        // A session started meanwhile still walks only its own and the file's entries from its start.
        let third = try TerminalSession("repl-history-third", historyFile: historyFile)
        try third.waitForPrompt()
        third.press("Up")
        try third.waitForScreen("the newest entry") { $0.lastLine == "factql> count organizations" }
        third.press("Up")
        try third.waitForScreen("the other session's entry") { $0.lastLine == "factql> count people" }
    }
}
