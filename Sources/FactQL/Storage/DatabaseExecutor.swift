/// Queries over a database run on its engine: the plan is translated to SQL (as `.sql` shows
/// it), every text in that SQL becomes a bound parameter, and the rows come back as FactQL's
/// cells. What the translation does not cover runs on the fact base in memory, which holds the
/// same facts.
extension Session {
    /// The answer to `plan` from the database's engine, or nil when it runs in memory: `why`
    /// (the proof tree is FactQL's own), `as of` (the count of facts left out is too), answers
    /// that are attribute values, and `.trace` (the steps traced are the in-memory engine's).
    func answerFromEngine(_ plan: QueryPlan, at span: SourceSpan, tracing: Bool) throws(Diagnostic) -> StatementResult? {
        guard let database = engineDatabase, !tracing, plan.form != .why, plan.asOf == nil, !plan.answersAreValues else { return nil }
        var translator = SQLTranslator(factBase: factBase)
        translator.selectsValueIDs = true
        let sql: String
        do throws(Diagnostic) {
            sql = try translator.translate(plan)
        } catch {
            return nil
        }
        let rows = try underTimeLimit(span: span) { (stop) throws(Diagnostic) in
            try database.interruptible(stop) { () throws(Diagnostic) in try database.rows(ofTranslated: sql) }
        }
        engineAnswerCount += 1
        if plan.grouping != nil {
            // The groups' names, then one count each.
            return .table(
                ResultTable(
                    columns: rows.columns,
                    rows: rows.values.map { row in row.enumerated().map { $0.offset == row.count - 1 ? Self.integerCell($0.element) : Self.textCell($0.element) } }))
        }
        if plan.form == .count {
            return .table(ResultTable(columns: ["count"], rows: rows.values.map { $0.map(Self.integerCell) }))
        }
        var cells = ValueCells(connection: database)
        var table: [[Cell]] = []
        table.reserveCapacity(rows.values.count)
        for row in rows.values {
            var converted: [Cell] = []
            for (index, text) in row.enumerated() {
                switch plan.columns[index].content {
                case .attribute(.attribute), .attribute(.factAttribute): converted.append(try cells.cell(id: text))
                default: converted.append(Self.textCell(text))
                }
            }
            table.append(converted)
        }
        return .table(ResultTable(columns: plan.columns.map(\.name), rows: table))
    }

    /// `is NAME ... SET` from the engine: yes or no (nil under `as of` or `why is`, which run in memory).
    func answerFromEngine(_ question: QuestionPlan, at span: SourceSpan, tracing: Bool) throws(Diagnostic) -> StatementResult? {
        guard let database = engineDatabase, !tracing, !question.explains, question.asOf == nil else { return nil }
        let sql: String
        do throws(Diagnostic) {
            sql = try SQLTranslator(factBase: factBase).translate(question)
        } catch {
            return nil
        }
        let rows = try underTimeLimit(span: span) { (stop) throws(Diagnostic) in
            try database.interruptible(stop) { () throws(Diagnostic) in try database.rows(ofTranslated: sql) }
        }
        guard let answer = rows.values.first?.first, answer == "yes" || answer == "no" else { return nil }
        engineAnswerCount += 1
        let holds = answer == "yes"
        return .verdict(Verdict(answer: holds, sentence: holds ? question.sentence : question.denial, explained: false))
    }

    /// The database, when it holds what the fact base holds: the definitions of the input
    /// running now are written when it ends, and until then the fact base answers.
    /// (SQLite only: on PostgreSQL every query runs in memory for now.)
    private var engineDatabase: SQLiteConnection? {
        guard let database, factBase.revision == database.writtenRevision else { return nil }
        return database.connection as? SQLiteConnection
    }

    private static func textCell(_ text: String?) -> Cell { text.map(Cell.text) ?? .null }
    private static func integerCell(_ text: String?) -> Cell { text.flatMap { Int($0) }.map(Cell.integer) ?? .null }
}

