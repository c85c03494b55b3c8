/// The final `SELECT` of a translated query: the columns FactQL shows, its row order, distinct
/// rows, counts (of entities, facts, values, per group) and the first step of `why`.
extension SQLStatementBuilder {
    /// What a column shows and what it sorts by.
    struct ColumnSQL {
        var value: String
        var sortKeys: [String]
        var mayBeNull: Bool
        /// What tells two of its cells apart: an attribute's `sort_rank` (the number 2024 and the
        /// string "2024" show the same text but are two cells), else the value itself.
        var identity: String?
    }

    func columnSQL(_ column: OutputColumn, joins: inout SQLRowJoins) -> ColumnSQL {
        switch column.content {
        case .answer, .attribute(.entityName), .attribute(.factSubject):
            // In a step of facts the entity is the fact's subject.
            joins.useEntity()
            return ColumnSQL(value: "e.name", sortKeys: ["e.folded", "e.name"], mayBeNull: false)
        case .attribute(.entityKind):
            joins.useKind()
            return ColumnSQL(value: "e.kind", sortKeys: ["k.folded", "k.name"], mayBeNull: false)
        case .attribute(.attribute(let id, let name)), .attribute(.factAttribute(let id, let name)):
            let factOnly = if case .attribute(.factAttribute) = column.content { true } else { false }
            if joins.readsBySubquery {
                let rank = SQLRowJoins.valueSubquery("sort_rank", name: name, factOnly: factOnly)
                return ColumnSQL(
                    value: SQLRowJoins.valueSubquery(selectsValueIDs ? "id" : "display", name: name, factOnly: factOnly),
                    sortKeys: [rank], mayBeNull: true, identity: rank)
            }
            let alias = joins.value(of: id, name: name, factOnly: factOnly)
            return ColumnSQL(
                value: "\(alias).\(selectsValueIDs ? "id" : "display")", sortKeys: ["\(alias).sort_rank"], mayBeNull: true,
                identity: "\(alias).sort_rank")
        case .attribute(.factRelation):
            joins.useRelation()
            return ColumnSQL(value: "r.name", sortKeys: ["r.folded", "r.name"], mayBeNull: false)
        case .attribute(.factObject):
            joins.useObject()
            return ColumnSQL(value: "o.name", sortKeys: ["o.folded", "o.name"], mayBeNull: false)
        case .factAttributes:
            joins.useFact()
            return ColumnSQL(value: "f.attributes", sortKeys: ["f.attributes_rank"], mayBeNull: true)
        }
    }

    /// FactQL's row order: the `order by` column first (the only one `desc` reverses), then the
    /// others in order; a missing value sorts last in either direction.
    func orderBy(_ columns: [ColumnSQL], plan: QueryPlan) -> String {
        var order: [String] = []
        let keyColumns = plan.orderColumn.map { first in [first] + columns.indices.filter { $0 != first } }
            ?? Array(columns.indices)
        for (rank, index) in keyColumns.enumerated() where columns.indices.contains(index) {
            let descending = rank == 0 && plan.descending
            for key in columns[index].sortKeys {
                var term = key + (descending ? " DESC" : "")
                if columns[index].mayBeNull { term += " NULLS LAST" }
                order.append(term)
            }
        }
        return "ORDER BY " + order.joined(separator: ", ")
    }

    /// The `SELECT` of a list query: distinct rows, FactQL's order, `limit`.
    mutating func answerRows(of answers: String, plan: QueryPlan, aliases: [String]) -> [String] {
        var joins = SQLRowJoins(reading: plan.columns.compactMap(\.target))
        let columns = plan.columns.map { columnSQL($0, joins: &joins) }
        let select = zip(columns, aliases).map { "\($0.value) AS \($1)" }.joined(separator: ", ")
        var lines = ["SELECT " + select]
        let answersOnly =
            !plan.answersAreFacts && plan.columns.allSatisfy { if case .answer = $0.content { true } else { false } }
        if answersOnly {
            // Only the answer: each entity once, straight from the entities table.
            lines += ["FROM entities e", "WHERE e.name IN (SELECT entity FROM \(answers))"]
        } else {
            var grouped: [String] = []
            for column in columns {
                for expression in [column.value] + column.sortKeys where !grouped.contains(expression) {
                    grouped.append(expression)
                }
            }
            lines += ["FROM \(answers) s"] + joins.lines
            // An attribute's values as the answer: a member without the attribute gives no row.
            if plan.answersAreValues, let value = columns.first, value.mayBeNull {
                lines.append("WHERE \(value.value) IS NOT NULL")
            }
            lines.append("GROUP BY " + grouped.joined(separator: ", "))
            widestGrouping = max(widestGrouping, grouped.count)
        }
        lines.append(orderBy(columns, plan: plan))
        if let limit = plan.limit { lines.append("LIMIT \(limit)") }
        return lines
    }

    /// `count`: distinct entities; for `count facts ...` distinct facts, and for `count capital
    /// of ...` distinct values.
    func countRows(of answers: String, plan: QueryPlan) -> [String] {
        let alias = SQLText.identifier(plan.columns.first?.name ?? "count")
        if plan.answersAreFacts {
            return ["SELECT COUNT(DISTINCT s.fact) AS \(alias)", "FROM \(answers) s"]
        }
        if plan.answersAreValues, let valueColumn = plan.columns.first {
            var joins = SQLRowJoins()
            let value = columnSQL(valueColumn, joins: &joins)
            return ["SELECT COUNT(DISTINCT \(value.identity ?? value.value)) AS \"count\"", "FROM \(answers) s"] + joins.lines
        }
        return ["SELECT COUNT(DISTINCT s.entity) AS \(alias)", "FROM \(answers) s"]
    }

