/// Applying definition statements (`source`, `kind`, `entity`, `relation`, `fact`) to the fact base,
/// with the checks that keep it consistent. Errors carry the span of the offending name.
extension FactBase {
    public mutating func define(_ statement: Statement) throws(Diagnostic) {
        switch statement {
        case .source(let definition): try defineSource(definition)
        case .kind(let definition): try defineKind(definition)
        case .entity(let definition): try defineEntity(definition)
        case .relation(let definition): try defineRelation(definition)
        case .fact(let definition): try defineFact(definition)
        case .retract(let statement): try retract(statement)
        case .query, .show, .question: break
        }
    }

    mutating func defineSource(_ definition: SourceDefinition) throws(Diagnostic) {
        let key = Self.fold(definition.identifier.text)
        if let existing = sourceByIdentifier[key] {
            if sources[Int(existing)].text == definition.text { return }
            throw Diagnostic(
                message: "source '\(definition.identifier.text)' is already defined with other text",
                span: definition.identifier.span)
        }
        sourceByIdentifier[key] = SourceID(sources.count)
        sources.append(Source(identifier: definition.identifier.text, text: definition.text))
        revision &+= 1
    }

    mutating func defineKind(_ definition: KindDefinition) throws(Diagnostic) {
        var parent: KindID?
        if let parentName = definition.parent {
            parent = kind(named: parentName.text) ?? addKind(parentName.text)
        }
        let id = kind(named: definition.name.text) ?? addKind(definition.name.text)
        if let parent {
            if kind(parent, isA: id) {
                throw Diagnostic(
                    message: "kind '\(definition.name.text)' cannot belong to '\(definition.parent?.text ?? "")': that would make a cycle",
                    span: definition.parent?.span ?? definition.name.span)
            }
            if let existing = kinds[Int(id)].parent, existing != parent {
                throw Diagnostic(
                    message: "kind '\(kinds[Int(id)].name)' already belongs to '\(kinds[Int(existing)].name)'",
                    span: definition.parent?.span ?? definition.name.span)
            }
            if kinds[Int(id)].parent == nil { try attach(id, to: parent, at: definition.parent?.span ?? definition.name.span) }
        }
        if let plural = definition.plural {
            let key = Self.fold(plural.text)
            if let other = kindByPlural[key], other != id {
                throw Diagnostic(
                    message: "'\(plural.text)' is already the plural of kind '\(kinds[Int(other)].name)'", span: plural.span)
            }
            if kinds[Int(id)].plural != plural.text { revision &+= 1 }
            kindByPlural.removeValue(forKey: Self.fold(kinds[Int(id)].plural))
            kinds[Int(id)].plural = plural.text
            kindByPlural[key] = id
        }
    }

    /// Makes `parent` the parent of `kind`, unless the hierarchy would nest deeper than
    /// `kindNestingLimit`; keeps the heights of `parent` and its ancestors up to date.
    private mutating func attach(_ kind: KindID, to parent: KindID, at span: SourceSpan) throws(Diagnostic) {
        var parentDepth = 0
        var ancestor = kinds[Int(parent)].parent
        while let step = ancestor, parentDepth <= Self.kindNestingLimit {
            parentDepth += 1
            ancestor = kinds[Int(step)].parent
        }
        if parentDepth + 1 + kinds[Int(kind)].height > Self.kindNestingLimit {
            throw Diagnostic(
                message: "kinds nest at most \(Self.kindNestingLimit) levels deep: '\(kinds[Int(kind)].name)' under '\(kinds[Int(parent)].name)' would go deeper",
                span: span)
        }
        kinds[Int(kind)].parent = parent
        revision &+= 1
        var height = kinds[Int(kind)].height + 1
        var current: KindID? = parent
        while let step = current, kinds[Int(step)].height < height {
            kinds[Int(step)].height = height
            height += 1
            current = kinds[Int(step)].parent
        }
    }

    @discardableResult
    mutating func addKind(_ name: String) -> KindID {
        let id = KindID(kinds.count)
        let plural = English.plural(of: name)
        kinds.append(Kind(name: name, plural: plural, parent: nil))
        revision &+= 1
        kindBySingular[Self.fold(name)] = id
        if kindByPlural[Self.fold(plural)] == nil { kindByPlural[Self.fold(plural)] = id }
        return id
    }

