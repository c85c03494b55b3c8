/// `.explain`: a statement read back in plain English, the way a controlled-language parser
/// paraphrases its input so a person can check it understood what they meant.
///
///     members of CSTO where status = frozen
///     → the entities in role member of a member_of fact whose organization is CSTO, keeping those
///       whose fact has status = frozen
///
/// Queries are paraphrased from their resolved plan, so the reading names the relations and roles
/// the names were resolved to; definitions from their syntax, since they create the names.
struct EnglishParaphrase {
    let factBase: FactBase

    // MARK: Queries

    func paraphrase(_ plan: QueryPlan) -> String {
        if let grouping = plan.grouping { return paraphrase(groups: grouping, of: plan) }
        let set = (plan.answersAreValues ? values(plan) : phrase(plan.set)) + Self.asOf(plan.asOf)
        var text: String
        switch plan.form {
        case .list: text = set
        case .count where plan.answersAreValues:
            text = "the number of distinct values of \(plan.columns.first?.name ?? "the attribute") among \(phrase(plan.set))"
                + Self.asOf(plan.asOf)
        case .count:
            text = "the number of distinct \(plan.answersAreFacts ? "facts" : "entities") among " + set
        case .why:
            if plan.answersAreFacts {
                text = set + ", each with the sentences it cites"
            } else if plan.answersAreValues {
                text = set + ", each value with the fact or declaration that holds it and how its entity got there"
            } else {
                text = set + ", each with the facts that put it there and the sentences they cite"
            }
        }
        if plan.form != .count {
            let shown = shownColumns(plan)
            if plan.form == .list && !shown.isEmpty {
                let beside: String
                if case .entity = plan.set { beside = "it" } else { beside = "each" }
                text += ", showing \(Analyzer.list(shown)) beside \(beside)"
            }
            if let column = plan.orderColumn, plan.columns.indices.contains(column) {
                text += "; sorted by \(plan.columns[column].name)\(plan.descending ? ", descending" : "")"
            }
            if let limit = plan.limit { text += "; at most \(limit) of them" }
            text += "\n(columns: \(plan.columns.map(\.name).joined(separator: ", ")))"
        }
        return text
    }

    /// The attribute columns `with` asked for: those beside the answer that no `where` reads (the
    /// columns a `where` adds on its own go unmentioned, as the filter already names them).
    private func shownColumns(_ plan: QueryPlan) -> [String] {
        guard !plan.answersAreValues else { return [] }
        let tested = Analyzer(factBase: factBase).filterAttributes(of: plan.set)
        var names: [String] = []
        for (index, column) in plan.columns.enumerated() where index != plan.orderColumn {
            guard case .attribute(let target) = column.content, !tested.contains(target) else { continue }
            if plan.answersAreFacts && [.factSubject, .factRelation, .factObject].contains(target) { continue }
            names.append(column.name)
        }
        return names
    }

    /// `capital of Armenia`: the attribute's values, one per member that has it.
    private func values(_ plan: QueryPlan) -> String {
        let attribute = plan.columns.first?.name ?? "value"
        if case .entity(_, let name) = plan.set { return "the \(attribute) of \(name)" }
        return "the \(attribute) of each of \(phrase(plan.set)) (a member without one gives no row)"
    }

    /// `count members of each organization`: one count per group, empty groups included.
    private func paraphrase(groups grouping: GroupPlan, of plan: QueryPlan) -> String {
        var groups: String
        if case .kind(let kind, _) = grouping.groups {
            groups = "each \(factBase.kinds[Int(kind)].name)"
            let subKinds = factBase.kindAndDescendants(kind).filter { $0 != kind }.map { factBase.kinds[Int($0)].name }
            if !subKinds.isEmpty { groups += " (including \(Analyzer.list(subKinds)))" }
        } else {
            groups = "each of (\(phrase(grouping.groups)))"
        }
        var text = "for \(groups), the number of distinct entities among \(phrase(plan.set))\(Self.asOf(plan.asOf)), 0 where there is none"
        if let column = plan.orderColumn, plan.columns.indices.contains(column) {
            text += "; sorted by \(plan.columns[column].name)\(plan.descending ? ", descending" : "")"
        }
        if let limit = plan.limit { text += "; at most \(limit) of them" }
        return text + "\n(columns: \(plan.columns.map(\.name).joined(separator: ", ")))"
    }

    /// `is Belarus a member of CSTO`: what must hold for yes.
    func paraphrase(_ question: QuestionPlan) -> String {
        let name = factBase.entityNames[Int(question.entity)]
        var text = "whether \(name) \(belonging(to: question.set)): yes or no"
        if let date = question.asOf {
            text = "whether \(name) \(belonging(to: question.set))\(Self.asOf(date)): yes, no, "
                + "or unknown when only facts whose dates do not settle it could make it yes"
        }
        if question.explains {
            text += ", and why (the facts that make it so), or why not (what failed, and the facts nearest to holding)"
        }
        return text
    }

