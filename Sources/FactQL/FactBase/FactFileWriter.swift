/// Writes a fact base in FactQL's own fact-file form (`.save`, `.dump`): sources, kinds,
/// relations, entities with aliases and attributes, facts with attributes, citations and quotes.
/// Loading the text into an empty session gives the same fact base: the same names, ids and
/// order, so `.dump` of both is the same text.
///
/// The order is one the definitions could have been made in. Entities and facts keep their
/// order (their ids), and entities come before the facts that name them; an entity whose name is
/// also a symbol comes only after the facts made before it, so a bare word that was a symbol
/// when its fact was made (`status: frozen` before an entity `frozen` existed) is read as a
/// symbol again. A large base without sources is written in the pinned
/// bulk form only (`entity NAME : KIND`, `relation ...`, `fact ...`), which loads fast.
///
/// One pass over entities and facts, bytes appended to one buffer: linear in the size of the base.
public struct FactFileWriter {
    let base: FactBase
    private var output: [UInt8] = []
    /// For each entity used as a value: the bare word that names it, and whether that word is an
    /// alias written only at the end (see `deferredAliases`).
    private var valueWords: [EntityID: (word: [UInt8], isLate: Bool)] = [:]
    /// Aliases that are also the text of a symbol value: written after every fact, so that the
    /// symbol, made before the alias, stays a symbol.
    private var deferredAliases: [EntityID: [String]] = [:]
    /// Entities whose later attributes (naming entities that come after them) wait for an entity.
    private var attributesWaiting: [EntityID: [EntityID]] = [:]
    private var lateAttributeLines: [EntityID] = []
    /// Relation, kind and attribute names as written, worked out once rather than per fact.
    private var relationNames: [[UInt8]] = []
    private var kindNames: [[UInt8]] = []
    private var attributeNames: [[UInt8]] = []

    public init(factBase: FactBase) {
        self.base = factBase
    }

    /// The fact file, as text.
    public static func text(of base: FactBase) -> String {
        String(decoding: bytes(of: base), as: UTF8.self)
    }

    /// The fact file, as UTF-8 bytes.
    public static func bytes(of base: FactBase) -> [UInt8] {
        var writer = FactFileWriter(factBase: base)
        return writer.write()
    }

    mutating func write() -> [UInt8] {
        output = []
        relationNames = base.relations.map { Self.nameBytes($0.name) }
        kindNames = base.kinds.map { Self.nameBytes($0.name) }
        attributeNames = base.attributeNames.map(Self.nameBytes)
        output.reserveCapacity(64 + base.factCount * 48 + base.entityCount * 24)
        append(
            "# FactQL fact file: \(base.kinds.count) kinds, \(base.entityCount) entities, \(base.relations.count) relations, "
                + "\(base.factCount) facts, \(base.sources.count) sources\n")
        writeSources()
        writeKinds()
        writeRelations()
        findDeferredAliases()
        writeEntitiesAndFacts()
        return output
    }

    // MARK: Sections

    private mutating func writeSources() {
        guard !base.sources.isEmpty else { return }
        append("\n# sources\n")
        for source in base.sources {
            append("source ")
            appendName(source.identifier)
            append(" ")
            appendQuoted(source.text)
            append("\n")
        }
    }

    /// Kinds are written when the entity lines alone would not make them the same: a sub-kind,
    /// a declared plural, a kind no entity has or one made out of the entities' order. A base with
    /// sources (written by hand, like the built-in one) always lists its kinds.
    private mutating func writeKinds() {
        guard !base.kinds.isEmpty, needsKindLines else { return }
        append("\n# kinds\n")
        for (index, kind) in base.kinds.enumerated() {
            let parent = kind.parent.flatMap { Int($0) < index ? base.kinds[Int($0)].name : nil }
            appendKindLine(kind.name, parent: parent, plural: kind.plural != English.plural(of: kind.name) ? kind.plural : nil)
        }
        // A parent made after its sub-kind is given after every kind, so that both keep their ids.
        for (index, kind) in base.kinds.enumerated() {
            guard let parent = kind.parent, Int(parent) > index else { continue }
            appendKindLine(kind.name, parent: base.kinds[Int(parent)].name, plural: nil)
        }
    }

