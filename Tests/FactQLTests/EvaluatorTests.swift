import Testing

@testable import FactQL

@Suite struct EvaluatorTests {
    let world = TestSession()

    @Test func navigation() {
        #expect(world.answers("members of Union") == ["Alpha", "Beta"])
        #expect(world.answers("member of Union") == ["Alpha", "Beta"])
        #expect(world.answers("organizations of Beta") == ["Club", "Union"])
        #expect(world.answers("leaders of members of Union") == ["Ann", "Bob"])
        #expect(world.answers("leaders of (members of Union where status = frozen)") == ["Bob"])
    }

    @Test func kindsIncludeSubKinds() {
        #expect(world.answers("organizations") == ["Club", "Union"])
        #expect(world.answers("alliances") == ["Union"])
        #expect(world.answers("people") == ["Ann", "Bob"])
        #expect(world.answers("organizations where kind = organization") == ["Club", "Union"])
        #expect(world.answers("organizations where kind = alliance") == ["Union"])
        #expect(world.answers("organizations where kind != alliance") == ["Club"])
    }

    @Test func symmetricRelationsReadBothWays() {
        #expect(world.answers("neighbours of Alpha") == ["Beta"])
        #expect(world.answers("neighbours of Beta") == ["Alpha"])
        #expect(world.answers("countries of Beta") == ["Alpha"])
        #expect(world.answers("friends of Ann") == ["Bob"])
        #expect(world.answers("friends of Bob") == ["Ann"])
    }

    @Test func filtersReadTheConnectingFactFirst() {
        #expect(world.answers("members of Union where status = frozen") == ["Beta"])
        #expect(world.answers("members of Club where status = frozen") == [])
        #expect(world.answers("members of Union where capital = \"A-town\"") == ["Alpha"])
        #expect(world.answers("countries where population > 3") == ["Alpha", "Beta"])
        #expect(world.answers("countries where population < 3") == ["Gamma"])
    }

    @Test func datesAndYears() {
        #expect(world.answers("members of organizations where since >= 2010") == ["Beta", "Gamma"])
        #expect(world.answers("members of organizations where since = 2010") == ["Beta"])
        #expect(world.answers("members of organizations where since < 2010-06") == ["Alpha", "Beta"])
        #expect(world.answers("members of organizations where since > 2020-02-01") == ["Gamma"])
    }

    @Test func missingAttributesAndMismatchedTypesNeverMatch() {
        // Beta's Club membership has no `since`: neither = nor != matches it.
        #expect(world.answers("members of Club where since != 1900") == ["Gamma"])
        #expect(world.answers("members of Club where since = \"x\"") == [])
        #expect(world.answers("members of Club where since != \"x\"") == [])
    }

    @Test func textComparisons() {
        #expect(world.answers("members of Union where status = FROZEN") == ["Beta"])
        #expect(world.answers("members of Union where status = \"frozen\"") == ["Beta"])
        #expect(world.answers("countries where capital = \"a-town\"") == [])
        #expect(world.answers("leaders of countries where title contains \"MINISTER\"") == ["Ann"])
        #expect(world.answers("members of organizations where status in (frozen, nothing)") == ["Beta"])
        #expect(world.answers("members of organizations where status not in (frozen)") == ["Alpha", "Beta", "Gamma"])
        #expect(world.answers("countries where name = gam") == ["Gamma"])
    }

    @Test func negationAndRoleTests() {
        #expect(world.answers("countries where not member of Union") == ["Gamma"])
        #expect(world.answers("countries where member of Union and member of Club") == ["Beta"])
        #expect(world.answers("countries where member of Union or led of Ann") == ["Alpha", "Beta"])
        #expect(world.answers("countries where not (member of Union or member of Club)") == [])
    }

    @Test func countIsOverDistinctEntities() {
        #expect(world.table("count members of organizations")?.rows == [[.integer(3)]])
        #expect(world.table("count countries where not member of Union")?.rows == [[.integer(1)]])
    }

    @Test func columnsFollowTheWhereClause() {
        let table = world.table("members of Union where status = frozen or since > 2000")
        #expect(table?.columns == ["member", "status", "since"])
        #expect(table?.rows == [[.text("Alpha"), .text("active"), .integer(2001)], [.text("Beta"), .text("frozen"), .date(DateValue(year: 2010, month: 5))]])
    }

    @Test func orderAndLimit() {
        #expect(world.answers("countries order by population desc") == ["Beta", "Alpha", "Gamma"])
        #expect(world.answers("countries order by population") == ["Gamma", "Alpha", "Beta"])
        #expect(world.answers("countries order by name desc limit 2") == ["Gamma", "Beta"])
        #expect(world.answers("countries limit 0") == [])
    }

    @Test func whyGivesTheSupportingFactsAndSentences() {
        guard case .explanations(let column, let explanations)? = world.run("why leaders of (members of Union where status = frozen)").results.first
        else {
            Issue.record("no explanations")
            return
        }
        #expect(column == "leader")
        #expect(explanations.map(\.answer) == ["Bob"])
        #expect(explanations.first?.steps.first?.fact == "Bob leads Beta { title: \"President\" }")
        #expect(explanations.first?.steps.first?.premises.first?.fact == "Beta member_of Union { status: frozen, since: 2010-05 }")
        #expect(explanations.first?.steps.first?.premises.first?.citations.map(\.identifier) == ["s2"])
    }

    @Test func showListsEveryFactOfAnEntity() {
        let table = world.table("show Beta")
        // Entity attributes cite no sentence, and the sources cell says so.
        #expect(table?.rows.first == [.text("entity Beta : country { capital: \"B-town\", population: 7 }"), .text(FactBase.uncitedAttributesNote)])
        #expect(table?.rows.count == 5)
    }

    @Test func addedFactsAreQueryableAtOnce() {
        let session = TestSession()
        _ = session.run("entity Delta : country\nfact Delta member_of Union { status: active }")
        #expect(session.answers("members of Union") == ["Alpha", "Beta", "Delta"])
    }

    @Test func interruptionStopsAQuery() {
        var facts = "relation r (p, q)\nentity hub : thing\n"
        for index in 0..<5000 { facts += "entity e\(index) : thing\nfact e\(index) r hub\n" }
        let session = TestSession(facts)
        session.session.shouldStop = { true }
        #expect(session.error("count ps of ps of hub")?.message == "query interrupted")
    }
}
