/// How a stored value compares with a value written in a query.
///
/// Numbers compare numerically; dates at the coarser precision (a whole number is a year); quoted
/// strings exactly; symbols and entity names case-insensitively. Values of different types never
/// match, whatever the operator: `since = "x"` is false and so is `since != "x"`.
enum ValueComparison {
    static func holds(_ value: Value, _ comparison: ComparisonOperator, _ operand: Operand, in factBase: FactBase) -> Bool
    {
        // The common case first: a symbol against a name resolved to the same symbol id.
        if case .symbol(let id) = value, comparison == .equal || comparison == .notEqual, let symbol = operand.symbol {
            return (id == symbol) == (comparison == .equal)
        }
        guard let order = compare(value, operand, in: factBase) else { return false }
        switch comparison {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }

    /// -1, 0, 1, or nil when the two cannot be compared.
    static func compare(_ value: Value, _ operand: Operand, in factBase: FactBase) -> Int? {
        switch (value, operand.kind) {
        case (.integer(let left), .integer(let right)): return sign(left, right)
        case (.integer(let left), .decimal(let right)): return exactSign(left, right)
        case (.decimal(let left), .integer(let right)): return exactSign(right, left).map { -$0 }
        case (.decimal(let left), .decimal(let right)): return sign(left, right)
        case (.date(let left), .date(let right)): return DateValue.compare(left, right)
        case (.date(let left), .integer(let year)):
            guard let year = Int32(exactly: year) else { return nil }
            return DateValue.compare(left, DateValue(year: year))
        case (.integer(let year), .date(let right)):
            guard let year = Int32(exactly: year) else { return nil }
            return DateValue.compare(DateValue(year: year), right)
        case (.boolean(let left), .boolean(let right)): return left == right ? 0 : (left ? 1 : -1)
        case (.string(let id), .string(let text)): return sign(factBase.texts[Int(id)], text)
        case (.string(let id), .name):
            return sign(FactBase.fold(factBase.texts[Int(id)]), operand.folded)
        case (.symbol(let id), .name), (.symbol(let id), .string):
            if let symbol = operand.symbol, symbol == id { return 0 }
            return sign(FactBase.fold(factBase.texts[Int(id)]), operand.folded)
        case (.entity(let id), .name), (.entity(let id), .string):
            if let entity = operand.entity, entity == id { return 0 }
            return sign(FactBase.fold(factBase.entityNames[Int(id)]), operand.folded)
        default: return nil
        }
    }

    /// A whole number against a decimal, exactly (as SQLite does): converting the whole number to a
    /// Double would round it past 2^53, so that 2^53 + 1 = 9007199254740992.0. Nil for NaN.
    static func exactSign(_ whole: Int, _ decimal: Double) -> Int? {
        if decimal.isNaN { return nil }
        // Beyond Int's range (and the infinities) the decimal is larger or smaller than any Int.
        if decimal >= 9_223_372_036_854_775_808.0 { return -1 }
        if decimal < -9_223_372_036_854_775_808.0 { return 1 }
        let truncated = decimal.rounded(.towardZero)
        let wholePart = Int(truncated)
        if whole != wholePart { return whole < wholePart ? -1 : 1 }
        let fraction = decimal - truncated
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0)
    }

    private static func sign<T: Comparable>(_ left: T, _ right: T) -> Int {
        left < right ? -1 : (left == right ? 0 : 1)
    }
}

/// Result rows sort by the first column (or the `order by` column), then by the rest: text
/// case-insensitively, numbers numerically, empty cells last, in either direction.
enum ResultOrdering {
    static func sort(_ rows: inout [[Cell]], by column: Int?, descending: Bool) {
        guard rows.count > 1 else { return }
        let sorted = permutation(of: rows, by: column, descending: descending).map { rows[$0] }
        rows = sorted
    }

    /// `sort`, then `removeRepeats`, with the cells' quick keys made once for both.
    static func sortRemovingRepeats(_ rows: inout [[Cell]], by column: Int?, descending: Bool) {
        guard rows.count > 1 else { return }
        let width = rows[0].count
        guard rows.allSatisfy({ $0.count == width }) else {
            sort(&rows, by: column, descending: descending)
            removeRepeats(&rows)
            return
        }
        let quick = quickKeys(of: rows, width: width)
        let order = permutation(of: rows, by: column, descending: descending, quick: quick, width: width)
        var kept: [[Cell]] = []
        kept.reserveCapacity(rows.count)
        var lastKept = -1
        var runStart = 0
        for index in order {
            let row = rows[index]
            if lastKept >= 0, (0..<width).allSatisfy({ column in
                (QuickKey.compare(quick[lastKept * width + column], quick[index * width + column])
                    ?? compare(rows[lastKept][column], row[column])) == 0
            }) {
                if kept[runStart...].contains(row) { continue }
            } else {
                runStart = kept.count
            }
            kept.append(row)
            lastKept = index
        }
        rows = kept
    }

    /// The row indices in sorted order: by the first column (or `column`), then the rest; equal
    /// rows keep their order.
    private static func permutation(of rows: [[Cell]], by column: Int?, descending: Bool) -> [Int] {
        let width = rows[0].count
        guard rows.allSatisfy({ $0.count == width }) else {
            // Rows of different widths: compared cell by cell.
            let keyColumns = keyColumns(column, width: width)
            return rows.indices.sorted { left, right in
                precedes(rows[left], rows[right], keyColumns: keyColumns, descending: descending) ?? (left < right)
            }
        }
        return permutation(
            of: rows, by: column, descending: descending, quick: quickKeys(of: rows, width: width), width: width)
    }

