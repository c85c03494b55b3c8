/// `ROLE of SET where CONDITION` in one pass: each connecting fact is tested as it is found, so
/// no bindings are built for facts the filter drops, and a comparison of a fact attribute with a
/// symbol (`status = frozen`) reads the relation's column directly.
///
/// When the set reaches a large share of the relation's facts (`members of organizations`), the
/// relation's rows are scanned in order instead of following each entity's posting list, which
/// would read the fact columns at random.
extension Evaluator {
    mutating func navigate(
        _ roles: [FactBase.RoleReference], from sourcePlan: SetPlan, where condition: ConditionPlan
    ) throws(Diagnostic) -> Bindings {
        let sources = distinct(try evaluate(sourcePlan).entities)
        let test = try compile(condition)
        var result = Bindings()
        for role in roles {
            let relation = factBase.relations[Int(role.relation)]
            try collect(role.relation, answerAt: role.position, from: sources, test, into: &result)
            // A symmetric relation holds both ways round.
            if relation.isSymmetric && FactBase.fold(relation.roles[0]) != FactBase.fold(relation.roles[1]) {
                try collect(role.relation, answerAt: 1 - role.position, from: sources, test, into: &result)
            }
        }
        return result
    }

    /// Appends the entities at `answerAt` of `relation`'s facts whose other end is in `sources`
    /// and that pass `test`.
    private mutating func collect(
        _ relation: RelationID, answerAt answerPosition: Int, from sources: [EntityID], _ test: CompiledCondition,
        into result: inout Bindings
    ) throws(Diagnostic) {
        let table = factBase.attributeTables[Int(relation)]
        let sourcePosition = 1 - answerPosition
        let answers = answerPosition == 0 ? factBase.factSubjects : factBase.factObjects
        let others = sourcePosition == 0 ? factBase.factSubjects : factBase.factObjects
        let check = FactCheck(test, table: table)
        var postings = 0
        for source in sources { postings += factBase.index.facts(with: source, at: sourcePosition).count }
        if postings * 4 < table.rowCount {
            for source in sources {
                try checkForStop()
                for fact in factBase.index.facts(with: source, at: sourcePosition)
                where factBase.factRelations[Int(fact)] == relation {
                    let answer = answers[Int(fact)]
                    if passes(check, test, answer: answer, fact: fact, row: Int(factBase.factRows[Int(fact)])) {
                        result.entities.append(answer)
                        result.facts.append(fact)
                    }
                }
            }
            return
        }
        // A large share of the relation: scan its rows, with the sources as a bitmap.
        var isSource = [UInt64](repeating: 0, count: factBase.entityCount / 64 + 1)
        for source in sources { isSource[Int(source) >> 6] |= 1 << UInt64(source & 63) }
        let facts = table.facts
        for row in 0..<facts.count {
            try checkForStop()
            if case .symbol(let column, let symbol, let equal) = check, column.isSymbol(at: row),
                column.holdsSymbol(symbol, at: row) != equal
            {
                continue
            }
            let fact = facts[row]
            let source = others[Int(fact)]
            guard isSource[Int(source) >> 6] & (1 << UInt64(source & 63)) != 0 else { continue }
            let answer = answers[Int(fact)]
            if passes(check, test, answer: answer, fact: fact, row: row) {
                result.entities.append(answer)
                result.facts.append(fact)
            }
        }
    }

    /// A condition as the loop above tests it.
    private enum FactCheck {
        /// `ATTRIBUTE = SYMBOL` (or `!=`) on an attribute the relation's facts have: a symbol
        /// cell decides at once; any other cell goes through the general test.
        case symbol(ValueColumn, TextID, equal: Bool)
        case general

        init(_ condition: CompiledCondition, table: AttributeTable) {
            guard case .compare(.attribute(let attribute, _), let comparison, let operand) = condition,
                comparison == .equal || comparison == .notEqual, let symbol = operand.symbol,
                let column = table.column(for: attribute)
            else {
                self = .general
                return
            }
            self = .symbol(table.columns[column], symbol, equal: comparison == .equal)
        }
    }

    private func passes(_ check: FactCheck, _ test: CompiledCondition, answer: EntityID, fact: FactID, row: Int) -> Bool {
        if case .symbol(let column, let symbol, let equal) = check, column.isSymbol(at: row) {
            return column.holdsSymbol(symbol, at: row) == equal
        }
        return self.test(test, entity: answer, fact: fact)
    }
}
