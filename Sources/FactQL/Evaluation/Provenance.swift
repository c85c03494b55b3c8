/// Why answers hold (`why QUERY`) and how facts read (`show`, proofs): the teaching side of evaluation.
extension Evaluator {
    /// The proof steps for `answer` being in `plan`'s set: each fact that put it there, with the
    /// steps behind the fact's other end, down to the query's named entities.
    mutating func explain(_ answer: EntityID, _ plan: SetPlan) throws(Diagnostic) -> [ProofStep] {
        switch plan {
        case .entity, .kind, .each, .facts:
            return []
        case .navigate(let roles, _, let sourcePlan):
            let sources = Set(try evaluate(sourcePlan).entities)
            var steps: [ProofStep] = []
            var used: Set<FactID> = []
            var connecting: [(fact: FactID, other: EntityID)] = []
            let base = factBase
            RoleSteps(roles, in: base).forEachFact(of: [answer], atAnswer: true, in: base) { step, fact in
                connecting.append((fact, base.entity(ofFact: fact, at: 1 - step.answerPosition)))
            }
            for (fact, other) in connecting {
                // The other end first: `as of` counts a fact left out only where it would have counted.
                guard sources.contains(other), time?.admits(fact, in: factBase) ?? true, used.insert(fact).inserted
                else { continue }
                try countProofStep()
                steps.append(
                    ProofStep(
                        fact: factBase.describe(fact: fact), citations: citations(of: fact),
                        premises: try explain(other, sourcePlan)))
            }
            return steps
        case .filter(let inner, let condition):
            let test = try compile(condition)
            let steps = try explain(answer, inner)
            // The steps of connecting facts come first, in `connectingFacts` order; after them,
            // the entity's attributes that earlier filters read.
            let facts = try connectingFacts(answer, inner)
            var kept: [ProofStep] = []
            var keptFacts: [FactID] = []
            for (step, fact) in zip(steps, facts) where self.test(test, entity: answer, fact: fact) {
                kept.append(step)
                keptFacts.append(fact)
            }
            if facts.isEmpty {
                // A named entity or a kind: the filter read the entity alone.
                keptFacts = [Self.noFact]
            } else if kept.isEmpty {
                return []
            }
            kept += steps.dropFirst(facts.count)
            if let read = entityAttributesRead(by: condition, of: answer, through: keptFacts),
                !kept.contains(where: { $0.fact == read.fact })
            {
                kept.append(read)
            }
            return kept
        }
    }

    /// The step that cites the entity's own attributes a condition read (where a connecting fact
    /// did not have them): the entity's declaration with just those attributes. Entity
    /// attributes cite no sentence, and the step says so.
    private func entityAttributesRead(by condition: ConditionPlan, of entity: EntityID, through facts: [FactID]) -> ProofStep? {
        var attributes: [AttributeID] = []
        var pending = [condition]
        while let next = pending.popLast() {
            switch next {
            case .and(let left, let right), .or(let left, let right): pending += [right, left]
            case .not(let inner): pending.append(inner)
            case .compare(.attribute(let attribute, _), _, _), .oneOf(.attribute(let attribute, _), _, _),
                .contains(.attribute(let attribute, _), _):
                let fromEntity = facts.contains { fact in
                    fact == Self.noFact || factBase.value(of: attribute, inFact: fact) == nil
                }
                if fromEntity, factBase.value(of: attribute, ofEntity: entity) != nil, !attributes.contains(attribute) {
                    attributes.append(attribute)
                }
            case .compare, .oneOf, .contains, .member: break
            }
        }
        guard !attributes.isEmpty else { return nil }
        return ProofStep(fact: factBase.describe(entity: entity, attributes: attributes), citations: [], premises: [])
    }

    /// The connecting facts in the same order `explain` lists its steps.
    private mutating func connectingFacts(_ answer: EntityID, _ plan: SetPlan) throws(Diagnostic) -> [FactID] {
        switch plan {
        case .entity, .kind, .each, .facts: return []
        case .filter(let inner, let condition):
            let test = try compile(condition)
            return try connectingFacts(answer, inner).filter { self.test(test, entity: answer, fact: $0) }
        case .navigate(let roles, _, let sourcePlan):
            let sources = Set(try evaluate(sourcePlan).entities)
            var facts: [FactID] = []
            var used: Set<FactID> = []
            let base = factBase
            let time = self.time
            RoleSteps(roles, in: base).forEachFact(of: [answer], atAnswer: true, in: base) { step, fact in
                let other = base.entity(ofFact: fact, at: 1 - step.answerPosition)
                if sources.contains(other), time?.admits(fact, in: base) ?? true, used.insert(fact).inserted {
                    facts.append(fact)
                }
            }
            return facts
        }
    }

    /// A proof repeats the proof of every answer it passes through, so its size can grow
    /// exponentially with the number of hops (`why partners of partners of ...`); past this many
    /// steps a `why` is refused rather than left to run for ever.
    static let proofStepLimit = 10_000

