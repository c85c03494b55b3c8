import Foundation
import Testing

@testable import FactQL

/// The SQL of the deepest and widest queries FactQL accepts, of every shape, runs in the real
/// sqlite3 and gives FactQL's rows: chains of `and`, `or` and `where` as long as the parser takes
/// (`Parser.chainLimit`), brackets, `not` and `of` chains as deep (`Parser.nestingLimit`), `in`
/// lists of a thousand values, and a step reading 255 attributes. SQLite's own limits are a
/// parser stack of 100 entries, expressions 1,000 deep, 64 tables in a join, 200 terms in a FROM,
/// 500 branches in a UNION and 65,535 references to a table; the SQL stays within all of them.
@Suite struct SQLLimitTests {
    static let chain = Parser.chainLimit - 1
    static let depth = Parser.nestingLimit - 1

    static func repeated(_ part: String, _ count: Int, separator: String) -> String {
        Array(repeating: part, count: count).joined(separator: separator)
    }

    /// As a user runs them: `factql -e '.sql QUERY' | sqlite3` on the command-line dump, against
    /// `factql --format csv -e QUERY`, header included: chains of `and` and of `where`, brackets
    /// alternating `and` and `or`, `in` with 1,000 values, 63 hops of `partners`, per group too.
    @Test(arguments: [0, 3, 8, 11, 14, 15])
    func throughTheCommandLine(_ index: Int) throws {
        let query = Self.articleQueries[index]
        let dump = try BinaryRunner.run(["-e", ".dump sql"])
        let database = try SQLiteOracle.database(from: dump.standardOutput)
        defer { try? FileManager.default.removeItem(at: database) }
        let translation = try BinaryRunner.run(["-e", ".sql " + query])
        #expect(translation.status == 0, "\(translation.standardError.prefix(300))")
        let sqlite = try SQLiteOracle.sqlite3(["-batch", "-csv", "-header", database.path], input: translation.standardOutput)
        #expect(sqlite.status == 0 && sqlite.error.isEmpty, "\(sqlite.error.prefix(300))")
        let factQL = try BinaryRunner.run(["--format", "csv", "-e", query])
        #expect(factQL.status == 0)
        let expected = SQLDifferentialTests.csvRecords(factQL.standardOutput)
        #expect(expected.count >= 2)
        #expect(SQLDifferentialTests.csvRecords(sqlite.output) == expected)
    }

    /// On the article's base.
    static let articleQueries: [String] = [
        // Chains as long as the parser takes, of one operator and of both.
        "countries where " + repeated("name != X", chain, separator: " and "),
        "countries where " + repeated("name = Armenia", chain, separator: " or "),
        "countries where " + (0..<chain).map { $0 % 2 == 0 ? "name != X" : "name = Russia" }.joined(separator: " and ")
            .replacingOccurrences(of: "and name = Russia and", with: "or name = Russia or"),
        "countries" + String(repeating: " where name != X", count: chain),
        "members of CSTO" + String(repeating: " where status != suspended", count: chain - 1) + " with since",
        // Brackets and `not` as deep as they go, alternating operators at every level.
        "countries where " + String(repeating: "(", count: depth) + "member of CSTO" + String(repeating: ")", count: depth),
        "countries where " + String(repeating: "not ", count: depth - 1) + "member of CSTO",
        "countries where " + String(repeating: "not ", count: depth) + "member of CSTO",
        "countries where " + (0..<depth).map { "(name != X \($0 % 2 == 0 ? "and" : "or") " }.joined() + "name != Y"
            + String(repeating: ")", count: depth),
        "countries where " + (0..<depth).map { "(name != Russia \($0 % 2 == 0 ? "or" : "and") " }.joined() + "member of CSTO"
            + String(repeating: ")", count: depth),
        "countries where " + (0..<depth / 2).map { "not (name = X \($0 % 2 == 0 ? "and" : "or") " }.joined() + "name = Y"
            + String(repeating: ")", count: depth / 2),
        // `in` with a thousand values, and `not in`.
        "countries where name in (" + (0..<1000).map { "X\($0)" }.joined(separator: ", ") + ", Armenia, \"U.S.\")",
        "countries where name not in (" + (0..<1000).map { "X\($0)" }.joined(separator: ", ") + ", Armenia)",
        // `of` chains as deep as they go: one relation, a symmetric one read both ways (each step
        // names the one before once), and per group.
        String(repeating: "members of ", count: depth) + "CSTO",
        String(repeating: "partners of ", count: depth) + "Armenia",
        "count " + String(repeating: "partners of ", count: depth - 1) + "each country",
        "facts of (" + String(repeating: "partners of ", count: depth - 2) + "Armenia)",
        // Under `as of` too.
        "countries" + String(repeating: " where name != X", count: chain) + " as of 2020",
        String(repeating: "partners of ", count: depth) + "Armenia as of 2024",
        String(repeating: "organizations of members of ", count: depth / 2) + "organizations of Armenia as of 2024",
        "count " + String(repeating: "partners of ", count: depth - 1) + "each country as of 2024",
        "is Armenia in (" + String(repeating: "partners of ", count: depth - 1) + "Armenia) as of 2024",
        // Role tests under `as of` are three-valued (CASE ... END in SQL), nested as deep.
        "countries where " + (0..<depth).map { "(member of CSTO \($0 % 2 == 0 ? "or" : "and") " }.joined() + "member of ICC"
            + String(repeating: ")", count: depth) + " as of 2024",
        "countries where " + (0..<depth / 2).map { "not (member of CSTO \($0 % 2 == 0 ? "and" : "or") " }.joined()
            + "member of ICC" + String(repeating: ")", count: depth / 2) + " as of 2024",
        "is Armenia in (countries where " + (0..<depth - 1).map { "(member of CSTO \($0 % 2 == 0 ? "or" : "and") " }.joined()
            + "member of ICC" + String(repeating: ")", count: depth - 1) + ") as of 2024",
    ]