    mutating func defineEntity(_ definition: EntityDefinition) throws(Diagnostic) {
        let kindID = kind(named: definition.kind.text) ?? addKind(definition.kind.text)
        let id: EntityID
        if let existing = entity(named: definition.name.text) {
            let existingKind = entityKinds[Int(existing)]
            guard existingKind == kindID else {
                throw Diagnostic(
                    message: "entity '\(entityNames[Int(existing)])' is already declared as a \(kinds[Int(existingKind)].name)",
                    span: definition.kind.span,
                    notes: ["an entity has one kind; declare it again with the same kind to add aliases or attributes"])
            }
            id = existing
        } else {
            id = addEntity(definition.name.text, kind: kindID)
        }
        for alias in definition.aliases {
            if let other = entity(named: alias.text) {
                if other == id { continue }
                throw Diagnostic(
                    message: "'\(alias.text)' already names the entity '\(entityNames[Int(other)])'", span: alias.span)
            }
            entityTable.insertExtra(Self.fold(alias.text), for: id, names: entityNames)
            entityAliases[id, default: []].append(alias.text)
            revision &+= 1
        }
        guard !definition.attributes.isEmpty else { return }
        // The list is written back once: copying it per attribute would be quadratic.
        var list = entityAttributes[id] ?? []
        var positions = AttributePositions(list)
        let known = list.count
        defer {
            if list.count > known { revision &+= 1 }
            entityAttributes[id] = list
        }
        for assignment in definition.attributes {
            let attribute = internAttribute(assignment.name.text)
            let value = internValue(assignment.value)
            if let position = positions.position(of: attribute, in: list) {
                if list[position].value != value {
                    throw Diagnostic(
                        message: "entity '\(entityNames[Int(id)])' already has \(assignment.name.text) = \(literal(list[position].value))",
                        span: assignment.span)
                }
            } else {
                positions.add(attribute, at: list.count)
                list.append(AttributeValue(attribute: attribute, value: value))
            }
            entityAttributeIDs.insert(attribute)
        }
    }

    /// The kinds that `written`, a kind an entity line would make, is a typo away from (empty when
    /// it names a kind, or there are no kinds): `entity Foo : contry` warns of `country`.
    func kindsNear(newKind written: String) -> [String] {
        guard kind(named: written) == nil, !kinds.isEmpty else { return [] }
        if let kind = kind(plural: written) { return [kinds[Int(kind)].name] }  // a kind is named in the singular
        let nearest = Suggestions.nearest(to: written, among: kinds.map(\.name) + kindPlurals)
            .map { kind(plural: $0).map { kinds[Int($0)].name } ?? $0 }
        return Analyzer.unique(nearest)
    }

    /// Adds an entity no name or alias names yet.
    @discardableResult
    mutating func addEntity(_ name: String, kind: KindID) -> EntityID {
        let id = EntityID(entityKinds.count)
        // Into the table first: growing it re-reads `entityNames`, which must not have this name yet.
        var text = name
        text.withUTF8 { bytes in
            if bytes.allSatisfy({ $0 < 0x80 }) {
                entityTable.insertCanonical(id, name: bytes, names: entityNames)
            } else {
                entityTable.insertExtra(Self.fold(name), for: id, names: entityNames)
            }
        }
        entityNames.append(name)
        entityKinds.append(kind)
        revision &+= 1
        return id
    }

    mutating func defineRelation(_ definition: RelationDefinition) throws(Diagnostic) {
        let roles = [definition.subjectRole.text, definition.objectRole.text]
        if let existing = relation(named: definition.name.text) {
            let relation = relations[Int(existing)]
            if relation.roles.map(Self.fold) == roles.map(Self.fold) && relation.isSymmetric == definition.isSymmetric {
                return
            }
            throw Diagnostic(
                message: "relation '\(relation.name)' is already declared as (\(relation.roles.joined(separator: ", ")))\(relation.isSymmetric ? " symmetric" : "")",
                span: definition.name.span)
        }
        addRelation(definition.name.text, roles: roles, isSymmetric: definition.isSymmetric)
    }

    @discardableResult
    mutating func addRelation(_ name: String, roles: [String], isSymmetric: Bool) -> RelationID {
        let id = RelationID(relations.count)
        relations.append(Relation(name: name, roles: roles, isSymmetric: isSymmetric, attributes: []))
        revision &+= 1
        attributeTables.append(AttributeTable())
        relationByName[Self.fold(name)] = id
        for (position, role) in roles.enumerated() {
            let reference = RoleReference(relation: id, position: position)
            for noun in Set(English.roleNouns(of: role).map(Self.fold)) {
                rolesByNoun[noun, default: []].append(reference)
            }
        }
        return id
    }

