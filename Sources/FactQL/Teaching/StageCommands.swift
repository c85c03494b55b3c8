/// Meta-commands that show the interpreter's stages (tokens, tree, plan, trace, explanation).
///
/// The query is the rest of the line. It is lexed and parsed where it stands in its source, so
/// spans and errors give the line and column of the command line itself.
extension MetaCommand {
    static let stageCommands: [MetaCommand] = [
        MetaCommand(
            name: "tokens", arguments: "QUERY",
            summary: "the lexer's tokens for QUERY: kind, text and span (LINE:COLUMN to just after the token)"
        ) { session, call, emit throws(Diagnostic) in
            let range = try queryRange(call, command: "tokens")
            let dump = try TokenDump.table(source: call.source, range: range, shouldStop: session.shouldStop)
            emit(.result(.table(dump.table)))
            try report(dump.diagnostics, emit: emit)
        },
        MetaCommand(
            name: "ast", arguments: "QUERY", summary: "the syntax tree the parser builds for QUERY (or a definition), with spans"
        ) { session, call, emit throws(Diagnostic) in
            let statements = try parse(call, session: session, command: "ast", emit: emit)
            emit(.result(.text(try SyntaxTreeDump.render(statements, source: call.source, shouldStop: session.shouldStop))))
        },
        MetaCommand(
            name: "plan", arguments: "QUERY",
            summary: "QUERY's evaluation steps, with the rows each was estimated to give and actually gave (over a database, SQLite's plan too)"
        ) { session, call, emit throws(Diagnostic) in
            let statements = try parse(call, session: session, command: "plan", emit: emit)
            session.factBase.prepareIndexes()
            let factBase = session.factBase
            for statement in statements {
                switch statement {
                case .query(let query):
                    let plan = try Analyzer(factBase: factBase).plan(query)
                    warn(plan.warnings, call, emit)
                    let table = try session.underTimeLimit(span: query.span) { stop throws(Diagnostic) in
                        try PlanReport.table(for: plan, factBase: factBase, shouldStop: stop)
                    }
                    emit(.result(.table(table)))
                    if let engine = session.enginePlanText(translating: { (translator) throws(Diagnostic) in try translator.translate(plan) }) {
                        emit(.result(.text(engine)))
                    }
                case .question(let question):
                    let plan = try Analyzer(factBase: factBase).plan(question)
                    warn(plan.warnings, call, emit)
                    let table = try session.underTimeLimit(span: question.span) { stop throws(Diagnostic) in
                        try PlanReport.table(for: plan, factBase: factBase, shouldStop: stop)
                    }
                    emit(.result(.table(table)))
                    if let engine = session.enginePlanText(translating: { (translator) throws(Diagnostic) in try translator.translate(plan) }) {
                        emit(.result(.text(engine)))
                    }
                case .show(let show):
                    let entity = try Analyzer(factBase: factBase).entity(for: show.entity)
                    emit(.result(.table(PlanReport.table(forShow: entity, factBase: factBase))))
                default:
                    emit(.result(.text("a definition has no plan: it is applied to the fact base as it is read (.explain says what it adds)")))
                }
            }
        },
        MetaCommand(name: "explain", arguments: "QUERY", summary: "QUERY (or a definition) read back in plain English") {
            session, call, emit throws(Diagnostic) in
            let statements = try parse(call, session: session, command: "explain", emit: emit)
            session.factBase.prepareIndexes()
            let factBase = session.factBase
            let paraphrase = EnglishParaphrase(factBase: factBase)
            for statement in statements {
                switch statement {
                case .query(let query):
                    let plan = try Analyzer(factBase: factBase).plan(query)
                    warn(plan.warnings, call, emit)
                    emit(.result(.text(paraphrase.paraphrase(plan))))
                case .question(let question):
                    let plan = try Analyzer(factBase: factBase).plan(question)
                    warn(plan.warnings, call, emit)
                    emit(.result(.text(paraphrase.paraphrase(plan))))
                case .show(let show):
                    emit(.result(.text(paraphrase.paraphrase(show: try Analyzer(factBase: factBase).entity(for: show.entity)))))
                default:
                    emit(.result(.text(paraphrase.paraphrase(definition: statement))))
                }
            }
        },
        MetaCommand(
            name: "trace", arguments: "on|off",
            summary: "print each evaluation step as it runs, with its row count; without argument, show the setting"
        ) { session, call, emit throws(Diagnostic) in
            guard !call.arguments.isEmpty else { return emit(.result(.text("trace: \(session.traceSteps ? "on" : "off")"))) }
            session.traceSteps = try onOff(call)
        },
    ]

    /// The byte range of the query written after the command.
    private static func queryRange(_ call: MetaCommandCall, command: String) throws(Diagnostic) -> Range<Int> {
        guard !call.arguments.isEmpty else {
            throw call.error(".\(command) needs a query after it", notes: ["for example: .\(command) members of CSTO where status = frozen"])
        }
        return call.argumentSpan.start..<call.argumentSpan.end
    }

    /// The statements written after the command; every syntax error is reported.
    private static func parse(
        _ call: MetaCommandCall, session: Session, command: String, emit: (Session.Event) -> Void
    ) throws(Diagnostic) -> [Statement] {
        var parser = Parser(source: call.source, range: try queryRange(call, command: command), vocabulary: session.vocabulary)
        let statements = parser.parseScript()
        try report(parser.diagnostics, emit: emit)
        return statements
    }

    /// What analysis warns of is worth seeing here too: it is part of what the stage shows.
    private static func warn(_ warnings: [Diagnostic], _ call: MetaCommandCall, _ emit: (Session.Event) -> Void) {
        for warning in warnings { emit(.diagnostic(warning.located(in: call.source))) }
    }

    /// Emits all but the last diagnostic and throws the last, so the command fails.
    private static func report(_ diagnostics: [Diagnostic], emit: (Session.Event) -> Void) throws(Diagnostic) {
        guard let last = diagnostics.last else { return }
        for diagnostic in diagnostics.dropLast() { emit(.diagnostic(diagnostic)) }
        throw last
    }
}
