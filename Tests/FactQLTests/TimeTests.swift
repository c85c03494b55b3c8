import Testing

@testable import FactQL

/// `as of DATE`: facts known to hold on a date, the note on those left out, yes/no/unknown, and
/// the checks on `since` and `until` when facts are loaded.
@Suite struct TimeTests {
    static let story = """
        entity Ann : person
        entity Bob : person
        entity Land : country
        entity Club : organization
        entity Team : organization
        relation leads (leader, led)
        relation member_of (member, organization)
        relation attacked (attacker, target)
        fact Ann leads Land { since: 2010, until: 2018 }
        fact Bob leads Land { since: 2018-05 }
        fact Land member_of Club { since: 2020-01 }
        fact Land member_of Team
        fact Bob attacked Ann { date: 2019-03 }
        """
    let world = TestSession(Self.story)

    private func answer(_ question: String) -> Bool?? {
        guard case .verdict(let verdict)? = world.run(question).results.first else { return .none }
        return .some(verdict.answer)
    }

    @Test func aFactHoldsFromSinceUpToButNotIncludingUntil() {
        #expect(world.answers("leader of Land as of 2009") == [])
        #expect(world.answers("leader of Land as of 2010") == ["Ann"])
        #expect(world.answers("leader of Land as of 2017-12") == ["Ann"])
        #expect(world.answers("leader of Land as of 2018-06") == ["Bob"])
        // 2018 against 2018-05 compares at the coarser precision: Bob from then on, Ann no longer.
        #expect(world.answers("leader of Land as of 2018") == ["Bob"])
        #expect(world.answers("leader of Land") == ["Ann", "Bob"])
    }

    @Test func anEventHoldsOnItsDateOnly() {
        #expect(world.answers("attackers of Ann as of 2019") == ["Bob"])
        #expect(world.answers("attackers of Ann as of 2019-03-15") == ["Bob"])
        #expect(world.answers("attackers of Ann as of 2019-04") == [])
    }

    @Test func undatedFactsAreLeftOutWithANote() throws {
        let result = world.run("organizations of Land as of 2021")
        guard case .table(let table)? = result.results.first else {
            Issue.record("no table")
            return
        }
        #expect(table.rows.map { $0[0].displayText } == ["Club"])
        #expect(table.factsLeftOut == 1)
        let note = try #require(result.diagnostics.first)
        #expect(note.severity == .note)
        #expect(note.message == "1 fact without dates was left out: the fact base does not say whether it held on 2021")
        #expect(note.span?.start == 22)
        #expect(world.run("organizations of Land").diagnostics.isEmpty)
    }

    @Test func jsonCarriesTheCountLeftOut() {
        guard case .table(let table)? = world.run("organizations of Land as of 2021").results.first else {
            Issue.record("no table")
            return
        }
        #expect(ResultFormatter(format: .json).renderJSON(table) == "{\"columns\": [\"organization\"], \"rows\": [[\"Club\"]], \"facts_left_out\": 1}")
    }

    @Test func questionsAnswerYesNoOrUnknown() {
        #expect(answer("is Land a member of Club as of 2021") == .some(true))
        #expect(answer("is Land a member of Club as of 2019") == .some(false))  // settled by its since
        #expect(answer("is Land a member of Team as of 2019") == .some(nil))  // no dates: unknown
        #expect(answer("is Land a member of Team") == .some(true))
        #expect(answer("is Ann a leader of Land as of 2019") == .some(false))
    }

    @Test func unknownIsShownAndExplained() throws {
        guard case .verdict(let verdict)? = world.run("why is Land a member of Team as of 2019").results.first else {
            Issue.record("no verdict")
            return
        }
        #expect(verdict.table.rows.first?.first == .verdict(nil))
        #expect(Cell.verdict(nil).displayText == "unknown")
        #expect(ResultFormatter.jsonValue(.verdict(nil)) == "null")
        #expect(verdict.sentence == "whether Land is a member of Team as of 2019 is unknown")
        #expect(verdict.reasons == ["Land member_of Team: the fact base does not say whether it held as of 2019"])
        guard case .verdict(let no)? = world.run("why is Land a member of Club as of 2019").results.first else {
            Issue.record("no verdict")
            return
        }
        #expect(no.reasons == ["Land member_of Club { since: 2020-01 } did not hold as of 2019"])
    }

