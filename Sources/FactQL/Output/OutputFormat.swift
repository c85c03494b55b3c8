/// The output modes: aligned tables for people (or one `column | value` line per cell), CSV and
/// JSON Lines for programs.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case csv
    case json
    /// Expanded display: each row as `column | value` lines (psql's `\x`).
    case line

    /// Whether the format is read by people: proofs and the like are drawn, not flattened to rows.
    var isForPeople: Bool { self == .table || self == .line }
}

/// Renders statement results as text in one of the output formats. It returns strings; the
/// caller decides where they go.
public struct ResultFormatter: Sendable {
    public var format: OutputFormat
    /// Bold headers in tables; only ever set for a terminal without NO_COLOR.
    public var useColor: Bool
    /// The output goes to a terminal: CSV fields then show control characters escaped too (tables,
    /// text and JSON always do). Written to a file or a pipe, CSV keeps the data byte for byte.
    public var forTerminal: Bool
    /// The terminal's width in columns, only when the output is a terminal: a table wider than
    /// this is shown in expanded display, and proofs wrap at word boundaries. Nil leaves the
    /// text as it is, whatever its width (files, pipes and scripts).
    public var width: Int?

    public init(format: OutputFormat, useColor: Bool = false, forTerminal: Bool = false, width: Int? = nil) {
        self.format = format
        self.useColor = useColor
        self.forTerminal = forTerminal
        self.width = width.map { max($0, Self.narrowestWidth) }
    }

    /// Narrower terminals are drawn for as if they had this many columns.
    static let narrowestWidth = 20

    /// The text for one result, ending in a newline; empty when there is nothing to show.
    public func render(_ result: StatementResult) -> String {
        switch result {
        case .defined: return ""
        case .text(let text) where format == .json:
            return text.isEmpty ? "" : "{\"text\": \(Self.jsonString(text))}\n"
        case .trace(let step, let rows) where format == .json:
            return "{\"trace\": " + Self.jsonTrace(step: step, rows: rows) + "}\n"
        case .timer(let duration) where format == .json:
            return "{\"timer\": {\"milliseconds\": \(Session.milliseconds(duration))}}\n"
        case .trace(let step, let rows):
            return TerminalText.escape(TraceText.line(step: step, rows: rows)) + "\n"
        case .timer(let duration):
            return "Run Time: \(Session.milliseconds(duration)) ms\n"
        case .text(let text):
            if text.isEmpty { return "" }
            // Meta-commands' text (`.schema`, ...) holds names from fact files: escape each line.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let shown = lines.map { TerminalText.escape(String($0)) }.joined(separator: "\n")
            return shown.hasSuffix("\n") ? shown : shown + "\n"
        case .explanations(let column, let explanations) where format.isForPeople:
            return renderExplanations(column: column, explanations)
        case .noAnswers(_, let account) where format.isForPeople:
            return "no answers:\n" + account.map { wrapped("  " + TerminalText.escape($0), hangingIndent: 4) }.joined() + "(0 answers)\n"
        case .verdict(let verdict) where format.isForPeople && verdict.explained:
            return renderVerdict(verdict)
        case .table, .explanations, .noAnswers, .verdict:
            guard let table = result.table else { return "" }
            switch format {
            case .table: return renderFitted(table)
            case .line: return renderExpanded(table)
            case .csv: return renderCSV(table)
            case .json: return renderJSON(table) + "\n"
            }
        }
    }

    // MARK: Table

    public func renderTable(_ table: ResultTable) -> String { renderTable(table, lastColumnWidth: nil) }

