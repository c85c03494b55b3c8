/// Analysis of the forms beyond plain sets: an attribute's values as the answer, facts as rows,
/// counts per group, roles named with their relation, and yes/no questions.
extension Analyzer {
    // MARK: Roles

    /// The roles a noun names, in the relation `relation` when the query names one
    /// (`member_of organizations of Armenia`). A noun several relations share is answered from all
    /// of them, with a warning that says how to keep one.
    func resolveRoles(_ role: Name, relation: Name?) throws(Diagnostic) -> [FactBase.RoleReference] {
        let roles = factBase.roles(noun: role.text)
        guard let relation else {
            guard !roles.isEmpty else { throw unknownRole(role) }
            warnIfShared(role, roles)
            return roles
        }
        guard let relationID = factBase.relation(named: relation.text) else {
            throw Diagnostic(
                message: "unknown relation '\(relation.text)'", span: relation.span,
                notes: ["before a role, a name is the relation the role belongs to, as in member_of organizations of Armenia"],
                suggestions: Suggestions.nearest(to: relation.text, among: factBase.relations.map(\.name)))
        }
        let kept = roles.filter { $0.relation == relationID }
        guard !kept.isEmpty else {
            let declared = factBase.relations[Int(relationID)].roles
            let nouns = Self.unique(declared.flatMap { English.roleNouns(of: $0) })
            throw Diagnostic(
                message: "the relation \(factBase.relations[Int(relationID)].name) has no role '\(role.text)'", span: role.span,
                notes: ["its roles are \(Self.list(Self.unique(declared)))"],
                suggestions: Suggestions.nearest(to: role.text, among: nouns))
        }
        return kept
    }

    func unknownRole(_ role: Name) -> Diagnostic {
        var notes: [String] = []
        if factBase.kind(plural: role.text) != nil || factBase.entity(named: role.text) != nil {
            notes.append("'\(role.text)' names a set, not a role; roles are \(Self.list(factBase.roleNouns.prefix(6)))")
        } else if let attribute = ([role.text] + English.singulars(of: role.text)).first(where: { factBase.attribute(named: $0) != nil }) {
            let role = Name(text: attribute, span: role.span)
            notes.append(
                "'\(role.text)' is an attribute: ask for its values at the start of a query (\(role.text) of ...), or show it as a column with 'with \(role.text)'"
            )
        }
        return Diagnostic(
            message: "unknown role '\(role.text)'", span: role.span, notes: notes,
            suggestions: Suggestions.nearest(to: role.text, among: factBase.roleNouns))
    }

    func factsAreNoEntities(_ span: SourceSpan) -> Diagnostic {
        Diagnostic(
            message: "'facts' gives rows of facts, not a set of entities to go on from", span: span,
            notes: ["'facts of SET' stands at the start of a query: facts of Armenia where relation = member_of"])
    }

    // MARK: An attribute's values as the answer

    /// `capital of Armenia`, `since of (members of ICC)`: where the noun before `of` names no role
    /// but an attribute of the set after it, the answer is that attribute's values. A role of the
    /// same name wins; `SET with ATTRIBUTE` shows the attribute beside the answers instead.
    func planAttributeValues(_ query: Query) throws(Diagnostic) -> QueryPlan? {
        // `capital of countries where ...`: the conditions test the members, whose values are asked for.
        var conditions: [(Condition, SourceSpan)] = []
        var outer = query.set
        while case .filter(let inner, let condition, let span) = outer {
            conditions.append((condition, span))
            outer = inner
        }
        guard case .navigation(let noun, var inner, nil, _) = outer, factBase.roles(noun: noun.text).isEmpty,
            factBase.attribute(named: noun.text) != nil || ["name", "kind"].contains(FactBase.fold(noun.text))
        else { return nil }
        // `count capital of each country` would count one set of values, not one per group.
        if let (group, span) = Self.group(endingChain: inner) {
            var members = SyntaxPrinter.print(group)
            if case .kind(_, let plural)? = try? resolveGroup(group) { members = FactBase.nameLiteral(plural) }
            throw Diagnostic(
                message: "the values of \(noun.text) cannot be counted per group", span: span,
                notes: [
                    "count entities instead (count \(members) where ...), or show each one's value beside it (\(members) with \(noun.text))"
                ])
        }
        for (condition, span) in conditions.reversed() { inner = .filter(inner, where: condition, span: span) }
        let set = try resolve(inner)
        let target = try resolveAttribute(noun, in: set)
        if let columns = query.columns {
            throw Diagnostic(
                message: "'with' adds columns beside entities; the answers here are values of \(target.name)",
                span: columns.span, notes: ["to see both, write \(SyntaxPrinter.print(inner)) with \(target.name)"])
        }
        var plan = QueryPlan(
            form: query.form, set: set, columns: [OutputColumn(name: target.name, content: .attribute(target))],
            orderColumn: nil, descending: query.order?.descending ?? false, limit: query.limit?.count)
        plan.answersAreValues = true
        plan.asOf = query.asOf?.date
        if let limit = query.limit, query.form == .count {
            throw Diagnostic(message: "'limit' has nothing to cut in a count: it is one row", span: limit.span)
        }
        if let order = query.order {
            if query.form == .count { throw Diagnostic(message: "'order by' has nothing to order in a count", span: order.span) }
            guard FactBase.fold(order.column.text) == FactBase.fold(target.name) else {
                throw Diagnostic(
                    message: "no column '\(order.column.text)' to order by", span: order.column.span,
                    notes: ["the one column is \(target.name)"])
            }
            plan.orderColumn = 0
        }
        plan.warnings = warnings.diagnostics
        return plan
    }

