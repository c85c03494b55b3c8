import Foundation
import Testing


/// The stage commands through the built binary: with -e, in a piped script, and in the REPL in a
/// real terminal (tmux, through Support/TerminalSession.swift).
@Suite struct TeachingCommandLineTests {
    static let commands = [
        ".tokens members of CSTO where status = frozen", ".ast members of CSTO where status = frozen",
        ".plan members of CSTO where status = frozen", ".explain members of CSTO where status = frozen",
        // Version 2 forms.
        ".tokens why is Armenia a member of EU", ".ast why is Armenia a member of EU",
        ".plan why is Armenia a member of EU", ".explain why is Armenia a member of EU",
        ".plan count members of each organization", ".explain count members of each organization",
        ".plan facts of Armenia where relation = member_of with since", ".explain members of ICC with since",
        ".plan capital of Armenia", ".explain member_of organizations of Armenia",
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
        let terminal = try TerminalSession("teaching-stages")
        try terminal.waitForPrompt()
        try terminal.enter(".tokens count countries")
        try terminal.waitForScreen("the tokens") { $0.text.contains("end of input") }
        try terminal.enter(".explain count countries")
        try terminal.waitForScreen("the explanation") { $0.text.contains("the number of distinct entities among the countries") }
        try terminal.enter(".trace on")
        try terminal.enter("count countries")
        try terminal.waitForScreen("the trace") { $0.text.contains("trace: look-up  countries -> 10 rows") }
        try terminal.waitForPrompt()
        let screen = terminal.capture().text
        #expect(screen.contains(" keyword      | count     | 1:9-1:14"))
        #expect(screen.contains("    10"))
        try terminal.enter(".trace off")
        try terminal.enter(".explain is CSTO an organization")
        try terminal.waitForScreen("the question read back") { $0.text.contains("whether CSTO is one of the organizations") }
        try terminal.enter(".plan count members of each organization")
        try terminal.waitForScreen("the group plan") { $0.text.contains("per member of #1, the distinct entities of #3") }
        try terminal.waitForPrompt()
    }
}
