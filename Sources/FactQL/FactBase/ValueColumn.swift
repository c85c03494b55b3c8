/// One attribute of one relation's facts, stored by column: a tag byte and a 32-bit payload per
/// value (5 bytes instead of the 24 an `AttributeValue` takes), with 64-bit numbers kept aside.
///
/// A column is dense or sparse. A dense one covers every row of its relation, a missing value
/// being tag 0, so a filter reads it by row with nothing to look up. A sparse one holds only the
/// rows that have a value, in increasing order, and finds a row by binary search: an attribute
/// that few facts give (a file where each fact has its own) would otherwise cost a column as long
/// as the relation, which is quadratic in time and memory. A column starts dense when it is made
/// at the relation's first row and sparse otherwise; a dense one turns sparse when fewer than
/// one row in `sparseRatio` has a value.
struct ValueColumn: Sendable {
    enum Tag: UInt8 {
        case missing = 0, integer, wideInteger, decimal, string, symbol, date, wideDate, boolean, entity
    }

    /// By row (dense) or by slot, parallel to `sparseRows` (sparse).
    private(set) var tags: [UInt8] = []
    private(set) var payloads: [UInt32] = []
    /// The rows that have a value, increasing; used only when `isSparse`.
    private var sparseRows: [Int32] = []
    private(set) var isSparse: Bool
    /// Values that are not missing.
    private(set) var presentCount = 0
    /// Rows holding a symbol: when every row does (`status`), a test reads payloads alone.
    private var symbolCount = 0
    /// Integers beyond 32 bits, decimals and far-off dates; the payload indexes this.
    private var wide: [UInt64] = []

    /// A dense column turns sparse when fewer than one row in this many has a value (checked
    /// from `sparseCheckRows` rows on).
    static let sparseRatio = 16
    private static let sparseCheckRows = 1024

    /// A column for a relation that has `missingRows` rows already, none with this attribute.
    init(missingRows: Int) {
        isSparse = missingRows > 0
    }

    /// The number of values stored: every row when dense, the rows with a value when sparse.
    var slotCount: Int { tags.count }

    /// The row of a slot.
    @inline(__always)
    func row(ofSlot slot: Int) -> Int { isSparse ? Int(sparseRows[slot]) : slot }