    @Test func theDeepestArticleQueriesAgree() throws {
        let differential = SQLDifferential(session: Session())
        for query in Self.articleQueries {
            #expect(differential.add(query), "FactQL rejected: \(query.prefix(80))")
        }
        try differential.flush()
        #expect(differential.compared == Self.articleQueries.count)
        // All have answers but the chain of `members of`, the undated partners `as of 2024` and
        // the alternating role tests `as of 2024` (no country is known to be in CSTO then).
        #expect(differential.withAnswers == Self.articleQueries.count - 3)
        for mismatch in differential.mismatches { Issue.record("\(String(describing: mismatch).prefix(2000))") }
    }

    /// `in (...)` of a thousand values of every type on one attribute holding years, months,
    /// days, decimals, booleans, strings, symbols and entities (the corner-case base).
    static let longInQueries: [String] = {
        var values: [String] = []
        for index in 0..<1000 {
            switch index % 10 {
            case 0: values.append(String(1900 + index / 10))
            case 1: values.append("20\(10 + index % 20)-0\(1 + index % 9)")
            case 2: values.append("20\(10 + index % 20)-0\(1 + index % 9)-1\(index % 10)")
            case 3: values.append("\(index / 10).5")
            case 4: values.append(index % 20 == 4 ? "true" : "false")
            case 5: values.append("\"Word \(index)\"")
            case 6: values.append("word\(index)")
            default: values.append(String(index - 500))
            }
        }
        // The values the base holds, among them.
        values += ["2019-05", "2020", "2021-02-03", "2015", "1.5", "HIGH", "\"High\"", "Lutetia", "true", "2024-01", "2.5"]
        let list = values.joined(separator: ", ")
        return [
            "facts where since in (\(list))", "facts where since not in (\(list))", "places where rank in (\(list))",
            "places where rank not in (\(list))", "people where rank in (\(list)) with born", "facts where rank in (\(list))",
            "residents of cities where since in (2019, 2020-06, 2019-05-17, 2018-05-01)",
            "facts where date in (2018-05-17, 2019-05, 2020)", "facts where patron in (Paris, \"city of light\", \"CITY\")",
        ]
    }()