    @Test func notOfAnUnknownIsUnknown() {
        // Land's membership of Team has no dates: whether Land is not a member is unknown, so it is
        // not listed as a non-member (Kleene's logic), while Club's is settled.
        #expect(world.answers("countries where not member of Team as of 2019") == [])
        #expect(world.answers("countries where not member of Club as of 2019") == ["Land"])
        #expect(world.answers("countries where not member of Club as of 2021") == [])
        #expect(world.answers("countries where member of Club or member of Team as of 2021") == ["Land"])
    }

    @Test func notOfAnUnknownStaysUnknownInsideSetsAndQuestions() {
        // Whether Land is in the set of non-members of Team is unknown: so is the question (it
        // answered no), and Bob's leading a country of that set (he was kept as a non-leader).
        #expect(answer("is Land in (countries where not member of Team) as of 2019") == .some(nil))
        #expect(world.answers("leaders of Land where not leader of (countries where not member of Team) as of 2019") == [])
        #expect(world.answers("leaders of Land where leader of (countries where not member of Team) as of 2019") == [])
        #expect(answer("is Bob in (leaders of (countries where not member of Team)) as of 2019") == .some(nil))
    }

    @Test func everyFormTakesAsOf() {
        #expect(world.answers("count leaders of Land as of 2015") == ["1"])
        #expect(world.table("count members of each organization as of 2021")?.rows.map { $0.map(\.displayText) } == [
            ["Club", "1"], ["Team", "0"],
        ])
        #expect(world.table("facts of Ann as of 2019")?.rows.map { $0[1].displayText } == ["attacked"])
        #expect(world.table("leader of Land with since as of 2019")?.rows.map { $0.map(\.displayText) } == [["Bob", "2018-05"]])
        guard case .explanations(_, let explanations)? = world.run("why leader of Land as of 2012").results.first else {
            Issue.record("no explanations")
            return
        }
        #expect(explanations.map(\.answer) == ["Ann"])
    }

    @Test func aTimelineIsFactsOrderedByDate() {
        #expect(world.table("facts where date >= 2019 order by date")?.rows.map { $0[1].displayText } == ["attacked"])
        #expect(world.table("facts where since >= 2018 order by since")?.rows.map { $0[0].displayText } == ["Bob", "Land"])
    }

    @Test func badDatesAreLocatedErrors() throws {
        let noDate = try #require(world.error("leader of Land as of"))
        #expect(noDate.message.hasPrefix("expected a date after 'as of'"))
        #expect(world.error("leader of Land as of \"2020\"")?.message.hasPrefix("expected a date after 'as of'") == true)
        #expect(world.error("leader of Land as of 2024-13")?.message == "'2024-13' is not a valid date")
        #expect(world.error("leader of Land as of 2023-02-30")?.message == "'2023-02-30' is not a valid date")
        #expect(world.error("leader of Land as of 2020 where since > 2000")?.message == "'where' comes before 'as of'")
    }

    @Test func untilBeforeSinceAndNonDatesAreRefusedAndNothingIsLost() {
        let session = TestSession(Self.story)
        let reversed = session.error("fact Ann leads Land { since: 2020, until: 2019 }")
        #expect(reversed?.message == "'until' 2019 comes before 'since' 2020")
        #expect(reversed?.span?.start == 35)
        #expect(session.error("fact Ann leads Land { since: \"2020\" }")?.message == "'since' must be a date, found \"2020\"")
        #expect(session.error("fact Ann leads Land { until: soon }")?.message == "'until' must be a date, found soon")
        #expect(session.error("fact Ann leads Land { date: 1.5 }")?.message == "'date' must be a date, found 1.5")
        #expect(session.answers("count facts") == ["5"])
        #expect(session.run("fact Ann leads Land { since: 2020, until: 2020-06 }").diagnostics.isEmpty)
    }

    @Test func aBulkFileWithABadDateReportsTheLineLikeAnyFile() {
        var text = "relation r (x, y)\nentity hub : thing\n"
        for index in 0..<3000 { text += "entity e\(index) : thing\nfact e\(index) r hub { since: \(1990 + index % 30) }\n" }
        text += "fact e1 r hub { since: 2020, until: 2001 }\n"
        let session = Session(builtInFacts: false)
        var diagnostics: [Diagnostic] = []
        let loaded = session.run(SourceFile(name: "bulk.facts", text: text)) { event in
            if case .diagnostic(let diagnostic) = event { diagnostics.append(diagnostic) }
        }
        #expect(!loaded)
        #expect(diagnostics.map(\.message) == ["'until' 2001 comes before 'since' 2020"])
        #expect(diagnostics.first?.locationText == "bulk.facts:6003:30")
        #expect(session.factBase.factCount == 0)
    }
}
