/// Meta-commands that bound what a query may cost (`.timeout`).
extension MetaCommand {
    static let safetyCommands: [MetaCommand] = [
        MetaCommand(
            name: "timeout", arguments: "[SECONDS|off]",
            summary: "stop queries that run longer than SECONDS (off: no limit); without argument, show it"
        ) { session, call, emit throws(Diagnostic) in
            if call.arguments.isEmpty {
                emit(.result(.text(session.timeLimit.map { "time limit: \($0) s" } ?? "no time limit")))
                return
            }
            if call.arguments.lowercased() == "off" {
                session.timeLimit = nil
                return
            }
            guard let limit = TimeLimit(parsing: call.arguments) else {
                throw call.error("expected a number of seconds or off, found '\(call.arguments)'", notes: [TimeLimit.rule])
            }
            session.timeLimit = limit
        }
    ]
}

/// How long a query may run (`.timeout`, `--timeout`): a positive number of seconds.
public struct TimeLimit: Sendable, Equatable, CustomStringConvertible {
    public let seconds: Double
    /// Up to about eleven days: more is no limit in practice, and keeps `Duration` far from overflow.
    public static let maximumSeconds = 1_000_000.0
    public static let rule = "a time limit is a number of seconds above 0 and up to 1000000, such as 5 or 0.5"

    /// `text` as seconds (`5`, `0.5`); nil unless it is a number above 0 and at most the maximum.
    public init?(parsing text: String) {
        // Plain decimals only: Double alone would also take 1e3, 0x10 and inf.
        guard text.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }),
            let seconds = Double(text), seconds > 0, seconds <= Self.maximumSeconds
        else {
            return nil
        }
        self.seconds = seconds
    }

    var duration: Duration { .milliseconds(Int64((seconds * 1000).rounded(.up))) }

    /// `5`, `0.5`: whole numbers without a decimal point.
    public var description: String {
        seconds == seconds.rounded() ? String(Int64(seconds)) : String(seconds)
    }
}

extension Session {
    /// Runs an evaluation under the stop check for one query: the host's (Ctrl-C) and the time
    /// limit. An error without a place is placed on `span`; a query stopped by the time limit says so.
    func underTimeLimit<Result>(
        span: SourceSpan, _ evaluation: (@escaping () -> Bool) throws(Diagnostic) -> Result
    ) throws(Diagnostic) -> Result {
        let stop = QueryStop(hostStop: shouldStop, limit: timeLimit)
        do throws(Diagnostic) {
            return try evaluation(stop.check)
        } catch {
            throw stop.explain(error, span: span)
        }
    }
}

/// The stop check for one query: the host's (Ctrl-C in the REPL) or the time limit's, remembering
/// which one fired so the error can say why the query stopped.
///
/// A class: the evaluator's check closure and the session share whether the deadline passed.
final class QueryStop {
    private let hostStop: () -> Bool
    private let limit: TimeLimit?
    private let clock = ContinuousClock()
    private let deadline: ContinuousClock.Instant?
    private(set) var deadlinePassed = false

    init(hostStop: @escaping () -> Bool, limit: TimeLimit?) {
        self.hostStop = hostStop
        self.limit = limit
        let start = clock.now
        deadline = limit.map { start + $0.duration }
    }

    /// True when the query should stop now.
    func check() -> Bool {
        if hostStop() { return true }
        if let deadline, clock.now >= deadline {
            deadlinePassed = true
            return true
        }
        return false
    }

    /// `error` placed on `span` if it has no place, or the time limit's own error when the deadline
    /// stopped the query.
    func explain(_ error: Diagnostic, span: SourceSpan) -> Diagnostic {
        guard deadlinePassed, let limit else {
            var placed = error
            if placed.span == nil { placed.span = span }
            return placed
        }
        return Diagnostic(
            message: "query stopped: it ran longer than the \(limit) s time limit (.timeout)", span: span,
            notes: ["raise it with .timeout SECONDS, or remove it with .timeout off"])
    }
}
