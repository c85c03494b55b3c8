/// `retract fact Armenia member_of EU`: removing facts by what they say.
extension FactBase {
    /// How many facts a failed retract names as the nearest to the one written.
    static let nearestFactLimit = 8

    /// Removes the facts `statement` names and returns how many went: without attributes every
    /// fact of that subject, relation and object, with them the fact with exactly those
    /// attributes. A fact that is not there is an error naming the nearest facts.
    @discardableResult
    public mutating func retract(_ statement: RetractStatement) throws(Diagnostic) -> Int {
        let target = try retractionTarget(statement)
        prepareIndexes()
        let sameParts = index.facts(with: target.subject, at: 0).filter {
            factRelations[Int($0)] == target.relation && factObjects[Int($0)] == target.object
        }
        let matching: [FactID]
        if statement.attributes.isEmpty {
            matching = Array(sameParts)
        } else if let wanted = target.storedAttributes {
            matching = sameParts.filter { hasExactly(wanted, fact: $0) }
        } else {
            matching = []
        }
        guard !matching.isEmpty else {
            throw notRetractable(
                statement, subject: target.subject, relation: target.relation, object: target.object, sameParts: sameParts)
        }
        removeFacts(matching.sorted())
        return matching.count
    }

    /// What a retract names, resolved in this base: the fact's parts and, per written attribute,
    /// its stored name and value (nil when the base never stored them: no fact can match).
    struct RetractionTarget {
        var subject: EntityID
        var relation: RelationID
        var object: EntityID
        var values: [AttributeValue?]

        /// The written attributes as stored; nil when one of them never was.
        var storedAttributes: [AttributeValue]? {
            values.contains { $0 == nil } ? nil : values.compactMap { $0 }
        }
    }

    func retractionTarget(_ statement: RetractStatement) throws(Diagnostic) -> RetractionTarget {
        let subject = try resolveEntity(statement.subject, role: "subject")
        guard let relation = relation(named: statement.relation.text) else {
            throw Diagnostic(
                message: "unknown relation '\(statement.relation.text)'", span: statement.relation.span,
                suggestions: Suggestions.nearest(to: statement.relation.text, among: relations.map(\.name)))
        }
        let object = try resolveEntity(statement.object, role: "object")
        var values: [AttributeValue?] = []
        var given: Set<String> = []
        for assignment in statement.attributes {
            guard given.insert(Self.fold(assignment.name.text)).inserted else {
                throw Diagnostic(message: "attribute '\(assignment.name.text)' is given twice", span: assignment.name.span)
            }
            if let attribute = attribute(named: assignment.name.text), let value = storedValue(assignment.value) {
                values.append(AttributeValue(attribute: attribute, value: value))
            } else {
                values.append(nil)
            }
        }
        return RetractionTarget(subject: subject, relation: relation, object: object, values: values)
    }

    /// The error for a retract of a fact that is not there, with the facts nearest to it: those
    /// of the same subject, relation and object (other attributes), those joining the two
    /// entities either way round, then the subject's facts of the relation and the relation's
    /// facts with that object.
    private func notRetractable(
        _ statement: RetractStatement, subject: EntityID, relation: RelationID, object: EntityID, sameParts: [FactID]
    ) -> Diagnostic {
        var nearest = sameParts
        func add(_ facts: some Sequence<FactID>) {
            for fact in facts where nearest.count < Self.nearestFactLimit && !nearest.contains(fact) { nearest.append(fact) }
        }
        for position in 0..<2 {
            add(index.facts(with: subject, at: position).lazy.filter { self.entity(ofFact: $0, at: 1 - position) == object })
        }
        add(index.facts(with: subject, at: 0).lazy.filter { self.factRelations[Int($0)] == relation })
        add(index.facts(with: object, at: 1).lazy.filter { self.factRelations[Int($0)] == relation })
        var written = Self.nameLiteral(entityNames[Int(subject)]) + " " + relations[Int(relation)].name + " "
            + Self.nameLiteral(entityNames[Int(object)])
        if !statement.attributes.isEmpty {
            written += " { " + statement.attributes.map { "\($0.name.text): \(SyntaxPrinter.print($0.value))" }.joined(separator: ", ") + " }"
        }
        let notes =
            nearest.isEmpty
            ? ["no fact joins \(entityNames[Int(subject)]) and \(entityNames[Int(object)]), and none gives \(entityNames[Int(subject)]) a \(relations[Int(relation)].name)"]
            : nearest.prefix(Self.nearestFactLimit).map { "nearest: fact " + describe(fact: $0) }
        return Diagnostic(
            message: "there is no fact \(written) to retract",
            span: statement.subject.span.union(statement.attributes.last?.value.span ?? statement.object.span), notes: notes)
    }

    /// A literal as the value the base stores for it, without adding anything; nil when no fact
    /// can hold it (a string or a symbol never stored).
    func storedValue(_ literal: ValueLiteral) -> Value? {
        Self.value(of: literal, entity: entity(named:), string: string, symbol: symbol(named:))
    }
}
