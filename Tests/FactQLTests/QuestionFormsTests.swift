import Testing

@testable import FactQL

/// The version 2 forms in process, on the small test world: columns, values, yes/no, why-not,
/// groups, facts as rows, relation-named roles, warnings, and ordering with missing values.
@Suite struct QuestionFormsTests {
    let world = TestSession()

    private func rows(_ query: String) -> [[String]] {
        world.table(query)?.rows.map { $0.map(\.displayText) } ?? [["<no table>"]]
    }

    private func ask(_ question: String) -> Verdict? {
        guard case .verdict(let verdict)? = world.run(question).results.first else { return nil }
        return verdict
    }

    // MARK: with

    @Test func withShowsTheConnectingFactsAttributeElseTheEntitys() {
        #expect(world.table("members of Union with since")?.columns == ["member", "since"])
        #expect(rows("members of Union with since") == [["Alpha", "2001"], ["Beta", "2010-05"]])
        // capital is the entity's own; status the fact's.
        #expect(rows("members of Union with status, capital") == [["Alpha", "active", "A-town"], ["Beta", "frozen", "B-town"]])
        #expect(rows("Union with kind") == [["Union", "alliance"]])
        #expect(rows("Alpha with capital, population") == [["Alpha", "A-town", "5"]])
    }

    @Test func aMissingAttributeIsAnEmptyCell() throws {
        let table = try #require(world.table("members of Club with since"))
        #expect(table.rows.map { $0[0].displayText } == ["Beta", "Gamma"])
        #expect(table.rows[0][1] == .null)
        #expect(table.rows[1][1] == .date(DateValue(year: 2020, month: 2, day: 3)))
    }

    @Test func withAnUnknownAttributeIsALocatedErrorWithASuggestion() throws {
        let error = try #require(world.error("members of Union with sinse"))
        #expect(error.message.hasPrefix("unknown attribute 'sinse'"))
        #expect(error.suggestions == ["since"])
        #expect(error.span?.start == 22)
        #expect(world.error("count members of Union with since")?.message.contains("a count has none") == true)
    }

    // MARK: Values

    @Test func anAttributeBeforeOfAsksForItsValues() {
        #expect(world.table("capital of Alpha")?.columns == ["capital"])
        #expect(world.answers("capital of Alpha") == ["A-town"])
        #expect(world.answers("capital of countries") == ["A-town", "B-town"])  // Gamma has none: no row
        #expect(world.answers("since of members of Union") == ["2001", "2010-05"])
        #expect(world.answers("count capital of countries") == ["2"])
    }

    @Test func aRoleWinsOverAnAttributeOfTheSameName() {
        let session = TestSession("""
            entity A : thing { leader: "not a role here" }
            entity B : thing
            relation leads (leader, led)
            fact B leads A
            """)
        #expect(session.answers("leader of A") == ["B"])
        // The attribute is still there, as a column.
        #expect(session.table("A with leader")?.rows == [[.text("A"), .text("not a role here")]])
    }

    // MARK: Yes/no

    @Test func questionsAnswerYesOrNo() {
        #expect(ask("is Alpha a member of Union")?.answer == true)
        #expect(ask("is Gamma a member of Union")?.answer == false)
        #expect(ask("is Beta in (members of Union where status = frozen)")?.answer == true)
        #expect(ask("is Alpha in (members of Union where status = frozen)")?.answer == false)
        #expect(ask("is Union an organization")?.answer == true)  // sub-kinds count
        #expect(ask("is Club an alliance")?.answer == false)
        #expect(ask("is Ann a leader of members of Union")?.answer == true)
        #expect(ask("is Bob a friend of Ann")?.answer == true)  // symmetric
        #expect(ask("is Alpha member of Union")?.answer == true)  // the article is optional
    }

    @Test func aQuestionIsOneColumnAnswer() {
        guard case .verdict(let verdict)? = world.run("is Alpha a member of Union").results.first else {
            Issue.record("no verdict")
            return
        }
        #expect(verdict.table.columns == ["answer"])
        #expect(verdict.table.rows == [[.verdict(true)]])
        #expect(Cell.verdict(false).displayText == "no")
        #expect(ResultFormatter(format: .json).render(.verdict(verdict)) == "{\"columns\": [\"answer\"], \"rows\": [[true]]}\n")
    }

