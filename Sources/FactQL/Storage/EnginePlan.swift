/// `.plan` over a database: under FactQL's own steps, the plan SQLite makes for the translated
/// SQL (`EXPLAIN QUERY PLAN`), drawn as sqlite3 draws it.
extension FactDatabase {
    /// The plan's lines, each indented under its parent step.
    func enginePlan(for sql: String) throws(Diagnostic) -> [String] {
        var steps: [(id: Int64, parent: Int64, detail: String)] = []
        guard let connection = connection as? SQLiteConnection else { return [] }
        try connection.forEachRow("EXPLAIN QUERY PLAN " + sql) { row in
            steps.append((row.integer(0) ?? 0, row.integer(1) ?? 0, row.text(3) ?? ""))
        }
        var depth: [Int64: Int] = [0: 0]
        return steps.map { step in
            let level = (depth[step.parent] ?? 0) + 1
            depth[step.id] = level
            return String(repeating: "  ", count: level - 1) + step.detail
        }
    }
}

extension Session {
    /// The engine's plan for a planned query or question, or why there is none: nil when no
    /// database is open.
    func enginePlanText(translating translate: (SQLTranslator) throws(Diagnostic) -> String) -> String? {
        guard let database, database.connection is SQLiteConnection else { return nil }
        let heading = "SQLite's plan for the SQL (.sql shows it), over \(database.path):"
        do throws(Diagnostic) {
            let sql = try translate(SQLTranslator(factBase: factBase))
            let lines = try database.enginePlan(for: sql)
            return ([heading] + lines.map { "  " + $0 }).joined(separator: "\n")
        } catch {
            return heading + "\n  none: " + error.message
        }
    }
}
