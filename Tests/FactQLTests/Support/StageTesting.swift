@testable import FactQL

/// What the in-process stage tests share: run text in one session over the built-in fact base,
/// and read its text, first table or answer.
protocol StageTesting {
    var session: Session { get }
}

extension StageTesting {
    func run(_ text: String) -> (results: [StatementResult], diagnostics: [Diagnostic]) {
        TestSession.run(text, in: session)
    }

    func texts(_ text: String) -> [String] {
        run(text).results.compactMap { result in
            switch result {
            case .text(let text): return text
            case .trace(let step, let rows): return TraceText.line(step: step, rows: rows)
            default: return nil
            }
        }
    }

    func table(_ text: String) -> ResultTable? {
        for result in run(text).results {
            if case .table(let table) = result { return table }
        }
        return nil
    }

    /// The answer the interpreter gives to a question: true, false or nil (unknown).
    func verdict(_ question: String) -> Bool?? {
        for result in run(question).results {
            if case .verdict(let verdict) = result { return .some(verdict.answer) }
        }
        return .none
    }
}
