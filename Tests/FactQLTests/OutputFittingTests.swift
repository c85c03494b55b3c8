import Testing

@testable import FactQL

/// Output fitted to a terminal's width (the formatter's `width`): tables wrapped or in expanded
/// display, proofs wrapped at word boundaries; and `.mode line`. Without a width nothing changes.
@Suite struct OutputFittingTests {
    let session = Session()

    func result(_ text: String) -> StatementResult? {
        TestSession.run(text, in: session).results.first
    }

    let wide = ResultTable(
        columns: ["subject", "relation", "object", "attributes"],
        rows: [
            [.text("Armenia"), .text("member_of"), .text("CSTO"), .text("status: frozen, act: \"freeze of participation\"")],
            [.text("Armenia"), .text("member_of"), .text("ICC"), .null],
        ])

    @Test func aTableThatFitsIsDrawnAsWithoutAWidth() {
        let plain = ResultFormatter(format: .table).render(.table(wide))
        #expect(ResultFormatter(format: .table, width: 200).render(.table(wide)) == plain)
        #expect(ResultFormatter(format: .table, width: nil).render(.table(wide)) == plain)
    }

    /// The rule under each record is as wide as its widest line; values wrap in the 17 columns
    /// left beside the names.
    @Test func aTableWiderThanTheTerminalTurnsToExpandedDisplay() {
        let text = ResultFormatter(format: .table, width: 30).render(.table(wide))
        #expect(
            text == """
                -[ RECORD 1 ]---------------
                subject    | Armenia
                relation   | member_of
                object     | CSTO
                attributes | status: frozen,
                           | act: "freeze of
                           | participation"
                -[ RECORD 2 ]---------------
                subject    | Armenia
                relation   | member_of
                object     | ICC
                attributes |
                (2 rows)

                """)
        for line in text.split(separator: "\n") { #expect(line.count <= 30, "\(line)") }
    }