    /// `kind NAME [: PARENT] [plural NAME]`
    private mutating func appendKindLine(_ name: String, parent: String?, plural: String?) {
        append("kind ")
        appendName(name)
        if let parent {
            append(" : ")
            appendName(parent)
        }
        if let plural {
            append(" plural ")
            appendName(plural)
        }
        append("\n")
    }

    private var needsKindLines: Bool {
        if !base.sources.isEmpty { return true }
        for kind in base.kinds where kind.parent != nil || kind.plural != English.plural(of: kind.name) { return true }
        // `entity x : k` makes k when first named: the entities must name the kinds in id order.
        var next: KindID = 0
        for kind in base.entityKinds {
            if kind == next {
                next += 1
            } else if kind > next {
                return true
            }
        }
        return Int(next) != base.kinds.count
    }

    private mutating func writeRelations() {
        guard !base.relations.isEmpty else { return }
        append("\n# relations\n")
        for relation in base.relations {
            append("relation ")
            appendName(relation.name)
            append(" (")
            appendName(relation.roles.first ?? "")
            append(", ")
            appendName(relation.roles.last ?? "")
            append(relation.isSymmetric ? ") symmetric\n" : ")\n")
        }
    }

    private mutating func findDeferredAliases() {
        guard !base.symbolByFolded.isEmpty else { return }
        for (entity, aliases) in base.entityAliases {
            let clashing = aliases.filter { base.symbol(named: $0) != nil }
            if !clashing.isEmpty { deferredAliases[entity] = clashing }
        }
    }

    private mutating func writeEntitiesAndFacts() {
        if base.entityCount > 0 { append("\n# entities and facts\n") }
        var nextEntity: EntityID = 0
        var lateFacts: [FactID] = []
        var citationCursor = 0
        let barriers = symbolNamedEntities()
        var nextBarrier = 0
        for index in 0..<base.factCount {
            let fact = FactID(index)
            let attributes = base.attributes(ofFact: fact)
            var ready = max(base.factSubjects[index], base.factObjects[index])
            var isLate = false
            for pair in attributes {
                guard case .entity(let entity) = pair.value else { continue }
                ready = max(ready, entity)
                if valueWord(for: entity).isLate { isLate = true }
            }
            if nextEntity <= ready {
                // As many entities as can go before this fact: up to the next one whose name a
                // symbol has (facts before it must not see it), or all of them.
                while nextBarrier < barriers.count && barriers[nextBarrier] <= ready { nextBarrier += 1 }
                let last = nextBarrier < barriers.count ? barriers[nextBarrier] - 1 : EntityID(base.entityCount - 1)
                while nextEntity <= last {
                    writeEntity(nextEntity)
                    nextEntity += 1
                }
            }
            while citationCursor < base.citedFacts.count && base.citedFacts[citationCursor] < fact { citationCursor += 1 }
            if isLate {
                lateFacts.append(fact)
            } else {
                writeFact(fact, attributes: attributes, citationIndex: citationCursor)
            }
        }
        while Int(nextEntity) < base.entityCount {
            writeEntity(nextEntity)
            nextEntity += 1
        }
        guard !deferredAliases.isEmpty || !lateAttributeLines.isEmpty || !lateFacts.isEmpty else { return }
        append("\n# aliases that are also symbols, and what names an entity by one of them\n")
        for entity in deferredAliases.keys.sorted() {
            appendEntityHead(entity)
            appendAliases(deferredAliases[entity] ?? [])
            append("\n")
        }
        for entity in lateAttributeLines { writeLaterAttributes(of: entity) }
        var cursor = 0
        for fact in lateFacts {
            while cursor < base.citedFacts.count && base.citedFacts[cursor] < fact { cursor += 1 }
            writeFact(fact, attributes: base.attributes(ofFact: fact), citationIndex: cursor)
        }
    }

    /// The entities, in id order, whose name is also the text of a symbol value: a fact made
    /// before such an entity must be written before it, or its symbol would be read as the entity.
    private func symbolNamedEntities() -> [EntityID] {
        guard !base.symbolByFolded.isEmpty else { return [] }
        var found: [EntityID] = []
        for entity in 0..<base.entityCount where base.symbol(named: base.entityNames[entity]) != nil {
            found.append(EntityID(entity))
        }
        return found
    }

