import Dispatch

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

    /// Builds the three groupings; the objects' one on another thread while this one does the
    /// subjects' and the kinds' (after a bulk load of a million facts, each takes tens of ms).
    init(factBase: FactBase) {
        let entityCount = factBase.entityCount
        let objects = Grouping(factBase.factObjects, keyCount: entityCount)
        (offsets[0], facts[0]) = Self.group(factBase.factSubjects, keyCount: entityCount)
        (entitiesByKindOffsets, entitiesByKind) = Self.group(factBase.entityKinds, keyCount: factBase.kinds.count)
        (offsets[1], facts[1]) = objects.result()
        builtForFacts = factBase.factCount
        builtForEntities = entityCount
    }

    /// Counting sort of the row numbers by key: stable, so rows stay in insertion order per key.
    fileprivate static func group(_ keys: [Int32], keyCount: Int) -> ([Int32], [Int32]) {
        // `offsets[k + 1]` counts key `k`, then becomes where its rows start, then (advanced as
        // rows are placed) where they end, which is where key `k + 1`'s start.
        var offsets = [Int32](repeating: 0, count: keyCount + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        var start: Int32 = 0
        for key in 0..<keyCount {
            let count = offsets[key + 1]
            offsets[key + 1] = start
            start += count
        }
        var rows = [Int32](repeating: 0, count: keys.count)
        for (row, key) in keys.enumerated() {
            rows[Int(offsets[Int(key) + 1])] = Int32(row)
            offsets[Int(key) + 1] += 1
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

/// `NavigationIndex.group` run on another thread, for large inputs. A class shared between two
/// threads: the worker writes `grouped` before it signals `done`; the caller reads it only after
/// waiting on `done`.
private final class Grouping: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var grouped: ([Int32], [Int32])?

    init(_ keys: [Int32], keyCount: Int) {
        guard keys.count >= 1 << 16 else {
            grouped = NavigationIndex.group(keys, keyCount: keyCount)
            done.signal()
            return
        }
        DispatchQueue.global().async {
            self.grouped = NavigationIndex.group(keys, keyCount: keyCount)
            self.done.signal()
        }
    }

    func result() -> ([Int32], [Int32]) {
        done.wait()
        return grouped ?? ([0], [])
    }
}
