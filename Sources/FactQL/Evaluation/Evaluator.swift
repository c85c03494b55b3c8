/// Runs query plans over the fact base's indexes. Navigation reads posting lists for exactly the
/// entities in its input set, so it never scans the whole base.
public struct Evaluator {
    /// A set of answers with, for each, the fact that connects it (or `noFact`).
    struct Bindings {
        var entities: [EntityID] = []
        var facts: [FactID] = []
    }

    static let noFact: FactID = -1

    let factBase: FactBase
    /// The group `count ROLE of each GROUP` is counting now: what `.each` evaluates to.
    var currentGroup: EntityID = -1
    /// `as of DATE`: which facts may be used, and the count of those left out.
    var time: TimeFilter?
    /// Polled during long loops: true stops the query (Ctrl-C, a time limit).
    let shouldStop: () -> Bool
    /// Called for each evaluation step with a description and its row count (`.trace on`).
    var trace: ((String, Int) -> Void)?
    private var stepsSinceCheck = 0
    /// Proof steps built so far by `why` (see `proofStepLimit`).
    var proofSteps = 0

    /// `factBase` must have current indexes (`prepareIndexes()`).
    public init(factBase: FactBase, shouldStop: @escaping () -> Bool = { false }) {
        self.factBase = factBase
        self.shouldStop = shouldStop
    }

    public mutating func run(_ plan: QueryPlan) throws(Diagnostic) -> StatementResult {
        if let date = plan.asOf, time == nil { time = TimeFilter(date: date, factBase: factBase) }
        if let grouping = plan.grouping { return .table(try countGroups(grouping, plan: plan)) }
        let bindings = try evaluate(plan.set)
        switch plan.form {
        case .count:
            let count: Int
            if plan.answersAreFacts {
                count = distinctFacts(bindings.facts).count
            } else if plan.answersAreValues {
                count = rows(of: bindings, plan: plan).rows.count
            } else {
                count = distinct(bindings.entities).count
            }
            return .table(ResultTable(columns: ["count"], rows: [[.integer(count)]]))
        case .list:
            return .table(rows(of: bindings, plan: plan))
        case .why:
            if bindings.entities.isEmpty {
                return .noAnswers(column: plan.columns.first?.name ?? "answer", account: try accountOfEmptiness(plan.set))
            }
            if plan.answersAreFacts || plan.answersAreValues { return try explainRows(of: bindings, plan: plan) }
            let answers = rows(of: bindings, plan: plan)
            // Explain only the answers shown (after `limit`): explanations can be large.
            let shown = Set(answers.rows.compactMap { $0.first?.displayText })
            var explanations: [Explanation] = []
            var seen: Set<EntityID> = []
            for entity in bindings.entities
            where shown.contains(factBase.entityNames[Int(entity)]) && seen.insert(entity).inserted {
                explanations.append(
                    Explanation(answer: factBase.entityNames[Int(entity)], steps: try explain(entity, plan.set)))
            }
            // Same order as the answer rows.
            let order = Dictionary(
                answers.rows.enumerated().map { ($0.element.first?.displayText ?? "", $0.offset) },
                uniquingKeysWith: { first, _ in first })
            // The answers of the rows `limit` kept, in the rows' order.
            explanations.removeAll { order[$0.answer] == nil }
            explanations.sort { (order[$0.answer] ?? 0) < (order[$1.answer] ?? 0) }
            return .explanations(column: plan.columns.first?.name ?? "answer", explanations)
        }
    }

    // MARK: Sets

    mutating func evaluate(_ plan: SetPlan) throws(Diagnostic) -> Bindings {
        var result = Bindings()
        switch plan {
        case .entity(let entity, _):
            result.entities = [entity]
            result.facts = [Self.noFact]
        case .kind(let kind, _):
            for member in factBase.kindAndDescendants(kind) {
                result.entities.append(contentsOf: factBase.index.entities(ofKind: member))
            }
            result.facts = [FactID](repeating: Self.noFact, count: result.entities.count)
        case .navigate(let roles, _, let sourcePlan):
            let sources = distinct(try evaluate(sourcePlan).entities)
            try follow(roles, from: sources, into: &result)
        case .facts(let sourcePlan):
            result = try factsOf(sourcePlan)
        case .each:
            // Only a count per group sets the group; anywhere else `each` stands for no one.
            if currentGroup >= 0 {
                result.entities = [currentGroup]
                result.facts = [Self.noFact]
            }
        case .filter(.navigate(let roles, _, let sourcePlan), let condition)
        where trace == nil && !(time != nil && condition.testsRoles):
            result = try navigate(roles, from: sourcePlan, where: condition)
        case .filter(let inner, let condition):
            result = try keep(try evaluate(inner), where: condition)
        }
        trace?(describe(plan), result.entities.count)
        return result
    }

