/// The fact base: entities, kinds, relations, facts, sources, and the indexes queries navigate by.
///
/// Names are interned to integer ids; facts are stored by column. A value type: copying it is cheap
/// (copy-on-write arrays), which is how a failed load leaves the session's fact base untouched.
public struct FactBase: Sendable {
    public struct Kind: Sendable {
        public var name: String
        public var plural: String
        public var parent: KindID?
        /// How many levels of sub-kinds lie below this kind (0 for none), to bound the hierarchy.
        var height = 0
    }

    /// Kinds nest at most this deep, so walking up or down the hierarchy stays cheap.
    public static let kindNestingLimit = 64

    public struct Relation: Sendable {
        public var name: String
        /// The two roles: the subject's (position 0) and the object's (position 1).
        public var roles: [String]
        public var isSymmetric: Bool
        /// Attribute names seen on this relation's facts, in first-seen order.
        public var attributes: [AttributeID]
    }

    public struct Source: Sendable {
        public var identifier: String
        public var text: String
    }

    /// A role of a relation: position 0 is the subject's, 1 the object's.
    public struct RoleReference: Hashable, Sendable {
        public var relation: RelationID
        public var position: Int
    }

    // Kinds.
    public internal(set) var kinds: [Kind] = []
    var kindBySingular: [String: KindID] = [:]
    var kindByPlural: [String: KindID] = [:]

    // Entities: canonical name, kind, aliases, attributes.
    public internal(set) var entityNames = NameList()
    public internal(set) var entityKinds: [KindID] = []
    public internal(set) var entityAliases: [EntityID: [String]] = [:]
    public internal(set) var entityAttributes: [EntityID: [AttributeValue]] = [:]
    /// Names and aliases to entities, case-insensitively.
    var entityTable = NameTable()

    // Relations and the role nouns (singular and plural) that name their roles.
    public internal(set) var relations: [Relation] = []
    var relationByName: [String: RelationID] = [:]
    var rolesByNoun: [String: [RoleReference]] = [:]

    // Attribute names and interned texts.
    public internal(set) var attributeNames: [String] = []
    var attributeByName: [String: AttributeID] = [:]
    /// Attribute names declared on entities (for scoping `where`).
    var entityAttributeIDs: Set<AttributeID> = []
    public internal(set) var texts: [String] = []
    var stringByText: [String: TextID] = [:]
    var symbolByFolded: [String: TextID] = [:]

    // Sources.
    public internal(set) var sources: [Source] = []
    var sourceByIdentifier: [String: SourceID] = [:]

    // Facts, by column. A fact's attributes live in its relation's `AttributeTable`, at the row
    // `row(ofFact:)` gives.
    public internal(set) var factRelations: [RelationID] = []
    public internal(set) var factSubjects: [EntityID] = []
    public internal(set) var factObjects: [EntityID] = []
    /// Each fact's row, kept only once some relation's facts stop being consecutive; until then
    /// a row is the fact's offset in its relation's range of ids.
    var factRows: [Int32] = []
    /// Per relation.
    var attributeTables: [AttributeTable] = []
    /// Citations, kept only for the facts that have some (bulk facts have none): the cited facts
    /// in increasing order, and for the `i`th of them `citationPool[citationStarts[i]..<citationStarts[i+1]]`.
    var citedFacts: [FactID] = []
    var citationStarts: [Int32] = [0]
    var citationPool: [SourceID] = []
    /// Beside `citationPool`: the quoted words of each citation, or nil.
    var citationQuotes: [String?] = []


    /// Built on first query after a change (`prepareIndexes`), never per fact.
    var index = NavigationIndex()
    /// The facts by content, so that a fact stated again is found (see FactSet.swift).
    var factKeys = FactKeys()

    /// Goes up with every change to the base (a definition that adds something, a fact, a
    /// retract, a load); a statement that changes nothing, such as a fact stated again, leaves it.
    /// Compare two values to tell whether the base changed in between.
    public internal(set) var revision = 0
    /// Set while a database is read into the base: a value that is a name is an entity when
    /// written quoted and a symbol when bare, whatever names exist by then.
    var readsStoredNames = false

    public init() {}

    public var factCount: Int { factRelations.count }
    public var entityCount: Int { entityKinds.count }

    // MARK: Look-ups (all case-insensitive)

