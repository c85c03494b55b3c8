/// `.sql QUERY`: a query plan as one SQL statement over the tables of `.dump sql` (see
/// docs/SQL.md), returning the same rows as FactQL in the same order.
///
/// Every set of the plan becomes one named step of a `WITH` clause, so the SQL reads in the same
/// order as `.plan`. A step has two columns: `entity` (the member's canonical name) and `fact`
/// (the id of the fact that connects it, or NULL for named entities and kinds): `where` reads
/// attributes from that fact first, then from the entity, as FactQL does.
public struct SQLTranslator {
    let factBase: FactBase

    public init(factBase: FactBase) {
        self.factBase = factBase
    }

    /// The SQL for a planned query: one statement ending in `;`.
    public func translate(_ plan: QueryPlan) -> String {
        var builder = SQLStatementBuilder(factBase: factBase)
        let answers = builder.step(for: plan.set)
        let body: [String]
        switch plan.form {
        case .count:
            body = ["SELECT COUNT(DISTINCT s.entity) AS \(SQLText.identifier(plan.columns.first?.name ?? "count"))", "FROM \(answers) s"]
        case .list:
            body = builder.answerRows(of: answers, plan: plan, aliases: plan.columns.map { SQLText.identifier($0.name) })
        case .why:
            body = builder.proofRows(of: answers, plan: plan)
        }
        return builder.statement(body)
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
    /// Comment lines printed before the statement.
    var notes: [String] = []

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
            var body = ["SELECT f.subject AS entity, f.id AS fact", "FROM facts f"]
            if let source {
                let members = step(for: source)
                body.append("WHERE f.subject IN (SELECT entity FROM \(members)) OR f.object IN (SELECT entity FROM \(members))")
            }
            return addStep("facts", body)
        case .each(let group):
            // TODO(sql): groups are not translated yet.
            return step(for: group)
        case .filter(let inner, let condition):
            let input = step(for: inner)
            var joins = SQLRowJoins()
            let test = sql(for: condition, joins: &joins)
            return addStep(
                hint(inner) + "_where",
                ["SELECT s.entity, s.fact", "FROM \(input) s"] + joins.lines + ["WHERE " + test])
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
        for (index, side) in sides.enumerated() {
            if index > 0 { body.append("UNION ALL") }
            let sourceTest: String
            if case .entity(let entity, _) = source {
                sourceTest = "f.\(side.other) = \(SQLText.literal(factBase.entityNames[Int(entity)]))"
            } else {
                sourceTest = "f.\(side.other) IN (SELECT entity FROM \(sourceStep ?? ""))"
            }
            body += [
                "SELECT f.\(side.answer) AS entity, f.id AS fact",
                "FROM facts f",
                "WHERE f.relation = \(SQLText.literal(side.relation)) AND \(sourceTest)",
            ]
        }
        return addStep(noun, body)
    }

    // MARK: Result rows

    /// What a column shows and what it sorts by.
    private struct ColumnSQL {
        var value: String
        var sortKeys: [String]
        var mayBeNull: Bool
    }

    private func columnSQL(_ column: OutputColumn, joins: inout SQLRowJoins) -> ColumnSQL {
        switch column.content {
        case .answer, .attribute(.entityName):
            joins.useEntity()
            return ColumnSQL(value: "e.name", sortKeys: ["e.folded", "e.name"], mayBeNull: false)
        case .attribute(.entityKind):
            joins.useKind()
            return ColumnSQL(value: "e.kind", sortKeys: ["k.folded", "k.name"], mayBeNull: false)
        case .attribute(.attribute(let id, let name)), .attribute(.factAttribute(let id, let name)):
            let alias = joins.value(of: id, name: name, factBase: factBase)
            return ColumnSQL(value: "\(alias).display", sortKeys: ["\(alias).sort_rank"], mayBeNull: true)
        case .attribute(.factSubject), .attribute(.factRelation), .attribute(.factObject), .factAttributes:
            // TODO(sql): fact columns are not translated yet.
            return ColumnSQL(value: "NULL", sortKeys: [], mayBeNull: true)
        }
    }