    mutating func defineFact(_ definition: FactDefinition) throws(Diagnostic) {
        let subject = try resolveEntity(definition.subject, role: "subject")
        guard let relationID = relation(named: definition.relation.text) else {
            throw Diagnostic(
                message: "unknown relation '\(definition.relation.text)'", span: definition.relation.span,
                notes: relations.isEmpty ? ["declare it first: relation \(definition.relation.text) (ROLE, ROLE)"] : [],
                suggestions: Suggestions.nearest(to: definition.relation.text, among: relations.map(\.name)))
        }
        let object = try resolveEntity(definition.object, role: "object")
        var cited = CitationList()
        for (index, citation) in definition.citations.enumerated() {
            guard let id = source(identifier: citation.text) else {
                throw Diagnostic(
                    message: "unknown source '\(citation.text)'", span: citation.span,
                    suggestions: Suggestions.nearest(to: citation.text, among: sources.map(\.identifier)))
            }
            let quote = index < definition.quotes.count ? definition.quotes[index] : nil
            if let quote {
                guard !quote.text.isEmpty, Self.sentence(sources[Int(id)].text, contains: quote.text) else {
                    throw Diagnostic(
                        message: "the quote does not occur in \(sources[Int(id)].identifier)", span: quote.span,
                        notes: ["\(sources[Int(id)].identifier) reads: \u{201C}\(sources[Int(id)].text)\u{201D}", "a quote is words of the sentence, exactly as written there"])
                }
            }
            cited.add(id, quote: quote?.text)
        }
        var attributes: [AttributeValue] = []
        var positions = AttributePositions([])
        for assignment in definition.attributes {
            let attribute = internAttribute(assignment.name.text)
            if positions.position(of: attribute, in: attributes) != nil {
                throw Diagnostic(message: "attribute '\(assignment.name.text)' is given twice", span: assignment.name.span)
            }
            positions.add(attribute, at: attributes.count)
            attributes.append(AttributeValue(attribute: attribute, value: internValue(assignment.value)))
        }
        if let problem = timeProblem(in: attributes) {
            let span = definition.attributes.first { FactBase.fold($0.name.text) == problem.attribute }?.span ?? definition.span
            throw Diagnostic(message: problem.message, span: span, notes: problem.notes)
        }
        // A fact stated again is the one already there: its citations join that fact's.
        let (existing, tag) = existingFact(relation: relationID, subject: subject, object: object, attributes: attributes)
        if let existing {
            _ = mergeCitations(into: existing, cited.sources, quotes: cited.quotes)
            return
        }
        addFact(
            relation: relationID, subject: subject, object: object, attributes: attributes, citations: cited.sources,
            quotes: cited.quotes)
        factKeys.insert(FactID(factCount - 1), tag: tag)
        factKeys.keyedFacts = factCount
    }

    /// The attributes that say when a fact holds (see `TimeFilter`).
    static let timeAttributeNames: Set<String> = ["since", "until", "date"]

    /// What is wrong with a fact's dates, if anything: `since`, `until` and `date` must be dates
    /// (or whole numbers, read as years), and `until` may not come before `since`.
    func timeProblem(in attributes: [AttributeValue]) -> (attribute: String, message: String, notes: [String])? {
        var since: DateValue?
        var until: DateValue?
        for pair in attributes {
            let name = FactBase.fold(attributeNames[Int(pair.attribute)])
            guard Self.timeAttributeNames.contains(name) else { continue }
            guard let date = TimeFilter.date(of: pair.value) else {
                return (
                    name, "'\(name)' must be a date, found \(literal(pair.value))",
                    ["\(name) says when a fact holds: write a year (2018), a month (2024-01) or a day (2023-09-19)"]
                )
            }
            if name == "since" { since = date }
            if name == "until" { until = date }
        }
        if let since, let until, DateValue.compare(until, since) < 0 {
            return (
                "until", "'until' \(until) comes before 'since' \(since)",
                ["a fact holds from since up to but not including until"]
            )
        }
        return nil
    }

    mutating func addFact(
        relation: RelationID, subject: EntityID, object: EntityID, attributes: [AttributeValue], citations: [SourceID],
        quotes: [String?] = []
    ) {
        let fact = FactID(factRelations.count)
        revision &+= 1
        factRelations.append(relation)
        factSubjects.append(subject)
        factObjects.append(object)
        let known = attributeTables[Int(relation)].attributes.count
        if factRows.isEmpty, let range = attributeTables[Int(relation)].contiguousFacts, !range.isEmpty,
            range.upperBound != fact
        {
            // The first relation whose facts stop being consecutive: from now on rows are stored,
            // starting with those of the earlier facts, while they can still be computed.
            factRows.reserveCapacity(factRelations.count)
            for earlier in 0..<fact { factRows.append(row(ofFact: earlier)) }
        }
        let newRow = attributeTables[Int(relation)].append(fact: fact, attributes)
        if !factRows.isEmpty { factRows.append(newRow) }
        let seen = attributeTables[Int(relation)].attributes.count
        if seen > known {
            relations[Int(relation)].attributes.append(contentsOf: attributeTables[Int(relation)].attributes[known..<seen])
        }
        if !citations.isEmpty {
            citedFacts.append(fact)
            citationPool.append(contentsOf: citations)
            for index in citations.indices { citationQuotes.append(index < quotes.count ? quotes[index] : nil) }
            citationStarts.append(Int32(citationPool.count))
        }
    }

