/// `.tokens`: what the lexer makes of some text, one row per token: its kind, its text and its span.
public enum TokenDump {
    /// The lexer's tokens for `range` of `source`, including the end-of-input token the parser stops
    /// at, with the lexer's diagnostics (invalid characters, unterminated strings).
    public static func table(
        source: SourceFile, range: Range<Int>, shouldStop: () -> Bool = { false }
    ) throws(Diagnostic) -> (table: ResultTable, diagnostics: [Diagnostic]) {
        let lexer = Lexer(bytes: source.bytes, range: range)
        let locator = source.locator()
        var rows: [[Cell]] = []
        for (index, token) in lexer.tokens.enumerated() {
            if index & 0xFFF == 0xFFF && shouldStop() { throw Diagnostic(message: ".tokens interrupted") }
            rows.append([
                .text(kind(of: token.kind)), .text(source.text(of: token.span)),
                .text(SpanText.describe(token.span, in: locator)),
            ])
        }
        return (
            ResultTable(columns: ["kind", "text", "span"], rows: rows),
            lexer.diagnostics.map { $0.located(in: source) }
        )
    }

    /// The token's kind as the parser sees it: a newline and a `;` both end a statement.
    static func kind(of kind: TokenKind) -> String {
        switch kind {
        case .newline: return "end of statement"
        case .semicolon: return "end of statement"
        case .endOfInput: return "end of input"
        default: return kind.name
        }
    }
}
