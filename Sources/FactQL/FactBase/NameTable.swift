/// The one key every name is compared by (entities, aliases, kinds and plurals, relations, roles,
/// attributes, sources, symbols; `contains`, sorting, completion and the SQL `folded` columns).
extension FactBase {
    /// `name` normalised (NFC) and case-folded with Unicode's full case folding, as CaseFolding.txt
    /// defines it (statuses C and F), independent of any locale: "ΣΊΣΥΦΟΣ" and "Σίσυφος" (final
    /// sigma) fold alike, "straße" and "STRASSE" both to "strasse", precomposed "Ä" and "A" + U+0308
    /// to one key. Without a Turkish locale, "I" folds to "i", "İ" (dotted capital) to "i" + U+0307,
    /// and the dotless "ı" stays itself: "İstanbul" matches "i̇stanbul", not "istanbul", and "ırmak"
    /// does not match "IRMAK".
    ///
    /// ASCII, the common case (every name of a generated fact file), is only lower-cased; it is
    /// already normalised.
    @inline(__always)
    public static func fold(_ name: String) -> String {
        var hasUpperCase = false
        for byte in name.utf8 {
            if byte >= 0x80 { return foldUnicode(name) }
            if byte &- 65 < 26 { hasUpperCase = true }
        }
        return hasUpperCase ? name.lowercased() : name
    }

    /// `name` in Normalization Form C: canonically equivalent spellings give the same bytes.
    public static func normalized(_ name: String) -> String {
        var isASCII = true
        for byte in name.utf8 where byte >= 0x80 {
            isASCII = false
            break
        }
        return isASCII ? name : String(decoding: name._nfcCodeUnits, as: UTF8.self)
    }

    private static func foldUnicode(_ name: String) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in normalized(name).unicodeScalars {
            if scalar.properties.changesWhenCaseFolded {
                folded.append(contentsOf: caseFolding(of: scalar).unicodeScalars)
            } else {
                folded.append(scalar)
            }
        }
        // Folding can undo the normal form (a capital whose fold has no precomposed letter).
        return normalized(String(folded))
    }

    /// The full case folding of one scalar that changes when case-folded. The standard library
    /// gives the case mappings, not the folding; the folding is the first of these that is itself
    /// folded: the lower case (most letters), the lower case of the upper case (final sigma, ß,
    /// ſ, ͅ, the Greek letters with iota subscript), the upper case (Cherokee, which folds to
    /// capitals), the lower case of the upper case of the lower case (ẞ). Checked against Python's
    /// `str.casefold` for every scalar its Unicode data has (all 3,037 that change under case
    /// mapping or folding agree).
    private static func caseFolding(of scalar: Unicode.Scalar) -> String {
        let properties = scalar.properties
        let lower = properties.lowercaseMapping
        if isFolded(lower) { return lower }
        let upper = properties.uppercaseMapping
        let lowerOfUpper = upper.lowercased()
        if isFolded(lowerOfUpper) { return lowerOfUpper }
        if isFolded(upper) { return upper }
        return lower.uppercased().lowercased()
    }

    private static func isFolded(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { !$0.properties.changesWhenCaseFolded }
    }
}

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

    /// Appends names given end to end in `blob`, each ending at its offset in `ends`.
    mutating func append(names blob: ArraySlice<UInt8>, ends blobEnds: some Sequence<Int32>) {
        let start = Int32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: blob)
        ends.append(contentsOf: blobEnds.lazy.map { start &+ $0 })
    }

    /// Reserves room for `count` more names of about `averageLength` bytes.
    mutating func reserve(_ count: Int, averageLength: Int) {
        ends.reserveCapacity(ends.count + count)
        bytes.reserveCapacity(bytes.count + count * averageLength)
    }
}

/// Case-insensitive look-up from the names and aliases of entities to their ids: open addressing
/// with linear probing, keyed by the names' own bytes, so a look-up makes no `String`.
///
/// A slot is 64 bits: the key's value and 32 bits of its hash. A probe that meets another key
/// almost always moves on without reading that key's bytes (a cache miss of its own), and one
/// read of a slot answers both "is it empty" and "might it match". The table is kept at most 3/4
/// full and needs no power-of-two size: a hash maps to a slot by multiplication.
///
/// Keys compare as `FactBase.fold` does: an ASCII name ignores ASCII case; any other name is
/// stored and looked up folded (normalised and case-folded) by the caller.
struct NameTable: Sendable {
    /// 0: empty. Otherwise the low 32 bits are `e + 1` for entity `e` under its canonical name
    /// (ASCII only) or `-(k + 1)` for extra key `k`, and the high 32 bits are the hash's.
    private var slots: [UInt64] = []
    private(set) var count = 0
    /// How many times the table was built again (a load must not rebuild it once per name).
    private(set) var rehashCount = 0
    /// Keys that are not an entity's ASCII canonical name (aliases, non-ASCII names), folded.
    private var extraKeys = NameList()
    private var extraEntities: [EntityID] = []

