import Foundation
import Testing

@testable import FactQL

/// Control characters from fact files and input never reach a terminal raw: tables, text from
/// meta-commands, `why`, errors and their caret lines show them escaped (`\u{1b}`). CSV keeps the
/// data byte for byte when it goes to a file or a pipe, and escapes it for a terminal.
@Suite struct BadInputTerminalTests {
    static let escape = "\u{1b}"
    /// An entity whose name turns the terminal red, a kind that sets the window title, and a source
    /// sentence that clears the screen.
    static let hostileFacts = """
        source s1 "Red is here.\u{1b}[2J"
        entity "\u{1b}[31mRed" : "\u{1b}]0;owned\u{7}"
        relation likes (fan, idol)
        fact "\u{1b}[31mRed" likes Armenia cites s1
        """

    static func runWithHostileFacts(_ arguments: [String], environment: [String: String] = [:]) throws -> BinaryRunner.Outcome {
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try hostileFacts.write(to: directory.appendingPathComponent("hostile.facts"), atomically: true, encoding: .utf8)
        return try BinaryRunner.run(["--facts", "hostile.facts"] + arguments, directory: directory, environment: environment)
    }

    @Test func anEscapeInAnEntityNameIsPrintedEscapedInATable() throws {
        let outcome = try Self.runWithHostileFacts(["-e", "fans of Armenia"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == " fan\n---------------\n \\u{1b}[31mRed\n(1 row)\n")
        #expect(!outcome.standardOutput.contains(Self.escape))
    }

    @Test func anEscapeInAnEntityNameIsPrintedEscapedInAnError() throws {
        let outcome = try Self.runWithHostileFacts(["-e", "show \"\u{1b}[31mRex\""])
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError == """
                error: unknown entity '\\u{1b}[31mRex'
                 --> 1:6
                  |
                1 | show "\\u{1b}[31mRex"
                  |      ^^^^^^^^^^^^^^^
                  = did you mean \\u{1b}[31mRed?

                """)
        #expect(!outcome.standardError.contains(Self.escape))
    }

    @Test func metaCommandTextAndExplanationsAreEscaped() throws {
        let outcome = try Self.runWithHostileFacts(["-e", ".schema", "-e", ".entities", "-e", "why fans of Armenia", "-e", ".sources"])
        #expect(outcome.status == 0)
        #expect(!outcome.standardOutput.contains(Self.escape))
        #expect(!outcome.standardOutput.contains("\u{7}"))
        #expect(outcome.standardOutput.contains("kind \"\\u{1b}]0;owned\\u{7}\""))
        #expect(outcome.standardOutput.contains("[s1] \u{201C}Red is here.\\u{1b}[2J\u{201D}"))
    }

    @Test func csvKeepsTheBytesForProgramsAndJSONEscapesThem() throws {
        let csv = try Self.runWithHostileFacts(["--format", "csv", "-e", "fans of Armenia"])
        #expect(csv.standardOutput == "fan\r\n\u{1b}[31mRed\r\n")
        let json = try Self.runWithHostileFacts(["--format", "json", "-e", "fans of Armenia"])
        #expect(json.standardOutput == "{\"columns\": [\"fan\"], \"rows\": [[\"\\u001b[31mRed\"]]}\n")
    }

    @Test func csvForATerminalIsEscaped() {
        let table = ResultTable(columns: ["fan"], rows: [[.text("\u{1b}[31mRed\r\nx")]])
        #expect(ResultFormatter(format: .csv, forTerminal: true).render(.table(table)) == "fan\r\n\\u{1b}[31mRed\\u{d}\\u{a}x\r\n")
        #expect(ResultFormatter(format: .csv, forTerminal: false).render(.table(table)) == "fan\r\n\"\u{1b}[31mRed\r\nx\"\r\n")
    }

    @Test func bidirectionalOverridesAreEscapedInJSON() {
        #expect(ResultFormatter.jsonString("a\u{202E}b\u{1b}") == "\"a\\u202eb\\u001b\"")
    }

    @Test func noColourOrEscapeCodesWhenTheOutputIsNotATerminal() throws {
        // NO_COLOR empty counts as unset (no-color.org): only the pipes keep colour away here.
        let outcome = try BinaryRunner.run(
            ["--keep-going", "-e", "members of CSTO where status = frozen", "-e", "why leader of Armenia", "-e", "show CST"],
            environment: ["NO_COLOR": ""])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("Armenia"))
        #expect(outcome.standardError.hasPrefix("error: unknown entity 'CST'"))
        #expect(!outcome.standardOutput.contains(Self.escape))
        #expect(!outcome.standardError.contains(Self.escape))
    }

    // MARK: Long lines in diagnostics

    @Test func aLongLineIsShownAsAWindowAroundTheError() {
        let line = String(repeating: "a", count: 500) + " BAD " + String(repeating: "z", count: 500)
        let source = SourceFile(name: "long.fq", text: line)
        let diagnostic = Diagnostic(message: "m", source: source, span: SourceSpan(start: 501, end: 504))
        let rendered = DiagnosticRenderer().render(diagnostic).split(separator: "\n", omittingEmptySubsequences: false)
        let shown = String(rendered[3].dropFirst(4))
        let caret = String(rendered[4].dropFirst(4))
        #expect(shown == "\u{2026}" + String(repeating: "a", count: 76) + " BAD " + String(repeating: "z", count: 77) + "\u{2026}")
        #expect(caret == String(repeating: " ", count: 78) + "^^^")
        #expect(TerminalText.displayWidth(of: shown) <= DiagnosticRenderer.maximumWidth)
    }

    @Test func aSpanStartingInsideACharacterStillRenders() {
        // Found by fuzzing: a line that starts with a UTF-8 continuation byte once made the window's
        // start pass the span's start, and the renderer crashed on the reversed range.
        let source = SourceFile(name: nil, bytes: Array("x\n".utf8) + [0x80, 0x80] + Array(" y".utf8))
        let diagnostic = Diagnostic(message: "m", source: source, span: SourceSpan(start: 2, end: 4))
        let rendered = DiagnosticRenderer().render(diagnostic)
        #expect(rendered == "error: m\n --> 2:1\n  |\n2 | \u{FFFD}\u{FFFD} y\n  | ^^\n")
    }

    @Test func aHugeMessageIsCut() {
        let diagnostic = Diagnostic(message: "unknown entity '" + String(repeating: "q", count: 10_000) + "'")
        let rendered = DiagnosticRenderer().render(diagnostic)
        #expect(rendered.count < 1000)
        #expect(rendered.hasSuffix("q\u{2026}\n"))
    }
}
