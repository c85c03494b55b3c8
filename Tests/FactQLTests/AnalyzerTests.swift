import Testing

@testable import FactQL

@Suite struct AnalyzerTests {
    let world = TestSession()

    @Test func namesResolveCaseInsensitivelyAndThroughAliases() {
        #expect(world.answers("MEMBERS OF union") == ["Alpha", "Beta"])
        #expect(world.answers("organizations of Gam") == ["Club"])
        #expect(world.answers("Gam") == ["Gamma"])
    }

    @Test func unknownNamesSuggestTheNearest() {
        let entity = world.error("members of Unoin")
        #expect(entity?.message == "unknown entity or kind 'Unoin'")
        #expect(entity?.suggestions == ["Union"])
        let role = world.error("membres of Union")
        #expect(role?.message == "unknown role 'membres'")
        // With the `of` that follows, as the words to type (the session's hints add it).
        #expect(role?.suggestions == ["members of"])
        let attribute = world.error("members of Union where statsu = frozen")
        #expect(attribute?.message == "unknown attribute 'statsu': no member_of fact or entity has it")
        #expect(attribute?.suggestions == ["status"])
    }

    @Test func everyEquallyCloseNameIsSuggested() {
        let session = TestSession("entity Ana : person\nentity Anb : person")
        #expect(session.error("show Anc")?.suggestions == ["Ana", "Anb"])
    }

    @Test func attributesAreScopedToTheConnectingRelation() {
        // `title` exists on leads facts, not on member_of facts nor on any entity.
        #expect(world.error("members of Union where title = x")?.message == "unknown attribute 'title': no member_of fact or entity has it")
        #expect(world.error("countries where status = frozen")?.message == "unknown attribute 'status': no entity has it")
    }

    @Test func kindsAndRolesUsedInTheWrongPlace() {
        #expect(world.error("country")?.message == "'country' is a kind; the set of all of them is 'countries'")
        #expect(world.error("members")?.message.hasPrefix("'members' is a role; say whose") == true)
        #expect(world.error("countries where kind = planet")?.message == "unknown kind 'planet'")
        #expect(world.error("countries where kind > country")?.message == "a kind can only be compared with = or !=")
    }

    @Test func planColumnsAndOrder() throws {
        let base = world.session.factBase
        var parser = Parser(source: SourceFile(name: nil, text: "members of Union where status = frozen order by since desc limit 1"))
        guard case .query(let query) = try #require(parser.parseScript().first) else {
            Issue.record("not a query")
            return
        }
        let plan = try Analyzer(factBase: base).plan(query)
        #expect(plan.columns.map(\.name) == ["member", "status", "since"])
        #expect(plan.orderColumn == 2)
        #expect(plan.descending)
        #expect(plan.limit == 1)
    }
}
