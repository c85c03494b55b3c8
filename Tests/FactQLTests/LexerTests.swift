import Testing

@testable import FactQL

@Suite struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        Lexer(bytes: Array(text.utf8)).tokens.map(\.kind)
    }

    func texts(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return Lexer(bytes: bytes).tokens.map { String(decoding: bytes[$0.span.start..<$0.span.end], as: UTF8.self) }
    }

    @Test func wordsKeywordsAndPunctuation() {
        #expect(
            kinds("members of CSTO where status = frozen") == [
                .word, .keyword(.of), .word, .keyword(.where), .word, .equal, .word, .endOfInput,
            ])
        #expect(kinds("COUNT Members OF x") == [.keyword(.count), .word, .keyword(.of), .word, .endOfInput])
        #expect(
            kinds("( ) { } , : ; != < <= > >= <> ==") == [
                .leftParen, .rightParen, .leftBrace, .rightBrace, .comma, .colon, .semicolon, .notEqual, .less,
                .lessEqual, .greater, .greaterEqual, .notEqual, .equal, .endOfInput,
            ])
    }

    @Test func numbersAndDates() {
        #expect(kinds("2018 -5 3.25 2024-01 2023-09-19") == [.integer, .integer, .decimal, .date, .date, .endOfInput])
        #expect(texts("2023-09-19 x") == ["2023-09-19", "x", ""])
        // Too many digits for a date's day: not a date.
        #expect(kinds("2023-09-191").first == .date)
    }

    @Test func spansAreByteOffsets() {
        let tokens = Lexer(bytes: Array("show “x” é".utf8)).tokens
        #expect(tokens[0].span == SourceSpan(start: 0, end: 4))
        // Non-ASCII letters continue names: “x” is one word of 7 bytes.
        #expect(tokens[1].span == SourceSpan(start: 5, end: 12))
    }

    @Test func stringsDecodeEscapes() {
        let bytes = Array(#""a\"b\\c\n\u{1F600}""#.utf8)
        let lexer = Lexer(bytes: bytes)
        #expect(lexer.tokens.first?.kind == .string)
        #expect(lexer.diagnostics.isEmpty)
        if let span = lexer.tokens.first?.span {
            #expect(Lexer.stringValue(of: span, in: bytes) == "a\"b\\c\n\u{1F600}")
        }
    }

    @Test func unterminatedStringIsOneInvalidToken() {
        let lexer = Lexer(bytes: Array("x = \"abc\ny".utf8))
        #expect(lexer.tokens.map(\.kind) == [.word, .equal, .invalid, .newline, .word, .endOfInput])
        #expect(lexer.diagnostics.map(\.message) == ["unterminated string"])
    }

    @Test func badCharactersBecomeInvalidTokensAndLexingGoesOn() {
        let lexer = Lexer(bytes: Array("a @ b ! c 12abc".utf8))
        #expect(lexer.tokens.map(\.kind) == [.word, .invalid, .word, .invalid, .word, .invalid, .endOfInput])
        #expect(lexer.diagnostics.count == 3)
        #expect(lexer.diagnostics[0].message == "unexpected character '@'")
    }

    @Test func commentsAreSkipped() {
        #expect(kinds("a # comment\nb -- another\nc") == [.word, .newline, .word, .newline, .word, .endOfInput])
    }

    @Test func newlinesEndStatementsExceptWhenTheStatementGoesOn() {
        #expect(kinds("a\nb") == [.word, .newline, .word, .endOfInput])
        #expect(kinds("a where\nb") == [.word, .keyword(.where), .word, .endOfInput])
        #expect(kinds("(a\nb)") == [.leftParen, .word, .word, .rightParen, .endOfInput])
        #expect(kinds("x =\n1") == [.word, .equal, .integer, .endOfInput])
        #expect(kinds("\n\na\n\n") == [.word, .newline, .endOfInput])
    }

    @Test func incompleteInputIsDetected() {
        #expect(Lexer(bytes: Array("members of".utf8)).isIncomplete)
        #expect(Lexer(bytes: Array("leaders of (members of CSTO".utf8)).isIncomplete)
        #expect(Lexer(bytes: Array("fact a b c {".utf8)).isIncomplete)
        #expect(!Lexer(bytes: Array("members of CSTO".utf8)).isIncomplete)
        #expect(!Lexer(bytes: Array("countries order by kind".utf8)).isIncomplete)
    }

    @Test func lexesASubrange() {
        let bytes = Array("ignored show x ignored".utf8)
        let lexer = Lexer(bytes: bytes, range: 8..<14)
        #expect(lexer.tokens.map(\.kind) == [.keyword(.show), .word, .endOfInput])
        #expect(lexer.tokens[0].span.start == 8)
    }
}

@Suite struct DecimalLiteralRangeTests {
    @Test func aDecimalTooSmallIsOutOfRangeLikeOneTooLarge() {
        #expect(Lexer.decimalValue("1" + String(repeating: "0", count: 400) + ".5") == nil)
        #expect(Lexer.decimalValue("0." + String(repeating: "0", count: 400) + "1") == nil)
        // Subnormal: it would keep only a few digits.
        #expect(Lexer.decimalValue("0." + String(repeating: "0", count: 310) + "1") == nil)
        #expect(Lexer.decimalValue("0.000") == 0)
        #expect(Lexer.decimalValue("2.5") == 2.5)
        #expect(Lexer.decimalValue("0." + String(repeating: "0", count: 300) + "1") == 1e-301)
    }
}
