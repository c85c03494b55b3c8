/// `where` conditions as SQL, with FactQL's comparison rules (`ValueComparison`) spelled out:
/// numbers numerically, dates as overlapping spans (`SQLDates`), quoted strings exactly, symbols
/// and entity names by their folded text, values of different types never matching.
///
/// SQL has three truth values and FactQL two: a missing attribute makes a comparison NULL in SQL
/// but false in FactQL. AND and OR agree on which rows pass; NOT does not (NOT NULL is NULL), so
/// `not C` is written `(C) IS NOT TRUE`, which is true exactly when C does not pass.
///
/// The SQL stays flat whatever the query's depth, so that SQLite reads it (its parser stack holds
/// 100 entries, an expression nests at most 1,000 deep): a chain of `and` (or of `or`) is one
/// list, `not not C` is C, `in (...)` is SQL's `IN` lists (`SQLComparison.anyEqual`), and a list
/// whose parts nest deeply starts with the deepest (`SQLConditionList`).
extension SQLStatementBuilder {
    mutating func sql(for condition: ConditionPlan, joins: inout SQLRowJoins) -> String {
        switch condition {
        case .and, .or:
            let isAnd = if case .and = condition { true } else { false }
            var parts: [String] = []
            for part in SQLConditionList.operands(of: condition, and: isAnd) {
                parts.append(sql(for: part, joins: &joins))
            }
            return SQLConditionList.joined(parts, with: isAnd ? "AND" : "OR")
        case .not:
            let (inner, negated) = SQLConditionList.withoutDoubleNegation(condition)
            guard negated else { return sql(for: inner, joins: &joins) }
            // Membership is never NULL, so plain NOT IN says it.
            if case .member(let set, _) = inner { return membership("s.entity", in: set, negated: true) }
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
            var names: [String] = []
            for name in operands.map(relationName) where !names.contains(name) { names.append(name) }
            return "f.relation \(negated ? "NOT IN" : "IN") (\(names.joined(separator: ", ")))"
        case .contains(.factRelation, let operand):
            joins.useRelation()
            return "r.folded LIKE \(SQLText.containsPattern(operand.folded))"
        case .compare(let target, let comparison, let operand):
            return valueTest(target, joins: &joins) { value in
                SQLComparison(value: value, entityName: entityName).sql(comparison, operand)
            }
        case .oneOf(let target, let operands, let negated):
            return valueTest(target, joins: &joins) { value in
                let anyEqual = SQLComparison(value: value, entityName: entityName).anyEqual(operands)
                guard negated else { return anyEqual }
                // `not in` needs the attribute: a row without it matches neither `in` nor `not in`.
                let present = value.presence.map { "\($0) AND " } ?? ""
                return "\(present)(\(anyEqual)) IS NOT TRUE"
            }
        case .contains(let target, let operand):
            return valueTest(target, joins: &joins) { value in
                "\(value.folded) LIKE \(SQLText.containsPattern(operand.folded))"
            }
        }
    }

    /// A test of the value `target` reads: on its joined row, or, when the step reads its values
    /// by subquery (`SQLRowJoins.readsBySubquery`), as `EXISTS` of its row passing the test. A
    /// missing value passes no test either way (NULL or FALSE, neither TRUE).
    private func valueTest(
        _ target: AttributeTarget, joins: inout SQLRowJoins, _ test: (SQLValueColumns) -> String
    ) -> String {
        if joins.readsBySubquery {
            switch target {
            case .attribute(_, let name), .factAttribute(_, let name):
                let factOnly = if case .factAttribute = target { true } else { false }
                let id = SQLRowJoins.valueID(name: name, factOnly: factOnly)
                return "EXISTS (SELECT 1 FROM attribute_values v WHERE v.id = \(id) AND (\(test(SQLValueColumns(alias: "v")))))"
            case .entityName, .entityKind, .factSubject, .factRelation, .factObject:
                break
            }
        }
        return test(columns(of: target, joins: &joins))
    }

