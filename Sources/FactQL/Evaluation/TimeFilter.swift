/// `as of DATE`: which facts are known to hold on a date.
///
/// On a fact, `date` says when an event happened: it holds on that date and on no other. `since`
/// and `until` bound a lasting fact: it holds from `since`, up to but not including `until`.
/// Dates compare at the coarser of their precisions (a whole number is a year). A fact whose
/// dates do not settle the question (no dates at all, or an `until` still to come with no
/// `since`) is unknown on that date: queries leave it out, and count it for the note that says
/// so; a yes/no question that only such facts could decide answers unknown.
public enum TimeStatus: Sendable, Equatable {
    case holds
    case doesNotHold
    case unknown
}

/// A class: the evaluator's loops are not mutating (testing a fact must not copy the evaluator),
/// yet every fact left out has to be counted in one place.
final class TimeFilter {
    let date: DateValue
    /// Per relation, its `date`, `since` and `until` columns (nil where its facts have none),
    /// found once when the filter is made (it lives for one statement, over one fact base), so
    /// testing a fact reads its row in them instead of looking each attribute up.
    private let dateColumns: [DateColumns]
    /// Also let unknown facts through: how a question finds out whether they could decide it.
    var admitsUnknown = false
    /// Facts left out, as they were found (a fact may be found more than once): appending is
    /// cheaper than a set's hashing in the loop; the sets below are made when they are asked for.
    private var unknownFound: [FactID] = []
    private var undatedFound: [FactID] = []
    /// Facts that were left out because their dates do not settle whether they held.
    var unknownFacts: Set<FactID> { Set(unknownFound) }
    /// How many of those have no dates at all.
    var undatedFacts: Set<FactID> { Set(undatedFound) }
    /// Facts left out since `.trace` last reported a step, so each step reports its own (a fact
    /// counts again in every step that leaves it out).
    var leftOutSinceTraced = 0

    private struct DateColumns {
        /// The relation's facts when their ids are consecutive (a fact's row is its offset).
        var facts: Range<FactID>?
        var date: ValueColumn?
        var since: ValueColumn?
        var until: ValueColumn?
    }

    init(date: DateValue, factBase: FactBase) {
        self.date = date
        let attributes = ["date", "since", "until"].map { factBase.attribute(named: $0) }
        dateColumns = factBase.attributeTables.map { table in
            let columns = attributes.map { attribute in
                attribute.flatMap { table.column(for: $0) }.map { table.columns[$0] }
            }
            return DateColumns(facts: table.contiguousFacts, date: columns[0], since: columns[1], until: columns[2])
        }
    }

    /// Whether the fact may be used on the date; an unknown one is recorded.
    @inline(__always)
    func admits(_ fact: FactID, in factBase: FactBase) -> Bool {
        admits(fact, status: status(of: fact, in: factBase))
    }

    /// The same for a fact whose relation and row the caller has at hand (a scan of the
    /// relation's rows): nothing more is read at random than the fact's own date cells.
    @inline(__always)
    func admits(_ fact: FactID, relation: RelationID, row: Int, in factBase: FactBase) -> Bool {
        let status = Int(relation) < dateColumns.count
            ? status(of: fact, relation: Int(relation), row: row) : status(of: fact, in: factBase)
        return admits(fact, status: status)
    }

    @inline(__always)
    private func admits(_ fact: FactID, status: TimeStatus) -> Bool {
        switch status {
        case .holds: return true
        case .doesNotHold: return false
        case .unknown:
            if admitsUnknown { return true }
            unknownFound.append(fact)
            leftOutSinceTraced += 1
            return false
        }
    }

    func status(of fact: FactID, in factBase: FactBase) -> TimeStatus {
        let relation = Int(factBase.factRelations[Int(fact)])
        // A relation made after the filter (not within one statement): no dates known.
        guard relation < dateColumns.count else {
            undatedFound.append(fact)
            return .unknown
        }
        // The row as `FactBase.row(ofFact:)` finds it, without reading the relation's table again.
        let row: Int
        if let facts = dateColumns[relation].facts {
            row = Int(fact - facts.lowerBound)
        } else {
            row = Int(factBase.factRows[Int(fact)])
        }
        return status(of: fact, relation: relation, row: row)
    }

    private func status(of fact: FactID, relation: Int, row: Int) -> TimeStatus {
        // The common case, years as whole numbers and no `date`: the tags and payloads decide,
        // no value made. A year compares with any date at year precision.
        if dateColumns[relation].date?.isMissing(at: row) ?? true,
            let since = Self.year(in: dateColumns[relation].since, at: row),
            let until = Self.year(in: dateColumns[relation].until, at: row)
        {
            if let until, date.year >= until { return .doesNotHold }
            guard let since else {
                if until == nil { undatedFound.append(fact) }
                return .unknown
            }
            return since <= date.year ? .holds : .doesNotHold
        }
        // Read in place (a copy of the columns would retain each of their arrays, per fact).
        if let value = dateColumns[relation].date?.value(at: row) {
            guard let when = Self.date(of: value) else { return .unknown }
            return DateValue.compare(when, date) == 0 ? .holds : .doesNotHold
        }
        let since = dateColumns[relation].since?.value(at: row).flatMap(Self.date(of:))
        let until = dateColumns[relation].until?.value(at: row).flatMap(Self.date(of:))
        if let until, DateValue.compare(date, until) >= 0 { return .doesNotHold }
        guard let since else {
            if until == nil { undatedFound.append(fact) }
            return .unknown
        }
        return DateValue.compare(since, date) <= 0 ? .holds : .doesNotHold
    }

    /// A cell that is missing (`.some(nil)`) or a whole number in 32 bits (a year); nil for
    /// anything else, which goes through `date(of:)`.
    @inline(__always)
    private static func year(in column: ValueColumn?, at row: Int) -> Int32?? {
        guard let column, !column.isMissing(at: row) else { return .some(nil) }
        guard column.tag(at: row) == ValueColumn.Tag.integer.rawValue else { return nil }
        return .some(Int32(bitPattern: column.payload(at: row)))
    }

    /// A date, or a whole number read as a year.
    static func date(of value: Value) -> DateValue? {
        switch value {
        case .date(let date): return date
        case .integer(let year): return Int32(exactly: year).map { DateValue(year: $0) }
        default: return nil
        }
    }

    /// The note a query's answer needs when facts were left out, or nil.
    func note() -> String? {
        guard !unknownFound.isEmpty else { return nil }
        let unknownFacts = unknownFacts
        let count = unknownFacts.count
        let facts = count == 1 ? "1 fact" : "\(count) facts"
        if undatedFacts.isSuperset(of: unknownFacts) {
            return "\(facts) without dates \(count == 1 ? "was" : "were") left out: the fact base does not say whether \(count == 1 ? "it" : "they") held on \(date)"
        }
        return "\(facts) \(count == 1 ? "was" : "were") left out: \(count == 1 ? "its dates do" : "their dates do") not say whether \(count == 1 ? "it" : "they") held on \(date)"
    }
}