    /// The slot a hash starts probing at: the low 32 bits scaled to the table's size.
    @inline(__always)
    private func home(_ hash: Int) -> Int {
        Int(truncatingIfNeeded: ((UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF) &* UInt64(slots.count)) >> 32)
    }

    @inline(__always)
    private static func slot(_ value: Int32, hash: Int) -> UInt64 {
        UInt64(UInt32(bitPattern: value)) | (UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000)
    }

    @inline(__always)
    private static func value(of slot: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: slot)) }

    @inline(__always)
    private static func sameHash(_ slot: UInt64, _ hash: Int) -> Bool {
        (slot ^ UInt64(truncatingIfNeeded: hash)) & 0xFFFF_FFFF_0000_0000 == 0
    }

    /// The entity whose name or alias folds to `query` (ASCII as written, anything else folded).
    func find(_ query: UnsafeBufferPointer<UInt8>, names: NameList) -> EntityID? {
        find(query, hash: Self.hash(query), names: names)
    }

    /// `find` with the query's `hash` already computed.
    func find(_ query: UnsafeBufferPointer<UInt8>, hash: Int, names: NameList) -> EntityID? {
        guard !slots.isEmpty else { return nil }
        var index = home(hash)
        while true {
            let slot = slots[index]
            if slot == 0 { return nil }
            if Self.sameHash(slot, hash), let entity = entity(in: Self.value(of: slot), ifKeyIs: query, names: names) {
                return entity
            }
            index += 1
            if index == slots.count { index = 0 }
        }
    }

    /// Adds the entities `range` (whose names are already in `names`, all ASCII) under their
    /// canonical names, all at once. False if a name is already a key (or appears twice in the
    /// range); the table is then left part-way and must be discarded.
    ///
    /// Placing a million keys one after another would read the table at random, a cache miss
    /// each. Instead the table grows once, and the keys are placed in the order of their slots:
    /// the names are hashed in order twice, once to count the keys per bucket of slots and once
    /// to sort (hash, entity) pairs by bucket, and the pairs are then placed from the table's
    /// start to its end. A key's name is read again only when a slot's hash matches it.
    mutating func insertCanonical(_ range: Range<Int>, names: NameList) -> Bool {
        reserve(range.count, names: names, keyedEntities: range.lowerBound)
        // At most this many keys are sorted at a time (12 bytes each).
        let chunkSize = 1 << 21
        return names.bytes.withUnsafeBufferPointer { bytes in
            var start = range.lowerBound
            while start < range.upperBound {
                let end = min(start + chunkSize, range.upperBound)
                // `starts[b + 1]` counts bucket `b`, then becomes where it starts among the pairs.
                var starts = [Int](repeating: 0, count: Self.bucketCount + 1)
                for entity in start..<end {
                    let name = UnsafeBufferPointer(rebasing: bytes[names.byteRange(of: entity)])
                    guard name.allSatisfy({ $0 < 0x80 }) else { return false }
                    starts[Self.bucket(Self.hash(name)) + 1] += 1
                }
                var position = 0
                for bucket in 0..<Self.bucketCount {
                    let count = starts[bucket + 1]
                    starts[bucket + 1] = position
                    position += count
                }
                var sortedHashes = [Int](repeating: 0, count: end - start)
                var sortedEntities = [Int32](repeating: 0, count: end - start)
                for entity in start..<end {
                    let hash = Self.hash(UnsafeBufferPointer(rebasing: bytes[names.byteRange(of: entity)]))
                    let bucket = Self.bucket(hash) + 1
                    sortedHashes[starts[bucket]] = hash
                    sortedEntities[starts[bucket]] = Int32(entity)
                    starts[bucket] += 1
                }
                for (hash, entity) in zip(sortedHashes, sortedEntities) {
                    guard placeIfAbsent(entity + 1, hash: hash, bytes: bytes, names: names) else { return false }
                }
                start = end
            }
            return true
        }
    }

    /// Buckets of `insertCanonical`'s sort: the top bits of the hash's low 32, which `home` scales,
    /// so bucket order is slot order.
    /// Few enough that sorting writes to few places at once (each bucket's next pair), many enough
    /// that a bucket's slots (a 256th of the table) stay in the cache while it is placed.
    private static let bucketCount = 1 << 8

    @inline(__always)
    private static func bucket(_ hash: Int) -> Int { Int(UInt32(truncatingIfNeeded: hash) >> 24) }

    /// Places `value`, entity `value - 1` under its canonical name, unless a key equal to that
    /// name is already there; `bytes` are the bytes of `names`.
    private mutating func placeIfAbsent(_ value: Int32, hash: Int, bytes: UnsafeBufferPointer<UInt8>, names: NameList) -> Bool {
        var index = home(hash)
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if Self.sameHash(slot, hash) {
                let name = UnsafeBufferPointer(rebasing: bytes[names.byteRange(of: Int(value) - 1)])
                if entity(in: Self.value(of: slot), ifKeyIs: name, names: names) != nil { return false }
            }
            index += 1
            if index == slots.count { index = 0 }
        }
        slots[index] = Self.slot(value, hash: hash)
        count += 1
        return true
    }

    /// The entity named `query` (ASCII), or nil after claiming its slot for `newEntity`: the
    /// caller then appends that entity's name, so one probe serves both look-up and insertion.
    mutating func findOrClaim(_ query: UnsafeBufferPointer<UInt8>, hash: Int, as newEntity: EntityID, names: NameList)
        -> EntityID?
    {
        growIfNeeded(names: names)
        var index = home(hash)
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if Self.sameHash(slot, hash), let entity = entity(in: Self.value(of: slot), ifKeyIs: query, names: names) {
                return entity
            }
            index += 1
            if index == slots.count { index = 0 }
        }
        slots[index] = Self.slot(newEntity + 1, hash: hash)
        count += 1
        return nil
    }

    /// The entity of a slot's value whose key folds to `query`.
    @inline(__always)
    private func entity(in value: Int32, ifKeyIs query: UnsafeBufferPointer<UInt8>, names: NameList) -> EntityID? {
        if value > 0 {
            let entity = Int(value) - 1
            let matches = names.bytes.withUnsafeBufferPointer {
                Self.foldedEqual(query, UnsafeBufferPointer(rebasing: $0[names.byteRange(of: entity)]))
            }
            return matches ? EntityID(entity) : nil
        }
        let key = Int(-value) - 1
        let matches = extraKeys.bytes.withUnsafeBufferPointer {
            Self.foldedEqual(query, UnsafeBufferPointer(rebasing: $0[extraKeys.byteRange(of: key)]))
        }
        return matches ? extraEntities[key] : nil
    }

    /// Reads the slot a key with `hash` starts at. A bulk load calls this for a batch of names
    /// before looking them up: the reads do not depend on each other, so their cache misses
    /// overlap instead of coming one after another.
    @inline(__always)
    func touch(hash: Int) -> UInt64 {
        slots.isEmpty ? 0 : slots[home(hash)]
    }

    /// Adds entity `entity` under its canonical name `name`, which must be ASCII and not yet a
    /// key; call it before appending the name to `names`.
    mutating func insertCanonical(_ entity: EntityID, name: UnsafeBufferPointer<UInt8>, names: NameList) {
        growIfNeeded(names: names)
        place(entity + 1, hash: Self.hash(name))
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
        var index = home(hash)
        while slots[index] != 0 {
            index += 1
            if index == slots.count { index = 0 }
        }
        slots[index] = Self.slot(value, hash: hash)
        count += 1
    }

    /// Keeps the table at most 3/4 full, doubling it when a key more would pass that.
    private mutating func growIfNeeded(names: NameList) {
        guard (count + 1) * 4 > slots.count * 3 else { return }
        rehash(capacity: max(64, slots.count * 2), names: names, keyedEntities: names.count)
    }

    /// Makes room for `additional` more keys at once, so a bulk load does not rehash as it goes.
    /// `keyedEntities`: the entities of `names` that are keys (the first ones; all by default).
    mutating func reserve(_ additional: Int, names: NameList, keyedEntities: Int? = nil) {
        let needed = (count + additional) * 4 / 3 + 1
        guard needed > slots.count else { return }
        // At least doubling: a load that keys a few names at a time (entity and fact lines
        // taking turns) would otherwise rehash the whole table for each few.
        rehash(capacity: max(64, needed, slots.count * 2), names: names, keyedEntities: keyedEntities ?? names.count)
    }

    /// Places every key again in a table of `capacity` slots. Names are read in entity order and
    /// hashed a block at a time, then the block is placed in a loop of its own, so the random
    /// writes into the new table overlap.
    private mutating func rehash(capacity: Int, names: NameList, keyedEntities: Int) {
        rehashCount += 1
        slots = [UInt64](repeating: 0, count: capacity)
        count = 0
        let blockSize = 256
        var start = 0
        while start < keyedEntities {
            let end = min(start + blockSize, keyedEntities)
            let block = names.bytes.withUnsafeBufferPointer { bytes in
                (start..<end).compactMap { entity -> (value: Int32, hash: Int)? in
                    let name = UnsafeBufferPointer(rebasing: bytes[names.byteRange(of: entity)])
                    // Non-ASCII names are among the extra keys.
                    return name.allSatisfy({ $0 < 0x80 }) ? (Int32(entity) + 1, Self.hash(name)) : nil
                }
            }
            for (value, hash) in block { place(value, hash: hash) }
            start = end
        }
        for key in 0..<extraKeys.count {
            let hash = extraKeys.bytes.withUnsafeBufferPointer {
                Self.hash(UnsafeBufferPointer(rebasing: $0[extraKeys.byteRange(of: key)]))
            }
            place(-Int32(key) - 1, hash: hash)
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

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 65 < 26 ? byte | 0x20 : byte
    }
}
