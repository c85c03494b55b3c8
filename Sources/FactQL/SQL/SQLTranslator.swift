/// `.sql QUERY`: a query plan as one SQL statement over the tables of `.dump sql` (see
/// docs/SQL.md), returning the same rows as FactQL in the same order.
///
/// Every set of the plan becomes one named step of a `WITH` clause, so the SQL reads in the same
/// order as `.plan`. A step has two columns: `entity` (the member's canonical name) and `fact`
/// (the id of the fact that connects it, or NULL for named entities and kinds): `where` reads
/// attributes from that fact first, then from the entity, as FactQL does. In a count per group,
/// the steps from `each` on have a third, `group_entity`: the group the row was reached from.
public struct SQLTranslator {
    let factBase: FactBase

    public init(factBase: FactBase) {
        self.factBase = factBase
    }

    /// The SQL for a planned query: one statement ending in `;`. Throws for what is not
    /// translated (`why` over facts or attribute values), with no place: the caller knows it.
    public func translate(_ plan: QueryPlan) throws(Diagnostic) -> String {
        var builder = SQLStatementBuilder(factBase: factBase)
        builder.time = plan.asOf.map(SQLTimeFilter.init(date:))
        if let grouping = plan.grouping {
            let body = builder.groupCountRows(grouping, plan: plan)
            return builder.statement(body)
        }
        if plan.form == .why && (plan.answersAreFacts || plan.answersAreValues) {
            let what = plan.answersAreFacts ? "facts" : "attribute values"
            throw Diagnostic(
                message: ".sql does not translate 'why' over \(what)",
                notes: [
                    "'why' translates for sets of entities (the facts that connect each answer); leave 'why' out for the rows themselves"
                ])
        }
        let answers = builder.step(for: plan.set)
        let body: [String]
        switch plan.form {
        case .count:
            body = builder.countRows(of: answers, plan: plan)
        case .list:
            body = builder.answerRows(of: answers, plan: plan, aliases: plan.columns.map { SQLText.identifier($0.name) })
        case .why:
            body = builder.proofRows(of: answers, plan: plan)
        }
        return builder.statement(body)
    }

    /// `is NAME ... SET`: one row, `answer`, `yes` or `no` as FactQL's table shows it; under `as
    /// of`, `unknown` when only facts of unknown time could put NAME in the set. `why is` is not
    /// translated (its proof of no is FactQL's own account of what failed).
    public func translate(_ question: QuestionPlan) throws(Diagnostic) -> String {
        if question.explains {
            throw Diagnostic(
                message: ".sql does not translate 'why is'",
                notes: ["leave 'why' out for the yes or no; the proof and the nearest facts are FactQL's own account"])
        }
        var builder = SQLStatementBuilder(factBase: factBase)
        let name = SQLText.literal(factBase.entityNames[Int(question.entity)])
        guard let date = question.asOf else {
            let test = builder.membership(name, in: question.set)
            return builder.statement(["SELECT CASE WHEN \(test) THEN 'yes' ELSE 'no' END AS \"answer\""])
        }
        builder.time = SQLTimeFilter(date: date)
        let known = builder.membership(name, in: question.set)
        builder.time?.admitsUnknown = true
        let possible = builder.membership(name, in: question.set)
        return builder.statement([
            "SELECT CASE WHEN \(known) THEN 'yes' WHEN \(possible) THEN 'unknown' ELSE 'no' END AS \"answer\""
        ])
    }

    /// `show ENTITY`: three statements (the entity with its kind and aliases, its attributes, the
    /// facts it takes part in with the sources they cite).
    public func translate(show entity: EntityID) -> String {
        let name = SQLText.literal(factBase.entityNames[Int(entity)])
        return """
            SELECT e.name AS "entity", e.kind AS "kind", a.alias AS "alias"
            FROM entities e
            LEFT JOIN aliases a ON a.entity = e.name
            WHERE e.name = \(name);
            SELECT a.attribute AS "attribute", v.display AS "value"
            FROM entity_attributes a
            JOIN attribute_values v ON v.id = a.value
            WHERE a.entity = \(name)
            ORDER BY a.attribute;
            SELECT f.id AS "fact", f.subject AS "subject", f.relation AS "relation", f.object AS "object", c.source AS "source"
            FROM facts f
            LEFT JOIN citations c ON c.fact = f.id
            WHERE f.subject = \(name) OR f.object = \(name)
            ORDER BY f.id, c.ordinal;
            """
    }
}

