import Foundation
import Testing

/// Output fitted to a real terminal (tmux, see Support/TerminalSession.swift): expanded display
/// and cut error excerpts in a narrow window, wrapped proofs, and the pager in a short one. Every
/// wait has a deadline; nothing sleeps for a fixed time.
@Suite(.serialized) struct TerminalOutputTests {
    @Test func aNarrowWindowGetsExpandedDisplayAndACutExcerpt() throws {
        let terminal = try TerminalSession("output-narrow", width: 40, height: 50)
        try terminal.waitForPrompt()
        // The values wrap in the 27 columns beside the names.
        try terminal.enter("facts of Armenia limit 2")
        try terminal.waitForScreen("the two records") { $0.lines.contains("(2 rows)") }
        let records = try #require(terminal.capture().output(of: "facts of Armenia limit 2"))
        #expect(
            records == [
                "-[ RECORD 1 ]---------------------------", "subject    | Armenia", "relation   | accused", "object     | Russia",
                "attributes | charge: \"unreliable", "           | partner\"", "-[ RECORD 2 ]---------------------------", "subject    | Armenia",
                "relation   | announced", "object     | refusal to finance the CSTO", "attributes | timing: recently", "(2 rows)",
            ])
        for line in records { #expect(line.count <= 40, "\(line)") }
        // A table that fits stays a table.
        try terminal.enter("count members of CSTO")
        try terminal.waitForScreen("the count") { $0.output(of: "count members of CSTO") == [" count", "-------", "     6", "(1 row)"] }

        let statement = "members of CSTO where since = 2024 and sttus = frozen"
        try terminal.enter(statement)
        try terminal.waitForScreen("the error") { $0.text.contains("did you mean status?") }
        let screen = terminal.capture()
        let excerpt = try #require(screen.lines.last { $0.hasPrefix("1 | ") })
        #expect(excerpt.count <= 40 && excerpt.contains("\u{2026}") && excerpt.contains("sttus"), "\(excerpt)")
        let caret = try #require(screen.lines.last { $0.hasPrefix("  | ") && $0.contains("^") })
        // The caret is still under the misspelt word in the cut line.
        let column = try #require(caret.firstIndex(of: "^")).utf16Offset(in: caret)
        #expect(Array(excerpt.unicodeScalars)[column...].starts(with: "sttus".unicodeScalars), "\(excerpt)\n\(caret)")
        try terminal.waitForPrompt()
    }

    @Test func whyWrapsAtWordBoundariesInTheWindow() throws {
        let terminal = try TerminalSession("output-why", width: 60, height: 50)
        try terminal.waitForPrompt()
        try terminal.enter("why is Armenia a member of CSTO")
        try terminal.waitForScreen("the proof") { $0.text.contains("[p3s4]") && $0.lastLine == "factql>" }
        let lines = try #require(terminal.capture().output(of: "why is Armenia a member of CSTO"))
        #expect(lines.first == "yes: Armenia is a member of CSTO")
        for line in lines { #expect(line.count <= 60, "\(line)") }
        // The sentence goes on under its first word, past the [id]; no word is cut in two.
        let citation = try #require(lines.firstIndex { $0.hasPrefix("      [p2s3] paragraph 2, sentence 3:") })
        #expect(lines[citation + 1].hasPrefix(String(repeating: " ", count: 13)))
        let words = lines.joined(separator: " ").split(separator: " ")
        #expect(words.contains("“Pashinyan") && words.contains("objectives.”") && words.contains("policy.”"))
        try terminal.waitForPrompt()
    }

    /// $PAGER is a small script here: it keeps what it was given in a file and says so on the
    /// screen.
    @Test func aResultTallerThanTheWindowGoesThroughThePager() throws {
        let directory = try TemporaryDirectory()
        let paged = directory.path + "/paged.txt"
        let terminal = try TerminalSession(
            "output-pager", environment: ["PAGER": "cat >> '\(paged)'; echo PAGER-DONE"], width: 150, height: 12)
        try terminal.waitForPrompt()
        try terminal.enter(".sources")
        try terminal.waitForScreen("the pager's word") { $0.lines.contains("PAGER-DONE") }
        try terminal.waitForPrompt()
        var text = try String(contentsOfFile: paged, encoding: .utf8)
        #expect(text.hasPrefix(" source | text\n") && text.hasSuffix("(21 rows)\n"))
        // A short answer is not paged.
        try terminal.enter("count people")
        try terminal.waitForScreen("the count") { $0.output(of: "count people") == [" count", "-------", "     2", "(1 row)"] }
        try terminal.waitForPrompt()
        // .pager off: even a tall result goes straight to the screen; .pager on: even a short one is paged.
        try terminal.enter(".pager off")
        try terminal.enter(".sources")
        try terminal.waitForScreen("the sources on the screen") { $0.lines.contains("(21 rows)") }
        try terminal.enter(".pager on")
        try terminal.enter("count countries")
        try terminal.waitForScreen("the pager's word again") { $0.output(of: "count countries") == ["PAGER-DONE"] }
        try terminal.waitForPrompt()
        text = try String(contentsOfFile: paged, encoding: .utf8)
        #expect(text.components(separatedBy: "(21 rows)").count == 2)
        #expect(text.hasSuffix("(21 rows)\n count\n-------\n    10\n(1 row)\n"))
    }

    /// Without $PAGER, `less -FRSX`: it shows the first screenful and waits; q comes back to the prompt.
    @Test func theDefaultPagerIsLess() throws {
        let terminal = try TerminalSession("output-less", unset: ["PAGER", "LESS"], width: 100, height: 10)
        try terminal.waitForPrompt()
        try terminal.enter(".sources")
        try terminal.waitForScreen("less, waiting") { $0.lines.first == " source | text" && $0.lastLine.hasPrefix(":") }
        #expect(!terminal.capture().lines.contains("(21 rows)"))
        terminal.press("q")
        try terminal.waitForPrompt("the prompt after less")
        try terminal.enter("count people")
        try terminal.waitForScreen("the session goes on") { $0.output(of: "count people") == [" count", "-------", "     2", "(1 row)"] }
    }
}