    /// The aligned table; with `lastColumnWidth`, the last column's cells wrap at word
    /// boundaries to that many columns, their later lines under the first.
    func renderTable(_ table: ResultTable, lastColumnWidth: Int?) -> String {
        let header = table.columns.map { TerminalText.escape($0) }
        let last = header.count - 1
        // Each cell's text and width, measured once; a cell of the last column that wraps keeps
        // its later lines aside. (A million rows make three million cells: no array per cell.)
        var texts: [[String]] = []
        var textWidths: [[Int]] = []
        var laterLines: [Int: [String]] = [:]
        texts.reserveCapacity(table.rows.count)
        textWidths.reserveCapacity(table.rows.count)
        var widths = header.map(TerminalText.displayWidth(of:))
        for (rowIndex, row) in table.rows.enumerated() {
            var rowTexts: [String] = []
            var rowWidths: [Int] = []
            rowTexts.reserveCapacity(row.count)
            rowWidths.reserveCapacity(row.count)
            for (column, cell) in row.enumerated() {
                var text = TerminalText.escape(cell.displayText)
                if column == last, let lastColumnWidth {
                    let lines = Self.wordWrap(text, width: lastColumnWidth)
                    text = lines.first ?? ""
                    if lines.count > 1 {
                        laterLines[rowIndex] = Array(lines.dropFirst())
                        for line in lines.dropFirst() { widths[column] = max(widths[column], TerminalText.displayWidth(of: line)) }
                    }
                }
                let width = TerminalText.displayWidth(of: text)
                if column < widths.count { widths[column] = max(widths[column], width) }
                rowTexts.append(text)
                rowWidths.append(width)
            }
            texts.append(rowTexts)
            textWidths.append(rowWidths)
        }
        let numeric = table.columns.indices.map { column in
            !table.rows.isEmpty && table.rows.allSatisfy { column < $0.count && ($0[column].isNumeric || $0[column] == .null) }
        }
        func append(_ cells: [String], _ cellWidths: [Int], bold: Bool, to output: inout String) {
            output += " "
            for (column, text) in cells.enumerated() where column < widths.count {
                if column > 0 { output += " | " }
                let padding = String(repeating: " ", count: max(0, widths[column] - cellWidths[column]))
                let isLast = column == cells.count - 1
                let padded = numeric[column] ? padding + text : (isLast ? text : text + padding)
                output += bold && useColor ? "\u{1b}[1m\(padded)\u{1b}[0m" : padded
            }
        }
        var output = ""
        append(header, header.map(TerminalText.displayWidth(of:)), bold: true, to: &output)
        output += "\n"
        output += widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
        for rowIndex in texts.indices {
            append(texts[rowIndex], textWidths[rowIndex], bold: false, to: &output)
            output += "\n"
            // A wrapped cell's later lines have blank cells beside them (trailing blanks trimmed).
            for line in laterLines[rowIndex] ?? [] {
                let cells = texts[rowIndex].indices.map { $0 == texts[rowIndex].count - 1 ? line : "" }
                var text = ""
                append(cells, cells.map(TerminalText.displayWidth(of:)), bold: false, to: &text)
                while text.hasSuffix(" ") { text.removeLast() }
                output += text + "\n"
            }
        }
        output += table.rows.count == 1 ? "(1 row)\n" : "(\(table.rows.count) rows)\n"
        return output
    }

    /// One proof step and its premises, indented by depth, each with its sentences.
    private func renderStep(_ step: ProofStep, depth: Int, top: Int = 1, into output: inout String) {
        let indent = String(repeating: "  ", count: depth)
        let lead = depth == top ? (top == 1 ? "because " : "") : "and "
        output += wrapped(indent + lead + TerminalText.escape(step.fact), hangingIndent: indent.count + lead.count)
        for citation in step.citations {
            let label = indent + "    [\(TerminalText.escape(citation.identifier))] "
            var line = label
            if let location = SentenceLocation(identifier: citation.identifier) { line += "\(location): " }
            line += "\u{201C}" + marked(citation) + "\u{201D}"
            // Continued lines start under the text after the `[id]`.
            output += wrapped(line, hangingIndent: TerminalText.displayWidth(of: label))
        }
        if step.citations.isEmpty { output += indent + "    (no source cited)\n" }
        for premise in step.premises { renderStep(premise, depth: depth + 1, top: top, into: &output) }
    }

    /// The sentence with its quoted words marked: underlined on a terminal with colour, in
    /// brackets otherwise (and with NO_COLOR).
    private func marked(_ citation: CitedSentence) -> String {
        let text = TerminalText.escape(citation.text)
        guard let quote = citation.quote.map(TerminalText.escape), !quote.isEmpty,
            let range = text.firstRange(of: quote)
        else { return text }
        let (open, close) = useColor ? ("\u{1b}[4m", "\u{1b}[24m") : ("[", "]")
        return String(text[..<range.lowerBound]) + open + quote + close + String(text[range.upperBound...])
    }