    public func entity(named name: String) -> EntityID? {
        var name = name
        return name.withUTF8 { entity(nameBytes: $0) }
    }

    /// The entity named by these UTF-8 bytes, folded as `fold` does.
    func entity(nameBytes: UnsafeBufferPointer<UInt8>) -> EntityID? {
        if nameBytes.allSatisfy({ $0 < 0x80 }) { return entityTable.find(nameBytes, names: entityNames) }
        var folded = Self.fold(String(decoding: nameBytes, as: UTF8.self))
        return folded.withUTF8 { entityTable.find($0, names: entityNames) }
    }

    public func kind(named singular: String) -> KindID? { kindBySingular[Self.fold(singular)] }
    public func kind(plural: String) -> KindID? { kindByPlural[Self.fold(plural)] }
    public func relation(named name: String) -> RelationID? { relationByName[Self.fold(name)] }
    public func roles(noun: String) -> [RoleReference] { rolesByNoun[Self.fold(noun)] ?? [] }
    public func attribute(named name: String) -> AttributeID? { attributeByName[Self.fold(name)] }
    public func source(identifier: String) -> SourceID? { sourceByIdentifier[Self.fold(identifier)] }
    public func symbol(named text: String) -> TextID? { symbolByFolded[Self.fold(text)] }
    public func string(_ text: String) -> TextID? { stringByText[text] }

    /// A fact's attributes, in the order they were written.
    public func attributes(ofFact fact: FactID) -> [AttributeValue] {
        let index = Int(fact)
        return attributeTables[Int(factRelations[index])].attributes(ofRow: row(ofFact: fact))
    }

    public func citations(ofFact fact: FactID) -> ArraySlice<SourceID> {
        citationRange(ofFact: fact).map { citationPool[$0] } ?? []
    }

    /// The quoted words of the fact's citations, in the order of `citations(ofFact:)`.
    public func citationQuotes(ofFact fact: FactID) -> ArraySlice<String?> {
        citationRange(ofFact: fact).map { citationQuotes[$0] } ?? []
    }

    private func citationRange(ofFact fact: FactID) -> Range<Int>? {
        var low = 0
        var high = citedFacts.count
        while low < high {
            let middle = (low + high) / 2
            if citedFacts[middle] < fact { low = middle + 1 } else { high = middle }
        }
        guard low < citedFacts.count, citedFacts[low] == fact else { return nil }
        return Int(citationStarts[low])..<Int(citationStarts[low + 1])
    }

    /// Every fact's attribute values, column by column, read as they are iterated.
    var attributePool: AttributeValues { AttributeValues(tables: attributeTables) }

    /// The different values facts give `attribute`, at most `limit` of them, in first-seen order
    /// (for completion: a column of a million symbols is read without making a string of each).
    func distinctValues(of attribute: AttributeID, limit: Int, in relations: [RelationID]? = nil) -> [Value] {
        var seen: Set<Value> = []
        var values: [Value] = []
        let tables = relations.map { $0.map { attributeTables[Int($0)] } } ?? attributeTables
        for table in tables {
            guard let column = table.column(for: attribute) else { continue }
            let cells = table.columns[column]
            for slot in 0..<cells.slotCount {
                guard let value = cells.value(atSlot: slot), seen.insert(value).inserted else { continue }
                values.append(value)
                if values.count >= limit { return values }
            }
        }
        return values
    }

    /// Whether some fact of `relations` (all relations when nil) gives `attribute` a value that
    /// passes `test`; stops at the first one.
    func anyValue(of attribute: AttributeID, in relations: [RelationID]?, where test: (Value) -> Bool) -> Bool {
        let tables = relations.map { $0.map { attributeTables[Int($0)] } } ?? attributeTables
        for table in tables {
            guard let column = table.column(for: attribute) else { continue }
            let cells = table.columns[column]
            for slot in 0..<cells.slotCount {
                if let value = cells.value(atSlot: slot), test(value) { return true }
            }
        }
        return false
    }

    /// The fact's row in its relation's `AttributeTable`.
    @inline(__always)
    func row(ofFact fact: FactID) -> Int32 {
        if let range = attributeTables[Int(factRelations[Int(fact)])].contiguousFacts { return fact - range.lowerBound }
        return factRows[Int(fact)]
    }

