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
        case (.integer(let left), .decimal(let right)): return sign(Double(left), right)
        case (.decimal(let left), .integer(let right)): return sign(left, Double(right))
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

    private static func sign<T: Comparable>(_ left: T, _ right: T) -> Int {
        left < right ? -1 : (left == right ? 0 : 1)
    }
}

/// Result rows sort by the first column (or the `order by` column), then by the rest: text
/// case-insensitively, numbers numerically, empty cells last, in either direction.
enum ResultOrdering {
    static func sort(_ rows: inout [[Cell]], by column: Int?, descending: Bool) {
        let keyColumns: [Int]
        if let column, let width = rows.first?.count {
            keyColumns = [column] + (0..<width).filter { $0 != column }
        } else {
            keyColumns = Array(0..<(rows.first?.count ?? 0))
        }
        rows.sort { left, right in
            for (rank, column) in keyColumns.enumerated() {
                let order = compare(left[column], right[column])
                guard order != 0 else { continue }
                // `desc` reverses the values, but a missing value stays last.
                if rank == 0 && descending && left[column] != .null && right[column] != .null { return order > 0 }
                return order < 0
            }
            return false
        }
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

    static func compare(_ left: Cell, _ right: Cell) -> Int {
        switch (left, right) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.integer(let a), .decimal(let b)): return Double(a) < b ? -1 : (Double(a) == b ? 0 : 1)
        case (.decimal(let a), .integer(let b)): return a < Double(b) ? -1 : (a == Double(b) ? 0 : 1)
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