    /// `as of 2022`, read after what it bears on (empty without one).
    static func asOf(_ date: DateValue?) -> String {
        date.map { ", as it stood on \($0) (only facts known to hold then)" } ?? ""
    }

    /// How an entity belongs to a set, after its name: `is in role member of ...`, `is one of the organizations`.
    private func belonging(to set: SetPlan) -> String {
        switch set {
        case .entity(_, let name): return "is the entity \(name)"
        case .navigate(let roles, _, let source): return "is " + membership(roles, of: source)
        case .kind, .filter, .facts, .each: return sourcePhrase(set)
        }
    }

    func paraphrase(show entity: EntityID) -> String {
        let name = factBase.entityNames[Int(entity)]
        return "everything known about \(name): its declaration, then every fact it takes part in, with the ids of the sentences each fact cites"
    }

    /// A set as a noun phrase: `the entities in role member of a member_of fact whose organization is CSTO`.
    func phrase(_ plan: SetPlan) -> String {
        switch plan {
        case .entity(_, let name):
            return name
        case .kind(let kind, let plural):
            let subKinds = factBase.kindAndDescendants(kind).filter { $0 != kind }.map { factBase.kinds[Int($0)].name }
            if subKinds.isEmpty { return "the \(plural)" }
            return "the \(plural) (kind \(factBase.kinds[Int(kind)].name), including \(Analyzer.list(subKinds)))"
        case .navigate(let roles, _, let source):
            return "the entities " + membership(roles, of: source)
        case .filter(let inner, let condition):
            return "\(phrase(inner)), keeping those \(predicate(condition, in: inner, negated: false))"
        case .facts(let source):
            guard let source else { return "every fact" }
            switch source {
            case .entity(_, let name): return "the facts in which \(name) takes either role"
            case .kind: return "the facts in which one of \(phrase(source)) takes either role"
            default: return "the facts in which one of (\(phrase(source))) takes either role"
            }
        case .each(let group):
            return "that \(groupMember(group))"
        }
    }

    /// `in role member of a member_of fact whose organization is CSTO`: what it takes to be in a
    /// navigation's result (also what a role test checks).
    private func membership(_ roles: [FactBase.RoleReference], of source: SetPlan) -> String {
        let other = sourcePhrase(source)
        var readings: [String] = []
        var seen: Set<RelationID> = []
        for role in roles where seen.insert(role.relation).inserted {
            let relation = factBase.relations[Int(role.relation)]
            let answerRole = relation.roles[role.position]
            let otherRole = relation.roles[1 - role.position]
            let article = Self.article(before: relation.name)
            if FactBase.fold(answerRole) == FactBase.fold(otherRole) {
                readings.append("in role \(answerRole) of \(article) \(relation.name) fact whose other \(otherRole) \(other)")
            } else if relation.isSymmetric {
                readings.append(
                    "at either end of \(article) \(relation.name) fact (it holds both ways round) whose other end \(other)")
            } else {
                readings.append("in role \(answerRole) of \(article) \(relation.name) fact whose \(otherRole) \(other)")
            }
        }
        return readings.joined(separator: ", or ")
    }

    /// `is CSTO`, `is one of the countries`, `is one of (the entities ...)`.
    private func sourcePhrase(_ source: SetPlan) -> String {
        switch source {
        case .entity(_, let name): return "is \(name)"
        case .kind: return "is one of \(phrase(source))"
        case .each(let group): return "is that \(groupMember(group))"
        case .navigate, .filter, .facts: return "is one of (\(phrase(source)))"
        }
    }

    /// The group a count per group stands at: `organization`, or `one` for a set in brackets.
    private func groupMember(_ group: SetPlan) -> String {
        if case .kind(let kind, _) = group { return factBase.kinds[Int(kind)].name }
        return "one"
    }

    // MARK: Conditions

    /// What the kept members satisfy, as a clause after "those": `whose fact has status = frozen`.
    /// Negation is pushed inwards (De Morgan), so the clause says what is kept, not what is dropped.
    func predicate(_ condition: ConditionPlan, in set: SetPlan, negated: Bool) -> String {
        switch condition {
        case .and(let left, let right), .or(let left, let right):
            var isAnd = false
            if case .and = condition { isAnd = true }
            // not (A and B) keeps those that fail A or fail B.
            let joinsWithAnd = isAnd != negated
            let first = grouped(left, in: set, negated: negated, joiningWithAnd: joinsWithAnd)
            let second = grouped(right, in: set, negated: negated, joiningWithAnd: joinsWithAnd)
            return joinsWithAnd ? "\(first) and \(second)" : "\(first) or \(second)"
        case .not(let inner):
            return predicate(inner, in: set, negated: !negated)
        case .compare(let target, let comparison, let value):
            return has(target, "\(target.name) \(comparison.rawValue) \(value.text)", in: set, negated: negated)
        case .oneOf(let target, let values, let isNotIn):
            let list = values.map(\.text).joined(separator: ", ")
            return has(target, "\(target.name) \(isNotIn ? "not in" : "in") (\(list))", in: set, negated: negated)
        case .contains(let target, let value):
            return has(target, "\(target.name) containing \(value.text)", in: set, negated: negated)
        case .member(.navigate(let roles, _, let source), _):
            return (negated ? "that are not " : "that are ") + membership(roles, of: source)
        case .member(let members, _):
            return (negated ? "that are not in " : "that are in ") + phrase(members)
        }
    }