    // MARK: Facts as rows

    /// `subject | relation | object`, then the attributes `with` names, or else those `where`
    /// tests; when neither names one, all of a fact's attributes in one column.
    func factColumns(_ query: Query, _ set: SetPlan) throws(Diagnostic) -> [OutputColumn] {
        var columns = [
            OutputColumn(name: "subject", content: .attribute(.factSubject)),
            OutputColumn(name: "relation", content: .attribute(.factRelation)),
            OutputColumn(name: "object", content: .attribute(.factObject)),
        ]
        var named: [AttributeTarget] = []
        if let clause = query.columns {
            for name in clause.attributes { named.append(try resolveFactAttribute(name)) }
        } else {
            named = filterAttributes(of: set)
        }
        for target in named where !columns.contains(where: { FactBase.fold($0.name) == FactBase.fold(target.name) }) {
            columns.append(OutputColumn(name: target.name, content: .attribute(target)))
        }
        if columns.count == 3 && query.columns == nil {
            columns.append(OutputColumn(name: "attributes", content: .factAttributes))
        }
        return columns
    }

    /// A name in `facts where`: `subject`, `relation`, `object`, or an attribute some fact has.
    func resolveFactAttribute(_ name: Name) throws(Diagnostic) -> AttributeTarget {
        switch FactBase.fold(name.text) {
        case "subject": return .factSubject
        case "relation": return .factRelation
        case "object": return .factObject
        default: break
        }
        if let id = factBase.attribute(named: name.text), factBase.relations.contains(where: { $0.attributes.contains(id) }) {
            return .factAttribute(id, name: factBase.attributeNames[Int(id)])
        }
        let inScope = factAttributeNamesInScope()
        let shown = inScope.count > 24 ? Self.list(inScope.prefix(24)) + " and \(inScope.count - 24) more" : Self.list(inScope)
        throw Diagnostic(
            message: "unknown attribute '\(name.text)': no fact has it", span: name.span,
            notes: ["in facts, a name is subject, relation, object or a fact's attribute: \(shown)"],
            suggestions: Suggestions.nearest(to: name.text, among: inScope))
    }

    /// What a condition in `facts where` may test: a fact's ends, its relation, and the
    /// attributes some fact has.
    func factAttributeNamesInScope() -> [String] {
        var inScope = ["subject", "relation", "object"]
        for relation in factBase.relations { inScope += relation.attributes.map { factBase.attributeNames[Int($0)] } }
        return Self.unique(inScope)
    }

    // MARK: Counts per group

    /// `each` stands once, in the chain of roles a `count` counts: `count members of each organization`.
    func checkGroups(in set: SetExpression, counting: Bool) throws(Diagnostic) {
        let spans = Self.eachSpans(in: set)
        guard let first = spans.first else { return }
        guard counting else {
            throw Diagnostic(
                message: "'each' makes groups to count", span: first,
                notes: ["write count before it, as in count members of each organization"])
        }
        guard spans.count == 1, Self.chainEndsInEach(set) else {
            throw Diagnostic(
                message: "'each' stands once, at the end of the roles being counted", span: spans[spans.count > 1 ? 1 : 0],
                notes: ["as in count members of each organization, or count leaders of members of each (organizations where kind = alliance)"])
        }
    }

    /// Every `each` in the set, conditions included (for errors).
    static func eachSpans(in set: SetExpression) -> [SourceSpan] {
        var spans: [SourceSpan] = []
        var pending: [SetExpression] = [set]
        var conditions: [Condition] = []
        while !pending.isEmpty || !conditions.isEmpty {
            if let condition = conditions.popLast() {
                switch condition {
                case .and(let left, let right), .or(let left, let right): conditions += [left, right]
                case .not(let inner, _), .parenthesized(let inner, _): conditions.append(inner)
                case .roleTest(_, let inner, _, _): pending.append(inner)
                case .comparison, .oneOf, .contains: break
                }
                continue
            }
            guard let next = pending.popLast() else { break }
            switch next {
            case .name: break
            case .navigation(_, let inner, _, _), .parenthesized(let inner, _): pending.append(inner)
            case .filter(let inner, let condition, _):
                pending.append(inner)
                conditions.append(condition)
            case .facts(let inner, _): if let inner { pending.append(inner) }
            case .each(let group, let span):
                spans.append(span)
                pending.append(group)
            }
        }
        return spans.sorted { $0.start < $1.start }
    }