    @Test func modeLineIsExpandedDisplayAlwaysAndDoesNotWrapWithoutAWidth() {
        let counts = ResultTable(columns: ["organization", "count"], rows: [[.text("CSTO"), .integer(6)]])
        #expect(
            ResultFormatter(format: .line).render(.table(counts))
                == "-[ RECORD 1 ]------\norganization | CSTO\ncount        | 6\n(1 row)\n")
        let long = ResultFormatter(format: .line).render(.table(wide))
        #expect(long.contains("attributes | status: frozen, act: \"freeze of participation\"\n"))
        #expect(ResultFormatter(format: .line).render(.table(ResultTable(columns: ["a"], rows: []))) == "(0 rows)\n")
    }

    @Test func aLongLastColumnWrapsAtWordBoundariesInItsCell() throws {
        let sources = try #require(result(".sources"))
        let text = ResultFormatter(format: .table, width: 60).render(sources)
        let lines = text.split(separator: "\n").map(String.init)
        for line in lines { #expect(TerminalText.displayWidth(of: line) <= 60, "\(line)") }
        #expect(lines[0] == " source | text")
        #expect(lines[2] == " p1s1   | Armenia recently announced that it will not be")
        #expect(lines[3] == "        | participating in the financing of the Collective")
        // Every word of the sentence is there, in order, none cut.
        guard case .table(let table) = sources, case .text(let sentence) = table.rows[0][1] else {
            Issue.record("no sources table")
            return
        }
        var cell: [String] = []
        for line in lines.dropFirst(2) {
            if line.hasPrefix(" p1s2") { break }
            cell.append(String(line.dropFirst(10)))
        }
        #expect(cell.joined(separator: " ") == sentence)
        #expect(lines.last == "(21 rows)")
    }

    @Test func whyWrapsKeepingTheProofTreesIndent() throws {
        let why = try #require(result("why is Armenia a member of CSTO"))
        let plain = ResultFormatter(format: .table).render(why)
        let wrapped = ResultFormatter(format: .table, width: 50).render(why)
        #expect(plain != wrapped)
        let lines = wrapped.split(separator: "\n").map(String.init)
        for line in lines { #expect(TerminalText.displayWidth(of: line) <= 50, "\(line)") }
        // The same words, only the breaks differ.
        #expect(plain.split(whereSeparator: { $0 == " " || $0 == "\n" }) == wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }))
        // A citation's lines go on under the text after its [id].
        let citation = try #require(lines.firstIndex { $0.hasPrefix("      [p2s3] ") })
        #expect(lines[citation + 1].hasPrefix(String(repeating: " ", count: 13)) && lines[citation + 1].dropFirst(13).first != " ")
        let because = try #require(lines.firstIndex { $0.hasPrefix("  because ") })
        #expect(lines[because + 1].hasPrefix(String(repeating: " ", count: 10)))
    }

    @Test func underliningIsClosedAtABreakAndOpenedAgain() {
        let formatter = ResultFormatter(format: .table, useColor: true, width: 30)
        let text = formatter.wrapped("    [p] \u{1b}[4mone two three four five six seven\u{1b}[24m end", hangingIndent: 8)
        #expect(text == "    [p] \u{1b}[4mone two three four\u{1b}[24m\n        \u{1b}[4mfive six seven\u{1b}[24m end\n")
    }

    @Test func aWordLongerThanTheColumnIsCut() {
        #expect(ResultFormatter.wordWrap("abcdefghij kl", width: 4) == ["abcd", "efgh", "ij", "kl"])
        #expect(ResultFormatter.wordWrap("", width: 4) == [""])
        #expect(ResultFormatter.wordWrap("a b", width: 10) == ["a b"])
    }

    @Test func theErrorExcerptIsCutAtTheWidth() throws {
        let diagnostics = TestSession.run("members of CSTO where \(String(repeating: "x", count: 60)) = 1 and sttus = frozen", in: session)
            .diagnostics
        let diagnostic = try #require(diagnostics.first)
        let narrow = DiagnosticRenderer(width: 40).render(diagnostic)
        let excerpt = try #require(narrow.split(separator: "\n").first { $0.hasPrefix("1 | ") })
        #expect(TerminalText.displayWidth(of: String(excerpt)) <= 40, "\(excerpt)")
        #expect(excerpt.contains("\u{2026}"))
        // Without a width, the fixed 160 columns: the whole line.
        let wide = DiagnosticRenderer().render(diagnostic)
        #expect(wide.contains("1 | members of CSTO where \(String(repeating: "x", count: 60)) = 1 and sttus = frozen\n"))
    }

    @Test func jsonGivesTimerTraceAndTextObjectsOfTheirOwn() {
        let json = ResultFormatter(format: .json)
        #expect(json.render(.timer(.milliseconds(12))) == "{\"timer\": {\"milliseconds\": 12.000}}\n")
        #expect(
            json.render(.trace(step: "join     members of CSTO", rows: 6))
                == "{\"trace\": {\"step\": \"join\", \"query\": \"members of CSTO\", \"rows\": 6}}\n")
        #expect(json.render(.text("a\n\"b\"")) == "{\"text\": \"a\\n\\\"b\\\"\"}\n")
        #expect(json.render(.text("")) == "")
        let table = ResultFormatter(format: .table)
        #expect(table.render(.timer(.milliseconds(12))) == "Run Time: 12.000 ms\n")
        #expect(table.render(.trace(step: "join     members of CSTO", rows: 1)) == "trace: join     members of CSTO -> 1 row\n")
    }
}

extension OutputFittingTests {
    /// A long word in one cell, on a narrow terminal: cut into lines (each piece is not measured
    /// again, so a huge cell costs its length), nothing lost.
    @Test func aHugeCellIsWrappedWhole() {
        let huge = String(repeating: "ab", count: 50_000)
        let table = ResultTable(columns: ["name", "text"], rows: [[.text("x"), .text(huge)]])
        let text = ResultFormatter(format: .table, width: 40).render(.table(table))
        let lines = text.split(separator: "\n")
        // ` x    | ` then 31 columns a line: 100,000 / 31 rounded up.
        #expect(lines.count == 2 + 3226 + 1)
        let cell = lines.dropFirst(2).dropLast().map { $0.dropFirst(8) }.joined()
        #expect(cell == huge, "the cell's lines do not make up its text")
        let expanded = ResultFormatter(format: .line, width: 40).render(.table(table))
        let value = expanded.split(separator: "\n").dropFirst(2).dropLast().map { $0.dropFirst(7) }.joined()
        #expect(value == huge, "the record's lines do not make up the value")
    }
}
