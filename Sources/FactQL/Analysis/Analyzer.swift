/// Resolves the names of a query against the fact base (entities, aliases, kinds and their
/// plurals, relations, roles, attributes), case-insensitively, and suggests the nearest known
/// names when one is unknown.
public struct Analyzer {
    let factBase: FactBase
    /// Warnings found while resolving; the resolving functions recurse without being mutating,
    /// so they share one list.
    let warnings = WarningList()

    public init(factBase: FactBase) {
        self.factBase = factBase
    }

    public func plan(_ query: Query) throws(Diagnostic) -> QueryPlan {
        try checkGroups(in: query.set, counting: query.form == .count)
        if let plan = try planAttributeValues(query) { return plan }
        let set = try resolve(query.set)
        var grouping: GroupPlan?
        if let group = set.countedGroup { grouping = GroupPlan(groups: group, column: groupColumnName(group)) }
        var columns: [OutputColumn]
        if query.form == .count {
            if let columnsClause = query.columns {
                throw Diagnostic(
                    message: "'with' adds columns to a list of answers; a count has none", span: columnsClause.span,
                    notes: ["leave 'count' out to list the answers with their attributes"])
            }
            columns = [OutputColumn(name: "count", content: .answer)]
            if let grouping { columns.insert(OutputColumn(name: grouping.column, content: .answer), at: 0) }
        } else if set.isFactSet {
            columns = try factColumns(query, set)
        } else {
            columns = [OutputColumn(name: answerColumnName(set), content: .answer)]
            let named = try query.columns.map { clause throws(Diagnostic) in try clause.attributes.map { name throws(Diagnostic) in try resolveAttribute(name, in: set) } }
            for target in named ?? filterAttributes(of: set)
            where !columns.contains(where: { FactBase.fold($0.name) == FactBase.fold(target.name) }) {
                columns.append(OutputColumn(name: target.name, content: .attribute(target)))
            }
        }
        var plan = QueryPlan(
            form: query.form, set: set, columns: columns, orderColumn: nil, descending: query.order?.descending ?? false,
            limit: query.limit?.count)
        plan.grouping = grouping
        plan.asOf = query.asOf?.date
        if let limit = query.limit, query.form == .count, grouping == nil {
            throw Diagnostic(
                message: "'limit' has nothing to cut in a count: it is one row", span: limit.span,
                notes: ["a count per group has a row per group: count members of each organization limit 2"])
        }
        if let order = query.order { plan.orderColumn = try orderColumn(order, in: &plan) }
        plan.warnings = warnings.diagnostics
        return plan
    }

    /// The column `order by` names: one shown already, `name` (the answer), or an attribute,
    /// which becomes a column of its own.
    private func orderColumn(_ order: OrderClause, in plan: inout QueryPlan) throws(Diagnostic) -> Int {
        if plan.form == .count && plan.grouping == nil {
            throw Diagnostic(message: "'order by' has nothing to order in a count", span: order.span)
        }
        let folded = FactBase.fold(order.column.text)
        if let position = plan.columns.firstIndex(where: { FactBase.fold($0.name) == folded }) { return position }
        if folded == "name" && !plan.answersAreValues { return 0 }  // the answer column holds the entity's name
        if plan.grouping != nil || plan.answersAreValues {
            throw Diagnostic(
                message: "no column '\(order.column.text)' to order by", span: order.column.span,
                notes: ["the columns are \(Self.list(plan.columns.map(\.name)))"],
                suggestions: Suggestions.nearest(to: order.column.text, among: plan.columns.map(\.name)))
        }
        let target = try resolveAttribute(order.column, in: plan.set)
        plan.columns.append(OutputColumn(name: target.name, content: .attribute(target)))
        return plan.columns.count - 1
    }

    public func entity(for name: Name) throws(Diagnostic) -> EntityID {
        if let id = factBase.entity(named: name.text) { return id }
        throw Diagnostic(
            message: "unknown entity '\(name.text)'", span: name.span,
            suggestions: Suggestions.nearest(to: name.text, among: factBase.entityNamesAndAliases))
    }

    // MARK: Sets

