/// Yes/no questions (`is Belarus a member of CSTO`) and their `why`: the proof of yes, or for no
/// an account of what failed with the facts nearest to holding, found the way why-not provenance
/// does: the conditions the entity does pass, and the facts about the same pair of entities.
extension Evaluator {
    /// How many nearest facts `why is ... ` shows at most, and how deep it follows a chain.
    static let nearestFactLimit = 8
    static let whyNotDepthLimit = 3

    public mutating func answer(_ question: QuestionPlan) throws(Diagnostic) -> StatementResult {
        if let date = question.asOf, time == nil { time = TimeFilter(date: date, factBase: factBase) }
        let witnesses = try self.witnesses(of: question.entity, in: question.set)
        var answer: Bool? = !witnesses.isEmpty
        // No known fact says yes; if facts of unknown time could, the answer is unknown.
        if witnesses.isEmpty, let time {
            time.admitsUnknown = true
            let possible = try self.witnesses(of: question.entity, in: question.set)
            time.admitsUnknown = false
            if !possible.isEmpty { answer = nil }
        }
        var verdict = Verdict(
            answer: answer, sentence: answer == true ? question.sentence : question.denial, explained: question.explains)
        if answer == nil { verdict.sentence = "whether \(question.sentence) is unknown" }
        guard question.explains else { return .verdict(verdict) }
        let ruledOutByDate = time != nil && answer == false ? try dateRulesOut(question) : false
        if let time, answer == nil || ruledOutByDate {
            // The facts the date rules out or leaves open, each with what its dates say.
            let (reasons, facts) = try timeAccount(question.entity, question.set, time)
            verdict.reasons = reasons
            verdict.nearest = facts.prefix(Self.nearestFactLimit).map {
                ProofStep(fact: factBase.describe(fact: $0), citations: citations(of: $0), premises: [])
            }
            if !reasons.isEmpty { return .verdict(verdict) }
        }
        if witnesses.isEmpty {
            var nearest: [FactID] = []
            verdict.reasons = try whyNot(question.entity, question.set, nearest: &nearest)
            verdict.nearest = nearest.prefix(Self.nearestFactLimit).map {
                ProofStep(fact: factBase.describe(fact: $0), citations: citations(of: $0), premises: [])
            }
        } else {
            verdict.proof = try explain(question.entity, question.set)
            if verdict.proof.isEmpty { verdict.reasons = [membershipWithoutFacts(question.entity, question.set)] }
        }
        return .verdict(verdict)
    }

    // MARK: Membership, from the entity's side

    /// The facts through which `entity` belongs to `plan` (`noFact` for a set it is in without
    /// one: the entity named, a kind); empty when it does not belong. Reads only the entity's own
    /// facts, so `is c123 a member of o7` never lists the members of o7.
    mutating func witnesses(of entity: EntityID, in plan: SetPlan) throws(Diagnostic) -> [FactID] {
        let found = try findWitnesses(of: entity, in: plan)
        trace?(describe(membershipOf: entity, in: plan), found.count)
        return found
    }

    private mutating func findWitnesses(of entity: EntityID, in plan: SetPlan) throws(Diagnostic) -> [FactID] {
        switch plan {
        case .entity(let named, _):
            return named == entity ? [Self.noFact] : []
        case .kind(let kind, _):
            return factBase.kind(factBase.entityKinds[Int(entity)], isA: kind) ? [Self.noFact] : []
        case .each:
            return entity == currentGroup ? [Self.noFact] : []
        case .facts:
            return []
        case .navigate(let roles, _, let sourcePlan):
            let connected = connections(of: entity, roles)
            if connected.isEmpty { return [] }
            // The other end first, then the date: a fact left out by `as of` is counted only
            // when it would have answered.
            let ends: [(fact: FactID, other: EntityID)]
            switch sourcePlan {
            case .entity(let named, _):
                ends = connected.filter { $0.other == named }
            case .kind(let kind, _):
                ends = connected.filter { factBase.kind(factBase.entityKinds[Int($0.other)], isA: kind) }
            default:
                // The other ends' set, computed once: asking each end in turn would repeat the
                // work at every hop of a chain.
                let members = Set(try evaluate(sourcePlan).entities)
                ends = connected.filter { members.contains($0.other) }
            }
            guard let time else { return ends.map(\.fact) }
            return ends.filter { time.admits($0.fact, in: factBase) }.map(\.fact)
        case .filter(let inner, let condition):
            let candidates = try witnesses(of: entity, in: inner)
            if candidates.isEmpty { return [] }
            let test = try compile(condition)
            // Three-valued under `as of`: unknown passes only when unknown facts are let through.
            let acceptsUnknown = time?.admitsUnknown ?? false
            return candidates.filter {
                let value = truth(test, entity: entity, fact: $0)
                return value == true || (acceptsUnknown && value == nil)
            }
        }
    }