    /// The bindings of `input` that pass `condition`.
    mutating func keep(_ input: Bindings, where condition: ConditionPlan) throws(Diagnostic) -> Bindings {
        var result = Bindings()
        let test = try compile(condition)
        // Without `as of` nothing is unknown, and two-valued `test` is the same and cheaper.
        let threeValued = time != nil
        for index in input.entities.indices {
            try checkForStop()
            let keep: Bool
            if threeValued {
                // Unknown passes only when unknown facts are let through, as in `witnesses`.
                let value = truth(test, entity: input.entities[index], fact: input.facts[index])
                keep = value == true || (value == nil && time?.admitsUnknown == true)
            } else {
                keep = self.test(test, entity: input.entities[index], fact: input.facts[index])
            }
            if keep {
                result.entities.append(input.entities[index])
                result.facts.append(input.facts[index])
            }
        }
        return result
    }

    /// Appends the entities that `roles` reach from `sources`, and the facts that connect them. A
    /// symmetric relation holds both ways round: the answers are also at the other side of facts
    /// whose `role` side is a source.
    mutating func follow(
        _ roles: [FactBase.RoleReference], from sources: [EntityID], into result: inout Bindings
    ) throws(Diagnostic) {
        var steps = stepsSinceCheck
        let stop = shouldStop
        let base = factBase
        let time = self.time
        let finished = RoleSteps(roles, in: base).forEachFact(
            of: sources, atAnswer: false, in: base,
            stop: {
                steps += 1
                if steps < 4096 { return false }
                steps = 0
                return stop()
            }
        ) { step, fact in
            guard time?.admits(fact, in: base) ?? true else { return }
            result.entities.append(base.entity(ofFact: fact, at: step.answerPosition))
            result.facts.append(fact)
        }
        stepsSinceCheck = steps
        guard finished else { throw Diagnostic(message: "query interrupted") }
    }

    /// The entities without repeats, in first-seen order.
    func distinct(_ entities: [EntityID]) -> [EntityID] {
        if entities.count < 2 { return entities }
        var result: [EntityID] = []
        result.reserveCapacity(entities.count)
        if entities.count > 64 && factBase.entityCount <= entities.count * 64 {
            var seen = [Bool](repeating: false, count: factBase.entityCount)
            for entity in entities where !seen[Int(entity)] {
                seen[Int(entity)] = true
                result.append(entity)
            }
        } else {
            var seen = EntitySet(capacity: entities.count)
            for entity in entities where seen.insert(entity) { result.append(entity) }
        }
        return result
    }

    /// The facts without repeats, in first-seen order (`distinct` sizes its table by entities).
    func distinctFacts(_ facts: [FactID]) -> [FactID] {
        if facts.count < 2 { return facts }
        var seen = [Bool](repeating: false, count: factBase.factCount)
        var result: [FactID] = []
        result.reserveCapacity(facts.count)
        for fact in facts where fact >= 0 && Int(fact) < seen.count && !seen[Int(fact)] {
            seen[Int(fact)] = true
            result.append(fact)
        }
        return result
    }

    mutating func checkForStop() throws(Diagnostic) {
        stepsSinceCheck += 1
        if stepsSinceCheck < 4096 { return }
        stepsSinceCheck = 0
        if shouldStop() { throw Diagnostic(message: "query interrupted") }
    }

    // MARK: Conditions

    /// A condition with its membership sets computed once, before the rows are tested.
    indirect enum CompiledCondition {
        case and(CompiledCondition, CompiledCondition)
        case or(CompiledCondition, CompiledCondition)
        case not(CompiledCondition)
        case compare(AttributeTarget, ComparisonOperator, Operand)
        case oneOf(AttributeTarget, [Operand], negated: Bool)
        case contains(AttributeTarget, Operand)
        /// The members, and under `as of` those whose membership is unknown.
        case member(Set<EntityID>, unknown: Set<EntityID>)
    }

