import Foundation
import Testing

@testable import FactQL

/// Ctrl-C stops long work other than queries, in a real terminal (tmux): a `.load` on either
/// path keeps nothing, and the session goes on.
@Suite(.serialized) struct REPLInterruptTests {
    /// Starts `.load FILE`, waits until it has spent half a second of CPU time, presses Ctrl-C,
    /// and checks that the load stopped, kept nothing, and that the session answers.
    func interruptLoad(of text: String, named name: String, session: String) throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write(name, text)
        let terminal = try TerminalSession(session, .factql(["--empty"]))
        try terminal.waitForPrompt()
        let startCPU = try #require(terminal.cpuSeconds())
        let command = ".load \(file)"
        try terminal.enter(command)
        try terminal.waitUntil("the load to run for a while") { (terminal.cpuSeconds() ?? 0) > startCPU + 0.5 }
        #expect(terminal.capture().lastLine == "factql> " + command)
        terminal.press("C-c")
        try terminal.waitForScreen("the prompt back, the load interrupted") {
            guard let output = $0.output(of: command) else { return false }
            return output.contains("error: interrupted: nothing the input defined was kept")
                && output.contains { $0.hasPrefix("error: '\(file)' was not loaded: nothing it defined was kept") }
                && $0.lastLine == "factql>"
        }
        try terminal.enter("count things")
        try terminal.waitForScreen("nothing of the file was kept") {
            guard let output = $0.output(of: "count things") else { return false }
            return output.contains { $0.contains("unknown entity or kind 'things'") }
        }
    }

    @Test func controlCStopsALoadOnTheGeneralPath() throws {
        // `aka` takes every line through the lexer and parser: seconds in a debug build.
        var text = "kind thing\n"
        for number in 0..<300_000 { text += "entity e\(number) : thing aka x\(number)\n" }
        try interruptLoad(of: text, named: "general.facts", session: "repl-load-general")
    }

    @Test func controlCStopsABulkLoad() throws {
        var text = "kind thing\n"
        for number in 0..<1_500_000 { text += "entity e\(number) : thing\n" }
        try interruptLoad(of: text, named: "bulk.facts", session: "repl-load-bulk")
    }

    @Test func anInterruptedScriptKeepsNothingEvenWithKeepGoing() {
        let session = Session(builtInFacts: false)
        session.keepGoing = true
        nonisolated(unsafe) var asked = 0
        session.shouldStop = {
            asked += 1
            return asked > 3
        }
        let text = (0..<100).map { "entity e\($0) : thing" }.joined(separator: "\n")
        let outcome = TestSession.run(text, in: session)
        #expect(outcome.diagnostics.map(\.message) == ["interrupted: nothing the input defined was kept"])
        #expect(session.factBase.entityCount == 0)
    }

    @Test func theStagesOfAHugeQueryStopWhenAsked() {
        let session = Session(builtInFacts: false)
        session.shouldStop = { true }
        let values = (0..<10_000).map { "v\($0)" }.joined(separator: ", ")
        let tokens = TestSession.run(".tokens things where name in (\(values))", in: session)
        #expect(tokens.diagnostics.map(\.message) == [".tokens interrupted"])
        let tree = TestSession.run(".ast things where name in (\(values))", in: session)
        #expect(tree.diagnostics.map(\.message) == [".ast interrupted"])
    }

    @Test func dumpingSQLStopsWhenAsked() {
        let session = Session(builtInFacts: true)
        nonisolated(unsafe) var asked = 0
        session.shouldStop = {
            asked += 1
            return asked > 2
        }
        let dump = TestSession.run(".dump sql", in: session)
        #expect(dump.diagnostics.map(\.message) == [".dump sql interrupted"])
        #expect(dump.results.isEmpty)
        session.shouldStop = { false }
        #expect(TestSession.run(".dump sql", in: session).diagnostics.isEmpty)
    }
}