    mutating func countProofStep() throws(Diagnostic) {
        proofSteps += 1
        try checkForStop()
        if proofSteps > Self.proofStepLimit {
            throw Diagnostic(
                message: "the explanation is too large: more than \(Self.proofStepLimit) steps",
                notes: [
                    "each answer's proof repeats the proofs of the answers it goes through",
                    "ask why about fewer answers (with where or limit), or about a shorter chain of roles",
                ])
        }
    }

    func citations(of fact: FactID) -> [CitedSentence] {
        zip(factBase.citations(ofFact: fact), factBase.citationQuotes(ofFact: fact)).map { source, quote in
            CitedSentence(
                identifier: factBase.sources[Int(source)].identifier, text: factBase.sources[Int(source)].text, quote: quote)
        }
    }
}

extension FactBase {
    /// Where a role's answers stand in its relation's facts: at the role's position, and at the
    /// other too for a symmetric relation whose two roles have different names (it holds both
    /// ways round).
    func answerPositions(of role: RoleReference) -> [Int] {
        let relation = relations[Int(role.relation)]
        if relation.isSymmetric && Self.fold(relation.roles[0]) != Self.fold(relation.roles[1]) {
            return [role.position, 1 - role.position]
        }
        return [role.position]
    }

    /// A fact as FactQL source: `Armenia member_of CSTO { status: frozen }`.
    public func describe(fact: FactID) -> String {
        let index = Int(fact)
        var text = Self.nameLiteral(entityNames[Int(factSubjects[index])])
        text += " " + relations[Int(factRelations[index])].name + " "
        text += Self.nameLiteral(entityNames[Int(factObjects[index])])
        let attributes = attributes(ofFact: fact)
        if !attributes.isEmpty {
            text += " { "
            text += attributes.map { "\(attributeNames[Int($0.attribute)]): \(literal($0.value))" }.joined(separator: ", ")
            text += " }"
        }
        return text
    }

    /// An entity's declaration as FactQL source.
    public func describe(entity: EntityID) -> String {
        var text = "entity \(Self.nameLiteral(entityNames[Int(entity)])) : \(kinds[Int(entityKinds[Int(entity)])].name)"
        if let aliases = entityAliases[entity], !aliases.isEmpty {
            text += " aka " + aliases.map(Self.nameLiteral).joined(separator: ", ")
        }
        return text + describe(entityAttributes[entity] ?? [])
    }

    /// An entity's declaration with only some of its attributes (those a `where` read), in the
    /// order they are declared.
    func describe(entity: EntityID, attributes wanted: [AttributeID]) -> String {
        let attributes = (entityAttributes[entity] ?? []).filter { wanted.contains($0.attribute) }
        return "entity \(Self.nameLiteral(entityNames[Int(entity)])) : \(kinds[Int(entityKinds[Int(entity)])].name)"
            + describe(attributes)
    }

    /// ` { name: value, ... }`, or nothing for no attributes.
    private func describe(_ attributes: [AttributeValue]) -> String {
        var text = ""
        if !attributes.isEmpty {
            text += " { "
            text += attributes.map { "\(attributeNames[Int($0.attribute)]): \(literal($0.value))" }.joined(separator: ", ")
            text += " }"
        }
        return text
    }

    /// What the sources cell of an entity's declaration says: entity attributes are not cited
    /// (only facts cite sentences), and `show` says so rather than leave the cell empty.
    public static let uncitedAttributesNote = "not cited (entity attributes)"

    /// `show ENTITY`: its declaration, then every fact it takes part in, or that names it as an
    /// attribute value (`over: "Nagorno-Karabakh"`), with citation ids.
    public func show(_ entity: EntityID) -> ResultTable {
        let hasAttributes = !(entityAttributes[entity] ?? []).isEmpty
        var rows: [[Cell]] = [[.text(describe(entity: entity)), hasAttributes ? .text(Self.uncitedAttributesNote) : .null]]
        var seen: Set<FactID> = []
        func add(_ fact: FactID) {
            guard seen.insert(fact).inserted else { return }
            let ids = citations(ofFact: fact).map { sources[Int($0)].identifier }
            rows.append([.text(describe(fact: fact)), ids.isEmpty ? .null : .text(ids.joined(separator: ", "))])
        }
        for position in 0..<2 {
            for fact in index.facts(with: entity, at: position) { add(fact) }
        }
        for fact in facts(withAttributeValue: entity) { add(fact) }
        // Facts read in alphabetical order, ignoring the quotes around names.
        func sortKey(_ row: [Cell]) -> String { FactBase.fold(row[0].displayText.filter { $0 != "\"" }) }
        let factRows = rows.dropFirst().sorted { sortKey($0) < sortKey($1) }
        return ResultTable(columns: ["fact", "sources"], rows: [rows[0]] + factRows)
    }

    /// The facts that have `entity` as the value of one of their attributes, in id order.
    func facts(withAttributeValue entity: EntityID) -> [FactID] {
        var found: [FactID] = []
        let wanted = Value.entity(entity)
        for table in attributeTables {
            for cells in table.columns {
                for slot in 0..<cells.slotCount where cells.value(atSlot: slot) == wanted {
                    found.append(table.fact(atRow: cells.row(ofSlot: slot)))
                }
            }
        }
        return found.sorted()
    }
}
