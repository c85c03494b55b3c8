import Foundation
import Testing

@testable import FactQL

/// The stage commands in process, over the built-in fact base: what each stage shows must agree
/// with what the interpreter really does.
@Suite struct TeachingTests: StageTesting {
    let session = Session()

    /// Queries of every form and construct, each valid on the article's facts.
    static let queries = [
        "members of CSTO where status = frozen",
        "leaders of (members of CSTO where status = frozen)",
        "leaders of members of CSTO",
        "count members of CSTO where status = active",
        "why leaders of (members of CSTO where status = frozen)",
        "countries where not member of CSTO",
        "countries where not partner of Armenia and not member of CSTO",
        "partners of Armenia order by name desc limit 2",
        "organizations of Armenia",
        "members of organizations where since >= 2024",
        "arrestees of countries where not kind = country",
        "organizations where kind = alliance or not description contains \"Russian\"",
        "members of CSTO where name not in (Russia, Belarus) and status != frozen",
        "leaders of countries where title contains \"minister\"",
        "wholes of partners of Armenia",
        "members of ICC with since",
        "leader of Armenia with title, since",
        "CSTO with description",
        "capital of Armenia",
        "why capital of Armenia",
        "count members of each organization",
        "count members of each (organizations where kind = alliance) order by count desc limit 1",
        "count leaders of members of each organization",
        "facts of Armenia",
        "count facts of Armenia",
        "why facts of Armenia where relation = member_of",
        "facts where date >= 2023-09",
        "member_of organizations of Armenia",
    ]

    /// Yes/no questions of every form, with and without why.
    static let questions = [
        "is Belarus a member of CSTO",
        "is Armenia in (members of CSTO where status = frozen)",
        "is CSTO an organization",
        "is Armenia an organization",
        "why is Armenia a member of EU",
        "why is Belarus a member of CSTO",
        "is Putin a leader of members of CSTO",
        "is Armenia a member of (organizations where member of CSTO or kind = alliance)",
        "is Armenia in CSTO",
    ]

    // MARK: .plan

    @Test(arguments: queries)
    func planCountsAgreeWithTheQuery(_ query: String) throws {
        let plan = try #require(table(".plan " + query))
        #expect(plan.columns == ["step", "operation", "detail", "estimated", "actual"])
        // The last step's actual count is the number of rows (or answers) the query gives.
        let answer = try #require(run(query).results.first)
        let rows: Int
        switch answer {
        case .table(let table): rows = table.rows.count
        case .explanations(_, let explanations): rows = explanations.count
        default: rows = -1
        }
        #expect(plan.rows.last?[4] == .integer(rows))
        // Steps are numbered in order, and every step was run.
        for (index, row) in plan.rows.enumerated() {
            #expect(row[0] == .integer(index + 1))
            #expect(row[4] != .null)
        }
    }

    @Test func planStepsRunInputsFirstAndCountBindings() throws {
        let plan = try #require(table(".plan leaders of (members of CSTO where status = frozen)"))
        let operations = plan.rows.map { $0[1].displayText }
        #expect(operations == ["look-up", "join", "filter", "join", "output"])
        let actual = plan.rows.map { $0[4] }
        #expect(actual == [.integer(1), .integer(6), .integer(1), .integer(1), .integer(1)])
        #expect(plan.rows[2][2] == .text("#2 where status = frozen"))
    }

    @Test func aNegationPlansItsTestSetBeforeTheFilter() throws {
        let plan = try #require(table(".plan countries where not member of CSTO"))
        #expect(plan.rows.map { $0[1].displayText } == ["look-up", "look-up", "join", "negation", "output"])
        #expect(plan.rows[3][2] == .text("#1 where not member of CSTO (#3)"))
        #expect(plan.rows[3][4] == .integer(4))
    }

    @Test func estimatesComeFromTheIndexes() throws {
        let plan = try #require(table(".plan members of CSTO"))
        // An entity is one row; the join's estimate is every fact with the CSTO at its object end.
        #expect(plan.rows[0][3] == .integer(1))
        session.factBase.prepareIndexes()
        let base = session.factBase
        let csto = try #require(base.entity(named: "CSTO"))
        #expect(plan.rows[1][3] == .integer(base.index.facts(with: csto, at: 1).count))
        // A kind's estimate is exact.
        let kinds = try #require(table(".plan organizations"))
        #expect(kinds.rows[0][3] == .integer(3))
        #expect(kinds.rows[0][3] == kinds.rows[0][4])
    }

    @Test func selectivitiesStayBetweenNoneAndAll() throws {
        session.factBase.prepareIndexes()
        let base = session.factBase
        let estimator = CardinalityEstimator(factBase: base)
        for query in Self.queries {
            var parser = Parser(source: SourceFile(name: nil, text: query))
            guard case .query(let parsed)? = parser.parseScript().first else {
                Issue.record("\(query) did not parse")
                continue
            }
            let plan = try Analyzer(factBase: base).plan(parsed)
            if case .filter(let inner, let condition) = plan.set {
                let share = estimator.selectivity(condition, in: inner)
                #expect(share >= 0 && share <= 1, "\(query): \(share)")
            }
            #expect(estimator.estimate(plan.set) >= 0)
        }
        #expect(CardinalityEstimator.rounded(0) == 0)
        #expect(CardinalityEstimator.rounded(0.2) == 1)
        #expect(CardinalityEstimator.rounded(4.5) == 5)
    }

    // MARK: .explain

