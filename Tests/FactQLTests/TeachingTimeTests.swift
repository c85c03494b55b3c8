import Testing

@testable import FactQL

/// The stage commands under `as of DATE`: what `.plan`, `.trace` and `.explain` show of the time
/// filter must agree with what the interpreter does. (The stage commands on `as of` are also in
/// Tests/Golden/stages-*.fq.)
@Suite struct TeachingTimeTests: StageTesting {
    let session = Session()

    /// How many facts the note of a query says were left out (0 without a note).
    func leftOut(_ query: String) -> Int {
        let notes = run(query).diagnostics.filter { $0.severity == .note && $0.message.contains("left out") }
        return notes.first.flatMap { Int($0.message.prefix { $0.isNumber }) } ?? 0
    }

    /// The number in a step's detail before "left out" (0 when it says nothing of it).
    static func leftOut(in detail: String) -> Int {
        guard let range = detail.range(of: " left out: dates do not settle it)") else { return 0 }
        return Int(detail[..<range.lowerBound].reversed().prefix { $0.isNumber }.reversed().map(String.init).joined()) ?? 0
    }

    static let queries = [
        "members of CSTO as of 2022",
        "members of ICC as of 2024",
        "members of ICC where status = active as of 2024",
        "leaders of members of CSTO as of 2024",
        "leader of Armenia as of 2019",
        "countries where not member of CSTO as of 2022",
        "count members of CSTO as of 2024",
        "why members of ICC as of 2024",
        "facts where date >= 2023 as of 2023-09",
        "facts of Armenia as of 2024",
    ]

    static let questions = [
        "is Armenia a member of CSTO as of 2022",
        "is Armenia a member of ICC as of 2024",
        "is Armenia a member of ICC as of 2023",
        "is Putin a leader of members of CSTO as of 2024",
        "is Armenia in (members of CSTO where status = frozen) as of 2024",
        "is Armenia a member of (organizations where member of CSTO or kind = alliance) as of 2024",
        "why is Armenia a member of ICC as of 2023",
        "is CSTO an organization as of 2022",
    ]

    // MARK: .plan

    /// Each join is followed by a time step; the time step keeps at most the facts the join read,
    /// and with the facts it left out never more than those.
    @Test(arguments: queries)
    func everyJoinHasATimeStepAfterIt(_ query: String) throws {
        let plan = try #require(table(".plan " + query))
        for (index, row) in plan.rows.enumerated() {
            #expect(row[4] != .null, "\(query): step \(index + 1) was not run")
            guard ["join", "scan"].contains(row[1].displayText) else { continue }
            let next = plan.rows[index + 1]
            #expect(next[1] == .text("time"), "\(query): step \(index + 2)")
            let date = query.components(separatedBy: " as of ").last ?? ""
            #expect(next[2].displayText.hasPrefix("#\(index + 1) as of \(date): facts known to hold then"))
            guard case .integer(let read) = row[4], case .integer(let kept) = next[4] else { continue }
            #expect(kept + Self.leftOut(in: next[2].displayText) <= read, "\(query): step \(index + 2)")
        }
        #expect(plan.rows.contains { $0[1] == .text("time") })
    }

    /// The facts the plan says it left out are those the query's note counts, for a single join.
    @Test func theTimeStepLeavesOutWhatTheNoteSays() throws {
        for query in ["members of CSTO as of 2022", "facts where date >= 2023 as of 2023-09", "leader of Armenia as of 2019"] {
            let plan = try #require(table(".plan " + query))
            let time = try #require(plan.rows.first { $0[1] == .text("time") })
            #expect(Self.leftOut(in: time[2].displayText) == leftOut(query), "\(query)")
        }
        #expect(leftOut("members of CSTO as of 2022") == 6)
    }

