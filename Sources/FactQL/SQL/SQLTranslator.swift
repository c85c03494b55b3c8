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
    /// Set by the database executor: an attribute column gives the value's `attribute_values.id`
    /// instead of its display text, so that the result keeps the value's type.
    var selectsValueIDs = false

    public init(factBase: FactBase) {
        self.factBase = factBase
    }

    /// The SQL for a planned query: one statement ending in `;`. Throws for what is not
    /// translated (`why` over facts or attribute values), with no place: the caller knows it.
    public func translate(_ plan: QueryPlan) throws(Diagnostic) -> String {
        var builder = SQLStatementBuilder(factBase: factBase)
        builder.selectsValueIDs = selectsValueIDs
        builder.time = plan.asOf.map(SQLTimeFilter.init(date:))
        if let grouping = plan.grouping {
            let body = builder.groupCountRows(grouping, plan: plan)
            return try builder.statement(body)
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
        return try builder.statement(body)
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
            return try builder.statement(["SELECT CASE WHEN \(test) THEN 'yes' ELSE 'no' END AS \"answer\""])
        }
        builder.time = SQLTimeFilter(date: date)
        let known = builder.membership(name, in: question.set)
        builder.time?.admitsUnknown = true
        let possible = builder.membership(name, in: question.set)
        return try builder.statement([
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
    /// See `SQLTranslator.selectsValueIDs`.
    var selectsValueIDs = false
    /// The most terms of a `GROUP BY` written (`answerRows`).
    var widestGrouping = 0
    /// SQLite groups by at most 2,000 terms (and returns at most 2,000 columns).
    static let groupingLimit = 2_000
    /// The step already written for a set (`step(for:)`).
    private var stepNames: [[String]: String] = [:]
    /// How many copies SQLite makes of each step when it reads the statement (`copies(namedIn:)`).
    private var stepCopies: [String: Int] = [:]
    /// For each step being written, innermost last, the steps handed to it so far: the names its
    /// text may hold. The first is the statement's own.
    private var referenced: [[String]] = [[]]

    init(factBase: FactBase) {
        self.factBase = factBase
    }

    /// `WITH step AS (...), ... SELECT ...;`, or an error when SQLite would copy its steps more
    /// than `copyLimit` times in all: under `as of`, a role test names what is known and what
    /// could hold of its set, both of which name both of a role test's set nested in it.
    func statement(_ body: [String]) throws(Diagnostic) -> String {
        let copies = copies(namedIn: body.joined(separator: "\n"))
        guard copies <= Self.copyLimit else {
            let count = copies == Int.max ? "more than 2^63" : String(copies)
            throw Diagnostic(
                message: ".sql cannot write this query for SQLite: it would copy its steps \(count) times (at most \(Self.copyLimit))",
                notes: [
                    "SQLite copies a step of WITH wherever it is named; under 'as of' each role test names its set twice (what is known and what could hold), so each role test nested in another doubles the copies",
                    "FactQL runs the query itself; for SQL, nest fewer role tests under 'as of'",
                ])
        }
        guard widestGrouping <= Self.groupingLimit else {
            throw Diagnostic(
                message: ".sql cannot write this query for SQLite: it would group its rows by \(widestGrouping) terms (at most \(Self.groupingLimit))",
                notes: [
                    "distinct rows are a GROUP BY of every column shown, two terms for each attribute (its text and its place in the order)",
                    "FactQL runs the query itself; for SQL, name fewer attributes after 'with'",
                ])
        }
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
        let text = body.joined(separator: "\n")
        let indented = text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        steps.append("\(name) AS (\n" + indented.joined(separator: "\n") + "\n)")
        stepCopies[name] = Self.saturatingSum(1, copies(namedIn: text))
        return name
    }

    /// SQLite writes a step of the `WITH` clause out wherever it is named (copies of copies for
    /// the steps it names in turn), and refuses past 65,535 references to one table; `.sql`
    /// writes no statement whose steps SQLite would copy more often than that in all.
    static let copyLimit = 65_535

    /// How many copies of steps SQLite makes of `text`: for each step it names, each time, that
    /// step's own copies. Past `copyLimit` the query is refused (`SQLTranslator.translate`).
    func copies(namedIn text: String) -> Int {
        let candidates = Set(referenced.last ?? [])
        guard !candidates.isEmpty else { return 0 }
        var total = 0
        var word = ""
        for scalar in (text + " ").unicodeScalars {
            if scalar == "_" || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
                continue
            }
            if candidates.contains(word) { total = Self.saturatingSum(total, stepCopies[word] ?? 1) }
            word = ""
        }
        return total
    }

    static func saturatingSum(_ left: Int, _ right: Int) -> Int {
        let (sum, overflow) = left.addingReportingOverflow(right)
        return overflow ? Int.max : sum
    }

    // MARK: Sets

    /// Adds the steps that compute `plan` and returns the name of the last. Under `as of`, a set
    /// asked for again in the same way (the same plan, read as what is known or as what could
    /// hold, in the same group context) is the step already written: a role test reads both of
    /// its set, each of which reads both of any role test's set nested in it, and writing each
    /// anew made the SQL four times longer per level.
    mutating func step(for plan: SetPlan) -> String {
        let key = time.map { [String(reflecting: plan), $0.admitsUnknown ? "possible" : "known", groupsStep ?? ""] }
        if let key, let name = stepNames[key] {
            referenced[referenced.count - 1].append(name)
            return name
        }
        referenced.append([])
        let name = newStep(for: plan)
        referenced.removeLast()
        if let key { stepNames[key] = name }
        referenced[referenced.count - 1].append(name)
        return name
    }

    private mutating func newStep(for plan: SetPlan) -> String {
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
            referenced[referenced.count - 1].append(groups)
            return addStep(
                "each_" + hint(group),
                [
                    "SELECT g.entity AS entity, CAST(NULL AS INTEGER) AS fact, g.entity AS group_entity",
                    "FROM (SELECT DISTINCT entity FROM \(groups)) g",
                ])
        case .filter:
            // `SET where A where B ...` is one step: each `where` keeps rows by the same row's
            // values, so the chain is the AND of its tests, with one set of joins (a step per
            // `where` would make SQLite join them all, past its 64 tables in a join).
            var conditions: [ConditionPlan] = []
            var inner = plan
            while case .filter(let next, let condition) = inner {
                conditions.append(condition)
                inner = next
            }
            let input = step(for: inner)
            var joins = SQLRowJoins(reading: conditions.flatMap(\.attributes))
            var tests: [String] = []
            for condition in conditions.reversed() {
                // Under `as of` a role test may be unknown: three-valued, as the evaluator's `truth`.
                // What is known keeps TRUE rows; what could hold also keeps unknown (NULL) ones.
                if let time, condition.testsRoles {
                    let test = kleeneSQL(for: condition, joins: &joins)
                    tests.append(time.admitsUnknown ? "(\(test)) IS NOT FALSE" : test)
                } else {
                    tests.append(sql(for: condition, joins: &joins))
                }
            }
            let carried = carriesGroup(inner) ? ", s.group_entity" : ""
            return addStep(
                hint(inner) + "_where",
                ["SELECT s.entity, s.fact" + carried, "FROM \(input) s"] + joins.lines
                    + ["WHERE " + (tests.count == 1 ? tests[0] : SQLConditionList.joined(tests, with: "AND"))])
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
    ///
    /// The relations read from the same side share one branch (`f.relation IN (...)`), so there
    /// are at most two, however many relations the noun names (SQLite takes 500 branches in a
    /// UNION). And the source step is named once: SQLite writes a step out wherever it is named,
    /// so steps that each named the one before twice would be written 2^n times (16 hops of
    /// `partners` passed SQLite's 65,535 references to a table). With two branches, the facts are
    /// read both ways first, as (entity, other end), and joined once with the source's members.
    private mutating func navigationStep(roles: [FactBase.RoleReference], noun: String, source: SetPlan) -> String {
        var sides: [(answer: String, other: String, relations: [String])] = []
        func add(_ relation: String, answer: String, other: String) {
            let name = SQLText.literal(relation)
            if let index = sides.firstIndex(where: { $0.answer == answer }) {
                if !sides[index].relations.contains(name) { sides[index].relations.append(name) }
            } else {
                sides.append((answer, other, [name]))
            }
        }
        for role in roles {
            let relation = factBase.relations[Int(role.relation)]
            let answer = role.position == 0 ? "subject" : "object"
            let other = role.position == 0 ? "object" : "subject"
            add(relation.name, answer: answer, other: other)
            if relation.isSymmetric && FactBase.fold(relation.roles[0]) != FactBase.fold(relation.roles[1]) {
                add(relation.name, answer: other, other: answer)
            }
        }
        guard !sides.isEmpty else {
            return addStep(noun, ["SELECT e.name AS entity, CAST(NULL AS INTEGER) AS fact", "FROM entities e", "WHERE 1 = 0"])
        }
        let timeTest = time.map { " AND " + $0.test("f") } ?? ""
        func relationTest(_ relations: [String]) -> String {
            relations.count == 1 ? "f.relation = \(relations[0])" : "f.relation IN (\(relations.joined(separator: ", ")))"
        }
        var body: [String] = []
        if case .entity(let entity, _) = source {
            let name = SQLText.literal(factBase.entityNames[Int(entity)])
            for (index, side) in sides.enumerated() {
                if index > 0 { body.append("UNION ALL") }
                body += [
                    "SELECT f.\(side.answer) AS entity, f.id AS fact",
                    "FROM facts f",
                    "WHERE \(relationTest(side.relations)) AND f.\(side.other) = \(name)" + timeTest,
                ]
            }
            return addStep(noun, body)
        }
        let grouped = carriesGroup(source)
        let sourceStep = step(for: source)
        // Per group: the source's members with the group each came from.
        let groupJoin = "JOIN (SELECT DISTINCT entity, group_entity FROM \(sourceStep)) src"
        if sides.count == 1, let side = sides.first {
            if grouped {
                body = [
                    "SELECT f.\(side.answer) AS entity, f.id AS fact, src.group_entity",
                    "FROM facts f",
                    groupJoin + " ON src.entity = f.\(side.other)",
                    "WHERE \(relationTest(side.relations))" + timeTest,
                ]
            } else {
                body = [
                    "SELECT f.\(side.answer) AS entity, f.id AS fact",
                    "FROM facts f",
                    "WHERE \(relationTest(side.relations)) AND f.\(side.other) IN (SELECT entity FROM \(sourceStep))" + timeTest,
                ]
            }
            return addStep(noun, body)
        }
        var both: [String] = []
        for (index, side) in sides.enumerated() {
            if index > 0 { both.append("UNION ALL") }
            both += [
                "SELECT f.\(side.answer) AS entity, f.\(side.other) AS other, f.id AS fact",
                "FROM facts f",
                "WHERE \(relationTest(side.relations))" + timeTest,
            ]
        }
        body = [grouped ? "SELECT n.entity, n.fact, src.group_entity" : "SELECT n.entity, n.fact", "FROM ("]
        body += both.map { "    " + $0 }
        body.append(") n")
        // A join, not `n.other IN (...)`: SQLite copies a WHERE test into each branch of the UNION,
        // and with it the steps before, which again doubles with each hop.
        body.append((grouped ? groupJoin : "JOIN (SELECT DISTINCT entity FROM \(sourceStep)) src") + " ON src.entity = n.other")
        return addStep(noun, body)
    }
}
