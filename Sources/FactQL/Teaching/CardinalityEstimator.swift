/// Guesses how many rows each step of a plan will produce, before running it, from the sizes the
/// fact base's indexes already know: the way a database's planner estimates, and just as fallible.
///
/// - An entity is 1 row; a kind is exactly its entities (the kind index knows).
/// - A navigation from sets the index can list without running anything (an entity, a kind) is the
///   sum of their posting-list lengths: every fact they take part in at the other end. The index
///   does not split facts by relation, so this over-counts when they have facts of other relations.
/// - A navigation from a computed set is its estimate times the relation's average fan-out (its
///   facts divided by the distinct entities at the other end).
/// - `facts of` an entity or a kind is their posting-list lengths at both ends; of a computed set,
///   its estimate times 2F/E (each fact has two ends). `facts` alone is every fact.
/// - In a count per group, `each` is one row: one group at a time.
/// - Under `as of`, a step that reads facts keeps the share of its relations' facts that carry a
///   `since` or a `date`: the others cannot be known to hold on any date. (Whether the dated ones
///   fall on the right side of the date is not guessed: counting that would be running the query.)
/// - A filter is its input times a selectivity: `=` keeps 1 in d, where d is the number of distinct
///   values the attribute has in scope; `!=` the rest; `<`, `>`, `contains` a third (the textbook
///   guess when statistics cannot judge); `in` k in d; a role test the share of all entities in its
///   set; `and` multiplies, `or` adds less the overlap, `not` takes the complement.
struct CardinalityEstimator {
    let factBase: FactBase
    /// Per relation: the number of its facts, and the distinct entities at each position.
    private var factCounts: [Int] = []
    private var distinctEntities: [[Int]] = []
    /// `as of DATE`: steps that read facts keep only the dated share.
    let appliesTime: Bool
    /// Per relation: the facts with a `since` or a `date`, which a date can find holding.
    private var datedFactCounts: [Int] = []

    init(factBase: FactBase, appliesTime: Bool = false) {
        self.factBase = factBase
        self.appliesTime = appliesTime
        var counts = [Int](repeating: 0, count: factBase.relations.count)
        var dated = counts
        var seen = [[Set<EntityID>]](repeating: [[], []], count: factBase.relations.count)
        let timeAttributes = ["since", "date"].compactMap { factBase.attribute(named: $0) }
        for fact in 0..<factBase.factCount {
            let relation = Int(factBase.factRelations[fact])
            counts[relation] += 1
            seen[relation][0].insert(factBase.factSubjects[fact])
            seen[relation][1].insert(factBase.factObjects[fact])
            if appliesTime && timeAttributes.contains(where: { factBase.value(of: $0, inFact: FactID(fact)) != nil }) {
                dated[relation] += 1
            }
        }
        factCounts = counts
        datedFactCounts = dated
        distinctEntities = seen.map { $0.map(\.count) }
    }

    /// Estimated rows, rounded, and at least 1 unless the estimate is exactly nothing.
    static func rounded(_ estimate: Double) -> Int {
        if estimate <= 0 || estimate.isNaN { return 0 }
        // Estimates multiply along a chain of roles and can pass any Int (or reach infinity).
        if estimate >= Double(Int.max) { return Int.max }
        return max(1, Int(estimate.rounded()))
    }

    /// The rows of the set; under `as of`, after the date has kept the facts known to hold then.
    func estimate(_ plan: SetPlan) -> Double {
        let read = estimateBeforeTime(plan)
        guard appliesTime, let relations = relationsRead(by: plan) else { return read }
        return read * timeShare(of: relations)
    }

    /// The rows of the set before the date keeps some of the facts it reads (its inputs are
    /// estimated after theirs).
    func estimateBeforeTime(_ plan: SetPlan) -> Double {
        switch plan {
        case .entity, .each: return 1
        case .facts(let source):
            guard let source else { return Double(factBase.factCount) }
            // The index knows the facts of named entities and kinds at both ends.
            if case .entity(let entity, _) = source { return postingLengths(of: [entity], positions: [0, 1]) }
            if case .kind(let kind, _) = source { return postingLengths(of: members(ofKind: kind), positions: [0, 1]) }
            guard factBase.entityCount > 0 else { return 0 }
            // Each fact has two ends: an entity takes part in 2F/E facts on average.
            return estimate(source) * 2 * Double(factBase.factCount) / Double(factBase.entityCount)
        case .kind(let kind, _): return Double(members(ofKind: kind).count)
        case .navigate(let roles, _, let source):
            let directions = self.directions(roles)
            switch source {
            case .entity(let entity, _):
                return postingLengths(of: [entity], directions: directions)
            case .kind(let kind, _):
                return postingLengths(of: members(ofKind: kind), directions: directions)
            default:
                return estimate(source) * fanOut(directions)
            }
        case .filter(let inner, let condition):
            return estimate(inner) * selectivity(condition, in: inner)
        }
    }

    // MARK: Time