/// The cells of the values a result names by `attribute_values.id`, each read once.
private struct ValueCells {
    let connection: SQLiteConnection
    private var known: [Int64: Cell] = [:]

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    mutating func cell(id text: String?) throws(Diagnostic) -> Cell {
        guard let text, let id = Int64(text) else { return .null }
        if let cell = known[id] { return cell }
        var cell = Cell.null
        try connection.forEachRow("SELECT type, display, number, flag FROM attribute_values WHERE id = ?", [.integer(id)]) { row in
            let display = row.text(1) ?? ""
            switch row.text(0) {
            case "integer": cell = .integer(Int(row.integer(2) ?? 0))
            case "decimal": cell = .decimal(row.real(2) ?? Double(display) ?? 0)
            case "boolean": cell = .boolean(row.integer(3) == 1)
            case "date": cell = (DateValue(parsing: display) ?? Int32(display).map { DateValue(year: $0) }).map(Cell.date) ?? .text(display)
            default: cell = .text(display)
            }
        }
        known[id] = cell
        return cell
    }
}

extension SQLiteConnection {
    /// The column names and rows of one translated statement, its texts bound as parameters.
    func rows(ofTranslated sql: String) throws(Diagnostic) -> (columns: [String], values: [[String?]]) {
        let (text, parameters) = SQLParameters.binding(sql)
        var columns: [String] = []
        var values: [[String?]] = []
        try forEachRow(text, parameters.map { .text($0) }) { row in
            if columns.isEmpty { columns = (0..<row.count).map { row.columnName($0) } }
            values.append((0..<row.count).map { row.text($0) })
        }
        if values.isEmpty { columns = try columnNames(of: text) }
        return (columns, values)
    }
}

/// The texts of SQL that FactQL wrote, taken out as parameters: `'it''s'` becomes `?1` bound to
/// `it's`, and a text with control characters, which the translator writes as
/// `'a' || char(10) || 'b'`, becomes one parameter. So no name or value a user wrote is ever
/// part of the SQL text an engine parses; numbers stay, written by FactQL as digits.
enum SQLParameters {
    static func binding(_ sql: String) -> (sql: String, parameters: [String]) {
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var parameters: [String] = []
        var index = 0
        var inIdentifier = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { inIdentifier.toggle() }
            guard byte == UInt8(ascii: "'"), !inIdentifier else {
                output.append(byte)
                index += 1
                continue
            }
            var text: [UInt8] = []
            index = readText(bytes, from: index, into: &text)
            // `' || char(N) || '` continues the same text.
            while let (scalar, next) = charContinuation(bytes, at: index) {
                text += Array(String(scalar).utf8)
                index = readText(bytes, from: next, into: &text)
            }
            parameters.append(String(decoding: text, as: UTF8.self))
            output += Array("?\(parameters.count)".utf8)
        }
        return (String(decoding: output, as: UTF8.self), parameters)
    }

    /// Reads the quoted text starting at `start` (a `'`); the index after its closing quote.
    private static func readText(_ bytes: [UInt8], from start: Int, into text: inout [UInt8]) -> Int {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "'") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "'") {
                    text.append(UInt8(ascii: "'"))
                    index += 2
                    continue
                }
                return index + 1
            }
            text.append(bytes[index])
            index += 1
        }
        return index
    }

    /// ` || char(N) || '` at `index`: the character and where its next quoted part starts.
    private static func charContinuation(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let prefix = Array(" || char(".utf8)
        guard index + prefix.count < bytes.count, Array(bytes[index..<index + prefix.count]) == prefix else { return nil }
        var cursor = index + prefix.count
        var value: UInt32 = 0
        while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9"), value < 0x110000 {
            value = value * 10 + UInt32(bytes[cursor] - UInt8(ascii: "0"))
            cursor += 1
        }
        let suffix = Array(") || '".utf8)
        guard cursor + suffix.count <= bytes.count, Array(bytes[cursor..<cursor + suffix.count]) == suffix,
            let scalar = Unicode.Scalar(value)
        else { return nil }
        return (scalar, cursor + suffix.count - 1)
    }
}
