/// One cell of a result: typed, so JSON can print numbers as numbers and tables can align them.
public enum Cell: Hashable, Sendable {
    /// Entity names, strings, symbols and dates.
    case text(String)
    case integer(Int)
    case decimal(Double)
    case boolean(Bool)
    case null

    public var displayText: String {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .decimal(let number): return FactBase.format(decimal: number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .null: return ""
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
    /// Plain text from a meta-command (`.schema`, `.help`, ...).
    case text(String)
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
        case .text, .defined: return nil
        }
    }
}
