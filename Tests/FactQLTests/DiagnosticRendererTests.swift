import Testing

@testable import FactQL

@Suite struct DiagnosticRendererTests {
    @Test func rendersLocationLineAndCaret() {
        let source = SourceFile(name: "q.fq", text: "count countries\ncount members of CST\n")
        let diagnostic = Diagnostic(
            message: "unknown entity 'CST'", source: source, span: SourceSpan(start: 33, end: 36), suggestions: ["CSTO"])
        #expect(
            DiagnosticRenderer().render(diagnostic) == """
                error: unknown entity 'CST'
                 --> q.fq:2:18
                  |
                2 | count members of CST
                  |                  ^^^
                  = did you mean CSTO?

                """)
    }

    @Test func unnamedInputShowsLineAndColumnOnly() {
        let source = SourceFile(name: nil, text: "x", firstLine: 7)
        let diagnostic = Diagnostic(message: "m", source: source, span: SourceSpan(start: 0, end: 1))
        #expect(diagnostic.locationText == "7:1")
    }

    @Test func columnsCountCharactersNotBytes() {
        let source = SourceFile(name: nil, text: "show “Ü” bad")
        let diagnostic = Diagnostic(message: "m", source: source, span: SourceSpan(start: 14, end: 17))
        let rendered = DiagnosticRenderer().render(diagnostic)
        #expect(diagnostic.locationText == "1:10")
        #expect(rendered.contains("  |          ^^^\n"))
    }

    @Test func controlCharactersAreEscapedAndTheCaretStaysAligned() {
        let source = SourceFile(name: nil, text: "show \u{1b}[31mX nope")
        let diagnostic = Diagnostic(message: "unknown entity '\u{1b}[31mX'", source: source, span: SourceSpan(start: 5, end: 11))
        let rendered = DiagnosticRenderer().render(diagnostic)
        #expect(!rendered.contains("\u{1b}"))
        #expect(rendered.contains("1 | show \\u{1b}[31mX nope\n"))
        #expect(rendered.contains("  |      ^^^^^^^^^^^\n"))
    }

    @Test func suggestionLists() {
        #expect(DiagnosticRenderer.suggestionText([]) == nil)
        #expect(DiagnosticRenderer.suggestionText(["A"]) == "did you mean A?")
        #expect(DiagnosticRenderer.suggestionText(["A", "B"]) == "did you mean A or B?")
        #expect(DiagnosticRenderer.suggestionText(["A", "B", "C"]) == "did you mean A, B or C?")
    }

    @Test func colourOnlyWhenAsked() {
        let diagnostic = Diagnostic(message: "m")
        #expect(!DiagnosticRenderer(useColor: false).render(diagnostic).contains("\u{1b}"))
        #expect(DiagnosticRenderer(useColor: true).render(diagnostic).contains("\u{1b}[1;31m"))
    }

    @Test func nearestNames() {
        #expect(Suggestions.nearest(to: "CST", among: ["CSTO", "ICC", "EU"]) == ["CSTO"])
        #expect(Suggestions.nearest(to: "armenai", among: ["Armenia", "Russia"]) == ["Armenia"])
        #expect(Suggestions.nearest(to: "zzzzzz", among: ["Armenia", "Russia"]) == [])
        #expect(Suggestions.nearest(to: "Rusia", among: ["Russia", "Belarus"]) == ["Russia"])
    }
}
