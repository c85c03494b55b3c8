/// Resolved plans written back as FactQL, for `.trace` and `.plan`: `members of CSTO where status =
/// frozen`. Names come out in their canonical spelling, role nouns as the query wrote them.
enum PlanText {
    /// The set as FactQL source. `member` renders the sets of role tests (`member of CSTO`); by
    /// default they are written out in full. With `factBase`, a role noun several relations share
    /// is written with the one relation the plan kept (`member_of organizations of Armenia`).
    static func text(_ plan: SetPlan, factBase: FactBase? = nil, member: ((SetPlan) -> String)? = nil) -> String {
        switch plan {
        case .entity(_, let name): return FactBase.nameLiteral(name)
        case .kind(_, let plural): return FactBase.nameLiteral(plural)
        case .navigate(let roles, let noun, let source):
            let inner = text(source, factBase: factBase, member: member)
            let role = self.role(noun, roles, factBase: factBase)
            if case .filter = source { return "\(role) of (\(inner))" }
            return "\(role) of \(inner)"
        case .filter(let inner, let condition):
            return "\(text(inner, factBase: factBase, member: member)) where \(text(condition, factBase: factBase, member: member))"
        case .facts(let source):
            guard let source else { return "facts" }
            let inner = text(source, factBase: factBase, member: member)
            if case .filter = source { return "facts of (\(inner))" }
            return "facts of \(inner)"
        case .each(let group):
            return "each (\(text(group, factBase: factBase, member: member)))"
        }
    }

    /// `organizations`, or `member_of organizations` where the noun names roles of several relations
    /// and the plan keeps one of them.
    static func role(_ noun: String, _ roles: [FactBase.RoleReference], factBase: FactBase?) -> String {
        guard let factBase, let relation = roles.first?.relation, roles.allSatisfy({ $0.relation == relation }) else {
            return noun
        }
        let shared = Set(factBase.roles(noun: noun).map(\.relation)).count > 1
        return shared ? FactBase.nameLiteral(factBase.relations[Int(relation)].name) + " " + noun : noun
    }

    static func text(_ condition: ConditionPlan, factBase: FactBase? = nil, member: ((SetPlan) -> String)? = nil) -> String {
        func operand(_ inner: ConditionPlan, atLeast required: Int) -> String {
            let written = text(inner, factBase: factBase, member: member)
            return precedence(inner) < required ? "(\(written))" : written
        }
        switch condition {
        case .or(let left, let right): return "\(operand(left, atLeast: 0)) or \(operand(right, atLeast: 1))"
        case .and(let left, let right): return "\(operand(left, atLeast: 1)) and \(operand(right, atLeast: 2))"
        case .not(let inner): return "not \(operand(inner, atLeast: 2))"
        case .compare(let target, let comparison, let value):
            return "\(target.name) \(comparison.rawValue) \(value.text)"
        case .oneOf(let target, let values, let negated):
            return "\(target.name) \(negated ? "not in" : "in") (\(values.map(\.text).joined(separator: ", ")))"
        case .contains(let target, let value):
            return "\(target.name) contains \(value.text)"
        case .member(let set, _):
            return member?(set) ?? text(set, factBase: factBase, member: member)
        }
    }

    private static func precedence(_ condition: ConditionPlan) -> Int {
        switch condition {
        case .or: return 0
        case .and: return 1
        default: return 2
        }
    }

    /// What kind of step a set is, as `.plan` and `.trace` name it.
    static func operation(_ plan: SetPlan) -> String {
        switch plan {
        case .entity, .kind, .each: return "look-up"
        case .facts: return "facts"
        case .navigate: return "join"
        case .filter(_, .not): return "negation"
        case .filter: return "filter"
        }
    }
}

extension Evaluator {
    /// One line per evaluation step, for the `trace` hook (`.trace on`): the kind of step and the
    /// set it computed, as FactQL; inside a count per group, the group it ran for.
    func describe(_ plan: SetPlan) -> String {
        let operation = PlanText.operation(plan)
        var text = operation + String(repeating: " ", count: max(1, 9 - operation.count)) + PlanText.text(plan, factBase: factBase)
        if PlanText.readsFacts(plan) { text += timeNote() }
        if currentGroup >= 0 && Int(currentGroup) < factBase.entityCount && plan.countedGroup != nil {
            text += ", for the group \(FactBase.nameLiteral(factBase.entityNames[Int(currentGroup)]))"
        }
        return text
    }

    /// The trace line of a yes/no question's test: whether one entity belongs to a set.
    func describe(membershipOf entity: EntityID, in plan: SetPlan) -> String {
        let name = Int(entity) < factBase.entityCount ? FactBase.nameLiteral(factBase.entityNames[Int(entity)]) : "?"
        var text = "test     \(name) in \(PlanText.text(plan, factBase: factBase))"
        if PlanText.readsFacts(plan) { text += timeNote() }
        return text
    }

    /// Under `as of`: the date, and the facts this step left out because their dates do not settle
    /// whether they held (or that it let them in, when a question asks whether they could decide it).
    private func timeNote() -> String {
        guard let time else { return "" }
        var text = " as of \(time.date)"
        if time.admitsUnknown {
            text += ", letting in facts whose dates do not settle it"
        } else if time.leftOutSinceTraced > 0 {
            text += " (\(time.leftOutSinceTraced) left out: dates do not settle it)"
        }
        time.leftOutSinceTraced = 0
        return text
    }
}

extension PlanText {
    /// Whether computing the set reads facts (a join, `facts`), so that `as of` bears on it.
    static func readsFacts(_ plan: SetPlan) -> Bool {
        switch plan {
        case .entity, .kind, .each: return false
        case .navigate, .facts: return true
        case .filter(let inner, let condition): return readsFacts(inner) || condition.testsRoles
        }
    }
}

/// The lines `.trace on` prints.
public enum TraceText {
    public static func line(step: String, rows: Int) -> String {
        "trace: \(step) -> \(rows) \(rows == 1 ? "row" : "rows")"
    }
}
