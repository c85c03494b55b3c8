@testable import FactQL

/// A session over a small fact base written in the test, for in-process evaluation.
struct TestSession {
    let session: Session

    init(_ facts: String = TestSession.world) {
        session = Session(builtInFacts: false)
        let loaded = session.run(SourceFile(name: "world.facts", text: facts)) { _ in }
        assert(loaded, "the test fact base must load")
    }

    /// The results and diagnostics of running `text`.
    func run(_ text: String) -> (results: [StatementResult], diagnostics: [Diagnostic]) {
        Self.run(text, in: session)
    }

    /// Runs `text` in any session, collecting its results and diagnostics.
    static func run(_ text: String, in session: Session) -> (results: [StatementResult], diagnostics: [Diagnostic]) {
        var results: [StatementResult] = []
        var diagnostics: [Diagnostic] = []
        session.run(SourceFile(name: nil, text: text)) { event in
            switch event {
            case .result(let result): results.append(result)
            case .diagnostic(let diagnostic): diagnostics.append(diagnostic)
            case .request: break
            }
        }
        return (results, diagnostics)
    }

    /// The first column of the query's single table.
    func answers(_ query: String) -> [String] {
        guard case .table(let table)? = run(query).results.first else { return ["<no table>"] }
        return table.rows.map { $0.first?.displayText ?? "" }
    }

    func table(_ query: String) -> ResultTable? {
        guard case .table(let table)? = run(query).results.first else { return nil }
        return table
    }

    func error(_ query: String) -> Diagnostic? { run(query).diagnostics.first }

    static let world = """
        source s1 "Alpha joined the Union in 2001."
        source s2 "Beta left."
        kind person plural people
        kind alliance : organization
        entity Alpha : country { capital: "A-town", population: 5 }
        entity Beta : country { capital: "B-town", population: 7 }
        entity Gamma : country aka Gam { population: 2.5 }
        entity Union : alliance
        entity Club : organization
        entity Ann : person
        entity Bob : person
        relation member_of (member, organization)
        relation leads (leader, led)
        relation borders (country, neighbour) symmetric
        relation friends_with (friend, friend) symmetric
        fact Alpha member_of Union { status: active, since: 2001 } cites s1
        fact Beta member_of Union { status: frozen, since: 2010-05 } cites s2
        fact Gamma member_of Club { status: active, since: 2020-02-03 }
        fact Beta member_of Club { status: active }
        fact Ann leads Alpha { title: "Prime Minister" }
        fact Bob leads Beta { title: "President" }
        fact Alpha borders Beta
        fact Ann friends_with Bob
        """
}
