/// Entity ids without repeats: open addressing over a power-of-two table, so `distinct` and
/// `count` of a thousand answers cost a few microseconds, not a `Set`'s hashing of each.
struct EntitySet {
    private var slots: [EntityID]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [EntityID](repeating: -1, count: size)
        mask = size - 1
    }

    /// True when `entity` was not in the set yet.
    mutating func insert(_ entity: EntityID) -> Bool {
        var index = Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: entity)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while true {
            let slot = slots[index]
            if slot == entity { return false }
            if slot < 0 {
                slots[index] = entity
                return true
            }
            index = (index + 1) & mask
        }
    }
}

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
        if RoleSteps(roles, in: factBase).steps.count > RoleSteps.directLimit {
            // A noun many relations share: reached in one pass over the sources' facts, then tested.
            var reached = Bindings()
            try follow(roles, from: sources, into: &reached)
            return try keep(reached, where: condition)
        }
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
    /// and that pass `test`. Not `mutating`, so that testing a fact does not copy the evaluator;
    /// it polls `shouldStop` itself.
    private func collect(
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
        var steps = 0
        if postings * 4 < table.rowCount {
            let range = table.contiguousFacts
            for source in sources {
                try poll(&steps)
                for fact in factBase.index.facts(with: source, at: sourcePosition) {
                    // The fact's row in the relation's columns, if it is one of the relation's.
                    let row: Int
                    if let range {
                        guard range.contains(fact) else { continue }
                        row = Int(fact - range.lowerBound)
                    } else {
                        guard factBase.factRelations[Int(fact)] == relation else { continue }
                        row = Int(factBase.row(ofFact: fact))
                    }
                    if passes(check, test, answer: { answers[Int(fact)] }, fact: fact, row: row)
                        && (time?.admits(fact, relation: relation, row: row, in: factBase) ?? true)
                    {
                        result.entities.append(answers[Int(fact)])
                        result.facts.append(fact)
                    }
                }
            }
            return
        }
        // A large share of the relation: scan its rows, with the sources as a bitmap.
        var isSource = [UInt64](repeating: 0, count: factBase.entityCount / 64 + 1)
        for source in sources { isSource[Int(source) >> 6] |= 1 << UInt64(source & 63) }
        for row in 0..<table.rowCount {
            try poll(&steps)
            // Rows the column alone rules out, before anything is read at random.
            switch check {
            case .symbolOnly(let payloads, let symbol, let equal) where (payloads[row] == symbol) != equal: continue
            case .symbol(let column, let symbol, let equal) where column.isSymbol(at: row) && column.holdsSymbol(symbol, at: row) != equal:
                continue
            default: break
            }
            let fact = table.fact(atRow: row)
            let source = others[Int(fact)]
            guard isSource[Int(source) >> 6] & (1 << UInt64(source & 63)) != 0 else { continue }
            if passes(check, test, answer: { answers[Int(fact)] }, fact: fact, row: row)
                && (time?.admits(fact, relation: relation, row: row, in: factBase) ?? true)
            {
                result.entities.append(answers[Int(fact)])
                result.facts.append(fact)
            }
        }
    }

    /// `checkForStop` for a non-mutating loop: polls `shouldStop` every 4096 steps.
    @inline(__always)
    private func poll(_ steps: inout Int) throws(Diagnostic) {
        steps &+= 1
        if steps & 0xFFF == 0 && shouldStop() { throw Diagnostic(message: "query interrupted") }
    }

    /// A condition as the loop above tests it.
    private enum FactCheck {
        /// `ATTRIBUTE = SYMBOL` (or `!=`) on an attribute the relation's facts have: a symbol
        /// cell decides at once; any other cell goes through the general test.
        case symbol(ValueColumn, TextID, equal: Bool)
        /// The same on a column of symbols only: the payload decides.
        case symbolOnly([UInt32], UInt32, equal: Bool)
        case general

        init(_ condition: CompiledCondition, table: AttributeTable) {
            guard case .compare(.attribute(let attribute, _), let comparison, let operand) = condition,
                comparison == .equal || comparison == .notEqual, let symbol = operand.symbol,
                let column = table.column(for: attribute)
            else {
                self = .general
                return
            }
            let values = table.columns[column]
            if values.holdsOnlySymbols {
                self = .symbolOnly(values.payloads, UInt32(bitPattern: symbol), equal: comparison == .equal)
            } else {
                self = .symbol(values, symbol, equal: comparison == .equal)
            }
        }
    }

    /// Whether the fact passes; `answer` is read only when the general test needs it.
    @inline(__always)
    private func passes(_ check: FactCheck, _ test: CompiledCondition, answer: () -> EntityID, fact: FactID, row: Int)
        -> Bool
    {
        switch check {
        case .symbolOnly(let payloads, let symbol, let equal): return (payloads[row] == symbol) == equal
        case .symbol(let column, let symbol, let equal) where column.isSymbol(at: row):
            return column.holdsSymbol(symbol, at: row) == equal
        default: return self.test(test, entity: answer(), fact: fact)
        }
    }
}