    mutating func compile(_ condition: ConditionPlan) throws(Diagnostic) -> CompiledCondition {
        switch condition {
        case .and(let left, let right): return .and(try compile(left), try compile(right))
        case .or(let left, let right): return .or(try compile(left), try compile(right))
        case .not(let inner): return .not(try compile(inner))
        case .compare(let target, let comparison, let operand): return .compare(target, comparison, operand)
        case .oneOf(let target, let operands, let negated): return .oneOf(target, operands, negated: negated)
        case .contains(let target, let operand): return .contains(target, operand)
        case .member(let set, _):
            guard let time else { return .member(Set(try evaluate(set).entities), unknown: []) }
            // Who is known to be a member, and who would be if the facts of unknown time held;
            // the same in a pass that lets those facts through (a question's `unknown`), so that
            // `not` of an unknown membership stays unknown there too.
            let before = time.admitsUnknown
            defer { time.admitsUnknown = before }
            time.admitsUnknown = false
            let members = Set(try evaluate(set).entities)
            time.admitsUnknown = true
            let possible = Set(try evaluate(set).entities)
            return .member(members, unknown: possible.subtracting(members))
        }
    }

    func test(_ condition: CompiledCondition, entity: EntityID, fact: FactID) -> Bool {
        switch condition {
        case .and(let left, let right):
            return test(left, entity: entity, fact: fact) && test(right, entity: entity, fact: fact)
        case .or(let left, let right):
            return test(left, entity: entity, fact: fact) || test(right, entity: entity, fact: fact)
        case .not(let inner):
            return !test(inner, entity: entity, fact: fact)
        case .compare(.entityKind, let comparison, let operand):
            return isKind(entity, operand) == (comparison == .equal)
        case .oneOf(.entityKind, let operands, let negated):
            return operands.contains { isKind(entity, $0) } != negated
        case .compare(.factRelation, let comparison, let operand):
            return isRelation(fact, operand) == (comparison == .equal)
        case .oneOf(.factRelation, let operands, let negated):
            return operands.contains { isRelation(fact, $0) } != negated
        case .contains(.factRelation, let operand):
            return fact != Self.noFact
                && FactBase.fold(factBase.relations[Int(factBase.factRelations[Int(fact)])].name).contains(operand.folded)
        case .compare(let target, let comparison, let operand):
            guard let value = lookup(target, entity: entity, fact: fact) else { return false }
            return ValueComparison.holds(value, comparison, operand, in: factBase)
        case .oneOf(let target, let operands, let negated):
            guard let value = lookup(target, entity: entity, fact: fact) else { return false }
            let found = operands.contains { ValueComparison.holds(value, .equal, $0, in: factBase) }
            return found != negated
        case .contains(.entityKind, let operand):
            // The kind's name, not the kind id that `lookup` gives for `kind = ...`.
            return FactBase.fold(factBase.kinds[Int(factBase.entityKinds[Int(entity)])].name).contains(operand.folded)
        case .contains(let target, let operand):
            guard let value = lookup(target, entity: entity, fact: fact) else { return false }
            return FactBase.fold(factBase.display(value)).contains(operand.folded)
        case .member(let members, _):
            return members.contains(entity)
        }
    }

    /// The condition in three-valued (Kleene) logic: nil where a role test's membership is
    /// unknown on the `as of` date. `not unknown` is unknown; `false and unknown` is false;
    /// `true or unknown` is true. Without unknowns it is `test`.
    func truth(_ condition: CompiledCondition, entity: EntityID, fact: FactID) -> Bool? {
        switch condition {
        case .and(let left, let right):
            let first = truth(left, entity: entity, fact: fact)
            if first == false { return false }
            let second = truth(right, entity: entity, fact: fact)
            if second == false { return false }
            return first == nil || second == nil ? nil : true
        case .or(let left, let right):
            let first = truth(left, entity: entity, fact: fact)
            if first == true { return true }
            let second = truth(right, entity: entity, fact: fact)
            if second == true { return true }
            return first == nil || second == nil ? nil : false
        case .not(let inner):
            return truth(inner, entity: entity, fact: fact).map { !$0 }
        case .member(let members, let unknown):
            if members.contains(entity) { return true }
            return unknown.contains(entity) ? nil : false
        default:
            return test(condition, entity: entity, fact: fact)
        }
    }

