import Testing

@testable import FactQL

/// Loading is all or nothing: a fact file or script that fails anywhere adds nothing, and the
/// session keeps exactly the fact base it had. "Exactly" is checked on a dump of every stored
/// property of the fact base (entities, kinds, relations, facts, attributes, sources, look-up
/// tables and the navigation index), so a change anywhere shows.
@Suite struct BadInputFactBaseTests {
    /// Three good definitions, then a fact naming an entity that does not exist, on the last line.
    static let failsOnItsLastLine = """
        entity Atlantis : country { capital: "Poseidonia" }
        relation trades_with (trader, partner)
        fact Atlantis trades_with Armenia { since: 2020 }
        fact Atlantis trades_with Lemuria
        """

    static let syntaxErrorOnItsLastLine = """
        entity Atlantis : country
        fact Atlantis ties_with Armenia
        fact Atlantis ties_with
        """

    static let good = """
        entity Atlantis : country
        fact Atlantis ties_with Armenia
        """

    /// Every stored property of the fact base, recursively.
    static func contents(of factBase: FactBase) -> String {
        var text = ""
        dump(factBase, to: &text, maxDepth: .max, maxItems: .max)
        return text
    }

    /// A session over the built-in facts that reads files from `files` instead of the disk.
    static func session(files: [String: String]) -> Session {
        let session = Session()
        session.readFile = { path throws(Diagnostic) in
            guard let text = files[path] else { throw Diagnostic(message: "cannot read '\(path)': No such file or directory") }
            return Array(text.utf8)
        }
        // Build the indexes now, so that "before" includes them as a query would leave them.
        _ = session.run(SourceFile(name: nil, text: "count countries")) { _ in }
        return session
    }

    static func run(_ text: String, in session: Session, name: String? = nil) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        session.run(SourceFile(name: name, text: text)) { event in
            if case .diagnostic(let diagnostic) = event { diagnostics.append(diagnostic) }
        }
        return diagnostics
    }

    @Test func aFactFileFailingOnItsLastLineLeavesTheFactBaseExactlyAsBefore() {
        let session = Self.session(files: ["bad.facts": Self.failsOnItsLastLine])
        let before = Self.contents(of: session.factBase)
        let diagnostics = Self.run(".load bad.facts", in: session)
        #expect(diagnostics.map(\.message) == [
            "unknown entity 'Lemuria' as the fact's object", "'bad.facts' was not loaded: nothing it defined was kept",
        ])
        #expect(diagnostics.first?.locationText == "bad.facts:4:27")
        #expect(Self.contents(of: session.factBase) == before)
        #expect(session.factBase.entity(named: "Atlantis") == nil)
        #expect(session.factBase.relation(named: "trades_with") == nil)
    }

    @Test func aSyntaxErrorOnTheLastLineLeavesTheFactBaseExactlyAsBefore() {
        let session = Self.session(files: ["bad.facts": Self.syntaxErrorOnItsLastLine])
        let before = Self.contents(of: session.factBase)
        let diagnostics = Self.run(".load bad.facts", in: session)
        #expect(diagnostics.first?.locationText == "bad.facts:3:24")
        #expect(Self.contents(of: session.factBase) == before)
    }

    @Test func aFactFileRunDirectlyIsAllOrNothingToo() {
        let session = Self.session(files: [:])
        let before = Self.contents(of: session.factBase)
        let diagnostics = Self.run(Self.failsOnItsLastLine, in: session, name: "bad.facts")
        #expect(diagnostics.count == 1)
        #expect(Self.contents(of: session.factBase) == before)
    }

    @Test func keepGoingStillLoadsAllOrNothing() {
        let session = Self.session(files: ["bad.facts": Self.failsOnItsLastLine])
        session.keepGoing = true
        let before = Self.contents(of: session.factBase)
        let diagnostics = Self.run(".load bad.facts", in: session)
        #expect(diagnostics.last?.message == "'bad.facts' was not loaded: nothing it defined was kept")
        #expect(Self.contents(of: session.factBase) == before)
    }

    @Test func aFailingNestedLoadUndoesTheWholeOuterFile() {
        let files = ["outer.facts": "entity Atlantis : country\n.load inner.facts\n", "inner.facts": "fact Atlantis ties_with Lemuria\n"]
        let session = Self.session(files: files)
        let before = Self.contents(of: session.factBase)
        let diagnostics = Self.run(".load outer.facts", in: session)
        #expect(diagnostics.map(\.message) == [
            "unknown entity 'Lemuria' as the fact's object", "'inner.facts' was not loaded: nothing it defined was kept",
            "'outer.facts' was not loaded: nothing it defined was kept",
        ])
        #expect(Self.contents(of: session.factBase) == before)
    }

    @Test func aScriptWhoseQueryFailsKeepsNoneOfItsDefinitions() {
        let session = Self.session(files: [:])
        let before = Self.contents(of: session.factBase)
        let diagnostics = Self.run("entity Atlantis : country\ncount countries\nshow Lemuria\n", in: session)
        #expect(diagnostics.map(\.message) == ["unknown entity 'Lemuria'"])
        #expect(Self.contents(of: session.factBase) == before)
    }

    @Test func aGoodFileIsLoadedWhole() {
        // The counterpart, so the checks above could fail: a good load does change the dump.
        let session = Self.session(files: ["good.facts": Self.good])
        let before = Self.contents(of: session.factBase)
        #expect(Self.run(".load good.facts", in: session).isEmpty)
        #expect(Self.contents(of: session.factBase) != before)
        #expect(session.factBase.entity(named: "Atlantis") != nil)
    }

    @Test func theSessionGoesOnAfterAFailedLoad() {
        let session = Self.session(files: ["bad.facts": Self.failsOnItsLastLine, "good.facts": Self.good])
        _ = Self.run(".load bad.facts", in: session)
        #expect(Self.run(".load good.facts", in: session).isEmpty)
        var answers: [StatementResult] = []
        session.run(SourceFile(name: nil, text: "partners of Atlantis")) { event in
            if case .result(let result) = event { answers.append(result) }
        }
        #expect(answers == [.table(ResultTable(columns: ["partner"], rows: [[.text("Armenia")]]))])
    }
}