    public func value(of attribute: AttributeID, inFact fact: FactID) -> Value? {
        let index = Int(fact)
        return attributeTables[Int(factRelations[index])].value(of: attribute, atRow: row(ofFact: fact))
    }

    public func value(of attribute: AttributeID, ofEntity entity: EntityID) -> Value? {
        if entityAttributes.isEmpty { return nil }
        return entityAttributes[entity]?.first { $0.attribute == attribute }?.value
    }

    public func entity(ofFact fact: FactID, at position: Int) -> EntityID {
        position == 0 ? factSubjects[Int(fact)] : factObjects[Int(fact)]
    }

    /// True when `kind` is `ancestor` or one of its sub-kinds.
    public func kind(_ kind: KindID, isA ancestor: KindID) -> Bool {
        var current: KindID? = kind
        var steps = 0
        while let step = current, steps <= kinds.count {
            if step == ancestor { return true }
            current = kinds[Int(step)].parent
            steps += 1
        }
        return false
    }

    /// The kind and its sub-kinds, transitively.
    public func kindAndDescendants(_ kind: KindID) -> [KindID] {
        (0..<KindID(kinds.count)).filter { self.kind($0, isA: kind) }
    }

    /// Every name a user may write for a set or a role, for suggestions and completion.
    public var entityNamesAndAliases: [String] {
        Array(entityNames) + entityAliases.values.flatMap { $0 }
    }

    public var kindPlurals: [String] { kinds.map(\.plural) }

    public var roleNouns: [String] {
        var nouns: [String] = []
        var seen: Set<String> = []
        for relation in relations {
            for role in relation.roles {
                for noun in English.roleNouns(of: role) where seen.insert(Self.fold(noun)).inserted {
                    nouns.append(noun)
                }
            }
        }
        return nouns
    }

    // MARK: Display

    /// The value as a user reads it: strings plain, dates `2024-01`, entities by canonical name.
    public func display(_ value: Value) -> String {
        switch value {
        case .integer(let number): return String(number)
        case .decimal(let number): return Self.format(decimal: number)
        case .string(let id), .symbol(let id): return texts[Int(id)]
        case .date(let date): return date.description
        case .boolean(let flag): return flag ? "true" : "false"
        case .entity(let id): return entityNames[Int(id)]
        }
    }

    /// The value as FactQL source: strings quoted, names quoted when they are not bare words.
    public func literal(_ value: Value) -> String {
        switch value {
        case .string(let id): return Self.quote(texts[Int(id)])
        case .symbol(let id): return Self.nameLiteral(texts[Int(id)])
        case .entity(let id): return Self.nameLiteral(entityNames[Int(id)])
        default: return display(value)
        }
    }

    static func format(decimal number: Double) -> String {
        let text = String(number)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) + ".0" : text
    }

    /// A name as it must be written in source: bare exactly when the lexer reads it back as one
    /// word with this text (`Zürich`), else quoted (`"Nagorno-Karabakh"`, `"order"`).
    public static func nameLiteral(_ name: String) -> String {
        var name = name
        let isWord = name.withUTF8 { isBareWord($0) }
        return isWord ? name : quote(name)
    }

    /// True when the lexer reads `bytes` back as one word with this text: a letter, `_` or a
    /// non-ASCII character first, then those or digits, and no keyword. A name with a character a
    /// terminal would not show as itself is not bare, so that quoting can escape it.
    static func isBareWord(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isBareWord($0) }
    }

    static func isBareWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        guard isASCIILetter(first) || first == UInt8(ascii: "_") || first >= 0xC2 else { return false }
        var isASCII = true
        for byte in bytes {
            if byte >= 0x80 {
                isASCII = false
            } else if !(isASCIILetter(byte) || byte == UInt8(ascii: "_") || (byte >= 48 && byte <= 57)) {
                return false
            }
        }
        if isASCII { return Keyword.lookup(bytes) == nil }
        return !String(decoding: bytes, as: UTF8.self).unicodeScalars.contains(where: TerminalText.needsEscape)
    }

    @inline(__always)
    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    /// A string literal: quotes and backslashes escaped, and every character a terminal would
    /// not show as itself (controls, invisible and bidirectional characters) as `\n`, `\t` or
    /// `\u{...}`, which the lexer reads back as the same character.
    public static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if TerminalText.needsEscape(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    // `fold`, the key every name is compared by, is in NameTable.swift.
}
