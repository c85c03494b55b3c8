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
    /// The terminal's width, when errors go to one: the source line is cut to fit it. Nil (a
    /// file, a pipe) keeps the fixed `maximumWidth`, so scripts' errors read the same anywhere.
    public var width: Int?

    public init(useColor: Bool = false, width: Int? = nil) {
        self.useColor = useColor
        self.width = width
    }

    /// A source line wider than this is shown as a window around the marked text, and longer
    /// messages and notes are cut, so a megabyte line gives a readable error.
    public static let maximumWidth = 160
    /// Terminals narrower than this still get an excerpt this wide.
    static let narrowestExcerpt = 20

    public func render(_ diagnostic: Diagnostic) -> String {
        var output = paint("\(diagnostic.severity.rawValue):", diagnostic.severity == .error ? "1;31" : "1;33")
        output += paint(" " + Self.shown(diagnostic.message), "1")
        output += "\n"
        if let source = diagnostic.source, let span = diagnostic.span, let place = diagnostic.locationText {
            let location = source.location(of: span.start)
            let lineNumber = String(location.line)
            let gutter = String(repeating: " ", count: lineNumber.count)
            // The excerpt, after `12 | `, fits the terminal (never narrower than a short phrase).
            let room = width.map { max(Self.narrowestExcerpt, min(Self.maximumWidth, $0 - gutter.count - 3)) } ?? Self.maximumWidth
            let line = Self.window(of: source, around: span, width: room)
            output += "\(gutter)\(paint("-->", "1;34")) \(Self.shown(place))\n"
            output += "\(gutter) \(paint("|", "1;34"))\n"
            output += "\(paint(lineNumber, "1;34")) \(paint("|", "1;34")) \(line.text)\n"
            output += "\(gutter) \(paint("|", "1;34")) \(String(repeating: " ", count: line.caretColumn))"
            output += paint(String(repeating: "^", count: line.caretWidth), "1;31") + "\n"
            for note in diagnostic.notes {
                output += "\(gutter) \(paint("=", "1;34")) \(Self.shown(note))\n"
            }
            if let suggestion = Self.suggestionText(diagnostic.suggestions) {
                output += "\(gutter) \(paint("=", "1;34")) \(Self.shown(suggestion))\n"
            }
        } else {
            if let place = diagnostic.locationText { output += " --> \(Self.shown(place))\n" }
            for note in diagnostic.notes { output += "  = \(Self.shown(note))\n" }
            if let suggestion = Self.suggestionText(diagnostic.suggestions) {
                output += "  = \(Self.shown(suggestion))\n"
            }
        }
        return output
    }

    /// Text from a diagnostic as it may reach a terminal: control characters escaped, and cut
    /// with an ellipsis past a few lines' width.
    static func shown(_ text: String) -> String {
        // Cut the raw text first, so a huge message is never escaped whole.
        let limit = maximumWidth * 4
        let cut = text.unicodeScalars.count > limit
        let kept = cut ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) : text
        return TerminalText.escape(kept) + (cut ? "\u{2026}" : "")
    }

    /// The source line of `span`, escaped, with the caret's column and width; a long line is cut
    /// to a window around the span, with an ellipsis where text was left out.
    static func window(
        of source: SourceFile, around span: SourceSpan, width maximumWidth: Int = maximumWidth
    ) -> (text: String, caretColumn: Int, caretWidth: Int) {
        let bytes = source.bytes
        let lineRange = source.lineRange(containing: span.start)
        let markStart = max(lineRange.lowerBound, min(span.start, lineRange.upperBound))
        let markEnd = max(markStart, min(span.end, lineRange.upperBound))
        // Only a bounded number of bytes on each side can be shown; never decode the whole line.
        let reach = maximumWidth * 4
        // In order: line start <= windowStart <= markStart <= shownMarkEnd <= windowEnd <= line end,
        // each moved to the start of a character where it can be (the span may start inside one).
        let windowStart = min(markStart, scalarBoundary(in: bytes, atOrAfter: max(lineRange.lowerBound, markStart - reach)))
        let shownMarkEnd = max(markStart, min(markEnd, scalarBoundary(in: bytes, atOrAfter: min(markEnd, markStart + reach))))
        let windowEnd = max(
            shownMarkEnd, min(lineRange.upperBound, scalarBoundary(in: bytes, atOrAfter: min(lineRange.upperBound, markEnd + reach))))
        var prefix = TerminalText.escape(String(decoding: bytes[windowStart..<markStart], as: UTF8.self))
        var marked = TerminalText.escape(String(decoding: bytes[markStart..<shownMarkEnd], as: UTF8.self))
        var suffix = TerminalText.escape(String(decoding: bytes[shownMarkEnd..<windowEnd], as: UTF8.self))
        var cutBefore = windowStart > lineRange.lowerBound
        var cutAfter = windowEnd < lineRange.upperBound || shownMarkEnd < markEnd
        let prefixWidth = TerminalText.displayWidth(of: prefix)
        var markedWidth = TerminalText.displayWidth(of: marked)
        let suffixWidth = TerminalText.displayWidth(of: suffix)
        if prefixWidth + markedWidth + suffixWidth > maximumWidth {
            if markedWidth > maximumWidth / 2 {
                marked = leading(marked, width: maximumWidth / 2)
                markedWidth = TerminalText.displayWidth(of: marked)
                suffix = ""
                cutAfter = true
            }
            let room = maximumWidth - markedWidth - 2  // two columns for the ellipses
            let prefixRoom = min(prefixWidth, max(room / 2, room - suffixWidth))
            if prefixRoom < prefixWidth {
                prefix = trailing(prefix, width: prefixRoom)
                cutBefore = true
            }
            let suffixRoom = room - TerminalText.displayWidth(of: prefix)
            if suffixRoom < TerminalText.displayWidth(of: suffix) {
                suffix = leading(suffix, width: suffixRoom)
                cutAfter = true
            }
        }
        let ellipsis = "\u{2026}"
        let before = cutBefore ? ellipsis : ""
        let text = before + prefix + marked + suffix + (cutAfter ? ellipsis : "")
        let caretColumn = TerminalText.displayWidth(of: before + prefix)
        return (text, caretColumn, max(1, markedWidth))
    }

    /// `offset`, moved forward past UTF-8 continuation bytes so that it starts a character.
    private static func scalarBoundary(in bytes: [UInt8], atOrAfter offset: Int) -> Int {
        var index = max(0, min(offset, bytes.count))
        while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
        return index
    }

    /// The start of `text` that fits in `width` columns.
    private static func leading(_ text: String, width: Int) -> String {
        var kept = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let scalarWidth = TerminalText.displayWidth(of: String(scalar))
            if used + scalarWidth > width { break }
            kept.append(scalar)
            used += scalarWidth
        }
        return String(kept)
    }

    /// The end of `text` that fits in `width` columns.
    private static func trailing(_ text: String, width: Int) -> String {
        var kept: [Unicode.Scalar] = []
        var used = 0
        for scalar in text.unicodeScalars.reversed() {
            let scalarWidth = TerminalText.displayWidth(of: String(scalar))
            if used + scalarWidth > width { break }
            kept.append(scalar)
            used += scalarWidth
        }
        return String(String.UnicodeScalarView(kept.reversed()))
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
