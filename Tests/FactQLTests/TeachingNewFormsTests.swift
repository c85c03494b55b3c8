import Testing

@testable import FactQL

/// The stage commands on the version 2 forms (yes/no questions, counts per group, facts as rows,
/// columns, attribute values, relation-named roles): what each stage shows must agree with what
/// the interpreter really does.
@Suite struct TeachingNewFormsTests: StageTesting {
    let session = Session()

    // MARK: Questions

    @Test(arguments: TeachingTests.questions)
    func aQuestionsPlanAgreesWithItsAnswer(_ question: String) throws {
        let plan = try #require(table(".plan " + question))
        #expect(plan.columns == ["step", "operation", "detail", "estimated", "actual"])
        #expect(plan.rows.first?[1] == .text("look-up"))
        #expect(plan.rows.last?[1] == .text("answer"))
        #expect(plan.rows.last?[4] == .integer(1))
        // The step the answer reads has rows exactly when the answer is yes.
        let detail = try #require(plan.rows.last?[2].displayText)
        let reference = try #require(detail.split(separator: " ").first { $0.hasPrefix("#") })
        let step = try #require(Int(reference.dropFirst()))
        let answer = try #require(verdict(question))
        guard case .integer(let rows) = plan.rows[step - 1][4] else {
            Issue.record("step \(step) of \(question) has no actual count")
            return
        }
        #expect((rows > 0) == (answer == true), "\(question): step \(step) gave \(rows) rows")
        for (index, row) in plan.rows.enumerated() {
            #expect(row[0] == .integer(index + 1))
            #expect(row[4] != .null, "\(question): step \(index + 1) was not run")
        }
    }

    @Test func aQuestionIsPlannedFromTheEntitysSide() throws {
        let plan = try #require(table(".plan is Belarus a member of CSTO"))
        #expect(plan.rows.map { $0[1].displayText } == ["look-up", "join", "test", "answer"])
        #expect(plan.rows[0][2] == .text("Belarus, from the name index"))
        #expect(plan.rows[1][2] == .text("the facts in which #1 is member, via member_of facts from their organization"))
        #expect(plan.rows[2][2] == .text("the other end of each of #2 is CSTO"))
        // Belarus has one member_of fact, and its other end is CSTO.
        #expect(plan.rows.map { $0[4] } == [.integer(1), .integer(1), .integer(1), .integer(1)])
        let frozen = try #require(table(".plan is Armenia in (members of CSTO where status = frozen)"))
        #expect(frozen.rows.map { $0[1].displayText } == ["look-up", "join", "test", "filter", "answer"])
        #expect(frozen.rows[1][4] == .integer(2))
        #expect(frozen.rows[3][2] == .text("#3 where status = frozen"))
    }