    /// A condition with role tests under `as of`, in Kleene's logic as SQL's own: a role test is
    /// NULL when only facts of unknown time put the entity in the set, NOT of NULL is NULL, and
    /// the row is kept only when the whole is TRUE (or not FALSE, in a set of what could hold).
    /// Other tests are never unknown (`IS TRUE`).
    mutating func kleeneSQL(for condition: ConditionPlan, joins: inout SQLRowJoins) -> String {
        switch condition {
        case .and, .or:
            let isAnd = if case .and = condition { true } else { false }
            var parts: [String] = []
            for part in SQLConditionList.operands(of: condition, and: isAnd) {
                parts.append(kleeneSQL(for: part, joins: &joins))
            }
            return SQLConditionList.joined(parts, with: isAnd ? "AND" : "OR", bracketingAll: true)
        case .not:
            // NOT NOT x is x in Kleene's logic too.
            let (inner, negated) = SQLConditionList.withoutDoubleNegation(condition)
            let text = kleeneSQL(for: inner, joins: &joins)
            return negated ? "NOT (\(text))" : text
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

extension SQLComparison {
    /// `in (...)`: the value equals one of the operands, as SQL `IN` lists, one per kind of test,
    /// rather than an `OR` per operand: a thousand operands would nest a thousand deep, past
    /// SQLite's limit on an expression's depth.
    ///
    /// Dates compare by their first day `date_from` (`YYYYMMDD`, with 00 for a missing month or
    /// day): a value equals a day operand when `date_from` is that day, its month or its year
    /// (`20240115`, `20240100`, `20240000`); it equals a month operand when it lies in that month
    /// (`date_from / 100` is `202401`) or is that year. A whole number operand equals a date in
    /// its year (`date_from / 10000`). Both engines divide integers by truncating.
    func anyEqual(_ operands: [Operand]) -> String {
        var numbers = SQLList()
        var years = SQLList()
        var days = SQLList()
        var months = SQLList()
        var dateYears = SQLList()
        var flags = SQLList()
        var strings = SQLList()
        var foldedNames = SQLList()
        var folded = SQLList()
        var aliasedEntities = SQLList()
        for operand in operands {
            switch operand.kind {
            case .integer(let number):
                numbers.add(String(number))
                if Int32(exactly: number) != nil { years.add(String(number)) }
            case .decimal(let number):
                if let literal = SQLText.literal(decimal: number) { numbers.add(literal) }
            case .date(let date):
                let span = SQLDates.interval(of: date)
                if date.month == 0 {
                    dateYears.add(String(date.year))
                    continue
                }
                days.add(String(span.from / 10_000 * 10_000))
                if date.day == 0 {
                    months.add(String(span.from / 100))
                } else {
                    days.add(String(span.from))
                    days.add(String(span.from / 100 * 100))
                }
            case .boolean(let flag):
                flags.add(SQLText.literal(flag))
            case .string(let text):
                strings.add(SQLText.literal(text))
                folded.add(SQLText.literal(operand.folded))
            case .name:
                foldedNames.add(SQLText.literal(operand.folded))
                folded.add(SQLText.literal(operand.folded))
            }
            if let entity = operand.entity, FactBase.fold(entityName(entity)) != operand.folded {
                aliasedEntities.add(SQLText.literal(entityName(entity)))
            }
        }
        func list(_ list: SQLList) -> String { list.items.count == 1 ? "= \(list.items[0])" : "IN (\(list.items.joined(separator: ", ")))" }
        var branches: [String] = []
        if let column = value.number, !numbers.isEmpty { branches.append("\(column) \(list(numbers))") }
        if let type = value.type, let from = value.dateFrom, !years.isEmpty {
            branches.append("\(type) = 'date' AND \(from) / 10000 \(list(years))")
        }
        if let from = value.dateFrom {
            if !days.isEmpty { branches.append("\(from) \(list(days))") }
            if !months.isEmpty { branches.append("\(from) / 100 \(list(months))") }
            if !dateYears.isEmpty { branches.append("\(from) / 10000 \(list(dateYears))") }
        }
        if let column = value.flag, !flags.isEmpty { branches.append("\(column) \(list(flags))") }
        if !folded.isEmpty {
            guard let type = value.type else {
                // An entity's own name: its folded name, or the entity an alias names.
                branches.append("\(value.folded) \(list(folded))")
                if !aliasedEntities.isEmpty { branches.append("\(value.entity) \(list(aliasedEntities))") }
                return Self.or(branches)
            }
            var stringTests: [String] = []
            if !strings.isEmpty { stringTests.append("\(value.display) \(list(strings))") }
            if !foldedNames.isEmpty { stringTests.append("\(value.folded) \(list(foldedNames))") }
            if strings.isEmpty {
                branches.append("\(type) IN ('string', 'symbol', 'entity') AND \(value.folded) \(list(folded))")
            } else {
                branches.append("\(type) = 'string' AND " + (stringTests.count == 1 ? stringTests[0] : "(\(stringTests.joined(separator: " OR ")))"))
                branches.append("\(type) IN ('symbol', 'entity') AND \(value.folded) \(list(folded))")
            }
            if !aliasedEntities.isEmpty { branches.append("\(type) = 'entity' AND \(value.entity) \(list(aliasedEntities))") }
        }
        return Self.or(branches)
    }

    private static func or(_ branches: [String]) -> String {
        if branches.isEmpty { return "FALSE" }
        if branches.count == 1 { return branches[0] }
        return branches.map { "(\($0))" }.joined(separator: " OR ")
    }
}

/// The items of an SQL list, each once, in the order first given.
struct SQLList {
    private(set) var items: [String] = []
    private var seen: Set<String> = []

    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ item: String) {
        if seen.insert(item).inserted { items.append(item) }
    }
}

/// Conditions joined by one operator, written so that SQLite's parser reads them at any depth.
enum SQLConditionList {
    /// The operands of a chain of one operator in the written order: `a and (b and c) and d` is
    /// [a, b, c, d]. Found with a stack of its own, so a chain's length costs no recursion.
    static func operands(of condition: ConditionPlan, and isAnd: Bool) -> [ConditionPlan] {
        var result: [ConditionPlan] = []
        var pending = [condition]
        while let next = pending.popLast() {
            switch next {
            case .and(let left, let right) where isAnd, .or(let left, let right) where !isAnd:
                pending.append(right)
                pending.append(left)
            default:
                result.append(next)
            }
        }
        return result
    }

    /// The condition under a chain of `not`, and whether an odd number of them negates it.
    static func withoutDoubleNegation(_ condition: ConditionPlan) -> (ConditionPlan, negated: Bool) {
        var inner = condition
        var negated = false
        while case .not(let next) = inner {
            inner = next
            negated.toggle()
        }
        return (inner, negated)
    }

    /// A list whose parts nest brackets deeper than this is written for SQLite's parser.
    static let deepNesting = 4

    /// The parts joined by `op` (`AND` or `OR`), each in brackets when it holds an operator of its
    /// own (always, with `bracketingAll`). SQLite's parser keeps about three entries of its
    /// 100-entry stack for each bracket opened after an operator, and one for a bracket at the
    /// start, so a list whose parts nest more than `deepNesting` brackets deep puts the deepest
    /// first (AND and OR are commutative, in SQL's logic as in FactQL's: the rows are the same),
    /// and brackets only what SQL's precedence needs: an OR inside an AND.
    static func joined(_ parts: [String], with op: String, bracketingAll: Bool = false) -> String {
        let profiles = parts.map(bracketProfile)
        let depths = profiles.map(\.depth)
        guard let deepest = depths.indices.max(by: { depths[$0] < depths[$1] }), depths[deepest] > deepNesting else {
            return parts.map { part in
                bracketingAll || part.contains(" OR ") || part.contains(" AND ") || part.contains(" IS NOT TRUE") ? "(\(part))" : part
            }.joined(separator: " \(op) ")
        }
        var items = parts.indices.map { index in op == "AND" && profiles[index].hasTopLevelOr ? "(\(parts[index]))" : parts[index] }
        items.insert(items.remove(at: deepest), at: 0)
        return items.joined(separator: " \(op) ")
    }

    /// How deep the brackets of `sql` nest, and whether it has an OR outside them, outside quoted
    /// strings and names: one pass over the text.
    static func bracketProfile(_ sql: String) -> (depth: Int, hasTopLevelOr: Bool) {
        var depth = 0
        var deepest = 0
        var hasTopLevelOr = false
        var quote: UInt8?
        // The last four bytes outside quotes, to find " OR ".
        var window: UInt32 = 0
        let or = UInt32(0x20) << 24 | UInt32(UInt8(ascii: "O")) << 16 | UInt32(UInt8(ascii: "R")) << 8 | 0x20
        for byte in sql.utf8 {
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
            case UInt8(ascii: "("):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: ")"): depth -= 1
            default: break
            }
            window = window << 8 | UInt32(byte)
            if depth == 0 && window == or { hasTopLevelOr = true }
        }
        return (deepest, hasTopLevelOr)
    }
}