    /// The join's facts are counted before the time filter: as many as without `as of`.
    @Test func theJoinCountsEveryFactItReads() throws {
        let timed = try #require(table(".plan members of CSTO as of 2022"))
        let plain = try #require(table(".plan members of CSTO"))
        #expect(timed.rows.map { $0[1].displayText } == ["look-up", "join", "time", "output"])
        #expect(timed.rows[1][2] == plain.rows[1][2])
        #expect(timed.rows[1][4] == plain.rows[1][4])
        #expect(timed.rows[1][3] == plain.rows[1][3])
        #expect(timed.rows[2][2] == .text("#2 as of 2022: facts known to hold then (6 left out: dates do not settle it)"))
        #expect(timed.rows[2][4] == .integer(0))
        // Estimated from the share of member_of facts with a since or a date: 1 in 7 of the join's 10.
        #expect(timed.rows[2][3] == .integer(1))
        #expect(timed.rows[3][2] == .text("distinct rows (member) of #3, sorted"))
    }

    /// `not` of unknown is unknown: the negation keeps only those known to be outside the set.
    @Test func aNegationUnderAsOfShowsWhoMayBeInTheSet() throws {
        let plan = try #require(table(".plan countries where not member of CSTO as of 2022"))
        #expect(plan.rows.map { $0[1].displayText } == ["look-up", "look-up", "join", "time", "time", "negation", "output"])
        #expect(plan.rows[4][2] == .text("#4 again, letting in the facts whose dates do not settle it: who may be in it then"))
        #expect(plan.rows[5][2] == .text("#1 where not member of CSTO (#4; unknown if only in #5); unknown does not pass"))
        let answer = try #require(table("countries where not member of CSTO as of 2022"))
        #expect(plan.rows[5][4] == .integer(answer.rows.count))
        // Every country, less those that may be members of the CSTO then.
        #expect(plan.rows[5][4] == .integer(10 - 6))
    }

    @Test func aCountPerGroupRunsItsTimeStepPerGroup() throws {
        let plan = try #require(table(".plan count members of each organization as of 2024"))
        #expect(plan.rows.map { $0[1].displayText } == ["look-up", "look-up", "join", "time", "count"])
        // Over all the groups: every member_of fact read, Armenia's membership of the ICC kept.
        #expect(plan.rows[2][4] == .integer(7))
        #expect(plan.rows[3][4] == .integer(1))
    }

    /// The step the answer reads has rows exactly when the answer is yes (not when it is unknown).
    @Test(arguments: questions)
    func aQuestionsPlanUnderAsOfAgreesWithItsAnswer(_ question: String) throws {
        let plan = try #require(table(".plan " + question))
        let detail = try #require(plan.rows.last?[2].displayText)
        #expect(detail.contains("; else unknown if facts whose dates do not settle it could give one, else no"))
        let reference = try #require(detail.split(separator: " ").first { $0.hasPrefix("#") })
        let step = try #require(Int(reference.dropFirst()))
        let answer = try #require(verdict(question))
        guard case .integer(let rows) = plan.rows[step - 1][4] else {
            Issue.record("step \(step) of \(question) has no actual count")
            return
        }
        #expect((rows > 0) == (answer == true), "\(question): step \(step) gave \(rows) rows")
        for (index, row) in plan.rows.enumerated() {
            #expect(row[4] != .null, "\(question): step \(index + 1) was not run")
        }
    }

