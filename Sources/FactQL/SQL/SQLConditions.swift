/// `where` conditions as SQL, with FactQL's comparison rules (`ValueComparison`) spelled out:
/// numbers numerically, dates as overlapping spans (`SQLDates`), quoted strings exactly, symbols
/// and entity names by their folded text, values of different types never matching.
///
/// SQL has three truth values and FactQL two: a missing attribute makes a comparison NULL in SQL
/// but false in FactQL. AND and OR agree on which rows pass; NOT does not (NOT NULL is NULL), so
/// `not C` is written `(C) IS NOT TRUE`, which is true exactly when C does not pass.
extension SQLStatementBuilder {
    mutating func sql(for condition: ConditionPlan, joins: inout SQLRowJoins) -> String {
        switch condition {
        case .and(let left, let right):
            return "\(grouped(sql(for: left, joins: &joins))) AND \(grouped(sql(for: right, joins: &joins)))"
        case .or(let left, let right):
            return "\(grouped(sql(for: left, joins: &joins))) OR \(grouped(sql(for: right, joins: &joins)))"
        case .not(.member(let set, _)):
            // Membership is never NULL, so plain NOT IN says it.
            return membership("s.entity", in: set, negated: true)
        case .not(let inner):
            return "(\(sql(for: inner, joins: &joins))) IS NOT TRUE"
        case .member(let set, _):
            return membership("s.entity", in: set)
        case .compare(.entityKind, let comparison, let operand):
            joins.useEntity()
            return "e.kind \(comparison == .equal ? "IN" : "NOT IN") \(subKinds([operand]))"
        case .oneOf(.entityKind, let operands, let negated):
            joins.useEntity()
            return "e.kind \(negated ? "NOT IN" : "IN") \(subKinds(operands))"
        case .contains(.entityKind, let operand):
            joins.useKind()
            return "k.folded LIKE \(SQLText.containsPattern(operand.folded))"
        case .compare(.factRelation, let comparison, let operand):
            joins.useFact()
            return "f.relation \(comparison == .equal ? "=" : "<>") \(relationName(operand))"
        case .oneOf(.factRelation, let operands, let negated):
            joins.useFact()
            return "f.relation \(negated ? "NOT IN" : "IN") (\(operands.map(relationName).joined(separator: ", ")))"
        case .contains(.factRelation, let operand):
            joins.useRelation()
            return "r.folded LIKE \(SQLText.containsPattern(operand.folded))"
        case .compare(let target, let comparison, let operand):
            return SQLComparison(value: columns(of: target, joins: &joins), entityName: entityName)
                .sql(comparison, operand)
        case .oneOf(let target, let operands, let negated):
            let value = columns(of: target, joins: &joins)
            let comparison = SQLComparison(value: value, entityName: entityName)
            let anyEqual = operands.map { grouped(comparison.sql(.equal, $0)) }.joined(separator: " OR ")
            guard negated else { return anyEqual }
            // `not in` needs the attribute: a row without it matches neither `in` nor `not in`.
            let present = value.presence.map { "\($0) AND " } ?? ""
            return "\(present)(\(anyEqual)) IS NOT TRUE"
        case .contains(let target, let operand):
            return "\(columns(of: target, joins: &joins).folded) LIKE \(SQLText.containsPattern(operand.folded))"
        }
    }

