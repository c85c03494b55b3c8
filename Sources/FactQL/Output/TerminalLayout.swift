/// Fitting output to a terminal's width: a table too wide is wrapped or shown in expanded display,
/// proof lines wrap at word boundaries. Only with `width` set, that is only on a terminal; files,
/// pipes and scripts get the text unchanged.
extension ResultFormatter {
    /// A last column narrower than this is not wrapped: the table goes to expanded display.
    static let narrowestWrappedColumn = 16

    /// The aligned table when it fits the terminal; else, when only a long last column (a
    /// sentence, as in `.sources`) overflows, the table with that column wrapped; else expanded
    /// display (psql's `\x auto`).
    func renderFitted(_ table: ResultTable) -> String {
        guard let width else { return renderTable(table) }
        let header = table.columns.map { TerminalText.displayWidth(of: TerminalText.escape($0)) }
        var widths = header
        for row in table.rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], TerminalText.displayWidth(of: TerminalText.escape(cell.displayText)))
            }
        }
        // ` a | b` lines and the `---+---` line under the header: each column and 3 more, less 1.
        let tableWidth = widths.reduce(0, +) + 3 * widths.count - 1
        if tableWidth <= width { return renderTable(table) }
        guard let last = widths.indices.last else { return renderTable(table) }
        let lastIsNumeric = !table.rows.isEmpty && table.rows.allSatisfy { last < $0.count && $0[last].isNumeric }
        let room = width - (tableWidth - widths[last])
        if !lastIsNumeric && room >= max(Self.narrowestWrappedColumn, header[last]) {
            return renderTable(table, lastColumnWidth: room)
        }
        return renderExpanded(table)
    }

    /// Expanded display: each row as a record of `column | value` lines, values wrapped to the
    /// terminal's width when there is one.
    ///
    /// ```
    /// -[ RECORD 1 ]-----
    /// member | Armenia
    /// status | frozen
    /// ```
    public func renderExpanded(_ table: ResultTable) -> String {
        let names = table.columns.map { TerminalText.escape($0) }
        let nameWidth = names.map(TerminalText.displayWidth(of:)).max() ?? 0
        let room = width.map { $0 - nameWidth - 3 }
        var records: [[String]] = []
        var widest = 0
        for row in table.rows {
            var lines: [String] = []
            for (column, name) in names.enumerated() {
                let value = column < row.count ? TerminalText.escape(row[column].displayText) : ""
                let pieces = room.map { $0 >= Self.narrowestWrappedColumn ? Self.wordWrap(value, width: $0) : [value] } ?? [value]
                let padding = String(repeating: " ", count: nameWidth - TerminalText.displayWidth(of: name))
                let label = useColor ? "\u{1b}[1m\(name)\u{1b}[0m" : name
                for (index, piece) in pieces.enumerated() {
                    let start = index == 0 ? label + padding : String(repeating: " ", count: nameWidth)
                    let line = piece.isEmpty ? start + " |" : start + " | " + piece
                    widest = max(widest, nameWidth + 3 + TerminalText.displayWidth(of: piece))
                    lines.append(line)
                }
            }
            records.append(lines)
        }
        var output = ""
        for (index, lines) in records.enumerated() {
            let title = "-[ RECORD \(index + 1) ]"
            // As wide as the widest line, but not past the terminal (or 80 columns without one).
            let ruleWidth = min(max(widest, title.count + 1), width ?? 80)
            output += title + String(repeating: "-", count: max(1, ruleWidth - title.count)) + "\n"
            for line in lines { output += line + "\n" }
        }
        output += table.rows.count == 1 ? "(1 row)\n" : "(\(table.rows.count) rows)\n"
        return output
    }

    /// `line` (with its newline), broken at spaces so that no piece is wider than the terminal;
    /// later pieces start `hangingIndent` columns in. Colour and underline codes take no room,
    /// and an underline open at a break is closed before it and opened again after the indent.
    func wrapped(_ line: String, hangingIndent: Int) -> String {
        guard let width, Self.visibleWidth(line) > width else { return line + "\n" }
        let indent = String(repeating: " ", count: min(hangingIndent, width / 2))
        let leading = line.prefix { $0 == " " }
        var output = String(leading)
        var used = leading.count
        var hasWord = false
        var underlined = false
        for word in line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = Self.visibleWidth(word)
            if hasWord && used + 1 + wordWidth > width {
                output += (underlined ? "\u{1b}[24m" : "") + "\n" + indent + (underlined ? "\u{1b}[4m" : "")
                used = indent.count
                hasWord = false
            }
            if hasWord {
                output += " "
                used += 1
            }
            output += word
            used += wordWidth
            hasWord = true
            // The last code in the word says whether underlining goes on past it.
            for code in word.split(separator: "\u{1b}[", omittingEmptySubsequences: false).dropFirst() {
                if code.hasPrefix("4m") { underlined = true } else if code.hasPrefix("24m") || code.hasPrefix("0m") { underlined = false }
            }
        }
        return output + "\n"
    }

    /// `text` in lines of at most `width` columns, broken at spaces; a word longer than a line is
    /// cut. At least one line, even for empty text.
    static func wordWrap(_ text: String, width: Int) -> [String] {
        guard TerminalText.displayWidth(of: text) > width, width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = word
            var wordWidth = TerminalText.displayWidth(of: String(word))
            if used > 0 && used + 1 + wordWidth > width {
                lines.append(current)
                current = ""
                used = 0
            }
            // A word wider than a whole line is cut into pieces that fit; the last piece goes on.
            while wordWidth > width {
                var piece = ""
                var pieceWidth = 0
                while let character = word.first {
                    let characterWidth = TerminalText.displayWidth(of: String(character))
                    if pieceWidth + characterWidth > width && pieceWidth > 0 { break }
                    piece.append(character)
                    pieceWidth += characterWidth
                    word = word.dropFirst()
                }
                lines.append(piece)
                // Not measured again: a huge word would make that quadratic.
                wordWidth -= pieceWidth
            }
            if word.isEmpty { continue }
            if used > 0 {
                current += " "
                used += 1
            }
            current += word
            used += wordWidth
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Columns the text takes on a terminal, not counting `ESC [ ... m` colour codes.
    static func visibleWidth<Text: StringProtocol>(_ text: Text) -> Int {
        guard text.contains("\u{1b}") else { return TerminalText.displayWidth(of: String(text)) }
        var plain = String.UnicodeScalarView()
        var inCode = false
        for scalar in text.unicodeScalars {
            if inCode {
                if scalar == "m" { inCode = false }
            } else if scalar == "\u{1b}" {
                inCode = true
            } else {
                plain.append(scalar)
            }
        }
        return TerminalText.displayWidth(of: String(plain))
    }
}
