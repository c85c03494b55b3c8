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

/// Result rows sort by the first column (or the `order by` column), then by the rest, in one
/// total order over every kind of cell (README, "The language"; docs/ROBUSTNESS.md, "Order"):
///
/// 1. numbers and dates, on one line: whole numbers and decimals by their exact values (a whole
///    number before an equal decimal: `2`, `2.0`), and a date right after the whole number of its
///    year, a year before its months and a month before its days (`2015`, `2015-01`,
///    `2015-06-30`, `2015.5`, `2016`), as `since >= 2015` reads a whole number as a year;
/// 2. `false`, then `true`;
/// 3. text (entity names, strings, symbols): case-folded, then as written;
/// 4. answers to questions: no, yes, unknown;
/// 5. an empty cell, last in either direction.
///
/// Two cells compare equal only when they are the same cell, so the rows' order never depends on
/// the order in which facts were declared, and `desc` is the exact reverse of `asc` on the order
/// column (an empty cell staying last). `.dump sql` ranks values by this order (`sort_rank`).
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
    /// integer, a date, the first eight bytes of an ASCII text folded (big-endian, zeros after its
    /// end: ASCII texts order as their bytes do), or anything else, which only `compare` can order.
    struct QuickKey {
        private enum Kind: UInt8 { case null, integer, date, asciiText, other }
        private let kind: Kind
        private let bits: UInt64

        init(_ cell: Cell) {
            switch cell {
            case .null: (kind, bits) = (.null, 0)
            case .integer(let number): (kind, bits) = (.integer, UInt64(bitPattern: Int64(number)))
            case .date(let date):
                // Years are 0...9999 (`DateValue(parsing:)`); the sign bit keeps any Int32 in order.
                let year = UInt64(UInt32(bitPattern: date.year) ^ 0x8000_0000)
                (kind, bits) = (.date, year << 16 | UInt64(date.month) << 8 | UInt64(date.day))
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
            case (.integer, .integer), (.date, .date):
                let a = left.kind == .integer ? Int64(bitPattern: left.bits) : Int64(left.bits)
                let b = right.kind == .integer ? Int64(bitPattern: right.bits) : Int64(right.bits)
                return a < b ? -1 : (a == b ? 0 : 1)
            case (.asciiText, .asciiText) where left.bits != right.bits: return left.bits < right.bits ? -1 : 1
            // Numbers and dates come before text.
            case (.integer, .asciiText), (.date, .asciiText): return -1
            case (.asciiText, .integer), (.asciiText, .date): return 1
            default: return nil
            }
        }
    }

    /// -1, 0 or 1: `left` before, equal to (the same cell), or after `right` in the result order.
    static func compare(_ left: Cell, _ right: Cell) -> Int {
        switch (left, right) {
        case (.integer(let a), .integer(let b)): return sign(a, b)
        case (.text(let a), .text(let b)): return compareText(a, b)
        default: break
        }
        let leftGroup = group(left)
        let rightGroup = group(right)
        if leftGroup != rightGroup { return leftGroup < rightGroup ? -1 : 1 }
        switch (left, right) {
        case (.boolean(let a), .boolean(let b)): return sign(a ? 1 : 0, b ? 1 : 0)
        case (.verdict(let a), .verdict(let b)): return sign(verdictRank(a), verdictRank(b))
        case (.null, .null): return 0
        default: return compareOnTheLine(left, right)
        }
    }

    /// The groups of the order, in order: numbers and dates, booleans, text, answers, empty.
    private static func group(_ cell: Cell) -> Int {
        switch cell {
        case .integer, .decimal, .date: return 0
        case .boolean: return 1
        case .text: return 2
        case .verdict: return 3
        case .null: return 4
        }
    }

    private static func verdictRank(_ answer: Bool?) -> Int {
        switch answer {
        case false?: return 0
        case true?: return 1
        case nil: return 2
        }
    }

    /// Numbers and dates: exact values, a date right after the whole number of its year. A NaN
    /// (which no literal writes) sorts after every number and date.
    private static func compareOnTheLine(_ left: Cell, _ right: Cell) -> Int {
        switch (left, right) {
        case (.integer(let a), .integer(let b)): return sign(a, b)
        case (.integer(let a), .decimal(let b)):
            // Equal values: the whole number first.
            guard let order = ValueComparison.exactSign(a, b) else { return -1 }
            return order == 0 ? -1 : order
        case (.decimal, .integer): return -compareOnTheLine(right, left)
        case (.decimal(let a), .decimal(let b)):
            if a.isNaN || b.isNaN { return sign(a.isNaN ? 1 : 0, b.isNaN ? 1 : 0) }
            // -0.0 and 0.0 are equal numbers but show differently: -0.0 first.
            if a == b { return sign(a.sign == .minus ? 0 : 1, b.sign == .minus ? 0 : 1) }
            return sign(a, b)
        case (.date(let a), .date(let b)):
            return sign((Int(a.year), Int(a.month), Int(a.day)), (Int(b.year), Int(b.month), Int(b.day)))
        case (.integer(let a), .date(let b)):
            let order = sign(a, Int(b.year))
            return order == 0 ? -1 : order
        case (.decimal(let a), .date(let b)):
            // The year against the decimal; a decimal equal to the year comes first.
            guard let order = ValueComparison.exactSign(Int(b.year), a) else { return 1 }
            return order == 0 ? -1 : -order
        case (.date, .integer), (.date, .decimal): return -compareOnTheLine(right, left)
        default: return 0
        }
    }

    /// Case-folded, then as written.
    private static func compareText(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        let foldedA = FactBase.fold(a)
        let foldedB = FactBase.fold(b)
        if foldedA != foldedB { return foldedA < foldedB ? -1 : 1 }
        return a < b ? -1 : 1
    }

    private static func sign<T: Comparable>(_ left: T, _ right: T) -> Int {
        left < right ? -1 : (left == right ? 0 : 1)
    }

    private static func sign(_ left: (Int, Int, Int), _ right: (Int, Int, Int)) -> Int {
        left < right ? -1 : (left == right ? 0 : 1)
    }
}
