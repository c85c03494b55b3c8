/// Draws a diagnostic the way compilers do:
///
/// ```
/// error: unknown entity 'CST'
///  --> queries.fq:1:18
///   |
/// 1 | count members of CST
///   |                  ^^^
///   = did you mean CSTO?
/// ```
public struct DiagnosticRenderer: Sendable {
    public var useColor: Bool

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var output = paint("\(diagnostic.severity.rawValue):", diagnostic.severity == .error ? "1;31" : "1;33")
        output += paint(" " + TerminalText.escape(diagnostic.message), "1")
        output += "\n"
        if let source = diagnostic.source, let span = diagnostic.span, let place = diagnostic.locationText {
            let location = source.location(of: span.start)
            let lineNumber = String(location.line)
            let gutter = String(repeating: " ", count: lineNumber.count)
            let lineRange = source.lineRange(containing: span.start)
            let lineText = String(decoding: source.bytes[lineRange], as: UTF8.self)
            let prefixEnd = max(lineRange.lowerBound, min(span.start, lineRange.upperBound))
            let markedEnd = max(prefixEnd, min(span.end, lineRange.upperBound))
            let prefix = String(decoding: source.bytes[lineRange.lowerBound..<prefixEnd], as: UTF8.self)
            let marked = String(decoding: source.bytes[prefixEnd..<markedEnd], as: UTF8.self)
            let caretColumn = TerminalText.displayWidth(of: TerminalText.escape(prefix))
            let caretWidth = max(1, TerminalText.displayWidth(of: TerminalText.escape(marked)))
            output += "\(gutter)\(paint("-->", "1;34")) \(place)\n"
            output += "\(gutter) \(paint("|", "1;34"))\n"
            output += "\(paint(lineNumber, "1;34")) \(paint("|", "1;34")) \(TerminalText.escape(lineText))\n"
            output += "\(gutter) \(paint("|", "1;34")) \(String(repeating: " ", count: caretColumn))"
            output += paint(String(repeating: "^", count: caretWidth), "1;31") + "\n"
            for note in diagnostic.notes {
                output += "\(gutter) \(paint("=", "1;34")) \(TerminalText.escape(note))\n"
            }
            if let suggestion = Self.suggestionText(diagnostic.suggestions) {
                output += "\(gutter) \(paint("=", "1;34")) \(TerminalText.escape(suggestion))\n"
            }
        } else {
            if let place = diagnostic.locationText { output += " --> \(TerminalText.escape(place))\n" }
            for note in diagnostic.notes { output += "  = \(TerminalText.escape(note))\n" }
            if let suggestion = Self.suggestionText(diagnostic.suggestions) {
                output += "  = \(TerminalText.escape(suggestion))\n"
            }
        }
        return output
    }

    /// `did you mean A?`, `did you mean A or B?`, `did you mean A, B or C?`
    static func suggestionText(_ suggestions: [String]) -> String? {
        guard let last = suggestions.last else { return nil }
        if suggestions.count == 1 { return "did you mean \(last)?" }
        return "did you mean \(suggestions.dropLast().joined(separator: ", ")) or \(last)?"
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1b}[\(code)m\(text)\u{1b}[0m" : text
    }
}