    /// A condition with role tests under `as of`, in Kleene's logic as SQL's own: a role test is
    /// NULL when only facts of unknown time put the entity in the set, NOT of NULL is NULL, and
    /// the row is kept only when the whole is TRUE (or not FALSE, in a set of what could hold).
    /// Other tests are never unknown (`IS TRUE`).
    mutating func kleeneSQL(for condition: ConditionPlan, joins: inout SQLRowJoins) -> String {
        switch condition {
        case .and(let left, let right):
            return "(\(kleeneSQL(for: left, joins: &joins))) AND (\(kleeneSQL(for: right, joins: &joins)))"
        case .or(let left, let right):
            return "(\(kleeneSQL(for: left, joins: &joins))) OR (\(kleeneSQL(for: right, joins: &joins)))"
        case .not(let inner):
            return "NOT (\(kleeneSQL(for: inner, joins: &joins)))"
        case .member(.entity, _):
            return sql(for: condition, joins: &joins)
        case .member(let set, _):
            let saved = time
            time?.admitsUnknown = false
            let known = membership("s.entity", in: set)
            time?.admitsUnknown = true
            let possible = membership("s.entity", in: set)
            time = saved
            return "CASE WHEN \(known) THEN TRUE WHEN \(possible) THEN NULL ELSE FALSE END"
        default:
            return "(\(sql(for: condition, joins: &joins))) IS TRUE"
        }
    }

    private func entityName(_ entity: EntityID) -> String { factBase.entityNames[Int(entity)] }

    /// `relation = member_of`: the operand holds the relation's id (see `Analyzer.namedOperand`).
    private func relationName(_ operand: Operand) -> String {
        guard case .integer(let id) = operand.kind, factBase.relations.indices.contains(id) else { return "NULL" }
        return SQLText.literal(factBase.relations[id].name)
    }

    /// `(SELECT sub_kind FROM sub_kinds WHERE kind = 'organization')`: the kind and its sub-kinds.
    private func subKinds(_ operands: [Operand]) -> String {
        var names: [String] = []
        for operand in operands {
            guard case .integer(let id) = operand.kind, id >= 0, id < factBase.kinds.count else { continue }
            let name = SQLText.literal(factBase.kinds[id].name)
            if !names.contains(name) { names.append(name) }
        }
        let test = names.count == 1 ? "= \(names.joined())" : "IN (\(names.joined(separator: ", ")))"
        return "(SELECT sub_kind FROM sub_kinds WHERE kind \(test))"
    }

    /// The columns a comparison reads: the joined value row of an attribute, or the entity itself
    /// for `name`.
    private func columns(of target: AttributeTarget, joins: inout SQLRowJoins) -> SQLValueColumns {
        switch target {
        case .attribute(let id, let name):
            return SQLValueColumns(alias: joins.value(of: id, name: name, factOnly: false))
        case .factAttribute(let id, let name):
            return SQLValueColumns(alias: joins.value(of: id, name: name, factOnly: true))
        case .factObject:
            joins.useObject()
            return SQLValueColumns(entityRow: "o")
        case .entityName, .factSubject, .entityKind, .factRelation:
            // A step of facts has the subject as its entity; kinds and relations are handled
            // before this (they compare by id), so only `name` and `subject` arrive here.
            joins.useEntity()
            return SQLValueColumns(entityRow: "e")
        }
    }

    private func grouped(_ sql: String) -> String {
        sql.contains(" OR ") || sql.contains(" AND ") || sql.contains(" IS NOT TRUE") ? "(\(sql))" : sql
    }
}

/// The SQL expressions for the parts of one value: an `attribute_values` row, or an entity row
/// standing for `name` (whose type is always entity and which is never missing).
struct SQLValueColumns {
    /// The type column; nil when the value is an entity name.
    var type: String?
    var display: String
    var folded: String
    var number: String?
    var flag: String?
    var dateFrom: String?
    var dateTo: String?
    var entity: String
    /// An expression true when the value exists; nil when it always does.
    var presence: String?

    init(alias: String) {
        type = "\(alias).type"
        display = "\(alias).display"
        folded = "\(alias).folded"
        number = "\(alias).number"
        flag = "\(alias).flag"
        dateFrom = "\(alias).date_from"
        dateTo = "\(alias).date_to"
        entity = "\(alias).entity"
        presence = "\(alias).id IS NOT NULL"
    }

    init(entityRow alias: String) {
        display = "\(alias).name"
        folded = "\(alias).folded"
        entity = "\(alias).name"
    }
}

/// One comparison of a value with a written operand, as `ValueComparison.holds` decides it.
struct SQLComparison {
    let value: SQLValueColumns
    let entityName: (EntityID) -> String

