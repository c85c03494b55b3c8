import Testing

@testable import FactQL

/// Invalid UTF-8 is found at the right byte, by Unicode's definition of well-formed sequences.
@Suite struct UTF8ValidationTests {
    static func firstInvalid(_ bytes: [UInt8]) -> Int? {
        SourceFile(name: nil, bytes: bytes).firstInvalidUTF8Offset()
    }

    @Test func wellFormedTextPasses() {
        #expect(Self.firstInvalid([]) == nil)
        #expect(Self.firstInvalid(Array("plain ASCII".utf8)) == nil)
        #expect(Self.firstInvalid(Array("Ü “quotes” 日本 😀 \u{10FFFF}".utf8)) == nil)
        #expect(Self.firstInvalid([0xED, 0x9F, 0xBF]) == nil)  // U+D7FF, just below the surrogates
        #expect(Self.firstInvalid([0xEE, 0x80, 0x80]) == nil)  // U+E000, just above them
    }

    @Test(arguments: [
        ([0x80], 0),  // a continuation byte alone
        ([0x41, 0xBF], 1),
        ([0xC0, 0x80], 0),  // overlong NUL
        ([0xC1, 0xBF], 0),  // overlong
        ([0xE0, 0x80, 0x80], 0),  // overlong three-byte form
        ([0xF0, 0x80, 0x80, 0x80], 0),  // overlong four-byte form
        ([0xED, 0xA0, 0x80], 0),  // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),  // past U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 0),
        ([0xFF], 0),
        ([0x61, 0xC3], 1),  // cut off at the end
        ([0x61, 0xE2, 0x80], 1),
        ([0xE2, 0x28, 0xA1], 0),  // a bad second byte
        ([0xE2, 0x82, 0x28], 0),  // a bad third byte
        ([0x61, 0x62, 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0x28], 6),  // after an emoji
    ] as [([UInt8], Int)])
    func invalidSequencesAreFoundWhereTheyStart(_ bytes: [UInt8], _ offset: Int) {
        #expect(Self.firstInvalid(bytes) == offset)
    }

    @Test func onlyTheGivenRangeIsChecked() {
        let source = SourceFile(name: nil, bytes: [0xFF, 0x61, 0x62, 0xFF])
        #expect(source.firstInvalidUTF8Offset(in: 1..<3) == nil)
        #expect(source.firstInvalidUTF8Offset(in: 1..<4) == 3)
    }

    @Test func theLexerReportsInvalidUTF8WithItsOffset() {
        var parser = Parser(source: SourceFile(name: "q.fq", bytes: Array("count ".utf8) + [0xFE] + Array(" x".utf8)))
        _ = parser.parseScript()
        #expect(parser.diagnostics.first?.message == "invalid UTF-8 at byte 6")
        #expect(parser.diagnostics.first?.locationText == "q.fq:1:7")
    }

    @Test func aSessionRunsNothingFromInvalidInput() {
        let session = Session(builtInFacts: false)
        var diagnostics: [Diagnostic] = []
        let ran = session.run(SourceFile(name: nil, bytes: Array("entity a : thing\n".utf8) + [0xC3])) { event in
            if case .diagnostic(let diagnostic) = event { diagnostics.append(diagnostic) }
        }
        #expect(!ran)
        #expect(diagnostics.map(\.message) == ["invalid UTF-8 at byte 17"])
        #expect(session.factBase.entityCount == 0)
    }
}
