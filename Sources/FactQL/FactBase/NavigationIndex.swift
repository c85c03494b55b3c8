/// Indexes from (entity, position) to facts, and from kind to entities, in compressed sparse row
/// form: `facts[offsets[e]..<offsets[e+1]]` are the facts with entity `e` at that position.
/// Rebuilt in one pass after a batch of changes, never per fact.
struct NavigationIndex: Sendable {
    /// Per position (0 subject, 1 object).
    var offsets: [[Int32]] = [[0], [0]]
    var facts: [[FactID]] = [[], []]
    var entitiesByKindOffsets: [Int32] = [0]
    var entitiesByKind: [EntityID] = []
    /// The counts this index was built for; a mismatch means it is stale.
    var builtForFacts = -1
    var builtForEntities = -1

    func isCurrent(facts factCount: Int, entities entityCount: Int) -> Bool {
        builtForFacts == factCount && builtForEntities == entityCount
    }

    init() {}

    init(factBase: FactBase) {
        let entityCount = factBase.entityCount
        for position in 0..<2 {
            let column = position == 0 ? factBase.factSubjects : factBase.factObjects
            (offsets[position], facts[position]) = Self.group(column, keyCount: entityCount)
        }
        (entitiesByKindOffsets, entitiesByKind) = Self.group(factBase.entityKinds, keyCount: factBase.kinds.count)
        builtForFacts = factBase.factCount
        builtForEntities = entityCount
    }

    /// Counting sort of the row numbers by key: stable, so rows stay in insertion order per key.
    private static func group(_ keys: [Int32], keyCount: Int) -> ([Int32], [Int32]) {
        var offsets = [Int32](repeating: 0, count: keyCount + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        for index in 0..<keyCount { offsets[index + 1] += offsets[index] }
        var cursor = offsets
        var rows = [Int32](repeating: 0, count: keys.count)
        for (row, key) in keys.enumerated() {
            rows[Int(cursor[Int(key)])] = Int32(row)
            cursor[Int(key)] += 1
        }
        return (offsets, rows)
    }

    func facts(with entity: EntityID, at position: Int) -> ArraySlice<FactID> {
        let offsetTable = offsets[position]
        let index = Int(entity)
        guard index + 1 < offsetTable.count else { return [] }
        return facts[position][Int(offsetTable[index])..<Int(offsetTable[index + 1])]
    }

    func entities(ofKind kind: KindID) -> ArraySlice<EntityID> {
        let index = Int(kind)
        guard index + 1 < entitiesByKindOffsets.count else { return [] }
        return entitiesByKind[Int(entitiesByKindOffsets[index])..<Int(entitiesByKindOffsets[index + 1])]
    }
}

extension FactBase {
    /// Brings the indexes up to date; call before evaluating queries.
    public mutating func prepareIndexes() {
        if !index.isCurrent(facts: factCount, entities: entityCount) {
            index = NavigationIndex(factBase: self)
        }
    }

    var indexIsCurrent: Bool { index.isCurrent(facts: factCount, entities: entityCount) }
}