    @Test func whyIsGivesTheProof() throws {
        let verdict = try #require(ask("why is Beta a member of Union"))
        #expect(verdict.answer == true)
        #expect(verdict.proof.map(\.fact) == ["Beta member_of Union { status: frozen, since: 2010-05 }"])
        #expect(verdict.proof.first?.citations.map(\.identifier) == ["s2"])
    }

    @Test func whyNotSaysWhatFailedAndTheNearestFacts() throws {
        let filtered = try #require(ask("why is Alpha a member of Union where status = frozen"))
        #expect(filtered.answer == false)
        #expect(filtered.reasons == ["Alpha is a member of Union, but its status is active, not frozen"])
        #expect(filtered.nearest.map(\.fact) == ["Alpha member_of Union { status: active, since: 2001 }"])

        let otherPair = try #require(ask("why is Alpha a member of Club"))
        #expect(otherPair.reasons.first == "no member_of fact joins Alpha and Club")
        #expect(otherPair.reasons.contains("Alpha is a member of Union"))

        let unrelated = try #require(ask("why is Beta a leader of Alpha"))
        #expect(unrelated.reasons.first == "no leads fact joins Beta and Alpha")
        #expect(unrelated.nearest.map(\.fact) == ["Alpha borders Beta"])  // facts about the same pair

        let kind = try #require(ask("why is Alpha an organization"))
        #expect(kind.reasons == ["Alpha is a country, and a country is not an organization"])
    }

    @Test func questionMisuseIsALocatedError() {
        #expect(world.error("is Alfa a member of Union")?.suggestions == ["Alpha"])
        #expect(world.error("is Alpha a Beta")?.message == "'Beta' is an entity, not a kind or a role")
        #expect(world.error("is Alpha a contry")?.message == "'contry' is neither a kind nor a role")
        #expect(world.error("is Alpha a contry")?.suggestions == ["country"])
        #expect(world.error("is Alpha a member")?.message.hasPrefix("'member' is a role") == true)
    }

    // MARK: Groups

    @Test func countPerGroupGivesEveryGroupZeroIncluded() {
        #expect(world.table("count members of each organization")?.columns == ["organization", "count"])
        #expect(rows("count members of each organization") == [["Club", "2"], ["Union", "2"]])
        #expect(rows("count members of each organization where status = frozen") == [["Club", "0"], ["Union", "1"]])
        #expect(rows("count members of each (organizations where kind = alliance)") == [["Union", "2"]])
        #expect(rows("count leaders of members of each organization") == [["Club", "1"], ["Union", "2"]])
        #expect(rows("count leaders of each country") == [["Alpha", "1"], ["Beta", "1"], ["Gamma", "0"]])
    }

    @Test func groupsOrderByCountAndLimit() {
        #expect(rows("count leaders of each country order by count desc limit 2") == [["Alpha", "1"], ["Beta", "1"]])
        #expect(rows("count leaders of each country order by count") == [["Gamma", "0"], ["Alpha", "1"], ["Beta", "1"]])
    }

    @Test func aCountRefusesLimitUnlessItHasGroups() {
        #expect(world.error("count members of Union limit 1")?.message == "'limit' has nothing to cut in a count: it is one row")
        #expect(world.error("count members of Union limit 1")?.span?.start == 23)
        #expect(world.error("count capital of countries limit 1")?.message == "'limit' has nothing to cut in a count: it is one row")
        #expect(rows("count members of each organization limit 1") == [["Club", "2"]])
    }

    @Test func errorsOfTheNewFormsThatNoOtherTestReaches() throws {
        let twice = try #require(world.error("count members of each (members of each organization)"))
        #expect(twice.message == "'each' stands once, at the end of the roles being counted")
        #expect(twice.span?.start == 34)
        #expect(world.error("count members of Union order by name")?.message == "'order by' has nothing to order in a count")
        #expect(world.error("count capital of countries order by capital")?.message == "'order by' has nothing to order in a count")
        let roleTest = try #require(world.error("facts where member of Union"))
        #expect(roleTest.message == "a role test asks about an entity, and these rows are facts")
        #expect(roleTest.span?.start == 12)
        #expect(world.error("capital of Alpha with population")?.message.hasPrefix("'with' adds columns beside entities") == true)
        #expect(world.error("facts where relation > leads")?.message == "a relation can only be compared with = or !=")
    }