    /// The relations whose facts the step itself reads (nil for none; every relation for `facts`).
    func relationsRead(by plan: SetPlan) -> [RelationID]? {
        switch plan {
        case .navigate(let roles, _, _): return Array(Set(roles.map(\.relation)))
        case .facts: return Array(0..<RelationID(factBase.relations.count))
        case .entity, .kind, .each, .filter: return nil
        }
    }

    /// The share of the relations' facts that carry a `since` or a `date`.
    func timeShare(of relations: [RelationID]) -> Double {
        let facts = relations.reduce(0) { $0 + factCounts[Int($1)] }
        guard facts > 0 else { return 0 }
        return Double(relations.reduce(0) { $0 + datedFactCounts[Int($1)] }) / Double(facts)
    }

    // MARK: Navigation

    /// One way a navigation reads facts: from the source entities at `sourcePosition`.
    struct Direction: Hashable {
        var relation: RelationID
        var sourcePosition: Int
    }

    /// The directions the evaluator follows: each role from the other end, and a symmetric
    /// relation with two role names both ways round.
    func directions(_ roles: [FactBase.RoleReference]) -> [Direction] {
        var found: [Direction] = []
        for role in roles {
            found.append(Direction(relation: role.relation, sourcePosition: 1 - role.position))
            let relation = factBase.relations[Int(role.relation)]
            if relation.isSymmetric && FactBase.fold(relation.roles[0]) != FactBase.fold(relation.roles[1]) {
                found.append(Direction(relation: role.relation, sourcePosition: role.position))
            }
        }
        return found
    }

    /// The facts one entity at the source end takes part in, on average, along `directions`.
    func fanOut(_ directions: [Direction]) -> Double {
        directions.reduce(0.0) { total, direction in
            let distinct = distinctEntities[Int(direction.relation)][direction.sourcePosition]
            guard distinct > 0 else { return total }
            return total + Double(factCounts[Int(direction.relation)]) / Double(distinct)
        }
    }

    func postingLengths(of entities: [EntityID], directions: [Direction]) -> Double {
        postingLengths(of: entities, positions: Set(directions.map(\.sourcePosition)))
    }

    private func postingLengths(of entities: [EntityID], positions: Set<Int>) -> Double {
        var total = 0
        for entity in entities {
            for position in positions { total += factBase.index.facts(with: entity, at: position).count }
        }
        return Double(total)
    }

    private func members(ofKind kind: KindID) -> [EntityID] {
        factBase.kindAndDescendants(kind).flatMap { factBase.index.entities(ofKind: $0) }
    }

    // MARK: Conditions

    /// The share of `set`'s rows expected to pass `condition`, from 0 to 1.
    func selectivity(_ condition: ConditionPlan, in set: SetPlan) -> Double {
        let guess = 1.0 / 3.0
        switch condition {
        case .and(let left, let right):
            return selectivity(left, in: set) * selectivity(right, in: set)
        case .or(let left, let right):
            let first = selectivity(left, in: set)
            let second = selectivity(right, in: set)
            return first + second - first * second
        case .not(let inner):
            return 1 - selectivity(inner, in: set)
        case .compare(let target, let comparison, _):
            let equal = equalShare(target, in: set)
            switch comparison {
            case .equal: return equal
            case .notEqual: return 1 - equal
            default: return guess
            }
        case .oneOf(let target, let values, let negated):
            let share = min(1, Double(values.count) * equalShare(target, in: set))
            return negated ? 1 - share : share
        case .contains:
            return guess
        case .member(let members, _):
            guard factBase.entityCount > 0 else { return 0 }
            return min(1, estimate(members) / Double(factBase.entityCount))
        }
    }

    /// The share of rows expected to equal one given value of `target`.
    private func equalShare(_ target: AttributeTarget, in set: SetPlan) -> Double {
        switch target {
        case .entityName, .factSubject, .factObject:
            return factBase.entityCount > 0 ? 1 / Double(factBase.entityCount) : 0
        case .factRelation:
            return factBase.relations.isEmpty ? 0 : 1 / Double(factBase.relations.count)
        case .factAttribute(let attribute, _):
            let distinct = distinctValues(of: attribute, in: set)
            return distinct > 0 ? 1 / Double(distinct) : 0
        case .entityKind:
            // One kind among those the entities have.
            let kinds = Set(factBase.entityKinds).count
            return kinds > 0 ? 1 / Double(kinds) : 0
        case .attribute(let attribute, _):
            let distinct = distinctValues(of: attribute, in: set)
            return distinct > 0 ? 1 / Double(distinct) : 0
        }
    }

    /// Distinct values of `attribute` on the facts connecting `set` and on the entities.
    private func distinctValues(of attribute: AttributeID, in set: SetPlan) -> Int {
        let relations = Set(set.connectingRelations)
        var values: Set<Value> = []
        if !relations.isEmpty {
            for fact in 0..<factBase.factCount where relations.contains(factBase.factRelations[fact]) {
                if let value = factBase.value(of: attribute, inFact: FactID(fact)) { values.insert(value) }
            }
        }
        for attributes in factBase.entityAttributes.values {
            for entry in attributes where entry.attribute == attribute { values.insert(entry.value) }
        }
        return values.count
    }
}
