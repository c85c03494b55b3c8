/// The attributes of one relation's facts, stored by column: `columns[c]` holds attribute
/// `attributes[c]` for every fact of the relation, row by row, so a filter such as
/// `status = frozen` reads one compact array, and a million facts with two attributes take 10 MB.
struct AttributeTable: Sendable {
    /// The relation's attributes in first-seen order (the same as `Relation.attributes`).
    private(set) var attributes: [AttributeID] = []
    private(set) var columns: [ValueColumn] = []
    /// The relation's facts, by row; kept only once their ids stop being consecutive (see
    /// `contiguousFacts`), so the common bulk file stores no such list.
    private var storedFacts: [FactID] = []
    private(set) var rowCount = 0
    private var firstFact: FactID = 0
    /// Rows whose attributes were written in another order than the columns' (so `show` can
    /// print a fact as it was written).
    private var writtenOrders: [Int32: [AttributeID]] = [:]

    /// The relation's facts when their ids are consecutive, as when a file lists them together:
    /// a fact's row is then `fact - lowerBound`, and whether a fact is the relation's is a
    /// comparison, with nothing read at random.
    var contiguousFacts: Range<FactID>? {
        isContiguous ? firstFact..<(firstFact + FactID(rowCount)) : nil
    }
    private var isContiguous = true

    @inline(__always)
    func fact(atRow row: Int) -> FactID {
        isContiguous ? firstFact + FactID(row) : storedFacts[row]
    }

    func column(for attribute: AttributeID) -> Int? { attributes.firstIndex(of: attribute) }

    /// Makes room for `rows` more rows in the facts and the columns there are.
    mutating func reserve(rows: Int) {
        for index in columns.indices { columns[index].reserve(rows: rows) }
    }

    /// Appends the row of `fact` and returns its number.
    mutating func append(fact: FactID, _ values: [AttributeValue]) -> Int32 {
        let row = Int32(truncatingIfNeeded: rowCount)
        if rowCount == 0 { firstFact = fact }
        if isContiguous && fact != firstFact + row {
            isContiguous = false
            storedFacts = Array(firstFact..<(firstFact + row))
        }
        if !isContiguous { storedFacts.append(fact) }
        rowCount += 1
        if values.count == columns.count && values.indices.allSatisfy({ values[$0].attribute == attributes[$0] }) {
            // The common case: the same attributes in the same order as the columns.
            for index in values.indices { columns[index].append(values[index].value) }
            return row
        }
        var positions: [Int] = []
        positions.reserveCapacity(values.count)
        for entry in values {
            if let column = column(for: entry.attribute) {
                positions.append(column)
            } else {
                attributes.append(entry.attribute)
                columns.append(ValueColumn(missingRows: Int(row)))
                positions.append(columns.count - 1)
            }
        }
        for column in columns.indices {
            if let written = positions.firstIndex(of: column) {
                columns[column].append(values[written].value)
            } else {
                columns[column].appendMissing()
            }
        }
        if positions != positions.sorted() { writtenOrders[row] = values.map(\.attribute) }
        return row
    }

    /// Removes the rows `rows` (increasing), whose facts leave the base with the other facts
    /// `removedFacts` (increasing, of any relation): every later fact's id goes down by the
    /// number removed before it. Facts that were consecutive stay so.
    mutating func remove(rows: [Int32], removedFacts: [FactID]) {
        if isContiguous {
            if rowCount > 0 { firstFact -= FactID(FactBase.count(of: removedFacts, below: firstFact)) }
        } else {
            var kept: [FactID] = []
            kept.reserveCapacity(storedFacts.count - rows.count)
            var next = 0
            for (row, fact) in storedFacts.enumerated() {
                if next < rows.count && Int(rows[next]) == row {
                    next += 1
                    continue
                }
                kept.append(fact - FactID(FactBase.count(of: removedFacts, below: fact)))
            }
            storedFacts = kept
        }
        guard !rows.isEmpty else { return }
        rowCount -= rows.count
        for index in columns.indices { columns[index].remove(rows: rows) }
        if !writtenOrders.isEmpty {
            var moved: [Int32: [AttributeID]] = [:]
            for (row, order) in writtenOrders {
                let below = FactBase.count(of: rows, below: row)
                if below < rows.count && rows[below] == row { continue }
                moved[row - Int32(below)] = order
            }
            writtenOrders = moved
        }
    }