    @Test func aQuoteMustBeWordsOfItsSentence() throws {
        let session = TestSession()
        #expect(session.run("fact Gamma member_of Union cites s1 \"joined the Union\"").diagnostics.isEmpty)
        let wrong = try #require(session.error("fact Gamma leads Beta cites s1 \"joined the Club\""))
        #expect(wrong.message == "the quote does not occur in s1")
        #expect(wrong.span?.start == 31)
        #expect(wrong.notes.first == "s1 reads: \u{201C}Alpha joined the Union in 2001.\u{201D}")
        #expect(session.error("fact Gamma leads Beta cites s1 \"\"")?.message == "the quote does not occur in s1")
        // The failed fact was not kept; the quoted one keeps its words for `why`.
        #expect(session.answers("leaders of Beta") == ["Bob"])
        guard case .explanations(_, let explanations)? = session.run("why members of Union where name = Gamma").results.first else {
            Issue.record("no explanations")
            return
        }
        #expect(explanations.first?.steps.first?.citations.first?.quote == "joined the Union")
    }

    @Test func eachMisuseIsALocatedError() {
        #expect(world.error("members of each organization")?.message == "'each' makes groups to count")
        #expect(world.error("count members of each Union")?.message.hasPrefix("'Union' is one entity") == true)
        #expect(world.error("count members of each organisation")?.suggestions == ["organization"])
        #expect(world.error("count members of each organization order by size")?.suggestions.isEmpty == true)
        // An attribute's values are one set, not one per group: an error at 'each', not a count of 0.
        let values = world.error("count capital of each country")
        #expect(values?.message == "the values of capital cannot be counted per group")
        #expect(values?.span?.start == 17)
    }

    // MARK: Facts as rows