    /// The slot of a row, or nil when the row has no value here.
    @inline(__always)
    func slot(ofRow row: Int) -> Int? {
        guard isSparse else { return row < tags.count ? row : nil }
        var low = 0
        var high = sparseRows.count
        let target = Int32(truncatingIfNeeded: row)
        while low < high {
            let middle = (low + high) / 2
            if sparseRows[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < sparseRows.count && sparseRows[low] == target ? low : nil
    }

    mutating func reserve(rows: Int) {
        guard !isSparse else { return }
        tags.reserveCapacity(tags.count + rows)
        payloads.reserveCapacity(payloads.count + rows)
    }

    /// Removes the rows `rows` (increasing); the rows after them move down. The wide values they
    /// used stay unused.
    mutating func remove(rows: [Int32]) {
        var next = 0
        var write = 0
        for read in 0..<tags.count {
            let row = isSparse ? sparseRows[read] : Int32(truncatingIfNeeded: read)
            while next < rows.count && rows[next] < row { next += 1 }
            if next < rows.count && rows[next] == row {
                if tags[read] == Tag.symbol.rawValue { symbolCount -= 1 }
                if tags[read] != Tag.missing.rawValue { presentCount -= 1 }
                next += 1
                continue
            }
            tags[write] = tags[read]
            payloads[write] = payloads[read]
            if isSparse { sparseRows[write] = row - Int32(next) }
            write += 1
        }
        tags.removeSubrange(write...)
        payloads.removeSubrange(write...)
        if isSparse { sparseRows.removeSubrange(write...) }
    }

    /// A dense column's next row has no value. Returns true when that made the column sparse.
    mutating func appendMissing() -> Bool {
        tags.append(Tag.missing.rawValue)
        payloads.append(0)
        if tags.count % Self.sparseCheckRows == 0 && presentCount * Self.sparseRatio < tags.count {
            makeSparse()
            return true
        }
        return false
    }

    private mutating func makeSparse() {
        var keptTags: [UInt8] = []
        var keptPayloads: [UInt32] = []
        var rows: [Int32] = []
        keptTags.reserveCapacity(presentCount)
        keptPayloads.reserveCapacity(presentCount)
        rows.reserveCapacity(presentCount)
        for row in tags.indices where tags[row] != Tag.missing.rawValue {
            keptTags.append(tags[row])
            keptPayloads.append(payloads[row])
            rows.append(Int32(truncatingIfNeeded: row))
        }
        (tags, payloads, sparseRows, isSparse) = (keptTags, keptPayloads, rows, true)
    }

    /// The rows a sparse column holds, increasing.
    var rowsWithValues: [Int32] { sparseRows }

    /// Stores `value` at `row`: the next row of a dense column, or a row after every row a
    /// sparse one holds.
    mutating func append(_ value: Value, atRow row: Int) {
        if isSparse { sparseRows.append(Int32(truncatingIfNeeded: row)) }
        presentCount += 1
        switch value {
        case .integer(let number):
            if let small = Int32(exactly: number) {
                append(.integer, UInt32(bitPattern: small))
            } else {
                append(.wideInteger, wideIndex(UInt64(bitPattern: Int64(number))))
            }
        case .decimal(let number): append(.decimal, wideIndex(number.bitPattern))
        case .string(let id): append(.string, UInt32(bitPattern: id))
        case .symbol(let id):
            append(.symbol, UInt32(bitPattern: id))
            symbolCount += 1
        case .date(let date):
            // Year in 23 signed bits, month in 4, day in 5.
            if date.year >= -(1 << 22) && date.year < (1 << 22) {
                let year = UInt32(bitPattern: date.year) & 0x7F_FFFF
                append(.date, year << 9 | UInt32(date.month) << 5 | UInt32(date.day))
            } else {
                let packed = UInt64(UInt32(bitPattern: date.year)) << 16 | UInt64(date.month) << 8 | UInt64(date.day)
                append(.wideDate, wideIndex(packed))
            }
        case .boolean(let flag): append(.boolean, flag ? 1 : 0)
        case .entity(let id): append(.entity, UInt32(bitPattern: id))
        }
    }

    private mutating func append(_ tag: Tag, _ payload: UInt32) {
        tags.append(tag.rawValue)
        payloads.append(payload)
    }

    private mutating func wideIndex(_ bits: UInt64) -> UInt32 {
        wide.append(bits)
        return UInt32(wide.count - 1)
    }

    /// The tag of `row` (missing when a sparse column has no value there).
    @inline(__always)
    func tag(at row: Int) -> UInt8 {
        if !isSparse { return tags[row] }
        return slot(ofRow: row).map { tags[$0] } ?? Tag.missing.rawValue
    }

    /// True when row `row` holds the symbol `symbol` (the common `status = frozen` test).
    @inline(__always)
    func holdsSymbol(_ symbol: TextID, at row: Int) -> Bool {
        if !isSparse { return tags[row] == Tag.symbol.rawValue && payloads[row] == UInt32(bitPattern: symbol) }
        guard let slot = slot(ofRow: row) else { return false }
        return tags[slot] == Tag.symbol.rawValue && payloads[slot] == UInt32(bitPattern: symbol)
    }

    @inline(__always)
    func isMissing(at row: Int) -> Bool { tag(at: row) == Tag.missing.rawValue }

    @inline(__always)
    func isSymbol(at row: Int) -> Bool { tag(at: row) == Tag.symbol.rawValue }

    /// True when every row holds a symbol (so `payloads` is indexed by row).
    var holdsOnlySymbols: Bool { !isSparse && symbolCount == tags.count }

    /// The payload of `row`: the symbol id when the row holds a symbol.
    @inline(__always)
    func payload(at row: Int) -> UInt32 {
        if !isSparse { return payloads[row] }
        return slot(ofRow: row).map { payloads[$0] } ?? 0
    }

    func value(at row: Int) -> Value? {
        if !isSparse { return row < tags.count ? value(atSlot: row) : nil }
        return slot(ofRow: row).flatMap(value(atSlot:))
    }

    /// The value in `slot` (nil for a dense column's missing row).
    func value(atSlot slot: Int) -> Value? {
        let payload = payloads[slot]
        switch Tag(rawValue: tags[slot]) ?? .missing {
        case .missing: return nil
        case .integer: return .integer(Int(Int32(bitPattern: payload)))
        case .wideInteger: return .integer(Int(Int64(bitPattern: wide[Int(payload)])))
        case .decimal: return .decimal(Double(bitPattern: wide[Int(payload)]))
        case .string: return .string(TextID(bitPattern: payload))
        case .symbol: return .symbol(TextID(bitPattern: payload))
        case .date:
            // The year is the top 23 bits; an arithmetic shift keeps its sign.
            let year = Int32(bitPattern: payload) >> 9
            return .date(DateValue(year: year, month: UInt8((payload >> 5) & 0xF), day: UInt8(payload & 0x1F)))
        case .wideDate:
            let packed = wide[Int(payload)]
            return .date(
                DateValue(
                    year: Int32(bitPattern: UInt32(truncatingIfNeeded: packed >> 16)), month: UInt8(truncatingIfNeeded: packed >> 8),
                    day: UInt8(truncatingIfNeeded: packed)))
        case .boolean: return .boolean(payload != 0)
        case .entity: return .entity(EntityID(bitPattern: payload))
        }
    }
}