    /// `why is ...`: the answer and the statement, then the proof, or what failed and the nearest facts.
    func renderVerdict(_ verdict: Verdict) -> String {
        let answer = Cell.verdict(verdict.answer).displayText
        var output = wrapped((useColor ? "\u{1b}[1m\(answer)\u{1b}[0m" : answer) + ": " + TerminalText.escape(verdict.sentence), hangingIndent: 2)
        for reason in verdict.reasons { output += wrapped("  " + TerminalText.escape(reason), hangingIndent: 4) }
        for step in verdict.proof { renderStep(step, depth: 1, into: &output) }
        if !verdict.nearest.isEmpty {
            output += "  nearest facts:\n"
            for step in verdict.nearest { renderStep(step, depth: 2, top: 2, into: &output) }
        }
        return output
    }

    func renderExplanations(column: String, _ explanations: [Explanation]) -> String {
        var output = ""
        func add(_ step: ProofStep, depth: Int) { renderStep(step, depth: depth, into: &output) }
        for explanation in explanations {
            output += (useColor ? "\u{1b}[1m\(TerminalText.escape(explanation.answer))\u{1b}[0m" : TerminalText.escape(explanation.answer)) + "\n"
            if explanation.steps.isEmpty { output += "  (named in the query itself, or a member of its kind: no fact needed)\n" }
            for step in explanation.steps { add(step, depth: 1) }
        }
        output += explanations.count == 1 ? "(1 answer)\n" : "(\(explanations.count) answers)\n"
        return output
    }

    // MARK: CSV

    public func renderCSV(_ table: ResultTable) -> String {
        let forTerminal = forTerminal
        func field(_ text: String) -> String { Self.csvField(forTerminal ? TerminalText.escape(text) : text) }
        var output = table.columns.map(field).joined(separator: ",") + "\r\n"
        for row in table.rows {
            output += row.map { field($0.displayText) }.joined(separator: ",") + "\r\n"
        }
        return output
    }

    static func csvField(_ text: String) -> String {
        let needsQuotes = text.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            quoted += character == "\"" ? "\"\"" : String(character)
        }
        return quoted + "\""
    }

    // MARK: JSON

    /// `{"columns": [...], "rows": [[...], ...]}` on one line.
    public func renderJSON(_ table: ResultTable) -> String {
        var output = "{\"columns\": ["
        output += table.columns.map(Self.jsonString).joined(separator: ", ")
        output += "], \"rows\": ["
        output += table.rows.map { row in "[" + row.map(Self.jsonValue).joined(separator: ", ") + "]" }
            .joined(separator: ", ")
        output += "]"
        if let leftOut = table.factsLeftOut { output += ", \"facts_left_out\": \(leftOut)" }
        return output + "}"
    }

    /// A `.trace` step as `{"step": "join", "query": "members of CSTO", "rows": 6}`.
    static func jsonTrace(step: String, rows: Int) -> String {
        let kind = step.prefix { $0 != " " }
        let query = step.dropFirst(kind.count).drop { $0 == " " }
        return "{\"step\": \(jsonString(String(kind))), \"query\": \(jsonString(String(query))), \"rows\": \(rows)}"
    }

    static func jsonValue(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return jsonString(text)
        case .integer(let number): return String(number)
        case .decimal(let number): return number.isFinite ? String(number) : "null"
        case .date(let date): return jsonString(date.description)
        case .boolean(let flag): return flag ? "true" : "false"
        case .verdict(let answer): return answer.map { $0 ? "true" : "false" } ?? "null"
        case .null: return "null"
        }
    }

    public static func jsonString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                // Control characters and bidirectional overrides: valid JSON either way, but
                // escaped they cannot act on a terminal the JSON is shown on.
                if TerminalText.needsEscape(scalar) {
                    // Beyond U+FFFF (tag characters), JSON writes the UTF-16 surrogate pair.
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16)
                        output += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                    }
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