    /// The `SELECT` of a list query: distinct rows, FactQL's order, `limit`.
    func answerRows(of answers: String, plan: QueryPlan, aliases: [String]) -> [String] {
        var joins = SQLRowJoins()
        let columns = plan.columns.map { columnSQL($0, joins: &joins) }
        var order: [String] = []
        let keyColumns = plan.orderColumn.map { first in [first] + plan.columns.indices.filter { $0 != first } }
            ?? Array(plan.columns.indices)
        for (rank, index) in keyColumns.enumerated() {
            let descending = rank == 0 && plan.descending
            for key in columns[index].sortKeys {
                var term = key + (descending ? " DESC" : "")
                // A missing value sorts last in either direction, as in FactQL.
                if columns[index].mayBeNull { term += " NULLS LAST" }
                order.append(term)
            }
        }
        let select = zip(columns, aliases).map { "\($0.value) AS \($1)" }.joined(separator: ", ")
        var lines = ["SELECT " + select]
        if columns.count == 1 && joins.lines.count == 1 {
            // Only the answer: each entity once, straight from the entities table.
            lines += ["FROM entities e", "WHERE e.name IN (SELECT entity FROM \(answers))"]
        } else {
            var grouped: [String] = []
            for column in columns {
                for expression in [column.value] + column.sortKeys where !grouped.contains(expression) {
                    grouped.append(expression)
                }
            }
            lines += ["FROM \(answers) s"] + joins.lines + ["GROUP BY " + grouped.joined(separator: ", ")]
        }
        lines.append("ORDER BY " + order.joined(separator: ", "))
        if let limit = plan.limit { lines.append("LIMIT \(limit)") }
        return lines
    }

    /// `why`: each answer with the facts that put it in the set (the first step of FactQL's
    /// proof) and the sources they cite. Deeper steps are not translated.
    mutating func proofRows(of answers: String, plan: QueryPlan) -> [String] {
        notes.append("-- why: each answer with the facts that connect it and the sources they cite (the first step")
        notes.append("-- of FactQL's proof; why those facts' other ends are in their sets is not translated)")
        var lines = [
            "SELECT e.name AS \(SQLText.identifier(plan.columns.first?.name ?? "answer")), f.subject AS \"subject\", "
                + "f.relation AS \"relation\", f.object AS \"object\", c.source AS \"source\", src.text AS \"text\"",
            "FROM \(answers) s",
            "JOIN entities e ON e.name = s.entity",
            "LEFT JOIN facts f ON f.id = s.fact",
            "LEFT JOIN citations c ON c.fact = f.id",
            "LEFT JOIN sources src ON src.id = c.source",
        ]
        if plan.limit != nil {
            let aliases = plan.columns.indices.map { $0 == 0 ? "answer" : "column_\($0 + 1)" }
            let chosen = addStep("answers", answerRows(of: answers, plan: plan, aliases: aliases))
            lines.append("WHERE e.name IN (SELECT answer FROM \(chosen))")
        }
        lines += [
            "GROUP BY e.name, e.folded, f.id, f.subject, f.relation, f.object, c.source, c.ordinal, src.text",
            "ORDER BY e.folded, e.name, f.id, c.ordinal",
        ]
        return lines
    }
}

/// The joins a row of a step needs: its entity, its entity's kind, and one value per attribute
/// read, taken from the connecting fact first and from the entity otherwise.
struct SQLRowJoins {
    private var entityJoin = false
    private var kindJoin = false
    private var valueJoins: [(id: AttributeID, alias: String, line: String)] = []

    mutating func useEntity() { entityJoin = true }

    mutating func useKind() {
        entityJoin = true
        kindJoin = true
    }

    /// The alias of the joined `attribute_values` row holding `name` for this row (NULL columns
    /// when neither the fact nor the entity has it).
    mutating func value(of id: AttributeID, name: String, factBase: FactBase) -> String {
        if let existing = valueJoins.first(where: { $0.id == id }) { return existing.alias }
        let word = SQLText.word(name)
        var alias = "v_" + (word.isEmpty ? String(valueJoins.count + 1) : word)
        if valueJoins.contains(where: { $0.alias == alias }) { alias += "_\(valueJoins.count + 1)" }
        let attribute = SQLText.literal(name)
        let line = """
            LEFT JOIN attribute_values \(alias) ON \(alias).id = COALESCE(
                (SELECT a.value FROM fact_attributes a WHERE a.fact = s.fact AND a.attribute = \(attribute)),
                (SELECT a.value FROM entity_attributes a WHERE a.entity = s.entity AND a.attribute = \(attribute)))
            """
        valueJoins.append((id, alias, line))
        return alias
    }

    var lines: [String] {
        var result: [String] = []
        if entityJoin { result.append("JOIN entities e ON e.name = s.entity") }
        if kindJoin { result.append("JOIN kinds k ON k.name = e.kind") }
        return result + valueJoins.map(\.line)
    }
}