    @Test func longInListsOfEveryTypeAgree() throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "corners", text: SQLRandomQueryTests.cornerCases)) { _ in })
        let queries = Self.longInQueries
        let differential = SQLDifferential(session: session)
        for query in queries {
            #expect(differential.add(query), "FactQL rejected: \(query.prefix(80))")
        }
        try differential.flush()
        #expect(differential.compared == queries.count)
        #expect(differential.withAnswers >= queries.count - 1)
        for mismatch in differential.mismatches { Issue.record("\(String(describing: mismatch).prefix(2000))") }
    }

    /// A base with 255 attributes on its entities and facts, for steps reading them all.
    static let wideBase: String = {
        let attributes = 0..<255
        var lines = ["kind thing", "relation near (near, far)"]
        lines.append("entity A : thing { " + attributes.map { "a\($0): \($0)" }.joined(separator: ", ") + " }")
        lines.append("entity B : thing { " + attributes.map { "a\($0): \($0 + 1)" }.joined(separator: ", ") + " }")
        lines.append("entity C : thing { a7: 7, a200: 2020-06 }")
        lines.append("fact A near B { " + attributes.filter { $0 % 2 == 0 }.map { "a\($0): \($0)" }.joined(separator: ", ") + " }")
        lines.append("fact C near A { a2: 2, a4: \"four\" }")
        return lines.joined(separator: "\n")
    }()

    static let wideQueries: [String] = {
        let indices = Array(0..<Self.chain)
        let all: [String] = indices.map { index in "a\(index)" }
        let equal: [String] = indices.map { index in "a\(index) = \(index)" }
        let unequal: [String] = indices.map { index in "a\(index) != \(index + 7)" }
        let evenEqual: [String] = indices.filter { $0 % 2 == 0 }.map { index in "a\(index) = \(index)" }
        let columns = all.joined(separator: ", ")
        var queries: [String] = []
        queries.append("things where " + equal.joined(separator: " or "))
        queries.append("things where " + unequal.joined(separator: " and "))
        queries.append("things where " + unequal.joined(separator: " where "))
        queries.append("things with " + columns)
        queries.append("things with " + columns + " order by a200 desc limit 2")
        queries.append("nears of (things where a7 = 7) with " + columns)
        queries.append("facts where " + evenEqual.joined(separator: " or "))
        queries.append("facts with " + indices.filter { $0 % 2 == 0 }.map { index in "a\(index)" }.joined(separator: ", "))
        // At the limit of joins in one step and one past it.
        queries.append("things with " + all.prefix(SQLRowJoins.joinLimit).joined(separator: ", ") + " order by a3")
        queries.append("things with " + all.prefix(SQLRowJoins.joinLimit + 1).joined(separator: ", ") + " order by a3")
        queries += [
            "count a200 of things", "things where a200 in (200, 2020, 201) with a7",
            "things where a4 not in (4, 5) and a4 contains \"ou\" or a200 >= 2020",
        ]
        return queries
    }()

    @Test func stepsReadingManyAttributesAgree() throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "wide", text: Self.wideBase)) { _ in })
        let queries = Self.wideQueries
        let differential = SQLDifferential(session: session)
        for query in queries {
            #expect(differential.add(query), "FactQL rejected: \(query.prefix(80))")
        }
        try differential.flush()
        #expect(differential.compared == queries.count)
        for mismatch in differential.mismatches { Issue.record("\(String(describing: mismatch).prefix(2000))") }
    }

    /// Distinct rows are a GROUP BY of two terms per attribute shown, and SQLite groups by at
    /// most 2,000: `with` 999 attributes is the widest `.sql` writes (sqlite3 takes it, in about
    /// 10 s, so `stepsReadingManyAttributesAgree` runs 254), and one more is refused.
    @Test func theWidestResultIsWrittenAndOneMoreIsRefused() throws {
        let attributes = (0..<1000).map { "a\($0)" }
        let facts = ["kind thing", "entity A : thing { " + attributes.map { "\($0): 1" }.joined(separator: ", ") + " }"]
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "widest", text: facts.joined(separator: "\n"))) { _ in })
        session.factBase.prepareIndexes()
        func translate(_ count: Int) throws -> Result<String, Diagnostic> {
            var parser = Parser(source: SourceFile(name: nil, text: "things with " + attributes.prefix(count).joined(separator: ", ")))
            guard case .query(let query)? = parser.parseScript().first else { return .success("") }
            let plan = try Analyzer(factBase: session.factBase).plan(query)
            do throws(Diagnostic) {
                return .success(try SQLTranslator(factBase: session.factBase).translate(plan))
            } catch {
                return .failure(error)
            }
        }
        let widest = try translate(999).get()
        let grouping = try #require(widest.components(separatedBy: "\nGROUP BY ").last?.components(separatedBy: "\nORDER BY ").first)
        // e.name, e.folded, and each attribute's text and rank.
        #expect(grouping.hasPrefix("e.name, e.folded, (SELECT v.display"))
        #expect(grouping.components(separatedBy: "(SELECT v.display ").count - 1 == 999)
        #expect(grouping.components(separatedBy: "(SELECT v.sort_rank ").count - 1 == 999)
        guard case .failure(let error) = try translate(1000) else {
            Issue.record("1000 attributes were written")
            return
        }
        #expect(error.message == ".sql cannot write this query for SQLite: it would group its rows by 2002 terms (at most 2000)")
    }

    /// Role tests under `as of` name their set twice (what is known, what could hold), so SQLite
    /// copies the steps of nested ones 2^n times; `.sql` writes the deepest it takes and refuses
    /// the next with an error that says why.
    static func nestedRoleTests(_ levels: Int) -> String {
        "countries where " + String(repeating: "member of (organizations where ", count: levels) + "name != X"
            + String(repeating: ")", count: levels) + " as of 2024"
    }

    @Test func nestedRoleTestsUnderAsOfAgreeUpToTheCopyLimit() throws {
        let differential = SQLDifferential(session: Session())
        for levels in [1, 2, 5, 13] {
            #expect(differential.add(Self.nestedRoleTests(levels)), "FactQL rejected \(levels) levels")
        }
        let question = "is Armenia in (" + Self.nestedRoleTests(12).replacingOccurrences(of: " as of 2024", with: ") as of 2024")
        #expect(differential.add(question))
        try differential.flush()
        #expect(differential.compared == 5)
        for mismatch in differential.mismatches { Issue.record("\(String(describing: mismatch).prefix(2000))") }

        let outcome = try BinaryRunner.run(["-e", ".sql " + Self.nestedRoleTests(14)])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.hasPrefix("error: .sql cannot write this query for SQLite: it would copy its steps"))
        #expect(outcome.standardError.contains("(at most 65535)"))
        #expect(outcome.standardError.contains("nest fewer role tests under 'as of'"))
        // The query itself runs.
        let answered = try BinaryRunner.run(["-e", Self.nestedRoleTests(14)])
        #expect(answered.status == 0)
    }

    /// The shapes of the SQL that keep it flat.
    @Test func theSQLStaysFlat() throws {
        let session = Session()
        session.factBase.prepareIndexes()
        func sql(_ query: String) throws -> String {
            var parser = Parser(source: SourceFile(name: nil, text: query))
            guard case .query(let parsed)? = parser.parseScript().first else { return "" }
            return try SQLTranslator(factBase: session.factBase).translate(try Analyzer(factBase: session.factBase).plan(parsed))
        }
        // An `and` chain is one list, without brackets inside brackets.
        let chain = try sql("countries where name != X and name != Y and name != Z")
        #expect(chain.contains("WHERE e.folded <> 'x' AND e.folded <> 'y' AND e.folded <> 'z'"))
        // `not not` is gone; an odd chain is one `NOT IN`.
        #expect(try sql("countries where not not not member of CSTO").contains("s.entity NOT IN (SELECT entity FROM"))
        // `in` is an SQL IN list.
        #expect(try sql("members of CSTO where status in (frozen, suspended, \"x\")").contains("IN ('frozen', 'suspended', 'x')"))
        // `where` after `where` is one step.
        let wheres = try sql("countries where name != X where name != Y where member of CSTO")
        #expect(wheres.components(separatedBy: " AS (").count == 4)
        // A symmetric relation read both ways names the step before once.
        let partners = try sql("partners of partners of Armenia")
        #expect(partners.components(separatedBy: "FROM partners_1").count == 2)
        #expect(partners.contains("JOIN (SELECT DISTINCT entity FROM partners_1) src ON src.entity = n.other"))
        // The deepest part of a deeply nested list goes first.
        let deep = try sql(Self.articleQueries[8])
        #expect(deep.contains("WHERE ((((((((((((((("))
        #expect(!deep.contains("(((((((((((((((((((((((((((((((((("))
        let profile = SQLConditionList.bracketProfile("(a = '(((' AND (b)) OR \"(\"")
        #expect(profile.depth == 2 && profile.hasTopLevelOr)
        #expect(!SQLConditionList.bracketProfile("(a OR b) AND c = ' OR '").hasTopLevelOr)
    }
}