    /// `count ROLE of each GROUP`: one row per group, with 0 for a group without answers. The
    /// steps from `each` on carry the group each row came from (`group_entity`), so one pass
    /// counts every group; a LEFT JOIN keeps the groups that count nothing.
    mutating func groupCountRows(_ grouping: GroupPlan, plan: QueryPlan) -> [String] {
        let groups = step(for: grouping.groups)
        groupsStep = groups
        let counted = step(for: plan.set)
        groupsStep = nil
        let count = "COUNT(DISTINCT s.entity)"
        let columns = [
            ColumnSQL(value: "g.name", sortKeys: ["g.folded", "g.name"], mayBeNull: false),
            ColumnSQL(value: count, sortKeys: [count], mayBeNull: false),
        ]
        let names = plan.columns.map { SQLText.identifier($0.name) }
        var lines = [
            "SELECT g.name AS \(names.first ?? "\"group\""), \(count) AS \(names.last ?? "\"count\"")",
            "FROM entities g",
            "LEFT JOIN \(counted) s ON s.group_entity = g.name",
            "WHERE g.name IN (SELECT entity FROM \(groups))",
            "GROUP BY g.name, g.folded",
            orderBy(columns, plan: plan),
        ]
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

/// The joins a row of a step needs: its entity (`e`, the subject in a step of facts), the
/// entity's kind (`k`), the connecting fact (`f`) with its relation (`r`) and object (`o`), and
/// one value per attribute read, from the connecting fact first and from the entity otherwise
/// (from the fact alone in `facts ...`).
struct SQLRowJoins {
    /// A SELECT that reads more attributes than this reads them with subqueries instead of joins
    /// (`readsBySubquery`): SQLite joins at most 64 tables, and counts those of the steps it
    /// merges into one SELECT together.
    static let joinLimit = 16

    /// Whether attribute values are read with a subquery each, where they are used.
    var readsBySubquery = false

    init(reading attributes: [AttributeTarget] = []) {
        var values: [AttributeTarget] = []
        for target in attributes where !values.contains(target) {
            switch target {
            case .attribute, .factAttribute: values.append(target)
            case .entityName, .entityKind, .factSubject, .factRelation, .factObject: break
            }
        }
        readsBySubquery = values.count > Self.joinLimit
    }

    private var entityJoin = false
    private var kindJoin = false
    private var factJoin = false
    private var relationJoin = false
    private var objectJoin = false
    private var valueJoins: [(id: AttributeID, factOnly: Bool, alias: String, line: String)] = []

    mutating func useEntity() { entityJoin = true }

    mutating func useKind() {
        entityJoin = true
        kindJoin = true
    }

    mutating func useFact() { factJoin = true }

    mutating func useRelation() {
        factJoin = true
        relationJoin = true
    }

    mutating func useObject() {
        factJoin = true
        objectJoin = true
    }

    /// The alias of the joined `attribute_values` row holding `name` for this row (NULL columns
    /// when it has none).
    mutating func value(of id: AttributeID, name: String, factOnly: Bool) -> String {
        if let existing = valueJoins.first(where: { $0.id == id && $0.factOnly == factOnly }) { return existing.alias }
        let word = SQLText.word(name)
        var alias = "v_" + (word.isEmpty ? String(valueJoins.count + 1) : word)
        if valueJoins.contains(where: { $0.alias == alias }) { alias += "_\(valueJoins.count + 1)" }
        let line = "LEFT JOIN attribute_values \(alias) ON \(alias).id = " + Self.valueID(name: name, factOnly: factOnly)
        valueJoins.append((id, factOnly, alias, line))
        return alias
    }

    /// The id of the `attribute_values` row holding `name` for the row `s`: from its fact, then
    /// from its entity (from the fact alone in `facts ...`); NULL when neither has it.
    static func valueID(name: String, factOnly: Bool) -> String {
        let attribute = SQLText.literal(name)
        let fromFact = "(SELECT a.value FROM fact_attributes a WHERE a.fact = s.fact AND a.attribute = \(attribute))"
        if factOnly { return fromFact }
        return """
            COALESCE(
                \(fromFact),
                (SELECT a.value FROM entity_attributes a WHERE a.entity = s.entity AND a.attribute = \(attribute)))
            """
    }

    /// `(SELECT v.COLUMN FROM attribute_values v WHERE v.id = ...)`: one column of an attribute's
    /// value, read with a subquery.
    static func valueSubquery(_ column: String, name: String, factOnly: Bool) -> String {
        "(SELECT v.\(column) FROM attribute_values v WHERE v.id = \(valueID(name: name, factOnly: factOnly)))"
    }

    var lines: [String] {
        var result: [String] = []
        if entityJoin { result.append("JOIN entities e ON e.name = s.entity") }
        if kindJoin { result.append("JOIN kinds k ON k.name = e.kind") }
        if factJoin { result.append("JOIN facts f ON f.id = s.fact") }
        if relationJoin { result.append("JOIN relations r ON r.name = f.relation") }
        if objectJoin { result.append("JOIN entities o ON o.name = f.object") }
        return result + valueJoins.map(\.line)
    }
}

extension OutputColumn {
    /// The attribute the column shows, if it shows one.
    fileprivate var target: AttributeTarget? {
        if case .attribute(let target) = content { return target }
        return nil
    }
}