    /// The attributes of row `row`, in the order they were written.
    func attributes(ofRow row: Int32) -> [AttributeValue] {
        if !writtenOrders.isEmpty, let order = writtenOrders[row] {
            return order.compactMap { attribute in
                column(for: attribute).flatMap { columns[$0].value(at: Int(row)) }.map {
                    AttributeValue(attribute: attribute, value: $0)
                }
            }
        }
        var result: [AttributeValue] = []
        for (index, column) in columns.enumerated() {
            if let value = column.value(at: Int(row)) {
                result.append(AttributeValue(attribute: attributes[index], value: value))
            }
        }
        return result
    }

    func value(of attribute: AttributeID, atRow row: Int32) -> Value? {
        guard let column = column(for: attribute) else { return nil }
        return columns[column].value(at: Int(row))
    }
}

/// Every attribute value of every fact, relation by relation and column by column, produced as
/// it is iterated.
struct AttributeValues: Sequence {
    let tables: [AttributeTable]

    struct Iterator: IteratorProtocol {
        let tables: [AttributeTable]
        var table = 0
        var column = -1
        var row = 0
        /// The column being read, and its attribute.
        var cells = ValueColumn(missingRows: 0)
        var attribute: AttributeID = 0

        mutating func next() -> AttributeValue? {
            while true {
                while row < cells.count {
                    row += 1
                    if let value = cells.value(at: row - 1) { return AttributeValue(attribute: attribute, value: value) }
                }
                // The next column, of this table or of the next one with columns.
                column += 1
                while table < tables.count && column >= tables[table].columns.count {
                    table += 1
                    column = 0
                }
                guard table < tables.count else { return nil }
                cells = tables[table].columns[column]
                attribute = tables[table].attributes[column]
                row = 0
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(tables: tables) }
}

/// One attribute of one relation's facts, stored by column: a tag byte and a 32-bit payload per
/// row (5 bytes instead of the 24 an `AttributeValue` takes), with 64-bit numbers kept aside.
/// A missing value is tag 0, so a column covers every row of its relation.
struct ValueColumn: Sendable {
    enum Tag: UInt8 {
        case missing = 0, integer, wideInteger, decimal, string, symbol, date, wideDate, boolean, entity
    }

    private(set) var tags: [UInt8] = []
    private(set) var payloads: [UInt32] = []
    /// Rows holding a symbol: when every row does (`status`), a test reads payloads alone.
    private var symbolCount = 0
    /// Integers beyond 32 bits, decimals and far-off dates; the payload indexes this.
    private var wide: [UInt64] = []

    init(missingRows: Int) {
        tags = [UInt8](repeating: Tag.missing.rawValue, count: missingRows)
        payloads = [UInt32](repeating: 0, count: missingRows)
    }

    var count: Int { tags.count }

    mutating func reserve(rows: Int) {
        tags.reserveCapacity(tags.count + rows)
        payloads.reserveCapacity(payloads.count + rows)
    }

    /// Removes the rows `rows` (increasing); the wide values they used stay unused.
    mutating func remove(rows: [Int32]) {
        var next = 0
        var write = 0
        for read in 0..<tags.count {
            if next < rows.count && Int(rows[next]) == read {
                if tags[read] == Tag.symbol.rawValue { symbolCount -= 1 }
                next += 1
                continue
            }
            tags[write] = tags[read]
            payloads[write] = payloads[read]
            write += 1
        }
        tags.removeSubrange(write...)
        payloads.removeSubrange(write...)
    }

    mutating func appendMissing() {
        tags.append(Tag.missing.rawValue)
        payloads.append(0)
    }

    mutating func append(_ value: Value) {
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

    /// True when row `row` holds the symbol `symbol` (the common `status = frozen` test).
    @inline(__always)
    func holdsSymbol(_ symbol: TextID, at row: Int) -> Bool {
        tags[row] == Tag.symbol.rawValue && payloads[row] == UInt32(bitPattern: symbol)
    }

    @inline(__always)
    func isMissing(at row: Int) -> Bool { tags[row] == Tag.missing.rawValue }

    @inline(__always)
    func isSymbol(at row: Int) -> Bool { tags[row] == Tag.symbol.rawValue }

    /// True when every row holds a symbol.
    var holdsOnlySymbols: Bool { symbolCount == tags.count }

    /// The payload of `row`: the symbol id when the row holds a symbol.
    @inline(__always)
    func payload(at row: Int) -> UInt32 { payloads[row] }

    func value(at row: Int) -> Value? {
        let payload = payloads[row]
        switch Tag(rawValue: tags[row]) ?? .missing {
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