    // MARK: Entities

    /// `entity NAME : KIND aka ALIAS, ... { attributes }`, with the attributes up to the first
    /// that names an entity made after this one; the rest wait for it.
    private mutating func writeEntity(_ entity: EntityID) {
        appendEntityHead(entity)
        let deferred = deferredAliases[entity] ?? []
        if let aliases = base.entityAliases[entity] {
            appendAliases(deferred.isEmpty ? aliases : aliases.filter { !deferred.contains($0) })
        }
        let attributes = base.entityAttributes.isEmpty ? [] : base.entityAttributes[entity] ?? []
        let waitFrom =
            attributes.firstIndex {
                if case .entity(let other) = $0.value { return other > entity || valueWord(for: other).isLate }
                return false
            } ?? attributes.count
        appendAttributes(attributes[..<waitFrom])
        append("\n")
        if waitFrom < attributes.count {
            var ready = entity
            var isLate = false
            for pair in attributes[waitFrom...] {
                guard case .entity(let other) = pair.value else { continue }
                ready = max(ready, other)
                if valueWord(for: other).isLate { isLate = true }
            }
            if isLate { lateAttributeLines.append(entity) } else { attributesWaiting[ready, default: []].append(entity) }
        }
        if let waiting = attributesWaiting.removeValue(forKey: entity) {
            for earlier in waiting { writeLaterAttributes(of: earlier) }
        }
    }

    /// `entity NAME : KIND { the attributes writeEntity left out }`: a declaration again, with the
    /// same kind, adds them.
    private mutating func writeLaterAttributes(of entity: EntityID) {
        let attributes = base.entityAttributes[entity] ?? []
        let waitFrom =
            attributes.firstIndex {
                if case .entity(let other) = $0.value { return other > entity || valueWord(for: other).isLate }
                return false
            } ?? attributes.count
        appendEntityHead(entity)
        appendAttributes(attributes[waitFrom...])
        append("\n")
    }

    private mutating func appendEntityHead(_ entity: EntityID) {
        append("entity ")
        appendEntityName(entity)
        append(" : ")
        output.append(contentsOf: kindNames[Int(base.entityKinds[Int(entity)])])
    }

    private mutating func appendAliases(_ aliases: [String]) {
        guard !aliases.isEmpty else { return }
        append(" aka ")
        for (index, alias) in aliases.enumerated() {
            if index > 0 { append(", ") }
            appendName(alias)
        }
    }

    // MARK: Facts

    /// `fact SUBJECT RELATION OBJECT { attributes } cites SOURCE "quote", ...`
    private mutating func writeFact(_ fact: FactID, attributes: [AttributeValue], citationIndex: Int) {
        let index = Int(fact)
        append("fact ")
        appendEntityName(base.factSubjects[index])
        append(" ")
        output.append(contentsOf: relationNames[Int(base.factRelations[index])])
        append(" ")
        appendEntityName(base.factObjects[index])
        appendAttributes(attributes[...])
        if citationIndex < base.citedFacts.count && base.citedFacts[citationIndex] == fact {
            append(" cites ")
            for position in Int(base.citationStarts[citationIndex])..<Int(base.citationStarts[citationIndex + 1]) {
                if position > Int(base.citationStarts[citationIndex]) { append(", ") }
                appendName(base.sources[Int(base.citationPool[position])].identifier)
                if let quote = base.citationQuotes[position] {
                    append(" ")
                    appendQuoted(quote)
                }
            }
        }
        append("\n")
    }

    // MARK: Attributes and values

    private mutating func appendAttributes(_ attributes: ArraySlice<AttributeValue>) {
        guard !attributes.isEmpty else { return }
        append(" { ")
        for (offset, pair) in attributes.enumerated() {
            if offset > 0 { append(", ") }
            output.append(contentsOf: attributeNames[Int(pair.attribute)])
            append(": ")
            appendValue(pair.value)
        }
        append(" }")
    }

