import Foundation
import Testing

/// Leaving the REPL with unsaved changes, in a real terminal (tmux): it says so once and stays;
/// leaving again goes without saving. With nothing unsaved, Ctrl-D leaves at once.
@Suite(.serialized) struct REPLKeepingTests {
    @Test func leavingWithUnsavedChangesAsksOnceThenLeaves() throws {
        let terminal = try TerminalSession("repl-unsaved", .factqlReportingExitStatus([]))
        try terminal.waitForPrompt()
        try terminal.enter("entity Gyumri : country")
        try terminal.waitForPrompt("the prompt after the definition")
        terminal.press("C-d")
        try terminal.waitForScreen("the unsaved-changes warning") {
            $0.lines.contains { $0.contains("the fact base has unsaved changes") }
                && $0.lines.contains { $0.contains("Ctrl-D or .quit again leaves without saving") }
        }
        try terminal.waitForPrompt("the REPL stays")
        try terminal.enter("count countries")
        try terminal.waitForScreen("the session goes on with the change") {
            $0.output(of: "count countries").map { !$0.isEmpty } ?? false
        }
        try terminal.waitForPrompt("the prompt after the answer")
        terminal.press("C-d")
        try terminal.waitForScreen("the exit status") { $0.lines.contains("EXIT=0") }
    }

    @Test func savedChangesLeaveAtOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("factql-keep-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("kb.facts").path
        let terminal = try TerminalSession("repl-saved", .factqlReportingExitStatus([]))
        try terminal.waitForPrompt()
        try terminal.enter("entity Gyumri : country")
        try terminal.waitForPrompt("the prompt after the definition")
        try terminal.enter(".save '\(file)'")
        try terminal.waitForPrompt("the prompt after the save")
        terminal.press("C-d")
        try terminal.waitForScreen("the exit status") { $0.lines.contains("EXIT=0") }
        #expect(!terminal.capture().lines.contains { $0.contains("unsaved changes") })
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("entity Gyumri : country"))
    }
}