    /// `quick[row * width + column]` is the quick key of that cell.
    private static func permutation(
        of rows: [[Cell]], by column: Int?, descending: Bool, quick: [QuickKey], width: Int
    ) -> [Int] {
        let keyColumns = keyColumns(column, width: width)
        var order = Array(rows.indices)
        quick.withUnsafeBufferPointer { quick in
            order.sort { left, right in
                for (rank, column) in keyColumns.enumerated() {
                    let leftKey = quick[left * width + column]
                    let rightKey = quick[right * width + column]
                    let order = QuickKey.compare(leftKey, rightKey) ?? compare(rows[left][column], rows[right][column])
                    guard order != 0 else { continue }
                    // `desc` reverses the values, but a missing value stays last.
                    if rank == 0 && descending && !leftKey.isNull && !rightKey.isNull { return order > 0 }
                    return order < 0
                }
                return left < right
            }
        }
        return order
    }

    /// The sort column first, then the others in order.
    private static func keyColumns(_ column: Int?, width: Int) -> [Int] {
        if let column { return [column] + (0..<width).filter { $0 != column } }
        return Array(0..<width)
    }

    /// True when `left` sorts before `right`, false after, nil when they compare equal.
    private static func precedes(_ left: [Cell], _ right: [Cell], keyColumns: [Int], descending: Bool) -> Bool? {
        for (rank, column) in keyColumns.enumerated() {
            let order = compare(left[column], right[column])
            guard order != 0 else { continue }
            // `desc` reverses the values, but a missing value stays last.
            if rank == 0 && descending && left[column] != .null && right[column] != .null { return order > 0 }
            return order < 0
        }
        return nil
    }

    private static func quickKeys(of rows: [[Cell]], width: Int) -> [QuickKey] {
        var keys: [QuickKey] = []
        keys.reserveCapacity(rows.count * width)
        for row in rows {
            for cell in row { keys.append(QuickKey(cell)) }
        }
        return keys
    }

    /// Drops repeated rows from sorted rows, keeping the first: a repeat sorts next to the rows
    /// that compare equal to it, so only those are searched.
    static func removeRepeats(_ rows: inout [[Cell]]) {
        var kept: [[Cell]] = []
        kept.reserveCapacity(rows.count)
        var runStart = 0
        for row in rows {
            if let last = kept.last, last.indices.allSatisfy({ compare(last[$0], row[$0]) == 0 }) {
                if kept[runStart...].contains(row) { continue }
            } else {
                runStart = kept.count
            }
            kept.append(row)
        }
        rows = kept
    }

    /// What most comparisons of a cell need, in 16 bytes with nothing to retain: empty, an
    /// integer, the first eight bytes of an ASCII text folded (big-endian, zeros after its end:
    /// ASCII texts order as their bytes do), or anything else, which only `compare` can order.
    struct QuickKey {
        private enum Kind: UInt8 { case null, integer, asciiText, other }
        private let kind: Kind
        private let bits: UInt64

        init(_ cell: Cell) {
            switch cell {
            case .null: (kind, bits) = (.null, 0)
            case .integer(let number): (kind, bits) = (.integer, UInt64(bitPattern: Int64(number)))
            case .text(let text):
                var text = text
                (kind, bits) = text.withUTF8 { bytes in
                    var all: UInt8 = 0
                    for byte in bytes { all |= byte }
                    guard all < 0x80 else { return (.other, 0) }
                    var prefix: UInt64 = 0
                    for index in 0..<min(8, bytes.count) {
                        prefix |= UInt64(NameTable.lower(bytes[index])) << (56 - 8 * index)
                    }
                    return (.asciiText, prefix)
                }
            default: (kind, bits) = (.other, 0)
            }
        }

        var isNull: Bool { kind == .null }

        /// `ResultOrdering.compare` of the cells, or nil when only the cells themselves can tell.
        @inline(__always)
        static func compare(_ left: QuickKey, _ right: QuickKey) -> Int? {
            switch (left.kind, right.kind) {
            case (.null, .null): return 0
            case (.null, _): return 1
            case (_, .null): return -1
            case (.integer, .integer):
                let a = Int64(bitPattern: left.bits)
                let b = Int64(bitPattern: right.bits)
                return a < b ? -1 : (a == b ? 0 : 1)
            case (.asciiText, .asciiText) where left.bits != right.bits: return left.bits < right.bits ? -1 : 1
            default: return nil
            }
        }
    }

    static func compare(_ left: Cell, _ right: Cell) -> Int {
        switch (left, right) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.integer(let a), .decimal(let b)): return ValueComparison.exactSign(a, b) ?? 1
        case (.decimal(let a), .integer(let b)): return -(ValueComparison.exactSign(b, a) ?? 1)
        case (.decimal(let a), .decimal(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default:
            let a = left.displayText
            let b = right.displayText
            let foldedA = FactBase.fold(a)
            let foldedB = FactBase.fold(b)
            if foldedA != foldedB { return foldedA < foldedB ? -1 : 1 }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }
}