/// Collects the `WITH` steps of one statement and writes its parts.
struct SQLStatementBuilder {
    let factBase: FactBase
    private(set) var steps: [String] = []
    /// In a count per group, the step holding the groups (what `each` ranges over).
    var groupsStep: String?
    /// Comment lines printed before the statement.
    var notes: [String] = []
    /// `as of DATE`: the test every step that reads facts applies to them.
    var time: SQLTimeFilter?

    init(factBase: FactBase) {
        self.factBase = factBase
    }

    /// `WITH step AS (...), ... SELECT ...;`
    func statement(_ body: [String]) -> String {
        var lines = notes
        if !steps.isEmpty { lines.append("WITH " + steps.joined(separator: ",\n")) }
        lines += body
        return lines.joined(separator: "\n") + ";"
    }

    /// Adds a step named after `hint` (`members_1`) and returns its name. The number keeps names
    /// unique and clear of SQL keywords.
    mutating func addStep(_ hint: String, _ body: [String]) -> String {
        let word = SQLText.word(hint)
        let name = (word.isEmpty ? "step" : word) + "_" + String(steps.count + 1)
        let indented = body.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        steps.append("\(name) AS (\n" + indented.joined(separator: "\n") + "\n)")
        return name
    }

    // MARK: Sets

    /// Adds the steps that compute `plan` and returns the name of the last.
    mutating func step(for plan: SetPlan) -> String {
        switch plan {
        case .entity(let entity, _):
            return addStep(
                factBase.entityNames[Int(entity)],
                [
                    "SELECT e.name AS entity, CAST(NULL AS INTEGER) AS fact",
                    "FROM entities e",
                    "WHERE e.name = \(SQLText.literal(factBase.entityNames[Int(entity)]))",
                ])
        case .kind(let kind, let plural):
            return addStep(
                plural,
                [
                    "SELECT e.name AS entity, CAST(NULL AS INTEGER) AS fact",
                    "FROM entities e",
                    "WHERE e.kind IN (SELECT sub_kind FROM sub_kinds WHERE kind = \(SQLText.literal(factBase.kinds[Int(kind)].name)))",
                ])
        case .navigate(let roles, let noun, let source):
            return navigationStep(roles: roles, noun: noun, source: source)
        case .facts(let source):
            // A fact step's entity is the fact's subject, as in FactQL.
            var tests: [String] = []
            if case .entity(let entity, _)? = source {
                let name = SQLText.literal(factBase.entityNames[Int(entity)])
                tests.append("f.subject = \(name) OR f.object = \(name)")
            } else if let source {
                let members = step(for: source)
                tests.append("f.subject IN (SELECT entity FROM \(members)) OR f.object IN (SELECT entity FROM \(members))")
            }
            if let time { tests.append(time.test("f")) }
            let condition = tests.count > 1 ? tests.map { "(\($0))" } : tests
            return addStep(
                "facts",
                ["SELECT f.subject AS entity, f.id AS fact", "FROM facts f"]
                    + (condition.isEmpty ? [] : ["WHERE " + condition.joined(separator: " AND ")]))
        case .each(let group):
            guard let groups = groupsStep else {
                // Outside a count per group, `each` stands for no one (as in the evaluator).
                return addStep("each", ["SELECT e.name AS entity, CAST(NULL AS INTEGER) AS fact", "FROM entities e", "WHERE 1 = 0"])
            }
            // Each group stands for itself: the steps after it carry it in `group_entity`.
            return addStep(
                "each_" + hint(group),
                [
                    "SELECT g.entity AS entity, CAST(NULL AS INTEGER) AS fact, g.entity AS group_entity",
                    "FROM (SELECT DISTINCT entity FROM \(groups)) g",
                ])
        case .filter(let inner, let condition):
            let input = step(for: inner)
            var joins = SQLRowJoins()
            // Under `as of` a role test may be unknown: three-valued, as the evaluator's `truth`.
            // What is known keeps TRUE rows; what could hold also keeps unknown (NULL) ones.
            var test: String
            if let time, condition.testsRoles {
                test = kleeneSQL(for: condition, joins: &joins)
                if time.admitsUnknown { test = "(\(test)) IS NOT FALSE" }
            } else {
                test = sql(for: condition, joins: &joins)
            }
            let carried = carriesGroup(inner) ? ", s.group_entity" : ""
            return addStep(
                hint(inner) + "_where",
                ["SELECT s.entity, s.fact" + carried, "FROM \(input) s"] + joins.lines + ["WHERE " + test])
        }
    }

