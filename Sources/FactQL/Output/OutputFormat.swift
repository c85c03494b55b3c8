/// The output modes: aligned tables for people, CSV and JSON Lines for programs.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case csv
    case json
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

    public init(format: OutputFormat, useColor: Bool = false, forTerminal: Bool = false) {
        self.format = format
        self.useColor = useColor
        self.forTerminal = forTerminal
    }

    /// The text for one result, ending in a newline; empty when there is nothing to show.
    public func render(_ result: StatementResult) -> String {
        switch result {
        case .defined: return ""
        case .text(let text):
            if text.isEmpty { return "" }
            // Meta-commands' text (`.schema`, ...) holds names from fact files: escape each line.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let shown = lines.map { TerminalText.escape(String($0)) }.joined(separator: "\n")
            return shown.hasSuffix("\n") ? shown : shown + "\n"
        case .explanations(let column, let explanations) where format == .table:
            return renderExplanations(column: column, explanations)
        case .noAnswers(_, let account) where format == .table:
            return "no answers:\n" + account.map { "  " + TerminalText.escape($0) + "\n" }.joined() + "(0 answers)\n"
        case .verdict(let verdict) where format == .table && verdict.explained:
            return renderVerdict(verdict)
        case .table, .explanations, .noAnswers, .verdict:
            guard let table = result.table else { return "" }
            switch format {
            case .table: return renderTable(table)
            case .csv: return renderCSV(table)
            case .json: return renderJSON(table) + "\n"
            }
        }
    }

    // MARK: Table

    public func renderTable(_ table: ResultTable) -> String {
        let header = table.columns.map { TerminalText.escape($0) }
        let body = table.rows.map { $0.map { TerminalText.escape($0.displayText) } }
        var widths = header.map(TerminalText.displayWidth(of:))
        for row in body {
            for (column, text) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], TerminalText.displayWidth(of: text))
            }
        }
        let numeric = table.columns.indices.map { column in
            !table.rows.isEmpty && table.rows.allSatisfy { column < $0.count && ($0[column].isNumeric || $0[column] == .null) }
        }
        func line(_ cells: [String], bold: Bool) -> String {
            var parts: [String] = []
            for (column, text) in cells.enumerated() {
                let padding = String(repeating: " ", count: max(0, widths[column] - TerminalText.displayWidth(of: text)))
                let isLast = column == cells.count - 1
                let padded = numeric[column] ? padding + text : (isLast ? text : text + padding)
                parts.append(bold && useColor ? "\u{1b}[1m\(padded)\u{1b}[0m" : padded)
            }
            return " " + parts.joined(separator: " | ")
        }
        var output = line(header, bold: true) + "\n"
        output += widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
        for row in body { output += line(row, bold: false) + "\n" }
        output += table.rows.count == 1 ? "(1 row)\n" : "(\(table.rows.count) rows)\n"
        return output
    }

    /// One proof step and its premises, indented by depth, each with its sentences.
    private func renderStep(_ step: ProofStep, depth: Int, top: Int = 1, into output: inout String) {
        let indent = String(repeating: "  ", count: depth)
        output += indent + (depth == top ? (top == 1 ? "because " : "") : "and ") + TerminalText.escape(step.fact) + "\n"
        for citation in step.citations {
            output += indent + "    [\(TerminalText.escape(citation.identifier))] "
            if let location = SentenceLocation(identifier: citation.identifier) { output += "\(location): " }
            output += "\u{201C}" + marked(citation) + "\u{201D}\n"
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
        var output = (useColor ? "\u{1b}[1m\(answer)\u{1b}[0m" : answer) + ": " + TerminalText.escape(verdict.sentence) + "\n"
        for reason in verdict.reasons { output += "  " + TerminalText.escape(reason) + "\n" }
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

    static func jsonValue(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return jsonString(text)
        case .integer(let number): return String(number)
        case .decimal(let number): return number.isFinite ? String(number) : "null"
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