    func resolveEntity(_ name: Name, role: String) throws(Diagnostic) -> EntityID {
        if let id = entity(named: name.text) { return id }
        throw Diagnostic(
            message: "unknown entity '\(name.text)' as the fact's \(role)", span: name.span,
            notes: ["declare it first: entity \(Self.nameLiteral(name.text)) : KIND"],
            suggestions: Suggestions.nearest(to: name.text, among: entityNamesAndAliases))
    }

    mutating func internAttribute(_ name: String) -> AttributeID {
        let key = Self.fold(name)
        if let id = attributeByName[key] { return id }
        let id = AttributeID(attributeNames.count)
        attributeNames.append(name)
        attributeByName[key] = id
        return id
    }

    mutating func internString(_ text: String) -> TextID {
        if let id = stringByText[text] { return id }
        let id = TextID(texts.count)
        texts.append(text)
        stringByText[text] = id
        return id
    }

    mutating func internSymbol(_ text: String) -> TextID {
        let key = Self.fold(text)
        if let id = symbolByFolded[key] { return id }
        let id = TextID(texts.count)
        texts.append(text)
        symbolByFolded[key] = id
        return id
    }

    /// A literal as a stored value: a bare name is an entity when one has that name, else a symbol.
    /// The value a literal stands for, adding its string or symbol when it is new.
    mutating func internValue(_ literal: ValueLiteral) -> Value {
        if readsStoredNames, case .name(let text, let isQuoted) = literal.kind {
            // Read back from a database, which says which names are entities (see `DatabaseReader`).
            if isQuoted, let entity = entity(named: text) { return .entity(entity) }
            return .symbol(internSymbol(text))
        }
        // Interning always gives a string or symbol, so there is always a value.
        return Self.value(of: literal, entity: { entity(named: $0) }, string: { internString($0) }, symbol: { internSymbol($0) })
            ?? .boolean(false)
    }

    /// A literal's value: a name is the entity it names, else a symbol; nil where `string` or
    /// `symbol` gives none (`storedValue`, which adds nothing).
    static func value(
        of literal: ValueLiteral, entity: (String) -> EntityID?, string: (String) -> TextID?, symbol: (String) -> TextID?
    ) -> Value? {
        switch literal.kind {
        case .string(let text): return string(text).map(Value.string)
        case .integer(let number): return .integer(number)
        case .decimal(let number): return .decimal(number)
        case .date(let date): return .date(date)
        case .boolean(let flag): return .boolean(flag)
        case .name(let text, _):
            if let entity = entity(text) { return .entity(entity) }
            return symbol(text).map(Value.symbol)
        }
    }
}

extension FactBase {
    /// Whether a citation's quote occurs in its sentence. The bytes are searched first, which is
    /// fast; only when they differ is the text compared as characters (a quote written in another
    /// but canonically equivalent form). A `String.contains` for every citation made loading the
    /// built-in base a third of the start-up time.
    static func sentence(_ sentence: String, contains quote: String) -> Bool {
        let found = sentence.utf8.withContiguousStorageIfAvailable { text in
            quote.utf8.withContiguousStorageIfAvailable { words in contains(text, words) }
        }
        if found == true { return true }
        return sentence.contains(quote)
    }

    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ words: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = words.first, words.count <= text.count else { return words.isEmpty }
        var start = 0
        while start + words.count <= text.count {
            if text[start] == first {
                var offset = 1
                while offset < words.count && text[start + offset] == words[offset] { offset += 1 }
                if offset == words.count { return true }
            }
            start += 1
        }
        return false
    }
}

/// Where each attribute is in a short list of attribute values: a linear search while the list is
/// short, a dictionary once it is long, so one fact or entity with many attributes is linear.
struct AttributePositions {
    static let linearSearchLimit = 8
    private var byAttribute: [AttributeID: Int] = [:]
    private var indexed = false

    init(_ list: [AttributeValue]) {
        if list.count > Self.linearSearchLimit { index(list) }
    }

    private mutating func index(_ list: [AttributeValue]) {
        for (position, entry) in list.enumerated() { byAttribute[entry.attribute] = position }
        indexed = true
    }

    mutating func position(of attribute: AttributeID, in list: [AttributeValue]) -> Int? {
        if indexed { return byAttribute[attribute] }
        if list.count > Self.linearSearchLimit {
            index(list)
            return byAttribute[attribute]
        }
        return list.firstIndex { $0.attribute == attribute }
    }

    mutating func add(_ attribute: AttributeID, at position: Int) {
        if indexed { byAttribute[attribute] = position }
    }
}
