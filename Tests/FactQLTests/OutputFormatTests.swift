import Testing

@testable import FactQL

@Suite struct OutputFormatTests {
    let table = ResultTable(
        columns: ["member", "since"],
        rows: [[.text("Armenia"), .text("2024-01")], [.text("Ölland, \"the\""), .integer(12)], [.text("x"), .null]])

    @Test func tablesAlignColumnsAndCountRows() {
        let text = ResultFormatter(format: .table).render(.table(table))
        #expect(
            text == """
                 member        | since
                ---------------+---------
                 Armenia       | 2024-01
                 Ölland, "the" | 12
                 x             | 
                (3 rows)

                """)
    }

    @Test func numericColumnsAlignRight() {
        let counts = ResultTable(columns: ["count"], rows: [[.integer(6)]])
        #expect(ResultFormatter(format: .table).render(.table(counts)) == " count\n-------\n     6\n(1 row)\n")
    }

    @Test func csvQuotesWhatNeedsQuoting() {
        let text = ResultFormatter(format: .csv).render(.table(table))
        #expect(text == "member,since\r\nArmenia,2024-01\r\n\"Ölland, \"\"the\"\"\",12\r\nx,\r\n")
    }

    @Test func jsonLinesAsPinned() {
        let text = ResultFormatter(format: .json).render(.table(table))
        #expect(
            text
                == "{\"columns\": [\"member\", \"since\"], \"rows\": [[\"Armenia\", \"2024-01\"], [\"Ölland, \\\"the\\\"\", 12], [\"x\", null]]}\n"
        )
        #expect(ResultFormatter.jsonString("a\u{1b}b\n") == "\"a\\u001bb\\n\"")
    }

    @Test func tablesEscapeControlCharacters() {
        let hostile = ResultTable(columns: ["entity"], rows: [[.text("evil\u{1b}]0;title\u{7}")]])
        let text = ResultFormatter(format: .table).render(.table(hostile))
        #expect(!text.contains("\u{1b}"))
        #expect(text.contains("evil\\u{1b}]0;title\\u{7}"))
    }

    @Test func definitionsPrintNothing() {
        #expect(ResultFormatter(format: .table).render(.defined) == "")
    }

    /// `why` marks a citation's quoted words in its sentence: underlined with colour, in brackets
    /// without (pipes, files, NO_COLOR).
    @Test func quotedWordsAreMarkedInTheirSentence() {
        let citation = CitedSentence(identifier: "s1", text: "Alpha joined the Union in 2001.", quote: "joined the Union")
        let explanation = Explanation(answer: "Alpha", steps: [ProofStep(fact: "Alpha member_of Union", citations: [citation], premises: [])])
        let plain = ResultFormatter(format: .table).render(.explanations(column: "member", [explanation]))
        #expect(plain.contains("[s1] \u{201C}Alpha [joined the Union] in 2001.\u{201D}"))
        let coloured = ResultFormatter(format: .table, useColor: true).render(.explanations(column: "member", [explanation]))
        #expect(coloured.contains("\u{201C}Alpha \u{1b}[4mjoined the Union\u{1b}[24m in 2001.\u{201D}"))
        // A quote that is not in the sentence (never loaded so) leaves it unmarked.
        let stray = CitedSentence(identifier: "s1", text: "Beta left.", quote: "Gamma")
        let unmarked = ResultFormatter(format: .table).render(
            .explanations(column: "member", [Explanation(answer: "Beta", steps: [ProofStep(fact: "f", citations: [stray], premises: [])])]))
        #expect(unmarked.contains("\u{201C}Beta left.\u{201D}"))
    }
}
