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
    private let sinceAttribute: AttributeID?
    private let untilAttribute: AttributeID?
    private let dateAttribute: AttributeID?
    /// Also let unknown facts through: how a question finds out whether they could decide it.
    var admitsUnknown = false
    /// Facts that were left out because their dates do not settle whether they held.
    private(set) var unknownFacts: Set<FactID> = []
    /// How many of those have no dates at all.
    private(set) var undatedFacts: Set<FactID> = []
    /// Facts left out since `.trace` last reported a step, so each step reports its own (a fact
    /// counts again in every step that leaves it out).
    var leftOutSinceTraced = 0

    init(date: DateValue, factBase: FactBase) {
        self.date = date
        sinceAttribute = factBase.attribute(named: "since")
        untilAttribute = factBase.attribute(named: "until")
        dateAttribute = factBase.attribute(named: "date")
    }

    /// Whether the fact may be used on the date; an unknown one is recorded.
    @inline(__always)
    func admits(_ fact: FactID, in factBase: FactBase) -> Bool {
        switch status(of: fact, in: factBase) {
        case .holds: return true
        case .doesNotHold: return false
        case .unknown:
            if admitsUnknown { return true }
            unknownFacts.insert(fact)
            leftOutSinceTraced += 1
            return false
        }
    }

    func status(of fact: FactID, in factBase: FactBase) -> TimeStatus {
        if let dateAttribute, let value = factBase.value(of: dateAttribute, inFact: fact) {
            guard let when = Self.date(of: value) else { return .unknown }
            return DateValue.compare(when, date) == 0 ? .holds : .doesNotHold
        }
        let since = sinceAttribute.flatMap { factBase.value(of: $0, inFact: fact) }.flatMap(Self.date(of:))
        let until = untilAttribute.flatMap { factBase.value(of: $0, inFact: fact) }.flatMap(Self.date(of:))
        if let until, DateValue.compare(date, until) >= 0 { return .doesNotHold }
        guard let since else {
            if until == nil { undatedFacts.insert(fact) }
            return .unknown
        }
        return DateValue.compare(since, date) <= 0 ? .holds : .doesNotHold
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
        let count = unknownFacts.count
        guard count > 0 else { return nil }
        let facts = count == 1 ? "1 fact" : "\(count) facts"
        if undatedFacts.isSuperset(of: unknownFacts) {
            return "\(facts) without dates \(count == 1 ? "was" : "were") left out: the fact base does not say whether \(count == 1 ? "it" : "they") held on \(date)"
        }
        return "\(facts) \(count == 1 ? "was" : "were") left out: \(count == 1 ? "its dates do" : "their dates do") not say whether \(count == 1 ? "it" : "they") held on \(date)"
    }
}
