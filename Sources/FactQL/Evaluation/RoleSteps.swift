/// The ways a role noun reaches an answer: one step per relation that has the role, and a second
/// one for a symmetric relation with two role names (the answer may be at either end), in the
/// order the evaluator has always followed them.
///
/// A noun that many relations share (`xes`, with 100,000 relations each having an `x`) must not
/// cost (relations) × (facts of the entity): past a few steps, the entity's facts are read once and
/// each is matched to its steps through a table by relation, then put in step order.
struct RoleSteps {
    struct Step {
        let relation: RelationID
        /// The end of the fact where the answer is.
        let answerPosition: Int
    }

    let steps: [Step]
    /// For each end an entity can be at, the steps by relation (filled past `directLimit` steps).
    private var stepsByRelation: [[RelationID: [Int32]]] = [[:], [:]]
    static let directLimit = 8

    init(_ roles: [FactBase.RoleReference], in factBase: FactBase) {
        var steps: [Step] = []
        for role in roles {
            for position in factBase.answerPositions(of: role) {
                steps.append(Step(relation: role.relation, answerPosition: position))
            }
        }
        self.steps = steps
        guard steps.count > Self.directLimit else { return }
        for (index, step) in steps.enumerated() {
            // Keyed by the end the given entity is at: the answer's own end or the other one.
            stepsByRelation[step.answerPosition][step.relation, default: []].append(Int32(index))
        }
    }

    /// Calls `visit` with each fact `entities` take part in through the steps, and the step, with
    /// each entity at the answer's end (`atAnswer`) or at the other one: in step order, then
    /// entity order, then the order of each entity's facts. `stop` is asked once per entity;
    /// false when it said stop.
    @discardableResult
    func forEachFact(
        of entities: [EntityID], atAnswer: Bool, in factBase: FactBase, stop: () -> Bool = { false },
        _ visit: (Step, FactID) -> Void
    ) -> Bool {
        if steps.count <= Self.directLimit {
            for step in steps {
                let position = atAnswer ? step.answerPosition : 1 - step.answerPosition
                // The relation's facts by id range when they are consecutive, else by their relation.
                let range = factBase.attributeTables[Int(step.relation)].contiguousFacts
                for entity in entities {
                    if stop() { return false }
                    for fact in factBase.index.facts(with: entity, at: position)
                    where range?.contains(fact) ?? (factBase.factRelations[Int(fact)] == step.relation) {
                        visit(step, fact)
                    }
                }
            }
            return true
        }
        var found: [(step: Int32, fact: FactID)] = []
        for entity in entities {
            if stop() { return false }
            for position in 0...1 {
                // The steps whose answer end is `answerEnd`, for an entity at `position`.
                let answerEnd = atAnswer ? position : 1 - position
                let table = stepsByRelation[answerEnd]
                if table.isEmpty { continue }
                for fact in factBase.index.facts(with: entity, at: position) {
                    guard let matching = table[factBase.factRelations[Int(fact)]] else { continue }
                    for step in matching { found.append((step, fact)) }
                }
            }
        }
        // A stable counting sort by step: the order the direct loops above give.
        var starts = [Int](repeating: 0, count: steps.count + 1)
        for entry in found { starts[Int(entry.step) + 1] += 1 }
        for index in 0..<steps.count { starts[index + 1] += starts[index] }
        var ordered = [FactID](repeating: 0, count: found.count)
        for entry in found {
            ordered[starts[Int(entry.step)]] = entry.fact
            starts[Int(entry.step)] += 1
        }
        // `starts[step]` is now where the step's facts end.
        var slot = 0
        for (index, step) in steps.enumerated() {
            while slot < starts[index] {
                visit(step, ordered[slot])
                slot += 1
            }
        }
        return true
    }
}