    /// `relation = member_of`: the operand holds the relation's id.
    private func isRelation(_ fact: FactID, _ operand: Operand) -> Bool {
        guard fact != Self.noFact, case .integer(let relation) = operand.kind else { return false }
        return Int(factBase.factRelations[Int(fact)]) == relation
    }

    /// `kind = organization` holds for alliances too. The operand holds the kind's id.
    private func isKind(_ entity: EntityID, _ operand: Operand) -> Bool {
        guard case .integer(let kind) = operand.kind, let kindID = KindID(exactly: kind) else { return false }
        return factBase.kind(factBase.entityKinds[Int(entity)], isA: kindID)
    }

    /// The connecting fact's attribute first, then the entity's.
    func lookup(_ target: AttributeTarget, entity: EntityID, fact: FactID) -> Value? {
        switch target {
        case .attribute(let attribute, _):
            if fact != Self.noFact, let value = factBase.value(of: attribute, inFact: fact) { return value }
            return factBase.value(of: attribute, ofEntity: entity)
        case .entityName:
            return .entity(entity)
        case .entityKind:
            // Compared against a kind id (see `Analyzer.kindOperand`); sub-kinds match their parents.
            return .integer(Int(factBase.entityKinds[Int(entity)]))
        case .factAttribute(let attribute, _):
            guard fact != Self.noFact else { return nil }
            return factBase.value(of: attribute, inFact: fact)
        case .factSubject:
            guard fact != Self.noFact else { return nil }
            return .entity(factBase.factSubjects[Int(fact)])
        case .factObject:
            guard fact != Self.noFact else { return nil }
            return .entity(factBase.factObjects[Int(fact)])
        case .factRelation:
            // Compared against a relation id (see `Analyzer.namedOperand`).
            guard fact != Self.noFact else { return nil }
            return .integer(Int(factBase.factRelations[Int(fact)]))
        }
    }

    // MARK: Rows

    func rows(of bindings: Bindings, plan: QueryPlan) -> ResultTable {
        var rows: [[Cell]] = []
        let answersOnly =
            !plan.answersAreFacts && plan.columns.allSatisfy { if case .answer = $0.content { true } else { false } }
        if answersOnly {
            // A row is its entity (canonical names are unique): no row is built twice.
            for entity in distinct(bindings.entities) {
                rows.append([Cell](repeating: .text(factBase.entityNames[Int(entity)]), count: plan.columns.count))
            }
        } else {
            rows.reserveCapacity(bindings.entities.count)
            for index in bindings.entities.indices {
                let entity = bindings.entities[index]
                let fact = bindings.facts[index]
                var row: [Cell] = []
                row.reserveCapacity(plan.columns.count)
                for column in plan.columns {
                    switch column.content {
                    case .answer:
                        row.append(.text(factBase.entityNames[Int(entity)]))
                    case .attribute(.entityKind):
                        row.append(.text(factBase.kinds[Int(factBase.entityKinds[Int(entity)])].name))
                    case .attribute(.factRelation) where fact != Self.noFact:
                        row.append(.text(factBase.relations[Int(factBase.factRelations[Int(fact)])].name))
                    case .attribute(let target):
                        if let value = lookup(target, entity: entity, fact: fact) { row.append(cell(value)) } else { row.append(.null) }
                    case .factAttributes:
                        row.append(attributesCell(of: fact))
                    }
                }
                // An attribute's values as the answer: a member without it gives no row.
                if plan.answersAreValues && row.first == .null { continue }
                rows.append(row)
            }
        }
        if answersOnly {
            ResultOrdering.sort(&rows, by: plan.orderColumn, descending: plan.descending)
        } else {
            ResultOrdering.sortRemovingRepeats(&rows, by: plan.orderColumn, descending: plan.descending)
        }
        if let limit = plan.limit, rows.count > limit { rows.removeSubrange(limit...) }
        return ResultTable(columns: plan.columns.map(\.name), rows: rows)
    }

    func cell(_ value: Value) -> Cell { Cell(value, in: factBase) }
}