    @Test func aQuestionIsReadAsWhetherItHolds() {
        #expect(
            texts(".explain is Belarus a member of CSTO")
                == ["whether Belarus is in role member of a member_of fact whose organization is CSTO: yes or no"])
        let kind = texts(".explain is CSTO an organization").first ?? ""
        #expect(kind.hasPrefix("whether CSTO is one of the organizations"), "\(kind)")
        let why = texts(".explain why is Armenia a member of EU").first ?? ""
        #expect(why.hasPrefix("whether Armenia is in role member of a member_of fact whose organization is EU: yes or no, and why"))
        #expect(why.contains("or why not"))
        let inSet = texts(".explain is Armenia in (members of CSTO where status = frozen)").first ?? ""
        #expect(inSet.contains("keeping those whose fact has status = frozen): yes or no"), "\(inSet)")
    }

    @Test func everyStageTakesAQuestion() {
        for command in [".tokens", ".ast", ".explain", ".plan"] {
            let result = run("\(command) why is Armenia a member of EU")
            #expect(result.diagnostics.isEmpty, "\(command): \(result.diagnostics.map(\.message))")
            #expect(result.results.count == 1, "\(command)")
        }
        let plan = texts(".plan is CSTO an organization")
        #expect(plan.isEmpty, "a question is planned, not called a definition: \(plan)")
        let tree = texts(".ast is CSTO an organization").first ?? ""
        #expect(tree.hasPrefix("question"))
        #expect(tree.contains("connector: an"))
        #expect(tree.contains("set: name organization"))
    }

    @Test func aQuestionsErrorsPointIntoTheCommandLine() throws {
        let unknown = try #require(run(".plan is Belarus a member of CST").diagnostics.first)
        #expect(unknown.locationText == "1:30")
        #expect(unknown.suggestions == ["CSTO"])
        let each = try #require(run(".explain is Armenia a member of each organization").diagnostics.first)
        #expect(each.severity == .error)
    }

    @Test func traceShowsAQuestionsTestsFromTheEntitysSide() {
        let lines = texts(".trace on\nis Armenia in (members of CSTO where status = frozen)")
        #expect(
            lines == [
                // The other end is a named entity: compared at once, with no test of its own.
                "trace: test     Armenia in members of CSTO -> 1 row",
                "trace: test     Armenia in members of CSTO where status = frozen -> 1 row",
            ])
    }

    // MARK: Counts per group

    @Test func stepsInsideAGroupCountOverAllGroups() throws {
        let plan = try #require(table(".plan count members of each organization"))
        #expect(plan.rows.map { $0[1].displayText } == ["look-up", "look-up", "join", "count"])
        // One group per organization, and the join gives every member_of fact once over all of them.
        let organizations = try #require(table("count organizations")?.rows.first?.first)
        #expect(plan.rows[1][4] == organizations)
        let memberships = try #require(table("facts where relation = member_of")).rows.count
        #expect(plan.rows[2][4] == .integer(memberships))
        let answer = try #require(table("count members of each organization"))
        #expect(plan.rows[3][4] == .integer(answer.rows.count))
        // The estimates are totals over the groups too: the group step's is the number of groups.
        #expect(plan.rows[1][3] == organizations)
        #expect(plan.rows[3][2] == .text("per member of #1, the distinct entities of #3, 0 for none, sorted"))
    }

    @Test func aGroupIsReadAsForEach() {
        let text = texts(".explain count members of each organization").first ?? ""
        #expect(text.hasPrefix("for each organization (including alliance), the number of distinct entities among"), "\(text)")
        #expect(text.contains("whose organization is that organization, 0 where there is none"))
        #expect(text.hasSuffix("(columns: organization, count)"))
        let set = texts(".explain count members of each (organizations where kind = alliance)").first ?? ""
        #expect(set.hasPrefix("for each of (the organizations"), "\(set)")
        #expect(set.contains("whose organization is that one"))
    }

    @Test func traceNamesTheGroupEachStepRunsFor() {
        let lines = texts(".trace on\ncount members of each organization")
        #expect(lines.first == "trace: look-up  organizations -> 3 rows")
        #expect(lines.contains("trace: join     members of each (organizations), for the group CSTO -> 6 rows"))
        #expect(lines.contains("trace: join     members of each (organizations), for the group EU -> 0 rows"))
        #expect(lines.count == 7)
    }

    // MARK: Facts, columns, values, relation-named roles

    @Test func factsAreReadAndPlannedAsFacts() throws {
        #expect(texts(".explain facts of Armenia").first?.hasPrefix("the facts in which Armenia takes either role\n") == true)
        #expect(texts(".explain count facts of Armenia").first == "the number of distinct facts among the facts in which Armenia takes either role")
        let plan = try #require(table(".plan facts of Armenia"))
        let facts = try #require(table("facts of Armenia")).rows.count
        // The index knows an entity's facts at both ends: the estimate is exact here.
        #expect(plan.rows[1][3] == .integer(facts))
        #expect(plan.rows[1][4] == .integer(facts))
        let every = try #require(table(".plan facts where date >= 2023-09"))
        #expect(every.rows[0][1] == .text("scan"))
        #expect(every.rows[0][4] == .integer(session.factBase.factCount))
    }

    @Test func traceShowsTheStepsOfFacts() {
        let lines = texts(".trace on\nfacts of Armenia where relation = member_of")
        #expect(
            lines == [
                "trace: look-up  Armenia -> 1 row", "trace: facts    facts of Armenia -> 34 rows",
                "trace: filter   facts of Armenia where relation = member_of -> 2 rows",
            ])
    }

    @Test func columnsAndValuesAreRead() {
        let columns = texts(".explain leader of Armenia with title, since").first ?? ""
        #expect(columns.contains(", showing title and since beside each\n(columns: leader, title, since)"), "\(columns)")
        // Columns a `where` adds are named by the filter already.
        let tested = texts(".explain members of CSTO where status = frozen").first ?? ""
        #expect(!tested.contains("showing"))
        #expect(texts(".explain capital of Armenia") == ["the capital of Armenia\n(columns: capital)"])
        #expect(texts(".explain count capital of countries").first == "the number of distinct values of capital among the countries")
    }

    @Test func aRelationNamedRoleKeepsItsRelationInEveryStage() throws {
        // The built-in base gives no two relations one role noun; a relation of one's own does.
        #expect(run("relation applies_to (applicant, organization)\nfact Armenia applies_to EU").diagnostics.isEmpty)
        let lines = texts(".trace on\nmember_of organizations of Armenia")
        #expect(lines.contains("trace: join     member_of organizations of Armenia -> 2 rows"))
        let plan = try #require(table(".plan member_of organizations of Armenia"))
        #expect(plan.rows[1][2] == .text("member_of organizations of #1, via member_of facts from their member"))
        // Unqualified, the noun is shared: the stages warn as the query does.
        let mixed = run(".explain organizations of Armenia")
        #expect(mixed.diagnostics.map(\.severity) == [.warning])
        #expect(mixed.diagnostics.first?.message.contains("the answer mixes them") == true)
    }
}
