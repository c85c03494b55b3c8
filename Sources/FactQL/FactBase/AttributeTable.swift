/// The attributes of one relation's facts, stored by column: `columns[c]` holds attribute
/// `attributes[c]` for the facts of the relation, so a filter such as `status = frozen` reads one
/// compact array, and a million facts with two attributes take 10 MB. An attribute that few
/// facts give is a sparse column (see `ValueColumn`): every cost here is linear in the values
/// written, however many attributes the relation has.
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
    /// The column of each attribute, once there are more than a few to search.
    private var columnByAttribute: [AttributeID: Int] = [:]
    private static let linearSearchLimit = 8
    /// The dense columns, which every row appends to.
    private var denseColumns: [Int] = []
    /// The sparse columns that hold a value in each row that has one in any, so a row's
    /// attributes are found without asking every column.
    private var sparseColumnsOfRow: [Int32: [Int32]] = [:]

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

    func column(for attribute: AttributeID) -> Int? {
        attributes.count <= Self.linearSearchLimit ? attributes.firstIndex(of: attribute) : columnByAttribute[attribute]
    }

    /// Makes room for `rows` more rows in the dense columns there are, when there are few (a
    /// relation whose first fact has 100,000 attributes reserves nothing).
    mutating func reserve(rows: Int) {
        guard denseColumns.count <= Self.reservedColumnLimit else { return }
        for index in denseColumns { columns[index].reserve(rows: rows) }
    }
    private static let reservedColumnLimit = 16

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
        if values.count == columns.count && denseColumns.count == columns.count
            && values.indices.allSatisfy({ values[$0].attribute == attributes[$0] })
        {
            // The common case: the same attributes in the same order as the columns, all dense.
            for index in values.indices { columns[index].append(values[index].value, atRow: Int(row)) }
            return row
        }
        var inOrder = true
        var previous = -1
        var sparseHere: [Int32] = []
        for entry in values {
            let column = column(for: entry.attribute) ?? addColumn(entry.attribute, firstRow: Int(row))
            if column < previous { inOrder = false }
            previous = column
            columns[column].append(entry.value, atRow: Int(row))
            if columns[column].isSparse { sparseHere.append(Int32(column)) }
        }
        // Dense columns this row gave no value: each records a missing one, and may turn sparse.
        var turnedSparse = false
        for column in denseColumns where columns[column].slotCount == Int(row) {
            if columns[column].appendMissing() {
                turnedSparse = true
                for holder in columns[column].rowsWithValues { sparseColumnsOfRow[holder, default: []].append(Int32(column)) }
            }
        }
        if turnedSparse { denseColumns.removeAll { columns[$0].isSparse } }
        if !sparseHere.isEmpty { sparseColumnsOfRow[row, default: []].append(contentsOf: sparseHere) }
        if !inOrder { writtenOrders[row] = values.map(\.attribute) }
        return row
    }

    /// A new column for `attribute`, first given at row `firstRow`.
    private mutating func addColumn(_ attribute: AttributeID, firstRow: Int) -> Int {
        attributes.append(attribute)
        columns.append(ValueColumn(missingRows: firstRow))
        let column = columns.count - 1
        if attributes.count > Self.linearSearchLimit {
            if columnByAttribute.isEmpty {
                for (index, known) in attributes.enumerated() { columnByAttribute[known] = index }
            } else {
                columnByAttribute[attribute] = column
            }
        }
        if !columns[column].isSparse { denseColumns.append(column) }
        return column
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
        if !sparseColumnsOfRow.isEmpty {
            var moved: [Int32: [Int32]] = [:]
            for (row, held) in sparseColumnsOfRow {
                let below = FactBase.count(of: rows, below: row)
                if below < rows.count && rows[below] == row { continue }
                moved[row - Int32(below)] = held
            }
            sparseColumnsOfRow = moved
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
        var held: [Int] = []
        for column in denseColumns where !columns[column].isMissing(at: Int(row)) { held.append(column) }
        if let sparse = sparseColumnsOfRow[row] {
            held.append(contentsOf: sparse.map(Int.init))
            held.sort()
        }
        return held.compactMap { column in
            columns[column].value(at: Int(row)).map { AttributeValue(attribute: attributes[column], value: $0) }
        }
    }

    /// Calls `body` with each attribute of row `row`, in no particular order (for hashing and
    /// counting, with nothing allocated).
    @inline(__always)
    func forEachAttribute(ofRow row: Int32, _ body: (AttributeID, Value) -> Void) {
        for column in denseColumns {
            if let value = columns[column].value(at: Int(row)) { body(attributes[column], value) }
        }
        guard !sparseColumnsOfRow.isEmpty, let sparse = sparseColumnsOfRow[row] else { return }
        for column in sparse {
            if let value = columns[Int(column)].value(at: Int(row)) { body(attributes[Int(column)], value) }
        }
    }

    /// How many attributes row `row` has.
    func attributeCount(ofRow row: Int32) -> Int {
        var count = sparseColumnsOfRow[row]?.count ?? 0
        for column in denseColumns where !columns[column].isMissing(at: Int(row)) { count += 1 }
        return count
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
        var slot = 0
        /// The column being read, and its attribute.
        var cells = ValueColumn(missingRows: 0)
        var attribute: AttributeID = 0

        mutating func next() -> AttributeValue? {
            while true {
                while slot < cells.slotCount {
                    slot += 1
                    if let value = cells.value(atSlot: slot - 1) { return AttributeValue(attribute: attribute, value: value) }
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
                slot = 0
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(tables: tables) }
}