    /// The facts in which `entity` takes one of `roles`, with the entity at the other end (both
    /// ends of a symmetric relation with two role names).
    func connections(of entity: EntityID, _ roles: [FactBase.RoleReference]) -> [(fact: FactID, other: EntityID)] {
        var found: [(fact: FactID, other: EntityID)] = []
        var seen: Set<FactID> = []
        let base = factBase
        RoleSteps(roles, in: base).forEachFact(of: [entity], atAnswer: true, in: base) { step, fact in
            if seen.insert(fact).inserted { found.append((fact, base.entity(ofFact: fact, at: 1 - step.answerPosition))) }
        }
        return found
    }

    // MARK: Why not

    /// What keeps `entity` out of `plan`, one line per failure, and the facts nearest to holding.
    mutating func whyNot(_ entity: EntityID, _ plan: SetPlan, nearest: inout [FactID], depth: Int = 0) throws(Diagnostic)
        -> [String]
    {
        let name = FactBase.nameLiteral(factBase.entityNames[Int(entity)])
        switch plan {
        case .entity(let named, let other):
            nearest += factsJoining(entity, named)
            return ["\(name) is not \(FactBase.nameLiteral(other))"]
        case .kind(let kind, _):
            let own = factBase.kinds[Int(factBase.entityKinds[Int(entity)])].name
            let wanted = factBase.kinds[Int(kind)].name
            return ["\(name) is \(EnglishParaphrase.article(before: own)) \(own), and \(EnglishParaphrase.article(before: own)) \(own) is not \(EnglishParaphrase.article(before: wanted)) \(wanted)"]
        case .each, .facts:
            return ["\(name) is not in \(PlanText.text(plan))"]
        case .navigate(let roles, _, let sourcePlan):
            let relationNames = Analyzer.list(Analyzer.unique(roles.map { factBase.relations[Int($0.relation)].name }))
            // Under `as of`, only the facts known to hold then say what the entity is.
            let everConnected = connections(of: entity, roles)
            let connected = everConnected.filter { time?.status(of: $0.fact, in: factBase) ?? .holds == .holds }
            let others = try evaluateIfSmall(sourcePlan)
            var reasons: [String] = []
            // Facts of any relation between the entity and the set's members come first: they
            // are the nearest to what was asked (Armenia seeks_membership EU).
            for other in others?.prefix(Self.nearestFactLimit) ?? [] { nearest += factsJoining(entity, other) }
            if let others, others.count == 1, !everConnected.contains(where: { $0.other == others[0] }) {
                reasons.append("no \(relationNames) fact joins \(name) and \(FactBase.nameLiteral(factBase.entityNames[Int(others[0])]))")
            } else if connected.isEmpty {
                reasons.append("\(name) is \(roleName(roles)) in no \(relationNames) fact")
            }
            guard !connected.isEmpty else { return reasons }
            // It is in the role for other entities, none of them in the set: say which, and why not.
            for connection in connected where !nearest.contains(connection.fact) { nearest.append(connection.fact) }
            let ends = Analyzer.unique(connected.map { FactBase.nameLiteral(factBase.entityNames[Int($0.other)]) })
            let role = roleName(roles)
            let passes = "\(name) is \(EnglishParaphrase.article(before: role)) \(role) of \(Analyzer.list(ends.prefix(6)))\(ends.count > 6 ? " and more" : "")"
            if case .entity = sourcePlan { return reasons + [passes] }
            reasons.append(passes + ", but \(ends.count == 1 ? "that is not" : "none of them is") \(setName(sourcePlan))")
            // Why each end is not in the set, a few ends and a few hops deep: an account of every
            // path would grow with the product of the fan-outs.
            guard depth < Self.whyNotDepthLimit else { return reasons }
            for connection in connected.prefix(3) {
                var deeper: [FactID] = []
                reasons += try whyNot(connection.other, sourcePlan, nearest: &deeper, depth: depth + 1).map { "  " + $0 }
            }
            return reasons
        case .filter(let inner, let condition):
            // Under `as of`, facts of unknown time still show which condition fails.
            let before = time?.admitsUnknown ?? false
            time?.admitsUnknown = true
            let candidates = try witnesses(of: entity, in: inner)
            time?.admitsUnknown = before
            if candidates.isEmpty { return try whyNot(entity, inner, nearest: &nearest, depth: depth) }
            let test = try compile(condition)
            var reasons: [String] = []
            for fact in candidates.prefix(Self.nearestFactLimit) {
                if fact != Self.noFact { nearest.append(fact) }
                let failures = self.failures(test, entity: entity, fact: fact)
                var passes = "\(name) is in (\(PlanText.text(inner)))"
                if case .navigate(let roles, _, let source) = inner {
                    let role = roleName(roles)
                    passes = "\(name) is \(EnglishParaphrase.article(before: role)) \(role) of \(setName(source))"
                }
                reasons.append(passes + ", but " + Analyzer.list(failures))
            }
            return reasons
        }
    }

