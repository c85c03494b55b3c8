/// Facts as rows (`facts of Armenia`), counts per group (`count members of each organization`),
/// and `why` over rows that are facts or values.
extension Evaluator {
    // MARK: Facts

    /// The facts in which a member of the set takes either role (every fact without a set), each
    /// once, in fact order; the entity beside each fact is its subject.
    mutating func factsOf(_ sourcePlan: SetPlan?) throws(Diagnostic) -> Bindings {
        var result = Bindings()
        guard let sourcePlan else {
            result.facts = Array(0..<FactID(factBase.factCount))
            if let time { result.facts.removeAll { !time.admits($0, in: factBase) } }
            result.entities = result.facts.map { factBase.factSubjects[Int($0)] }
            return result
        }
        let sources = distinct(try evaluate(sourcePlan).entities)
        var found: [FactID] = []
        for source in sources {
            try checkForStop()
            for position in 0..<2 { found.append(contentsOf: factBase.index.facts(with: source, at: position)) }
        }
        found = distinctFacts(found)
        if let time { found.removeAll { !time.admits($0, in: factBase) } }
        found.sort()
        result.facts = found
        result.entities = found.map { factBase.factSubjects[Int($0)] }
        return result
    }

    /// All of a fact's attributes as one text: `status: frozen, since: 2024-01`.
    func attributesCell(of fact: FactID) -> Cell {
        guard fact != Self.noFact else { return .null }
        let attributes = factBase.attributes(ofFact: fact)
        if attributes.isEmpty { return .null }
        return .text(
            attributes.map { "\(factBase.attributeNames[Int($0.attribute)]): \(factBase.literal($0.value))" }
                .joined(separator: ", "))
    }

    // MARK: Groups

    /// One row per member of the groups, 0 for a group with no answers: the set is evaluated
    /// once per group, with `each` standing for that group.
    mutating func countGroups(_ grouping: GroupPlan, plan: QueryPlan) throws(Diagnostic) -> ResultTable {
        let groups = distinct(try evaluate(grouping.groups).entities)
        var rows: [[Cell]] = []
        rows.reserveCapacity(groups.count)
        for group in groups {
            try checkForStop()
            currentGroup = group
            let answers = try evaluate(plan.set)
            rows.append([.text(factBase.entityNames[Int(group)]), .integer(distinct(answers.entities).count)])
        }
        currentGroup = -1
        ResultOrdering.sort(&rows, by: plan.orderColumn, descending: plan.descending)
        if let limit = plan.limit, rows.count > limit { rows.removeSubrange(limit...) }
        return ResultTable(columns: plan.columns.map(\.name), rows: rows)
    }

    // MARK: Why, over facts and values

    /// `why facts ...`: each fact with its sentences. `why capital of Armenia`: each value with the
    /// fact that holds it (or the entity's own declaration), and how the entity got into the set.
    mutating func explainRows(of bindings: Bindings, plan: QueryPlan) throws(Diagnostic) -> StatementResult {
        var explanations: [Explanation] = []
        if plan.answersAreFacts {
            // Rows of (order column, fact as text, fact id), sorted and cut as the query's rows are.
            var rows: [[Cell]] = []
            for index in bindings.facts.indices {
                let fact = bindings.facts[index]
                // Sorted as `facts` sorts its rows: by subject, relation, object.
                var row: [Cell] = [
                    .text(factBase.entityNames[Int(factBase.factSubjects[Int(fact)])]),
                    .text(factBase.relations[Int(factBase.factRelations[Int(fact)])].name),
                    .text(factBase.entityNames[Int(factBase.factObjects[Int(fact)])]), .integer(Int(fact)),
                ]
                if let column = plan.orderColumn, case .attribute(let target) = plan.columns[column].content {
                    row.insert(lookup(target, entity: bindings.entities[index], fact: fact).map(cell) ?? .null, at: 0)
                }
                rows.append(row)
            }
            ResultOrdering.sort(&rows, by: 0, descending: plan.orderColumn != nil && plan.descending)
            var seen: Set<Int> = []
            for row in rows {
                guard case .integer(let id)? = row.last, seen.insert(id).inserted else { continue }
                if let limit = plan.limit, explanations.count >= limit { break }
                let fact = FactID(id)
                explanations.append(
                    Explanation(
                        answer: factBase.describe(fact: fact),
                        steps: [ProofStep(fact: factBase.describe(fact: fact), citations: citations(of: fact), premises: [])]))
            }
            return .explanations(column: "answer", explanations)
        }
        // Values: the answer is the value; a step per member that holds it.
        guard case .attribute(let target)? = plan.columns.first?.content else {
            return .explanations(column: plan.columns.first?.name ?? "answer", [])
        }
        // The bindings that hold each value, found in one pass.
        var holders: [Cell: [Int]] = [:]
        for index in bindings.entities.indices {
            guard let stored = lookup(target, entity: bindings.entities[index], fact: bindings.facts[index]) else { continue }
            holders[cell(stored), default: []].append(index)
        }
        for row in rows(of: bindings, plan: plan).rows {
            guard let value = row.first else { continue }
            var steps: [ProofStep] = []
            for index in holders[value] ?? [] {
                let entity = bindings.entities[index]
                let fact = bindings.facts[index]
                try countProofStep()
                let premises = try explain(entity, plan.set)
                if fact != Self.noFact, factBase.attributes(ofFact: fact).contains(where: { cell($0.value) == value }) {
                    steps.append(ProofStep(fact: factBase.describe(fact: fact), citations: citations(of: fact), premises: premises))
                } else {
                    steps.append(ProofStep(fact: factBase.describe(entity: entity), citations: [], premises: premises))
                }
            }
            explanations.append(Explanation(answer: value.displayText, steps: steps))
        }
        return .explanations(column: plan.columns.first?.name ?? "value", explanations)
    }
}
