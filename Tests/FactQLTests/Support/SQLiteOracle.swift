import Foundation

@testable import FactQL

/// The system `sqlite3` as an independent oracle: loads a dump into a database file and runs
/// statements on it, returning each statement's rows as text cells.
enum SQLiteOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let endMarker = "@@end-of-statement@@"

    /// Runs `sqlite3` with `arguments` and `input` on standard input; returns standard output.
    static func sqlite3(_ arguments: [String], input: String) throws -> (output: String, error: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3"] + arguments
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent("factql-sql-\(UUID().uuidString).sql")
        try input.write(to: inputFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: inputFile) }
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        return try ProcessOutput.collect(process)
    }

    /// A new database file holding `dump`.
    static func database(from dump: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("factql-\(UUID().uuidString).db")
        let outcome = try sqlite3(["-bail", "-batch", file.path], input: dump)
        guard outcome.status == 0, outcome.error.isEmpty else {
            throw Failure(description: "the dump did not load into sqlite3: \(outcome.error)")
        }
        return file
    }

    static func database(for factBase: FactBase) throws -> URL {
        try database(from: SQLDump(factBase: factBase).text)
    }

    /// Runs each statement (one or more SQL statements each) and returns the rows of each, cells
    /// as sqlite3 prints them (NULL as the empty string). Throws on the first SQL error, naming
    /// the statement.
    static func run(_ statements: [String], on database: URL) throws -> [[[String]]] {
        var script = ""
        for statement in statements {
            let ended = statement.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(";")
            script += statement + (ended ? "" : ";") + "\nSELECT '\(endMarker)';\n"
        }
        let outcome = try sqlite3(["-bail", "-batch", "-ascii", database.path], input: script)
        var results: [[[String]]] = []
        var rows: [[String]] = []
        let records = outcome.output.split(separator: "\u{1E}", omittingEmptySubsequences: false)
        // Each statement's rows, then the marker; the text after the last separator is empty.
        for record in records.dropLast() {
            if record == endMarker {
                results.append(rows)
                rows = []
            } else {
                rows.append(record.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init))
            }
        }
        if outcome.status != 0 || results.count != statements.count {
            let failing = min(results.count, max(statements.count - 1, 0))
            throw Failure(
                description: "sqlite3 failed on statement \(failing + 1):\n\(statements.isEmpty ? "" : statements[failing])\n\(outcome.error)")
        }
        return results
    }
}

/// Runs queries both ways, FactQL's evaluator and the SQL translation on SQLite, and reports
/// every disagreement.
final class SQLDifferential {
    struct Mismatch: CustomStringConvertible {
        var query: String
        var factQL: [[String]]
        var sqlite: [[String]]
        var sql: String

        var description: String {
            "query: \(query)\nFactQL: \(factQL)\nSQLite: \(sqlite)\nSQL:\n\(sql)"
        }
    }

    /// What one query gave in FactQL, prepared for comparison.
    private struct Expectation {
        var query: String
        var form: Query.Form
        var rows: [[String]]
        var sql: String
        /// The forms of version 2 the query uses (see `forms(of:_:)`), for `comparedByForm`.
        var forms: [String] = []
    }

    let session: Session
    private var pending: [Expectation] = []
    private(set) var mismatches: [Mismatch] = []
    /// Queries compared so far, and queries FactQL rejected (not compared).
    private(set) var compared = 0
    private(set) var rejected: [String] = []
    /// How many queries of each form of version 2 were compared.
    private(set) var comparedByForm: [String: Int] = [:]
    /// Queries FactQL answers that the SQL bridge refuses to translate (not compared).
    private(set) var untranslated: [String] = []
    /// Queries compared whose answer was not empty (nor a count of 0).
    private(set) var withAnswers = 0

    init(session: Session) {
        self.session = session
    }