    func resolve(_ expression: SetExpression) throws(Diagnostic) -> SetPlan {
        switch expression {
        case .name(let name):
            return try resolveSetName(name)
        case .parenthesized(let inner, _):
            return try resolve(inner)
        case .navigation(let role, let inner, let relation, _):
            let roles = try resolveRoles(role, relation: relation)
            let source = try resolve(inner)
            if source.isFactSet { throw factsAreNoEntities(inner.span) }
            return .navigate(roles: roles, noun: role.text, source: source)
        case .filter(let inner, let condition, _):
            let set = try resolve(inner)
            return .filter(set, try resolve(condition, in: set))
        case .facts(let inner, _):
            guard let inner else { return .facts(of: nil) }
            let source = try resolve(inner)
            if source.isFactSet { throw factsAreNoEntities(inner.span) }
            return .facts(of: source)
        case .each(let group, _):
            let groups = try resolveGroup(group)
            if groups.isFactSet { throw factsAreNoEntities(group.span) }
            return .each(groups)
        }
    }

    private func resolveSetName(_ name: Name) throws(Diagnostic) -> SetPlan {
        if let kind = factBase.kind(plural: name.text) {
            return .kind(kind, plural: factBase.kinds[Int(kind)].plural)
        }
        if let entity = factBase.entity(named: name.text) {
            return .entity(entity, name: factBase.entityNames[Int(entity)])
        }
        if let kind = factBase.kind(named: name.text) {
            let plural = factBase.kinds[Int(kind)].plural
            throw Diagnostic(
                message: "'\(name.text)' is a kind; the set of all of them is '\(plural)'", span: name.span,
                suggestions: [plural])
        }
        if !factBase.roles(noun: name.text).isEmpty {
            throw Diagnostic(
                message: "'\(name.text)' is a role; say whose, as in \(name.text) of \(factBase.entityNames.first ?? "Armenia")",
                span: name.span)
        }
        throw Diagnostic(
            message: "unknown entity or kind '\(name.text)'", span: name.span,
            suggestions: Suggestions.nearest(to: name.text, among: factBase.entityNamesAndAliases + factBase.kindPlurals))
    }

    func answerColumnName(_ set: SetPlan) -> String {
        switch set {
        case .entity: return "entity"
        case .kind(let kind, _): return factBase.kinds[Int(kind)].name
        case .navigate(let roles, let noun, _):
            guard let first = roles.first else { return noun }
            return factBase.relations[Int(first.relation)].roles[first.position]
        case .filter(let inner, _): return answerColumnName(inner)
        case .facts: return "fact"
        case .each(let group): return groupColumnName(group)
        }
    }

    /// The attributes read by the `where` clauses applied directly to the answer set.
    func filterAttributes(of set: SetPlan) -> [AttributeTarget] {
        guard case .filter(let inner, let condition) = set else { return [] }
        var targets = filterAttributes(of: inner)
        for target in condition.attributes where !targets.contains(target) { targets.append(target) }
        return targets
    }

    // MARK: Conditions

    func resolve(_ condition: Condition, in set: SetPlan) throws(Diagnostic) -> ConditionPlan {
        switch condition {
        case .and(let left, let right):
            return .and(try resolve(left, in: set), try resolve(right, in: set))
        case .or(let left, let right):
            return .or(try resolve(left, in: set), try resolve(right, in: set))
        case .not(let inner, _):
            return .not(try resolve(inner, in: set))
        case .parenthesized(let inner, _):
            return try resolve(inner, in: set)
        case .comparison(let attribute, let comparison, let literal):
            let target = try resolveAttribute(attribute, in: set)
            if target == .entityKind || target == .factRelation {
                guard comparison == .equal || comparison == .notEqual else {
                    throw Diagnostic(
                        message: "a \(target == .entityKind ? "kind" : "relation") can only be compared with = or !=",
                        span: attribute.span)
                }
                return .compare(target, comparison, try namedOperand(literal, for: target))
            }
            let value = operand(literal)
            checkOperand(value, comparison, literal, against: target, attribute: attribute, in: set)
            return .compare(target, comparison, value)
        case .oneOf(let attribute, let literals, let negated, _):
            let target = try resolveAttribute(attribute, in: set)
            var operands: [Operand] = []
            for literal in literals {
                if target == .entityKind || target == .factRelation {
                    operands.append(try namedOperand(literal, for: target))
                } else {
                    let value = operand(literal)
                    checkOperand(value, negated ? .notEqual : .equal, literal, against: target, attribute: attribute, in: set)
                    operands.append(value)
                }
            }
            return .oneOf(target, operands, negated: negated)
        case .contains(let attribute, let literal):
            return .contains(try resolveAttribute(attribute, in: set), operand(literal))
        case .roleTest(let role, let inner, let relation, let span):
            if set.isFactSet {
                throw Diagnostic(
                    message: "a role test asks about an entity, and these rows are facts", span: span,
                    notes: ["test the fact's ends instead, as in subject in (Armenia, Russia) or object = CSTO"])
            }
            let membership = try resolve(.navigation(role: role, of: inner, relation: relation, span: span))
            return .member(membership, noun: role.text)
        }
    }