    /// A part of `and`/`or`, in brackets when it is itself a connective of the other sort.
    private func grouped(_ condition: ConditionPlan, in set: SetPlan, negated: Bool, joiningWithAnd: Bool) -> String {
        let text = predicate(condition, in: set, negated: negated)
        var inner = condition
        var innerNegated = negated
        while case .not(let wrapped) = inner {
            inner = wrapped
            innerNegated.toggle()
        }
        switch inner {
        case .and, .or:
            var innerIsAnd = false
            if case .and = inner { innerIsAnd = true }
            return (innerIsAnd != innerNegated) == joiningWithAnd ? text : "(\(text))"
        default:
            return text
        }
    }

    /// `whose fact has status = frozen`, `that have capital = "Yerevan"`, `whose name = Armenia`:
    /// where the attribute is read from, as the analyzer resolved it.
    private func has(_ target: AttributeTarget, _ test: String, in set: SetPlan, negated: Bool) -> String {
        switch target {
        case .entityName, .entityKind, .factSubject, .factRelation, .factObject:
            return negated ? "for which \(test) does not hold" : "for which \(test)"
        case .factAttribute:
            return negated ? "that do not have \(test)" : "that have \(test)"
        case .attribute(let attribute, _):
            let onFacts = set.connectingRelations.contains { factBase.relations[Int($0)].attributes.contains(attribute) }
            let onEntities = factBase.entityAttributeIDs.contains(attribute)
            let verb = negated ? "does not have" : "has"
            if onFacts && onEntities { return "whose fact (or else the entity itself) \(verb) \(test)" }
            if onFacts { return "whose fact \(verb) \(test)" }
            return negated ? "that do not have \(test)" : "that have \(test)"
        }
    }

    // MARK: Definitions

    func paraphrase(definition statement: Statement) -> String {
        switch statement {
        case .source(let definition):
            return "adds the source \(definition.identifier.text), the sentence \u{201C}\(definition.text)\u{201D}"
                + (SentenceLocation(identifier: definition.identifier.text).map { " (\($0.description))" } ?? "")
        case .kind(let definition):
            var text = "adds the kind \(definition.name.text)"
            if let parent = definition.parent { text += ", a sort of \(parent.text)" }
            let plural = definition.plural?.text ?? English.plural(of: definition.name.text)
            text += "; the set of all of them is called \(plural)"
            return text
        case .entity(let definition):
            let kind = definition.kind.text
            var text = "adds the entity \(definition.name.text), \(Self.article(before: kind)) \(kind)"
            if !definition.aliases.isEmpty { text += ", also called \(Analyzer.list(definition.aliases.map(\.text)))" }
            if !definition.attributes.isEmpty { text += ", with \(attributes(definition.attributes))" }
            return text
        case .relation(let definition):
            let first = definition.subjectRole.text
            let second = definition.objectRole.text
            var text = "adds the relation \(definition.name.text) between \(Self.article(before: first)) \(first)"
            text += " and \(Self.article(before: second)) \(second)"
            if definition.isSymmetric { text += "; it is symmetric: it holds both ways round" }
            return text
        case .fact(let definition):
            var text = "adds the fact that \(definition.subject.text) \(definition.relation.text) \(definition.object.text)"
            if let relationID = factBase.relation(named: definition.relation.text) {
                let relation = factBase.relations[Int(relationID)]
                text += " (\(definition.subject.text) is the \(relation.roles[0]), \(definition.object.text) the \(relation.roles[1]))"
            }
            if !definition.attributes.isEmpty { text += ", with \(attributes(definition.attributes))" }
            if !definition.citations.isEmpty {
                text += ", citing \(Analyzer.list(definition.citations.map(\.text)))"
            }
            return text
        case .retract(let retraction):
            var text = "removes the fact that \(retraction.subject.text) \(retraction.relation.text) \(retraction.object.text)"
            if retraction.attributes.isEmpty {
                text += ", whatever its attributes (every such fact, if there are several)"
            } else {
                text += ", the one with exactly \(attributes(retraction.attributes))"
            }
            return text + ", with its citations"
        case .query, .show, .question:
            return ""
        }
    }

    private func attributes(_ assignments: [AttributeAssignment]) -> String {
        Analyzer.list(assignments.map { "\($0.name.text) = \(SyntaxPrinter.print($0.value))" })
    }

    /// `a` or `an` before a word, by its first letter.
    static func article(before word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeio".contains(first) ? "an" : "a"
    }
}

