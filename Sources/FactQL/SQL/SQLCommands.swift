/// Meta-commands of the SQL bridge (`.dump sql`, `.sql QUERY`).
extension MetaCommand {
    static let sqlCommands: [MetaCommand] = [
        MetaCommand(
            name: "dump", arguments: "[sql]",
            summary: "print the fact base as a fact file (what .save writes), or as SQL for sqlite3 or psql (.dump sql)"
        ) { session, call, emit throws(Diagnostic) in
            if call.arguments.isEmpty {
                emit(.result(.text(FactFileWriter.text(of: session.factBase))))
                return
            }
            guard call.arguments.lowercased() == "sql" else {
                throw call.error(
                    ".dump writes a fact file, or SQL with .dump sql; found '\(call.arguments)'",
                    notes: ["without an argument it writes the fact file .save writes"], suggestions: ["sql"])
            }
            emit(.result(.text(try SQLDump(factBase: session.factBase).text(shouldStop: session.shouldStop))))
        },
        MetaCommand(
            name: "sql", arguments: "QUERY",
            summary: "print the SQL that gives the query's answers on the tables of .dump sql"
        ) { session, call, emit throws(Diagnostic) in
            guard !call.arguments.isEmpty else {
                throw call.error(".sql needs a query, as in .sql members of CSTO where status = frozen")
            }
            emit(.result(.text(try sqlText(for: call, in: session))))
        },
    ]

    /// Parses the arguments of `.sql` where they were written (so errors point into the line),
    /// then translates each statement.
    static func sqlText(for call: MetaCommandCall, in session: Session) throws(Diagnostic) -> String {
        let range = call.argumentSpan.start..<call.argumentSpan.end
        var parser = Parser(source: call.source, range: range)
        let statements = parser.parseScript()
        if let first = parser.diagnostics.first { throw first }
        session.factBase.prepareIndexes()
        let factBase = session.factBase
        let analyzer = Analyzer(factBase: factBase)
        let translator = SQLTranslator(factBase: factBase)
        var parts: [String] = []
        for statement in statements {
            let comment = "-- " + call.source.text(of: statement.span)
            do throws(Diagnostic) {
                switch statement {
                case .query(let query):
                    parts.append(comment + "\n" + (try translator.translate(try analyzer.plan(query))))
                case .question(let question):
                    parts.append(comment + "\n" + (try translator.translate(try analyzer.plan(question))))
                case .show(let show):
                    parts.append(comment + "\n" + translator.translate(show: try analyzer.entity(for: show.entity)))
                case .retract(let retraction):
                    parts.append(comment + "\n" + (try translator.translate(retract: retraction)))
                default:
                    throw Diagnostic(
                        message: ".sql translates queries and questions, not definitions", span: statement.span,
                        notes: [".dump sql writes the whole fact base as SQL; .sql retract fact ... gives the DELETE for a retract"])
                }
            } catch {
                // What the translator refuses has no place of its own: it is the whole statement.
                var located = error
                if located.span == nil { located.span = statement.span }
                throw located.located(in: call.source)
            }
        }
        return parts.joined(separator: "\n")
    }
}