    @Test func explainReadsTheIssuesExampleWordForWord() {
        let explanation = texts(".explain members of CSTO where status = frozen")
        #expect(
            explanation.first?.hasPrefix(
                "the entities in role member of a member_of fact whose organization is CSTO, keeping those whose fact has status = frozen"
            ) == true, "\(explanation)")
    }

    @Test func explainPushesNegationInwards() {
        let text = texts(".explain members of CSTO where not (status = frozen or name = Russia)").first ?? ""
        #expect(text.contains("whose fact does not have status = frozen and for which name = Russia does not hold"), "\(text)")
        let double = texts(".explain members of CSTO where not not status = frozen").first ?? ""
        #expect(double.contains("keeping those whose fact has status = frozen"), "\(double)")
    }

    @Test(arguments: queries)
    func explainWorksOnEveryQuery(_ query: String) {
        let result = run(".explain " + query)
        // Warnings (a role noun several relations share) are shown, but nothing fails.
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(result.results.count == 1)
    }

    // MARK: .tokens and .ast

    @Test func tokensMatchTheLexerAndPointIntoTheCommandLine() throws {
        let tokens = try #require(table("\n.tokens count members of CSTO"))
        #expect(tokens.rows.map { $0[0].displayText } == ["keyword", "word", "keyword", "word", "end of input"])
        #expect(tokens.rows.map { $0[1].displayText } == ["count", "members", "of", "CSTO", ""])
        #expect(tokens.rows[0][2] == .text("2:9-2:14"))
    }

    @Test func astErrorsPointAtTheRightColumn() throws {
        let result = run(".ast members of (CSTO")
        let error = try #require(result.diagnostics.first)
        #expect(error.message == "unclosed '('")
        #expect(error.locationText == "1:17")
        let unknown = try #require(run(".plan members of CST").diagnostics.first)
        #expect(unknown.locationText == "1:18")
        #expect(unknown.suggestions == ["CSTO"])
    }

    @Test func theTreeDumpShowsStructureAndSpans() {
        let text = texts(".ast leaders of members of CSTO").first ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines.first?.hasPrefix("query (list)") == true)
        #expect(lines.first?.hasSuffix("1:6-1:32") == true)
        #expect(lines[3].trimmingCharacters(in: .whitespaces).hasPrefix("of: navigation"))
    }

    // MARK: .trace

    @Test func traceReportsEachStepBeforeTheAnswerUntilTurnedOff() {
        let events = run(".trace on\nleaders of (members of CSTO where status = frozen)\n.trace off\ncount countries").results
        var lines: [String] = []
        var tables = 0
        for event in events {
            if case .trace(let step, let rows) = event { lines.append(TraceText.line(step: step, rows: rows)) }
            if case .table = event { tables += 1 }
        }
        #expect(
            lines == [
                "trace: look-up  CSTO -> 1 row", "trace: join     members of CSTO -> 6 rows",
                "trace: filter   members of CSTO where status = frozen -> 1 row",
                "trace: join     leaders of (members of CSTO where status = frozen) -> 1 row",
            ])
        #expect(tables == 2)
        // The trace lines come before the answer they lead to.
        guard case .trace = events.first else {
            Issue.record("the first event is not a trace line")
            return
        }
        #expect(session.traceSteps == false)
    }

    @Test func traceCoversWhyAndShow() {
        let why = texts(".trace on\nwhy leaders of (members of CSTO where status = frozen)")
        #expect(why.contains("trace: join     leaders of (members of CSTO where status = frozen) -> 1 row"))
        let show = texts("show Putin")
        #expect(show == ["trace: look-up  show Putin -> 3 rows"])
    }

    // MARK: why and show

    @Test func whyQuotesTheSentenceAboutTheFrozenParticipation() throws {
        let result = try #require(run("why members of CSTO where status = frozen").results.first)
        guard case .explanations(_, let explanations) = result else {
            Issue.record("why gave no explanations")
            return
        }
        #expect(explanations.map(\.answer) == ["Armenia"])
        let citations = explanations.first?.steps.first?.citations ?? []
        #expect(citations.first?.identifier == "p2s3")
        #expect(citations.first?.text.contains("“frozen” its participation in the CSTO") == true)
        let rendered = ResultFormatter(format: .table).render(result)
        #expect(rendered.contains("[p2s3] paragraph 2, sentence 3: “Pashinyan had previously stated"))
    }

    @Test func whyShowsBothStepsOfAChain() throws {
        let result = try #require(run("why leaders of (members of CSTO where status = frozen)").results.first)
        guard case .explanations(_, let explanations) = result else {
            Issue.record("why gave no explanations")
            return
        }
        let step = try #require(explanations.first?.steps.first)
        #expect(step.fact.hasPrefix("\"Nikol Pashinyan\" leads Armenia"))
        #expect(step.premises.map(\.fact).first?.hasPrefix("Armenia member_of CSTO { status: frozen") == true)
        #expect(step.premises.first?.citations.map(\.identifier) == ["p2s3", "p3s4"])
    }

    @Test func sentenceLocationsReadSourceIds() {
        #expect(SentenceLocation(identifier: "p2s3") == SentenceLocation(paragraph: 2, sentence: 3))
        #expect(SentenceLocation(identifier: "P12S1")?.description == "paragraph 12, sentence 1")
        #expect(SentenceLocation(identifier: "atlas1") == nil)
        #expect(SentenceLocation(identifier: "ps3") == nil)
        #expect(SentenceLocation(identifier: "p2s") == nil)
        #expect(SentenceLocation(identifier: "p2x3") == nil)
    }
}