    private mutating func appendValue(_ value: Value) {
        switch value {
        case .integer(let number): appendInteger(number)
        case .decimal(let number): append(Self.plainDecimal(number))
        case .string(let id): appendQuoted(base.texts[Int(id)])
        // A symbol was a bare word when written, so it is one again.
        case .symbol(let id): append(base.texts[Int(id)])
        case .date(let date): append(date.description)
        case .boolean(let flag): append(flag ? "true" : "false")
        case .entity(let entity): output.append(contentsOf: valueWord(for: entity).word)
        }
    }

    /// The bare word that names `entity` as a value (a quoted name would be a string): its name if
    /// that is a bare word, else an alias that is, preferring one not deferred.
    private mutating func valueWord(for entity: EntityID) -> (word: [UInt8], isLate: Bool) {
        if let known = valueWords[entity] { return known }
        let nameBytes = base.entityNames.bytes[base.entityNames.byteRange(of: Int(entity))]
        var found: (word: [UInt8], isLate: Bool)
        if FactBase.isBareWord(nameBytes) {
            found = (Array(nameBytes), false)
        } else {
            let aliases = (base.entityAliases[entity] ?? []).filter { FactBase.isBareWord(Array($0.utf8)[...]) }
            let deferred = deferredAliases[entity] ?? []
            if let alias = aliases.first(where: { !deferred.contains($0) }) {
                found = (Array(alias.utf8), false)
            } else if let alias = aliases.first {
                found = (Array(alias.utf8), true)
            } else {
                // Not reached: a value names an entity only through a bare word.
                found = (Array(FactBase.quote(base.entityNames[Int(entity)]).utf8), false)
            }
        }
        valueWords[entity] = found
        return found
    }

    // MARK: Bytes

    private mutating func append(_ text: String) {
        output.append(contentsOf: text.utf8)
    }

    private mutating func appendInteger(_ number: Int) {
        if number < 0 {
            // Int.min has no positive counterpart: its magnitude is written as unsigned.
            output.append(UInt8(ascii: "-"))
            appendDigits(number.magnitude)
        } else {
            appendDigits(UInt(number))
        }
    }

    private mutating func appendDigits(_ number: UInt) {
        let start = output.count
        var rest = number
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        output[start...].reverse()
    }

    private mutating func appendEntityName(_ entity: EntityID) {
        let range = base.entityNames.byteRange(of: Int(entity))
        let bytes = base.entityNames.bytes[range]
        if FactBase.isBareWord(bytes) {
            output.append(contentsOf: bytes)
        } else {
            appendQuoted(base.entityNames[Int(entity)])
        }
    }

    static func nameBytes(_ name: String) -> [UInt8] {
        Array(FactBase.nameLiteral(name).utf8)
    }

    /// A name: bare when the lexer reads it back as the same word, else in double quotes.
    private mutating func appendName(_ name: String) {
        var name = name
        let isBare = name.withUTF8 { FactBase.isBareWord($0) }
        if isBare { append(name) } else { appendQuoted(name) }
    }

    private mutating func appendQuoted(_ text: String) {
        var text = text
        let plain = text.withUTF8 { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        }
        if plain {
            output.append(UInt8(ascii: "\""))
            append(text)
            output.append(UInt8(ascii: "\""))
        } else {
            append(FactBase.quote(text))
        }
    }

    /// A decimal as the lexer reads decimals: digits, a point, digits, never an exponent
    /// (`1e-05` is written `0.00001`), with the shortest digits that give the same number back.
    static func plainDecimal(_ number: Double) -> String {
        let text = String(number.magnitude)
        let sign = number.sign == .minus ? "-" : ""
        guard let exponentMark = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return sign + (text.contains(".") ? text : text + ".0")
        }
        let mantissa = text[..<exponentMark]
        let exponent = Int(text[text.index(after: exponentMark)...]) ?? 0
        let pointOffset = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let digits = mantissa.filter { $0 != "." }
        let point = pointOffset + exponent
        var whole: String
        var fraction: String
        if point <= 0 {
            whole = "0"
            fraction = String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            whole = digits + String(repeating: "0", count: point - digits.count)
            fraction = "0"
        } else {
            whole = String(digits.prefix(point))
            fraction = String(digits.dropFirst(point))
        }
        while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        return sign + whole + "." + fraction
    }
}