    @Test func factsOfASetAreTheFactsItsMembersTakePartIn() throws {
        let table = try #require(world.table("facts of Alpha"))
        #expect(table.columns == ["subject", "relation", "object", "attributes"])
        #expect(table.rows.map { $0.prefix(3).map(\.displayText) } == [
            ["Alpha", "borders", "Beta"], ["Alpha", "member_of", "Union"], ["Ann", "leads", "Alpha"],
        ])
        #expect(table.rows[1][3] == .text("status: active, since: 2001"))
        #expect(table.rows[0][3] == .null)
        #expect(world.answers("count facts of Alpha") == ["3"])
        #expect(world.answers("count facts") == ["8"])
    }

    @Test func factsOfAnEntityWithManyFactsOnFewEntities() {
        // More facts than entities: fact ids are not entity ids, and are deduplicated as facts.
        var text = "entity A : thing\nentity B : thing\nrelation r (x, y)\n"
        for index in 0..<100 { text += "fact A r B { n: \(index) }\n" }
        let session = TestSession(text)
        #expect(session.answers("count facts of A") == ["100"])
        #expect(session.answers("count facts of (things)") == ["100"])
        #expect(session.table("facts of A")?.rows.count == 100)
    }

    @Test func factsWhereTestsTheirEndsAndAttributes() {
        #expect(rows("facts where relation = leads") == [["Ann", "leads", "Alpha", "title: \"Prime Minister\""], ["Bob", "leads", "Beta", "title: \"President\""]])
        #expect(rows("facts where since >= 2010 with since") == [["Beta", "member_of", "Union", "2010-05"], ["Gamma", "member_of", "Club", "2020-02-03"]])
        #expect(rows("facts where object = Club and status = active") == [["Beta", "member_of", "Club", "active"], ["Gamma", "member_of", "Club", "active"]])
        #expect(rows("facts of Union where subject in (Beta)").map { $0[0] } == ["Beta"])
        #expect(world.error("facts where capital = \"A-town\"")?.message == "unknown attribute 'capital': no fact has it")
        #expect(world.error("facts where relation = leadz")?.suggestions == ["leads"])
        #expect(world.error("members of facts of Alpha")?.message.hasPrefix("'facts' gives rows of facts") == true)
    }

    @Test func whyFactsCitesEachFact() throws {
        guard case .explanations(let column, let explanations)? = world.run("why facts of Union").results.first else {
            Issue.record("no explanations")
            return
        }
        #expect(column == "answer")
        #expect(explanations.map(\.answer) == [
            "Alpha member_of Union { status: active, since: 2001 }", "Beta member_of Union { status: frozen, since: 2010-05 }",
        ])
        #expect(explanations.flatMap { $0.steps.flatMap { $0.citations.map(\.identifier) } } == ["s1", "s2"])
    }

    // MARK: Naming the relation

    @Test func aRelationBeforeTheRoleKeepsOneRelation() {
        let session = TestSession("""
            entity A : country
            entity U : organization
            entity V : organization
            relation member_of (member, organization)
            relation applies_to (applicant, organization)
            fact A member_of U
            fact A applies_to V
            """)
        let mixed = session.run("organizations of A")
        #expect(mixed.diagnostics.map(\.severity) == [.warning])
        #expect(mixed.diagnostics.first?.message.contains("member_of and applies_to") == true)
        #expect(session.answers("organizations of A") == ["U", "V"])
        #expect(session.answers("member_of organizations of A") == ["U"])
        #expect(session.run("member_of organizations of A").diagnostics.isEmpty)
        #expect(session.answers("countries where applies_to applicant of V") == ["A"])
        #expect(session.error("membr_of organizations of A")?.suggestions == ["member_of"])
        #expect(session.error("member_of leaders of A")?.message == "the relation member_of has no role 'leaders'")
    }

    // MARK: Warnings

    @Test func aValueThatOccursNowhereIsWarnedAbout() throws {
        let result = world.run("members of Union where status = frozn")
        let warning = try #require(result.diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.suggestions == ["frozen"])
        #expect(warning.span?.start == 32)
        guard case .table(let table)? = result.results.first else {
            Issue.record("the query did not run")
            return
        }
        #expect(table.rows.isEmpty)
        #expect(world.run("members of Union where status = frozen").diagnostics.isEmpty)
    }

    @Test func aTypeThatNeverComparesIsWarnedAbout() throws {
        let warning = try #require(world.run("members of Union where since > \"2005\"").diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("since holds"))
        #expect(warning.suggestions == ["2005"])
        #expect(world.run("members of Union where since > 2005").diagnostics.isEmpty)
    }

    // MARK: Why with no answers

    @Test func whyOfAnEmptyQuerySaysWhichStepWasEmpty() {
        guard case .noAnswers(_, let account)? = world.run("why members of Union where status = suspended").results.last else {
            Issue.record("no account of the empty answer")
            return
        }
        #expect(account.last == "where status = suspended keeps none of the 2")
        guard case .noAnswers(_, let empty)? = world.run("why leaders of (members of Club where status = frozen)").results.last
        else {
            Issue.record("no account of the empty answer")
            return
        }
        #expect(empty.last?.hasPrefix("where status = frozen keeps none") == true)
    }

    // MARK: New kinds

    @Test func aNewKindCloseToAKnownOneIsWarnedAbout() throws {
        let session = TestSession()
        let typo = session.run("entity Delta : contry")
        let warning = try #require(typo.diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.message == "'contry' is a new kind")
        #expect(warning.suggestions == ["country"])
        #expect(warning.span?.start == 15)
        #expect(session.run("entity Eps : countries").diagnostics.first?.suggestions == ["country"])
        // A kind far from any other, or one already made, is no typo.
        #expect(session.run("entity Zeta : planet").diagnostics.isEmpty)
        #expect(session.run("entity Eta : contry").diagnostics.isEmpty)
        #expect(session.answers("count contries") == ["2"])  // the kind is made all the same
    }

    // MARK: Ordering

    @Test func missingValuesSortLastInBothDirections() {
        #expect(rows("members of Club with since order by since") == [["Gamma", "2020-02-03"], ["Beta", ""]])
        #expect(rows("members of Club with since order by since desc") == [["Gamma", "2020-02-03"], ["Beta", ""]])
        #expect(world.answers("countries order by population desc") == ["Beta", "Alpha", "Gamma"])
    }
}