    /// Whether the answer is no only because of the date: without `as of` it would be yes.
    private mutating func dateRulesOut(_ question: QuestionPlan) throws(Diagnostic) -> Bool {
        let time = self.time
        self.time = nil
        defer { self.time = time }
        return try !witnesses(of: question.entity, in: question.set).isEmpty
    }

    /// The role as its relation declares it (`member`), for sentences.
    private func roleName(_ roles: [FactBase.RoleReference]) -> String {
        guard let first = roles.first else { return "part" }
        return factBase.relations[Int(first.relation)].roles[first.position]
    }

    /// A set as a why-not names it: an entity by name, anything else as FactQL in brackets.
    private func setName(_ plan: SetPlan) -> String {
        if case .entity(_, let name) = plan { return FactBase.nameLiteral(name) }
        if case .kind = plan { return PlanText.text(plan) }
        return "in (" + PlanText.text(plan) + ")"
    }

    /// The facts of any relation, either way round, between two entities.
    func factsJoining(_ first: EntityID, _ second: EntityID) -> [FactID] {
        var found: [FactID] = []
        for position in 0..<2 {
            for fact in factBase.index.facts(with: first, at: position)
            where factBase.entity(ofFact: fact, at: 1 - position) == second && !found.contains(fact) {
                found.append(fact)
            }
        }
        return found
    }

    /// The set's members when there are few enough to name (a why-not speaks of them).
    private mutating func evaluateIfSmall(_ plan: SetPlan) throws(Diagnostic) -> [EntityID]? {
        let members = distinct(try evaluate(plan).entities)
        return members.count <= 64 ? members : nil
    }

    /// Why a condition fails for the entity and fact: the comparisons that do not hold, with the
    /// values found instead (`its status is active, not frozen`).
    func failures(_ condition: CompiledCondition, entity: EntityID, fact: FactID) -> [String] {
        switch condition {
        case .and(let left, let right):
            var found: [String] = []
            if !test(left, entity: entity, fact: fact) { found += failures(left, entity: entity, fact: fact) }
            if !test(right, entity: entity, fact: fact) { found += failures(right, entity: entity, fact: fact) }
            return found
        case .or(let left, let right):
            return failures(left, entity: entity, fact: fact) + failures(right, entity: entity, fact: fact)
        case .not(let inner):
            return ["it does \(Self.holdsText(inner)), which the 'not' excludes"]
        case .compare(let target, let comparison, let operand):
            guard let value = shownValue(target, entity: entity, fact: fact) else { return ["it has no \(target.name)"] }
            if comparison == .equal { return ["its \(target.name) is \(value), not \(operand.text)"] }
            return ["its \(target.name) is \(value), and \(target.name) \(comparison.rawValue) \(operand.text) does not hold"]
        case .oneOf(let target, let operands, let negated):
            guard let value = shownValue(target, entity: entity, fact: fact) else { return ["it has no \(target.name)"] }
            let list = operands.map(\.text).joined(separator: ", ")
            return ["its \(target.name) is \(value), \(negated ? "one of" : "not one of") (\(list))"]
        case .contains(let target, let operand):
            guard let value = shownValue(target, entity: entity, fact: fact) else { return ["it has no \(target.name)"] }
            return ["its \(target.name) is \(value), which does not contain \(operand.text)"]
        case .member:
            return ["it is not in the set the role test names"]
        }
    }

    private static func holdsText(_ condition: CompiledCondition) -> String {
        switch condition {
        case .compare(let target, let comparison, let operand): return "have \(target.name) \(comparison.rawValue) \(operand.text)"
        case .oneOf(let target, _, let negated): return "have \(target.name) \(negated ? "outside" : "in") the list"
        case .contains(let target, let operand): return "have \(target.name) containing \(operand.text)"
        default: return "meet the condition"
        }
    }