    /// `kind = alliance` names a kind (singular or plural), `relation = member_of` a relation:
    /// the operand holds its id.
    private func namedOperand(_ literal: ValueLiteral, for target: AttributeTarget) throws(Diagnostic) -> Operand {
        guard target == .factRelation else { return try kindOperand(literal) }
        var result = operand(literal)
        guard let relation = factBase.relation(named: result.text) else {
            throw Diagnostic(
                message: "unknown relation '\(result.text)'", span: literal.span,
                suggestions: Suggestions.nearest(to: result.text, among: factBase.relations.map(\.name)))
        }
        result.kind = .integer(Int(relation))
        return result
    }

    /// `kind = alliance`: the value must name a kind (singular or plural).
    private func kindOperand(_ literal: ValueLiteral) throws(Diagnostic) -> Operand {
        var result = operand(literal)
        let text = result.text
        guard let kind = factBase.kind(named: text) ?? factBase.kind(plural: text) else {
            throw Diagnostic(
                message: "unknown kind '\(text)'", span: literal.span,
                suggestions: Suggestions.nearest(to: text, among: factBase.kinds.map(\.name)))
        }
        result.kind = .integer(Int(kind))
        return result
    }

    /// A name in `where` is an attribute of the connecting fact first, then of the entity; `name`
    /// and `kind` are every entity's. A name that nothing in scope has is an error.
    func resolveAttribute(_ name: Name, in set: SetPlan) throws(Diagnostic) -> AttributeTarget {
        if set.isFactSet { return try resolveFactAttribute(name) }
        let folded = FactBase.fold(name.text)
        let relations = set.connectingRelations
        if let id = factBase.attribute(named: name.text) {
            let onFacts = relations.contains { factBase.relations[Int($0)].attributes.contains(id) }
            if onFacts || factBase.entityAttributeIDs.contains(id) {
                return .attribute(id, name: factBase.attributeNames[Int(id)])
            }
        }
        if folded == "name" { return .entityName }
        if folded == "kind" { return .entityKind }
        let inScope = attributeNamesInScope(of: set)
        let relationNames = relations.map { factBase.relations[Int($0)].name }
        let scopeText = relationNames.isEmpty ? "no entity" : "no \(Self.list(relationNames)) fact or entity"
        return try fail(
            Diagnostic(
                message: "unknown attribute '\(name.text)': \(scopeText) has it", span: name.span,
                notes: ["attributes here: \(Self.list(inScope))"],
                suggestions: Suggestions.nearest(to: name.text, among: inScope)))
    }

    /// The names a condition on `set` may test, as `resolveAttribute` looks them up: `name` and
    /// `kind`, the connecting facts' attributes, then the entities' own (completion offers these).
    func attributeNamesInScope(of set: SetPlan) -> [String] {
        if set.isFactSet { return factAttributeNamesInScope() }
        var inScope = ["name", "kind"]
        for relation in set.connectingRelations {
            inScope += factBase.relations[Int(relation)].attributes.map { factBase.attributeNames[Int($0)] }
        }
        inScope += factBase.entityAttributeIDs.sorted().map { factBase.attributeNames[Int($0)] }
        return Self.unique(inScope)
    }

    private func fail<T>(_ diagnostic: Diagnostic) throws(Diagnostic) -> T { throw diagnostic }

    func operand(_ literal: ValueLiteral) -> Operand {
        switch literal.kind {
        case .integer(let number):
            return Operand(kind: .integer(number), text: String(number), folded: String(number))
        case .decimal(let number):
            let text = FactBase.format(decimal: number)
            return Operand(kind: .decimal(number), text: text, folded: text)
        case .date(let date):
            return Operand(kind: .date(date), text: date.description, folded: date.description)
        case .boolean(let flag):
            return Operand(kind: .boolean(flag), text: String(flag), folded: String(flag))
        case .string(let text):
            return Operand(
                kind: .string(text), text: FactBase.quote(text), symbol: factBase.symbol(named: text),
                entity: factBase.entity(named: text), folded: FactBase.fold(text))
        case .name(let text, _):
            return Operand(
                kind: .name(text), text: text, symbol: factBase.symbol(named: text),
                entity: factBase.entity(named: text), folded: FactBase.fold(text))
        }
    }

    static func list(_ names: some Sequence<String>) -> String {
        let items = Array(names)
        guard let last = items.last else { return "none" }
        if items.count == 1 { return last }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }

    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert(FactBase.fold($0)).inserted }
    }
}