    @Test func aQuestionsTimeStepComesAfterTheTestOfTheOtherEnd() throws {
        let plan = try #require(table(".plan is Armenia a member of CSTO as of 2022"))
        #expect(plan.rows.map { $0[1].displayText } == ["look-up", "join", "test", "time", "answer"])
        #expect(
            plan.rows[3][2]
                == .text("the facts of #2 whose other end passed #3, as of 2022: those known to hold then (1 left out: dates do not settle it)"))
        #expect(plan.rows.map { $0[4] } == [.integer(1), .integer(2), .integer(1), .integer(0), .integer(1)])
        #expect(verdict("is Armenia a member of CSTO as of 2022") == .some(nil))
        // A kind is no fact: nothing for the date to keep.
        let kind = try #require(table(".plan is CSTO an organization as of 2022"))
        #expect(!kind.rows.contains { $0[1] == .text("time") })
    }

    // MARK: .trace

    @Test func traceSaysAsOfAndWhatEachStepLeftOut() {
        let lines = texts(".trace on\nmembers of CSTO as of 2022")
        #expect(
            lines == [
                "trace: look-up  CSTO -> 1 row",
                "trace: join     members of CSTO as of 2022 (6 left out: dates do not settle it) -> 0 rows",
            ])
        let kept = texts(".trace on\nmembers of ICC as of 2024")
        #expect(kept.last == "trace: join     members of ICC as of 2024 -> 1 row")
    }

    /// A question that finds no fact known to hold asks again with the unsettled facts let in.
    @Test func traceShowsAQuestionAskingAgainForUnknown() {
        let lines = texts(".trace on\nis Armenia a member of CSTO as of 2022")
        #expect(
            lines == [
                "trace: test     Armenia in member of CSTO as of 2022 (1 left out: dates do not settle it) -> 0 rows",
                "trace: test     Armenia in member of CSTO as of 2022, letting in facts whose dates do not settle it -> 1 row",
            ])
    }

    @Test func traceOfANegationShowsBothReadingsOfTheSet() {
        let lines = texts(".trace on\ncountries where not member of CSTO as of 2022")
        #expect(lines.contains("trace: join     member of CSTO as of 2022 (6 left out: dates do not settle it) -> 0 rows"))
        #expect(lines.contains("trace: join     member of CSTO as of 2022, letting in facts whose dates do not settle it -> 6 rows"))
        #expect(lines.last == "trace: negation countries where not member of CSTO as of 2022 -> 4 rows")
        // Look-ups read no facts: the date does not bear on them.
        #expect(lines.first == "trace: look-up  countries -> 10 rows")
    }

    @Test func traceOfFactsAndGroupsUnderAsOf() {
        let facts = texts(".trace on\nfacts where date >= 2023 as of 2023-09")
        #expect(
            facts == [
                "trace: facts    facts as of 2023-09 (76 left out: dates do not settle it) -> 7 rows",
                "trace: filter   facts where date >= 2023 as of 2023-09 -> 2 rows",
            ])
        let groups = texts(".trace on\ncount members of each organization as of 2024")
        #expect(
            groups.contains(
                "trace: join     members of each (organizations) as of 2024 (6 left out: dates do not settle it), for the group CSTO -> 0 rows"))
        #expect(groups.contains("trace: join     members of each (organizations) as of 2024, for the group ICC -> 1 row"))
    }

    // MARK: .explain, .ast

    @Test(arguments: queries + questions)
    func everyFormIsReadAsItStoodOnTheDate(_ statement: String) throws {
        let text = try #require(texts(".explain " + statement).first)
        let date = statement.components(separatedBy: " as of ").last ?? ""
        #expect(text.contains(", as it stood on \(date) (only facts known to hold then)"), "\(text)")
    }

    @Test func aQuestionUnderAsOfMayBeUnknown() {
        #expect(
            texts(".explain is Armenia a member of CSTO as of 2022") == [
                "whether Armenia is in role member of a member_of fact whose organization is CSTO, as it stood on 2022 "
                    + "(only facts known to hold then): yes, no, or unknown when only facts whose dates do not settle it could make it yes"
            ])
    }

    @Test func theTreeAndTheTokensShowTheDateWhereItIsWritten() throws {
        let tree = try #require(texts(".ast members of ICC as of 2023-09").first)
        let line = try #require(tree.split(separator: "\n").first { $0.contains("as of:") })
        #expect(line.hasPrefix("  as of: date 2023-09 ") && line.hasSuffix(" 1:21-1:34"), "\(tree)")
        let tokens = try #require(table(".tokens members of ICC as of 2023-09"))
        #expect(tokens.rows.suffix(4).map { $0[0].displayText } == ["keyword", "keyword", "date", "end of input"])
        #expect(tokens.rows[3][2] == .text("1:24-1:26"))
    }
}
