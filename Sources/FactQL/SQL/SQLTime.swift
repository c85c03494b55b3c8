/// `as of DATE` in SQL, as `TimeFilter` decides it, from four columns `.dump sql` writes on each
/// fact: `since_from` and `until_from` (the first day of its `since` and `until`), `event_from`
/// and `event_to` (the span of its `date`), NULL where the fact has none.
///
/// With the as-of date as the span `from…to` (`SQLDates`), comparing at the coarser precision:
/// an event holds when its span overlaps the date's; a lasting fact holds when `since` starts by
/// the end of the date and `until` starts after it (`until 2018-05` rules out `as of 2018`, whose
/// span reaches it). A fact without `date` or `since`, not ruled out by `until`, is unknown.
struct SQLTimeFilter {
    let from: Int64
    let to: Int64
    /// Also let facts of unknown time through: who could be in a set if they held. A question
    /// answers `unknown`, and a role test is unknown, when only these put the entity there.
    var admitsUnknown = false

    init(date: DateValue) {
        (from, to) = SQLDates.interval(of: date)
    }

    /// The test on the fact row `fact` (an alias such as `f`).
    func test(_ fact: String) -> String {
        let since = admitsUnknown
            ? "(\(fact).since_from IS NULL OR \(fact).since_from <= \(to))" : "\(fact).since_from <= \(to)"
        let until = "(\(fact).until_from IS NULL OR \(fact).until_from > \(to))"
        let event = "\(fact).event_from <= \(to) AND \(fact).event_to >= \(from)"
        return "(CASE WHEN \(fact).event_from IS NULL THEN \(since) AND \(until) ELSE \(event) END)"
    }
}

/// The time columns of each fact for the dump: since_from, until_from, event_from, event_to.
struct SQLFactTimes {
    private let factBase: FactBase
    private let sinceAttribute: AttributeID?
    private let untilAttribute: AttributeID?
    private let dateAttribute: AttributeID?

    init(factBase: FactBase) {
        self.factBase = factBase
        sinceAttribute = factBase.attribute(named: "since")
        untilAttribute = factBase.attribute(named: "until")
        dateAttribute = factBase.attribute(named: "date")
    }

    func columns(of fact: FactID) -> [SQLCell] {
        let none = [SQLCell](repeating: .null, count: 4)
        if let event = value(dateAttribute, fact) {
            // A `date` that is no date leaves the fact unknown, as in `TimeFilter`: all NULL.
            guard let span = TimeFilter.date(of: event).map(SQLDates.interval(of:)) else { return none }
            return [.null, .null, .integer(span.from), .integer(span.to)]
        }
        let since = value(sinceAttribute, fact).flatMap(TimeFilter.date(of:)).map { SQLDates.interval(of: $0).from }
        let until = value(untilAttribute, fact).flatMap(TimeFilter.date(of:)).map { SQLDates.interval(of: $0).from }
        return [since.map(SQLCell.integer) ?? .null, until.map(SQLCell.integer) ?? .null, .null, .null]
    }

    private func value(_ attribute: AttributeID?, _ fact: FactID) -> Value? {
        attribute.flatMap { factBase.value(of: $0, inFact: fact) }
    }
}
