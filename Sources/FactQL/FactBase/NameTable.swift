/// Names stored end to end in one byte array: a million short names cost their bytes plus four
/// bytes each, where `[String]` costs 16 bytes each and an allocation for any name over 15 bytes.
/// It reads as a collection of `String`.
public struct NameList: RandomAccessCollection, Sendable {
    private(set) var bytes: [UInt8] = []
    /// `ends[i]` is where name `i` stops; it starts where name `i - 1` stops.
    private(set) var ends: [Int32] = []

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    public subscript(position: Int) -> String {
        String(decoding: bytes[byteRange(of: position)], as: UTF8.self)
    }

    @inline(__always)
    func byteRange(of position: Int) -> Range<Int> {
        (position == 0 ? 0 : Int(ends[position - 1]))..<Int(ends[position])
    }

    mutating func append(_ name: String) {
        bytes.append(contentsOf: name.utf8)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    mutating func append(_ name: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: name)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// Reserves room for `count` more names of about `averageLength` bytes.
    mutating func reserve(_ count: Int, averageLength: Int) {
        ends.reserveCapacity(ends.count + count)
        bytes.reserveCapacity(bytes.count + count * averageLength)
    }
}

/// Case-insensitive look-up from the names and aliases of entities to their ids: open addressing
/// over 32-bit slots, keyed by the names' own bytes, so a look-up makes no `String` and a million
/// names take 16 MiB instead of a `[String: EntityID]`'s 80.
///
/// Keys compare as `FactBase.fold` does: an ASCII name ignores ASCII case; any other name is
/// stored and looked up lower-cased by the caller.
struct NameTable: Sendable {
    /// 0: empty; `e + 1`: entity `e` under its canonical name (ASCII only); `-(k + 1)`: extra key `k`.
    private var slots: [Int32] = []
    private(set) var count = 0
    /// Keys that are not an entity's ASCII canonical name (aliases, non-ASCII names), folded.
    private var extraKeys = NameList()
    private var extraEntities: [EntityID] = []

    /// The entity whose name or alias folds to `query` (ASCII as written, anything else folded).
    func find(_ query: UnsafeBufferPointer<UInt8>, names: NameList) -> EntityID? {
        guard !slots.isEmpty else { return nil }
        let hash = Self.hash(query)
        return slots.withUnsafeBufferPointer { slots in
            names.bytes.withUnsafeBufferPointer { nameBytes in
                let mask = slots.count - 1
                var index = hash & mask
                while true {
                    let slot = slots[index]
                    if slot == 0 { return nil }
                    if slot > 0 {
                        let entity = Int(slot) - 1
                        let range = names.byteRange(of: entity)
                        if Self.foldedEqual(query, UnsafeBufferPointer(rebasing: nameBytes[range])) {
                            return EntityID(entity)
                        }
                    } else {
                        let key = Int(-slot) - 1
                        if Self.foldedEqual(query, extraKeys.bytes, extraKeys.byteRange(of: key)) {
                            return extraEntities[key]
                        }
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    /// Adds entity `entity` under its canonical name, which must be ASCII and not yet a key.
    mutating func insertCanonical(_ entity: EntityID, names: NameList) {
        growIfNeeded(names: names)
        let hash = names.bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[names.byteRange(of: Int(entity))])) }
        place(entity + 1, hash: hash)
    }

    /// Adds a folded key (an alias, or a non-ASCII name) for `entity`; it must not be a key yet.
    mutating func insertExtra(_ folded: String, for entity: EntityID, names: NameList) {
        growIfNeeded(names: names)
        extraKeys.append(folded)
        extraEntities.append(entity)
        let key = extraEntities.count - 1
        var text = folded
        let hash = text.withUTF8 { Self.hash($0) }
        place(-Int32(key) - 1, hash: hash)
    }

    private mutating func place(_ value: Int32, hash: Int) {
        let mask = slots.count - 1
        var index = hash & mask
        slots.withUnsafeMutableBufferPointer { slots in
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = value
        }
        count += 1
    }

    /// Keeps the table at most 70% full, doubling it when a key more would pass that.
    private mutating func growIfNeeded(names: NameList) {
        guard (count + 1) * 10 > slots.count * 7 else { return }
        rehash(capacity: max(64, slots.count * 2), names: names)
    }

    /// Makes room for `additional` more keys at once, so a bulk load does not rehash as it goes.
    mutating func reserve(_ additional: Int, names: NameList) {
        var capacity = max(64, slots.count)
        while (count + additional) * 10 > capacity * 7 { capacity *= 2 }
        if capacity > slots.count { rehash(capacity: capacity, names: names) }
    }

    /// Places every key again in a table of `capacity` slots (a power of two).
    private mutating func rehash(capacity: Int, names: NameList) {
        let old = slots
        slots = [Int32](repeating: 0, count: capacity)
        count = 0
        for value in old where value != 0 {
            let key = value > 0 ? names : extraKeys
            let position = value > 0 ? Int(value) - 1 : Int(-value) - 1
            let hash = key.bytes.withUnsafeBufferPointer {
                Self.hash(UnsafeBufferPointer(rebasing: $0[key.byteRange(of: position)]))
            }
            place(value, hash: hash)
        }
    }

    // MARK: Hashing and comparing bytes

    /// A hash of the bytes with ASCII case ignored (every byte has its 0x20 bit set, which maps
    /// A-Z onto a-z; the other bytes it merges only make harmless collisions).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count &+ 1)
        guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: hash >> 7) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset &+ 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) | 0x2020_2020_2020_2020
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset &+= 8
        }
        if offset < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                word |= UInt64(base[offset] | 0x20) << shift
                shift &+= 8
                offset &+= 1
            }
            hash = (hash ^ word) &* 0x94D0_49BB_1331_11EB
        }
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash)
    }

    /// Equal once ASCII letters are lower-cased on both sides.
    @inline(__always)
    static func foldedEqual(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        for index in 0..<left.count where left[index] != right[index] {
            if lower(left[index]) != lower(right[index]) { return false }
        }
        return true
    }

    private static func foldedEqual(_ left: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { foldedEqual(left, UnsafeBufferPointer(rebasing: $0[range])) }
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 65 < 26 ? byte | 0x20 : byte
    }
}