    func sql(_ comparison: ComparisonOperator, _ operand: Operand) -> String {
        let symbol = Self.symbol(comparison)
        var branches: [String] = []
        switch operand.kind {
        case .integer(let number):
            // Against numbers numerically; against dates as a year.
            if let column = value.number { branches.append("\(column) \(symbol) \(number)") }
            if let year = Int32(exactly: number), let type = value.type, let span = dateSpan(comparison, SQLDates.interval(ofYear: year)) {
                branches.append("\(type) = 'date' AND \(span)")
            }
        case .decimal(let number):
            if let column = value.number, let literal = SQLText.literal(decimal: number) {
                branches.append("\(column) \(symbol) \(literal)")
            }
        case .date(let date):
            // Dates, and whole numbers read as years.
            if let span = dateSpan(comparison, SQLDates.interval(of: date)) { branches.append(span) }
        case .boolean(let flag):
            if let column = value.flag { branches.append("\(column) \(symbol) \(SQLText.literal(flag))") }
        case .string(let text):
            // A quoted string equals a string exactly, a symbol or an entity name case-insensitively.
            if let type = value.type { branches.append("\(type) = 'string' AND \(value.display) \(symbol) \(SQLText.literal(text))") }
            branches += textBranches(comparison, operand, types: ["symbol", "entity"])
        case .name:
            branches += textBranches(comparison, operand, types: ["string", "symbol", "entity"])
        }
        if branches.isEmpty { return "FALSE" }
        if branches.count == 1 { return branches[0] }
        return branches.map { "(\($0))" }.joined(separator: " OR ")
    }

    /// Folded text comparisons. An operand naming an entity by an alias (`"International Criminal
    /// Court"`) equals that entity whatever its canonical name says.
    private func textBranches(_ comparison: ComparisonOperator, _ operand: Operand, types: [String]) -> [String] {
        let symbol = Self.symbol(comparison)
        let textTest = "\(value.folded) \(symbol) \(SQLText.literal(operand.folded))"
        var entityTest = textTest
        if let entity = operand.entity, FactBase.fold(entityName(entity)) != operand.folded {
            let name = SQLText.literal(entityName(entity))
            switch comparison {
            case .equal, .lessOrEqual, .greaterOrEqual: entityTest = "(\(value.entity) = \(name) OR \(textTest))"
            case .notEqual, .less, .greater: entityTest = "\(value.entity) <> \(name) AND \(textTest)"
            }
        }
        guard let type = value.type else { return [entityTest] }
        if entityTest == textTest { return ["\(type) IN (\(types.map { "'\($0)'" }.joined(separator: ", "))) AND \(textTest)"] }
        let others = types.filter { $0 != "entity" }
        var branches: [String] = []
        if !others.isEmpty {
            let typeTest = others.count == 1 ? "= '\(others[0])'" : "IN (\(others.map { "'\($0)'" }.joined(separator: ", ")))"
            branches.append("\(type) \(typeTest) AND \(textTest)")
        }
        branches.append("\(type) = 'entity' AND \(entityTest)")
        return branches
    }

    /// Two date spans compared at the coarser precision: equal when they overlap, less when the
    /// value ends before the operand starts.
    private func dateSpan(_ comparison: ComparisonOperator, _ operand: (from: Int64, to: Int64)) -> String? {
        guard let from = value.dateFrom, let to = value.dateTo else { return nil }
        switch comparison {
        case .equal: return "\(from) <= \(operand.to) AND \(to) >= \(operand.from)"
        case .notEqual: return "(\(to) < \(operand.from) OR \(from) > \(operand.to))"
        case .less: return "\(to) < \(operand.from)"
        case .lessOrEqual: return "\(from) <= \(operand.to)"
        case .greater: return "\(from) > \(operand.to)"
        case .greaterOrEqual: return "\(to) >= \(operand.from)"
        }
    }

    static func symbol(_ comparison: ComparisonOperator) -> String {
        comparison == .notEqual ? "<>" : comparison.rawValue
    }
}
