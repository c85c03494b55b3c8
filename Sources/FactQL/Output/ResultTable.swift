/// One cell of a result: typed, so JSON can print numbers as numbers and tables can align them.
public enum Cell: Hashable, Sendable {
    /// Entity names, strings and symbols.
    case text(String)
    case integer(Int)
    case decimal(Double)
    /// A date of year, month or day precision, shown as written (`2024-01`): typed, so that it
    /// sorts as a date among whole numbers (years) and other dates, not as text.
    case date(DateValue)
    case boolean(Bool)
    /// The answer to a yes/no question: yes, no, or unknown (nil).
    case verdict(Bool?)
    case null

    public var displayText: String {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .decimal(let number): return FactBase.format(decimal: number)
        case .date(let date): return date.description
        case .boolean(let flag): return flag ? "true" : "false"
        case .verdict(let answer): return answer.map { $0 ? "yes" : "no" } ?? "unknown"
        case .null: return ""
        }
    }

    /// The cell FactQL shows for a stored value.
    init(_ value: Value, in factBase: FactBase) {
        switch value {
        case .integer(let number): self = .integer(number)
        case .decimal(let number): self = .decimal(number)
        case .boolean(let flag): self = .boolean(flag)
        case .date(let date): self = .date(date)
        case .string, .symbol, .entity: self = .text(factBase.display(value))
        }
    }

    var isNumeric: Bool {
        switch self {
        case .integer, .decimal: return true
        default: return false
        }
    }
}

/// The rows a statement produced, with named columns.
public struct ResultTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Cell]]
    /// Under `as of`: how many facts were left out because their dates do not settle whether
    /// they held (JSON gives it as `facts_left_out`).
    public var factsLeftOut: Int?

    public init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// Why an answer holds: the facts that produced it, each with the facts behind its other end.
public struct ProofStep: Sendable, Equatable {
    public var fact: String
    public var citations: [CitedSentence]
    public var premises: [ProofStep]
}

public struct CitedSentence: Sendable, Equatable {
    public var identifier: String
    public var text: String
    /// The words of the sentence that state the fact, when the citation quotes them.
    public var quote: String? = nil
}

public struct Explanation: Sendable, Equatable {
    public var answer: String
    public var steps: [ProofStep]
}

/// What one statement produced.
public enum StatementResult: Sendable, Equatable {
    case table(ResultTable)
    /// `why QUERY`: each answer with its proof.
    case explanations(column: String, [Explanation])
    /// `why QUERY` when the query has no answers: which step came out empty.
    case noAnswers(column: String, account: [String])
    /// `is ...` and `why is ...`: the answer, and for `why` its proof or what failed.
    case verdict(Verdict)
    /// Plain text from a meta-command (`.schema`, `.help`, ...).
    case text(String)
    /// `.trace on`: one evaluation step as it ran (`look-up  CSTO`) and the rows it gave.
    case trace(step: String, rows: Int)
    /// `.timer on`: how long the statement before it took.
    case timer(Duration)
    /// A definition was applied; nothing to print.
    case defined

    /// Flattens explanations into rows (answer, depth, fact, source, text) for CSV and JSON.
    public var table: ResultTable? {
        switch self {
        case .table(let table): return table
        case .explanations(let column, let explanations):
            var rows: [[Cell]] = []
            func add(_ step: ProofStep, answer: String, depth: Int) {
                if step.citations.isEmpty {
                    rows.append([.text(answer), .integer(depth), .text(step.fact), .null, .null])
                }
                for citation in step.citations {
                    rows.append([.text(answer), .integer(depth), .text(step.fact), .text(citation.identifier), .text(citation.text)])
                }
                for premise in step.premises { add(premise, answer: answer, depth: depth + 1) }
            }
            for explanation in explanations {
                if explanation.steps.isEmpty { rows.append([.text(explanation.answer), .integer(0), .null, .null, .null]) }
                for step in explanation.steps { add(step, answer: explanation.answer, depth: 1) }
            }
            return ResultTable(columns: [column, "depth", "fact", "source", "text"], rows: rows)
        case .noAnswers(let column, _):
            return ResultTable(columns: [column, "depth", "fact", "source", "text"], rows: [])
        case .verdict(let verdict):
            var table = verdict.table
            table.factsLeftOut = verdict.factsLeftOut
            return table
        case .text, .trace, .timer, .defined: return nil
        }
    }
}

/// The answer to `is NAME ... SET`, with what `why is` shows: the proof of yes, or for no what
/// failed and the facts nearest to holding.
public struct Verdict: Sendable, Equatable {
    /// yes, no, or nil for unknown.
    public var answer: Bool?
    /// The question as a statement: `Armenia is a member of CSTO`.
    public var sentence: String
    public var explained: Bool
    public var proof: [ProofStep] = []
    /// For no: what failed, one line each (`no member_of fact joins Armenia and EU`).
    public var reasons: [String] = []
    /// For no: facts about the same entities, with their sentences.
    public var nearest: [ProofStep] = []
    public var factsLeftOut: Int?

    /// `answer` alone; with `why`, the rows of the proof or of the nearest facts (answer, depth,
    /// fact, source, text), the reasons as facts of depth 0.
    public var table: ResultTable {
        let cell = Cell.verdict(answer)
        guard explained else { return ResultTable(columns: ["answer"], rows: [[cell]]) }
        var rows: [[Cell]] = []
        func add(_ step: ProofStep, depth: Int) {
            if step.citations.isEmpty { rows.append([cell, .integer(depth), .text(step.fact), .null, .null]) }
            for citation in step.citations {
                rows.append([cell, .integer(depth), .text(step.fact), .text(citation.identifier), .text(citation.text)])
            }
            for premise in step.premises { add(premise, depth: depth + 1) }
        }
        for reason in reasons { rows.append([cell, .integer(0), .text(reason), .null, .null]) }
        for step in proof + nearest { add(step, depth: 1) }
        if rows.isEmpty { rows.append([cell, .integer(0), .null, .null, .null]) }
        return ResultTable(columns: ["answer", "depth", "fact", "source", "text"], rows: rows)
    }
}