    /// A value as a why-not names it: kinds and relations by name, texts quoted.
    private func shownValue(_ target: AttributeTarget, entity: EntityID, fact: FactID) -> String? {
        switch target {
        case .entityKind: return factBase.kinds[Int(factBase.entityKinds[Int(entity)])].name
        case .factRelation:
            return fact == Self.noFact ? nil : factBase.relations[Int(factBase.factRelations[Int(fact)])].name
        default:
            return lookup(target, entity: entity, fact: fact).map { factBase.literal($0) }
        }
    }

    /// Yes without a fact: the entity is the one named, or of the kind.
    private func membershipWithoutFacts(_ entity: EntityID, _ plan: SetPlan) -> String {
        let name = FactBase.nameLiteral(factBase.entityNames[Int(entity)])
        var inner = plan
        while case .filter(let set, _) = inner { inner = set }
        if case .kind(let kind, _) = inner {
            let own = factBase.kinds[Int(factBase.entityKinds[Int(entity)])].name
            let wanted = factBase.kinds[Int(kind)].name
            if own == wanted { return "\(name) is declared \(EnglishParaphrase.article(before: own)) \(own)" }
            return "\(name) is declared \(EnglishParaphrase.article(before: own)) \(own), and every \(own) is \(EnglishParaphrase.article(before: wanted)) \(wanted)"
        }
        return "\(name) is named in the question itself: no fact is needed"
    }

    // MARK: Why, with no answers

    /// Which step of the query came out empty: the first set with no members, or the filter that
    /// dropped them all.
    mutating func accountOfEmptiness(_ plan: SetPlan) throws(Diagnostic) -> [String] {
        var steps: [SetPlan] = [plan]
        while let last = steps.last, let inner = Self.inputStep(of: last) { steps.append(inner) }
        var lines: [String] = []
        var previousCount: Int?
        for step in steps.reversed() {
            let count = try evaluate(step).entities.count
            let text = PlanText.text(step)
            if count == 0 {
                if let time {
                    // Empty on the date; were the facts of unknown time to hold, it might not be.
                    time.admitsUnknown = true
                    let possible = try evaluate(step).entities.count
                    time.admitsUnknown = false
                    if possible > 0 {
                        lines.append("\(text) as of \(time.date) is unknown: the facts that would answer have no dates that settle it")
                        return lines
                    }
                }
                if case .filter(_, let condition) = step, let previousCount {
                    lines.append("where \(PlanText.text(condition)) keeps none of the \(previousCount)")
                } else {
                    lines.append("\(text) is empty")
                }
                return lines
            }
            // A named entity is there by naming it: only the steps after it say anything.
            if case .entity = step {} else { lines.append("\(text) gives \(count) \(count == 1 ? "row" : "rows")") }
            previousCount = count
        }
        return lines
    }

    /// The set a step reads from, if any.
    private static func inputStep(of plan: SetPlan) -> SetPlan? {
        switch plan {
        case .navigate(_, _, let source): return source
        case .filter(let inner, _): return inner
        case .facts(let source): return source
        case .entity, .kind, .each: return nil
        }
    }

    /// Under `as of`: the entity's facts in the question's roles that the date rules out or
    /// leaves open, with what their dates say (`holds from 2024-01, not on 2023`).
    private mutating func timeAccount(_ entity: EntityID, _ plan: SetPlan, _ time: TimeFilter) throws(Diagnostic) -> (
        reasons: [String], facts: [FactID]
    ) {
        var inner = plan
        while case .filter(let set, _) = inner { inner = set }
        guard case .navigate(let roles, _, let sourcePlan) = inner else { return ([], []) }
        // The ends the question could reach, if facts of unknown time held.
        time.admitsUnknown = true
        let reachable = Set(try evaluate(sourcePlan).entities)
        time.admitsUnknown = false
        var reasons: [String] = []
        var facts: [FactID] = []
        var listed: Set<FactID> = []
        let base = factBase
        RoleSteps(roles, in: base).forEachFact(of: [entity], atAnswer: true, in: base) { step, fact in
            guard !listed.contains(fact), reachable.contains(base.entity(ofFact: fact, at: 1 - step.answerPosition)) else {
                return
            }
            let status = time.status(of: fact, in: base)
            guard status != .holds else { return }
            listed.insert(fact)
            facts.append(fact)
            let described = base.describe(fact: fact)
            if status == .unknown {
                reasons.append("\(described): the fact base does not say whether it held as of \(time.date)")
            } else {
                reasons.append("\(described) did not hold as of \(time.date)")
            }
        }
        return (reasons, facts)
    }
}
