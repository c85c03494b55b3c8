/// The fact base is a set: a fact stated again (the same subject, relation, object and
/// attributes, in any order) is the fact already there, and its citations join that fact's.
///
/// `FactKeys` finds such a fact in about one probe: a hash table over the facts' contents, kept
/// for the facts `0..<keyedFacts`. The general path keys each fact as it is defined; the bulk
/// loader appends without looking and keys the new facts in one pass at the end
/// (`removeDuplicateFacts`), which then drops those that were already there.
struct FactKeys: Sendable {
    /// Open addressing with linear probing. A slot holds the upper 32 bits of a fact's hash (its
    /// tag) above the fact's id + 1; 0 is empty. A probe starts at the tag's low bits, so the
    /// table grows without reading a fact again.
    private var slots: [UInt64] = []
    private var count = 0
    /// Facts `0..<keyedFacts` are in the table.
    var keyedFacts = 0

    static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }

    private var mask: Int { slots.count - 1 }

    /// The first fact with this tag that `matches` accepts.
    func first(tag: UInt32, where matches: (FactID) -> Bool) -> FactID? {
        guard !slots.isEmpty else { return nil }
        var slot = Int(tag) & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if UInt32(truncatingIfNeeded: entry >> 32) == tag, matches(FactID(truncatingIfNeeded: entry) - 1) {
                return FactID(truncatingIfNeeded: entry) - 1
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Reads the slot a probe for `tag` starts at, so that a batch's cache misses overlap (what
    /// is read goes to `touched`, so the read is not optimised away).
    mutating func touch(tag: UInt32) {
        if !slots.isEmpty { touched ^= slots[Int(tag) & mask] }
    }
    private var touched: UInt64 = 0

    /// Makes room for `total` facts without growing again.
    mutating func reserve(_ total: Int) {
        var capacity = max(16, slots.count)
        while capacity < total * 2 { capacity *= 2 }
        if capacity > slots.count { rehash(capacity) }
    }

    mutating func insert(_ fact: FactID, tag: UInt32) {
        if (count + 1) * 2 > slots.count { rehash(max(16, slots.count * 2)) }
        place(UInt64(tag) << 32 | UInt64(UInt32(fact + 1)))
        count += 1
    }

    private mutating func place(_ entry: UInt64) {
        var slot = Int(UInt32(truncatingIfNeeded: entry >> 32)) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func rehash(_ capacity: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: capacity)
        for entry in old where entry != 0 { place(entry) }
    }

    /// Takes `fact` out of the table, moving back the entries after it that would no longer be
    /// found (deletion without tombstones).
    mutating func remove(_ fact: FactID, tag: UInt32) {
        guard !slots.isEmpty else { return }
        var slot = Int(tag) & mask
        while slots[slot] != 0 && FactID(truncatingIfNeeded: slots[slot]) - 1 != fact { slot = (slot + 1) & mask }
        guard slots[slot] != 0 else { return }
        var hole = slot
        var next = (hole + 1) & mask
        while slots[next] != 0 {
            let home = Int(UInt32(truncatingIfNeeded: slots[next] >> 32)) & mask
            // The entry at `next` may fill the hole unless its home lies after the hole, up to it.
            let distanceFromHome = (next - home) & mask
            let distanceFromHole = (next - hole) & mask
            if distanceFromHome >= distanceFromHole {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = 0
        count -= 1
    }

    /// Lowers every fact id by the number of `removed` facts (increasing, none in the table)
    /// before it, as removing them from the fact base does.
    mutating func renumber(removing removed: [FactID]) {
        guard !removed.isEmpty else { return }
        for slot in slots.indices where slots[slot] != 0 {
            let fact = FactID(truncatingIfNeeded: slots[slot]) - 1
            let below = FactBase.count(of: removed, below: fact)
            if below > 0 { slots[slot] -= UInt64(below) }
        }
    }
}

extension FactBase {
    /// A hash of a fact's contents; the attributes are combined in a way that ignores their order.
    static func contentHash(relation: RelationID, subject: EntityID, object: EntityID, attributes: UInt64) -> UInt64 {
        var hash = mix(UInt64(UInt32(bitPattern: relation)) << 32 | UInt64(UInt32(bitPattern: subject)))
        hash = mix(hash ^ UInt64(UInt32(bitPattern: object)) ^ attributes)
        return hash
    }

    /// One attribute's share of a fact's hash (shares are added, so order does not matter).
    @inline(__always)
    static func attributeHash(_ attribute: AttributeID, _ value: Value) -> UInt64 {
        let bits: UInt64
        var kind: UInt64
        switch value {
        case .integer(let number): (kind, bits) = (1, UInt64(bitPattern: Int64(number)))
        case .decimal(let number): (kind, bits) = (2, (number == 0 ? 0 : number).bitPattern)
        case .string(let id): (kind, bits) = (3, UInt64(UInt32(bitPattern: id)))
        case .symbol(let id): (kind, bits) = (4, UInt64(UInt32(bitPattern: id)))
        case .date(let date):
            (kind, bits) = (5, UInt64(UInt32(bitPattern: date.year)) << 16 | UInt64(date.month) << 8 | UInt64(date.day))
        case .boolean(let flag): (kind, bits) = (6, flag ? 1 : 0)
        case .entity(let id): (kind, bits) = (7, UInt64(UInt32(bitPattern: id)))
        }
        kind |= UInt64(UInt32(bitPattern: attribute)) << 8
        return mix(mix(kind) ^ bits)
    }

    /// A 64-bit finaliser (splitmix64's): every input bit affects every output bit.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var bits = value &+ 0x9E37_79B9_7F4A_7C15
        bits = (bits ^ (bits >> 30)) &* 0xBF58_476D_1CE4_E5B9
        bits = (bits ^ (bits >> 27)) &* 0x94D0_49BB_1331_11EB
        return bits ^ (bits >> 31)
    }

    static func contentHash(relation: RelationID, subject: EntityID, object: EntityID, attributes: [AttributeValue]) -> UInt64 {
        var shares: UInt64 = 0
        for pair in attributes { shares &+= attributeHash(pair.attribute, pair.value) }
        return contentHash(relation: relation, subject: subject, object: object, attributes: shares)
    }

    /// The hash of a stored fact, read from its columns.
    func contentHash(ofFact fact: FactID) -> UInt64 {
        let relation = factRelations[Int(fact)]
        let table = attributeTables[Int(relation)]
        let row = Int(row(ofFact: fact))
        var shares: UInt64 = 0
        table.forEachAttribute(ofRow: Int32(row)) { attribute, value in shares &+= Self.attributeHash(attribute, value) }
        return Self.contentHash(
            relation: relation, subject: factSubjects[Int(fact)], object: factObjects[Int(fact)], attributes: shares)
    }

    /// True when `fact` is the fact with these parts and exactly these attributes.
    func fact(
        _ fact: FactID, is relation: RelationID, _ subject: EntityID, _ object: EntityID, attributes: [AttributeValue]
    ) -> Bool {
        let index = Int(fact)
        guard factRelations[index] == relation, factSubjects[index] == subject, factObjects[index] == object else { return false }
        return hasExactly(attributes, fact: fact)
    }

    /// True when the fact's attributes are `attributes`, in any order.
    func hasExactly(_ attributes: [AttributeValue], fact: FactID) -> Bool {
        let table = attributeTables[Int(factRelations[Int(fact)])]
        let row = Int(row(ofFact: fact))
        guard table.attributeCount(ofRow: Int32(row)) == attributes.count else { return false }
        return attributes.allSatisfy { table.value(of: $0.attribute, atRow: Int32(row)) == $0.value }
    }

    /// True when two stored facts have the same parts and attributes.
    func factsAreIdentical(_ first: FactID, _ second: FactID) -> Bool {
        let (a, b) = (Int(first), Int(second))
        guard factRelations[a] == factRelations[b], factSubjects[a] == factSubjects[b], factObjects[a] == factObjects[b]
        else { return false }
        let table = attributeTables[Int(factRelations[a])]
        let (rowA, rowB) = (Int(row(ofFact: first)), Int(row(ofFact: second)))
        return table.columns.allSatisfy { $0.value(at: rowA) == $0.value(at: rowB) }
    }

    /// The fact already stated with these parts and attributes, if any.
    mutating func existingFact(
        relation: RelationID, subject: EntityID, object: EntityID, attributes: [AttributeValue]
    ) -> (fact: FactID?, tag: UInt32) {
        removeDuplicateFacts()
        let tag = FactKeys.tag(Self.contentHash(relation: relation, subject: subject, object: object, attributes: attributes))
        let found = factKeys.first(tag: tag) { self.fact($0, is: relation, subject, object, attributes: attributes) }
        return (found, tag)
    }

    /// Keys the facts not yet keyed, a batch at a time, and removes those already there (the
    /// bulk loader's facts, appended without looking).
    mutating func removeDuplicateFacts() {
        guard factKeys.keyedFacts < factCount else { return }
        factKeys.reserve(factCount)
        var duplicates: [FactID] = []
        var tags: [UInt32] = []
        let batchSize = 64
        var start = factKeys.keyedFacts
        while start < factCount {
            let end = min(start + batchSize, factCount)
            tags.removeAll(keepingCapacity: true)
            for fact in start..<end { tags.append(FactKeys.tag(contentHash(ofFact: FactID(fact)))) }
            for tag in tags { factKeys.touch(tag: tag) }
            for (offset, tag) in tags.enumerated() {
                let fact = FactID(start + offset)
                if let original = factKeys.first(tag: tag, where: { factsAreIdentical($0, fact) }) {
                    // Its citations join the fact already there, as when the general path meets it.
                    let cited = citations(ofFact: fact)
                    if !cited.isEmpty {
                        _ = mergeCitations(into: original, Array(cited), quotes: Array(citationQuotes(ofFact: fact)))
                    }
                    duplicates.append(fact)
                } else {
                    factKeys.insert(fact, tag: tag)
                }
            }
            start = end
        }
        factKeys.keyedFacts = factCount
        if !duplicates.isEmpty { removeFacts(duplicates, areKeyed: false) }
    }

    /// How many of `sorted` (increasing) are less than `value`.
    static func count(of sorted: [FactID], below value: FactID) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