    /// Runs every statement of `text`: definitions change the fact base (pending queries are
    /// compared first, on a dump of the base they ran on), queries are queued for comparison.
    func runScript(_ text: String) throws {
        let withoutMetaCommands = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix(".") ? "" : String($0) }
            .joined(separator: "\n")
        let source = SourceFile(name: "script", text: withoutMetaCommands)
        var parser = Parser(source: source)
        for statement in parser.parseScript() {
            if statement.isDefinition {
                try flush()
                _ = try? session.execute(statement)
            } else if case .query(let query) = statement {
                add(query, text: source.text(of: statement.span))
            } else if case .question(let question) = statement, !question.explains {
                add(question, text: source.text(of: statement.span))
            }
        }
    }

    /// Queues one query (written as `text`); false when FactQL rejects it, or when it has no
    /// answers (or counts 0) and `keepEmpty` is false.
    @discardableResult
    func add(_ text: String, keepEmpty: Bool = true) -> Bool {
        let source = SourceFile(name: nil, text: text)
        var parser = Parser(source: source)
        let statements = parser.parseScript()
        guard parser.diagnostics.isEmpty, statements.count == 1 else {
            rejected.append(text)
            return false
        }
        switch statements[0] {
        case .query(let query): return add(query, text: text, keepEmpty: keepEmpty)
        case .question(let question): return add(question, text: text)
        default:
            rejected.append(text)
            return false
        }
    }

    /// A yes/no question: FactQL's verdict against the one `answer` row of the SQL. Both yes and
    /// no are answers, so `keepEmpty` does not apply.
    @discardableResult
    private func add(_ question: Question, text: String) -> Bool {
        session.factBase.prepareIndexes()
        let rows: [[String]]
        let sql: String
        let plan: QuestionPlan
        do throws(Diagnostic) {
            plan = try Analyzer(factBase: session.factBase).plan(question)
            var evaluator = Evaluator(factBase: session.factBase)
            rows = Self.rows(of: try evaluator.answer(plan))
            sql = try SQLTranslator(factBase: session.factBase).translate(plan)
        } catch {
            rejected.append(text)
            return false
        }
        var forms = ["question " + (rows.first?.first ?? "")]
        if plan.asOf != nil { forms.append("as of") }
        pending.append(Expectation(query: text, form: .list, rows: rows, sql: sql, forms: forms))
        withAnswers += 1
        return true
    }

    @discardableResult
    private func add(_ query: Query, text: String, keepEmpty: Bool = true) -> Bool {
        session.factBase.prepareIndexes()
        let plan: QueryPlan
        let result: StatementResult
        do throws(Diagnostic) {
            plan = try Analyzer(factBase: session.factBase).plan(query)
            var evaluator = Evaluator(factBase: session.factBase)
            result = try evaluator.run(plan)
        } catch {
            rejected.append(text)
            return false
        }
        let rows = Self.rows(of: result)
        if !keepEmpty && (rows.isEmpty || rows == [["0"]]) { return false }
        let sql: String
        do throws(Diagnostic) {
            sql = try SQLTranslator(factBase: session.factBase).translate(plan)
        } catch {
            // Not translated (`why` over facts or values): not compared.
            untranslated.append(text)
            return false
        }
        pending.append(Expectation(query: text, form: query.form, rows: rows, sql: sql, forms: Self.forms(of: query, plan)))
        if !rows.isEmpty && rows != [["0"]] { withAnswers += 1 }
        return true
    }

    /// The forms of version 2 in a query: `with`, attribute values, facts (and tests of their
    /// ends), counts per group, relation-named roles, `order by ... desc`, `as of` (and role
    /// tests under it).
    static func forms(of query: Query, _ plan: QueryPlan) -> [String] {
        var forms: [String] = []
        if plan.asOf != nil { forms.append("as of") }
        if query.columns != nil { forms.append("with") }
        if plan.answersAreValues { forms.append("attribute values") }
        if plan.answersAreFacts { forms.append("facts") }
        if plan.grouping != nil { forms.append("count per group") }
        if query.order?.descending == true { forms.append("order by desc") }
        if namesRelation(query.set) { forms.append("relation-named role") }
        var pending = [plan.set]
        while let set = pending.popLast() {
            switch set {
            case .filter(let inner, let condition):
                pending.append(inner)
                if plan.asOf != nil && condition.testsRoles { forms.append("as of with a role test") }
                if plan.answersAreFacts && condition.attributes.contains(where: { [.factSubject, .factRelation, .factObject].contains($0) }) {
                    forms.append("facts where subject, relation or object")
                }
            case .navigate(_, _, let source), .each(let source): pending.append(source)
            case .facts(let source): if let source { pending.append(source) }
            case .entity, .kind: break
            }
        }
        return forms
    }

    /// Whether a role in the set (not in its conditions) is preceded by its relation's name.
    private static func namesRelation(_ set: SetExpression) -> Bool {
        switch set {
        case .name: return false
        case .navigation(_, let inner, let relation, _): return relation != nil || namesRelation(inner)
        case .filter(let inner, _, _), .parenthesized(let inner, _), .each(let inner, _): return namesRelation(inner)
        case .facts(let inner, _): return inner.map(namesRelation) ?? false
        }
    }

    /// FactQL's rows as text; for `why`, the answers and (answer, source) pairs, sorted.
    static func rows(of result: StatementResult) -> [[String]] {
        var rows: [[String]] = []
        switch result {
        case .table(let table): rows = table.rows.map { $0.map(\.displayText) }
        case .verdict(let verdict): rows = verdict.table.rows.map { $0.map(\.displayText) }
        case .explanations(_, let explanations):
            // The answers, and each answer with the sources of the facts that connect it.
            for explanation in explanations {
                rows.append([explanation.answer])
                for step in explanation.steps {
                    for citation in step.citations { rows.append([explanation.answer, citation.identifier]) }
                }
            }
            rows = Array(Set(rows)).sorted { $0.joined(separator: "\u{1}") < $1.joined(separator: "\u{1}") }
        default: break
        }
        return rows
    }

    /// SQLite's rows, prepared like `rows(of:)`: a `why` translation gives answer, subject,
    /// relation, object, source, text.
    static func normalize(_ sqliteRows: [[String]], form: Query.Form) -> [[String]] {
        guard form == .why else { return sqliteRows }
        var pairs: Set<[String]> = []
        for row in sqliteRows {
            pairs.insert([row[0]])
            if row.count > 4, !row[4].isEmpty { pairs.insert([row[0], row[4]]) }
        }
        return pairs.sorted { $0.joined(separator: "\u{1}") < $1.joined(separator: "\u{1}") }
    }

    /// Compares every queued query on a dump of the current fact base.
    func flush() throws {
        guard !pending.isEmpty else { return }
        let database = try SQLiteOracle.database(for: session.factBase)
        defer { try? FileManager.default.removeItem(at: database) }
        let results = try SQLiteOracle.run(pending.map(\.sql), on: database)
        for (expectation, sqliteRows) in zip(pending, results) {
            let rows = Self.normalize(sqliteRows, form: expectation.form)
            compared += 1
            for form in expectation.forms { comparedByForm[form, default: 0] += 1 }
            if rows != expectation.rows {
                mismatches.append(Mismatch(query: expectation.query, factQL: expectation.rows, sqlite: rows, sql: expectation.sql))
            }
        }
        pending = []
    }
}