    /// The group and the span of the `each` that ends the chain of roles, if one does.
    static func group(endingChain set: SetExpression) -> (SetExpression, SourceSpan)? {
        var current = set
        while true {
            switch current {
            case .each(let group, let span): return (group, span)
            case .navigation(_, let inner, _, _), .filter(let inner, _, _), .parenthesized(let inner, _): current = inner
            case .name, .facts: return nil
            }
        }
    }

    /// Whether the chain of roles (through `where` and brackets) ends in `each`.
    private static func chainEndsInEach(_ set: SetExpression) -> Bool {
        var current = set
        while true {
            switch current {
            case .each: return true
            case .navigation(_, let inner, _, _), .filter(let inner, _, _), .parenthesized(let inner, _): current = inner
            case .name, .facts: return false
            }
        }
    }

    /// `each organization` (a kind, singular or plural) or `each (SET)`.
    func resolveGroup(_ group: SetExpression) throws(Diagnostic) -> SetPlan {
        guard case .name(let name) = group else { return try resolve(group) }
        if let kind = kindSet(named: name.text) { return kind }
        if factBase.entity(named: name.text) != nil {
            throw Diagnostic(
                message: "'\(name.text)' is one entity: 'each' needs a kind or a set of several", span: name.span,
                notes: ["as in each organization, or each (members of CSTO)"])
        }
        throw Diagnostic(
            message: "unknown kind '\(name.text)' after 'each'", span: name.span,
            notes: ["'each' takes a kind (each organization) or a set in brackets (each (members of CSTO))"],
            suggestions: Suggestions.nearest(to: name.text, among: factBase.kinds.map(\.name)))
    }

    /// All entities of the kind a name gives in the singular or the plural (`each organization`,
    /// `is CSTO an organization`).
    private func kindSet(named text: String) -> SetPlan? {
        guard let kind = factBase.kind(named: text) ?? factBase.kind(plural: text) else { return nil }
        return .kind(kind, plural: factBase.kinds[Int(kind)].plural)
    }

    /// The group column: the kind's name, or the answer column of the set.
    func groupColumnName(_ group: SetPlan) -> String {
        if case .kind(let kind, _) = group { return factBase.kinds[Int(kind)].name }
        return answerColumnName(group)
    }

    // MARK: Yes/no questions

    /// `is NAME [a|an] SET`, `is NAME in SET`. After an article, a bare name is a kind (singular
    /// or plural); anything else is the set itself.
    public func plan(_ question: Question) throws(Diagnostic) -> QuestionPlan {
        if let span = Self.eachSpans(in: question.set).first {
            throw Diagnostic(
                message: "'each' makes groups to count; a yes/no question asks about one entity", span: span)
        }
        let entity = try self.entity(for: question.entity)
        let set: SetPlan
        if case .name(let name) = question.set, question.connector != .in {
            set = try resolveQuestionKind(name, entity: question.entity)
        } else {
            set = try resolve(question.set)
        }
        if set.isFactSet { throw factsAreNoEntities(question.set.span) }
        var connector = question.connector.rawValue
        if connector.isEmpty, case .name = question.set { connector = "a" }
        let when = question.asOf.map { " as of \($0.date)" } ?? ""
        let subject = FactBase.nameLiteral(factBase.entityNames[Int(entity)])
        let rest = [connector, SyntaxPrinter.print(question.set)].filter { !$0.isEmpty }.joined(separator: " ")
        var plan = QuestionPlan(
            entity: entity, set: set, explains: question.explains, sentence: "\(subject) is \(rest)\(when)",
            denial: "\(subject) is not \(rest)\(when)")
        plan.asOf = question.asOf?.date
        plan.warnings = warnings.diagnostics
        return plan
    }

    /// `is CSTO an organization`: the name must be a kind.
    private func resolveQuestionKind(_ name: Name, entity: Name) throws(Diagnostic) -> SetPlan {
        if let kind = kindSet(named: name.text) { return kind }
        if !factBase.roles(noun: name.text).isEmpty {
            throw Diagnostic(
                message: "'\(name.text)' is a role: say of what, as in is \(entity.text) a \(name.text) of CSTO", span: name.span)
        }
        if factBase.entity(named: name.text) != nil {
            throw Diagnostic(
                message: "'\(name.text)' is an entity, not a kind or a role", span: name.span,
                notes: ["to ask whether two names are one entity, write is \(entity.text) in \(name.text)"])
        }
        throw Diagnostic(
            message: "'\(name.text)' is neither a kind nor a role", span: name.span,
            notes: ["ask is NAME a KIND (is CSTO an organization) or is NAME a ROLE of SET (is Belarus a member of CSTO)"],
            suggestions: Suggestions.nearest(to: name.text, among: factBase.kinds.map(\.name) + factBase.roleNouns))
    }
}

extension SetPlan {
    /// The groups of `count ROLE of each GROUP`, when this set ends in `each`.
    var countedGroup: SetPlan? {
        switch self {
        case .each(let group): return group
        case .navigate(_, _, let source): return source.countedGroup
        case .filter(let inner, _): return inner.countedGroup
        case .entity, .kind, .facts: return nil
        }
    }
}