    /// What a step computing `plan` is named after: the entity, the kind's plural, the role noun.
    private func hint(_ plan: SetPlan) -> String {
        switch plan {
        case .entity(let entity, _): return factBase.entityNames[Int(entity)]
        case .kind(_, let plural): return plural
        case .navigate(_, let noun, _): return noun
        case .filter(let inner, _): return hint(inner)
        case .facts: return "facts"
        case .each(let group): return hint(group)
        }
    }

    /// Whether the step for `plan` has a `group_entity` column: in a count per group, the steps
    /// from `each` up to the counted set.
    func carriesGroup(_ plan: SetPlan) -> Bool {
        groupsStep != nil && plan.countedGroup != nil
    }

    /// A membership test of `column` in `plan`: `= 'CSTO'` for a named entity, else `IN` a step.
    mutating func membership(_ column: String, in plan: SetPlan, negated: Bool = false) -> String {
        if case .entity(let entity, _) = plan {
            return "\(column) \(negated ? "<>" : "=") \(SQLText.literal(factBase.entityNames[Int(entity)]))"
        }
        return "\(column) \(negated ? "NOT IN" : "IN") (SELECT entity FROM \(step(for: plan)))"
    }

    /// `ROLE of SET`: for each relation with that role noun, the facts whose other side is in the
    /// set. A symmetric relation whose two roles have different names also holds reversed.
    private mutating func navigationStep(roles: [FactBase.RoleReference], noun: String, source: SetPlan) -> String {
        var sides: [(relation: String, answer: String, other: String)] = []
        for role in roles {
            let relation = factBase.relations[Int(role.relation)]
            let answer = role.position == 0 ? "subject" : "object"
            let other = role.position == 0 ? "object" : "subject"
            sides.append((relation.name, answer, other))
            if relation.isSymmetric && FactBase.fold(relation.roles[0]) != FactBase.fold(relation.roles[1]) {
                sides.append((relation.name, other, answer))
            }
        }
        var sourceStep: String?
        if case .entity = source {} else { sourceStep = step(for: source) }
        var body: [String] = []
        let grouped = carriesGroup(source)
        let timeTest = time.map { " AND " + $0.test("f") } ?? ""
        for (index, side) in sides.enumerated() {
            if index > 0 { body.append("UNION ALL") }
            if grouped, let sourceStep {
                // Per group: join the source's members with the group each came from.
                body += [
                    "SELECT f.\(side.answer) AS entity, f.id AS fact, src.group_entity",
                    "FROM facts f",
                    "JOIN (SELECT DISTINCT entity, group_entity FROM \(sourceStep)) src ON src.entity = f.\(side.other)",
                    "WHERE f.relation = \(SQLText.literal(side.relation))" + timeTest,
                ]
                continue
            }
            let sourceTest: String
            if case .entity(let entity, _) = source {
                sourceTest = "f.\(side.other) = \(SQLText.literal(factBase.entityNames[Int(entity)]))"
            } else {
                sourceTest = "f.\(side.other) IN (SELECT entity FROM \(sourceStep ?? ""))"
            }
            body += [
                "SELECT f.\(side.answer) AS entity, f.id AS fact",
                "FROM facts f",
                "WHERE f.relation = \(SQLText.literal(side.relation)) AND \(sourceTest)" + timeTest,
            ]
        }
        return addStep(noun, body)
    }
}
