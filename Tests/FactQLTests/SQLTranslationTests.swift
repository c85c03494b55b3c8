import Foundation
import Testing

@testable import FactQL

/// The translation, query form by query form and operator by operator, checked against FactQL on
/// SQLite; and what the SQL looks like where its shape matters (readable steps, portable syntax).
@Suite struct SQLTranslationTests {
    /// Every query form, every operator, every value type of the article's base.
    static let directedQueries = [
        // Navigation: singular and plural nouns, chains, kinds, symmetric relations, aliases.
        "members of CSTO", "member of \"Collective Security Treaty Organization\"", "leaders of members of CSTO",
        "organizations of Armenia", "partners of Armenia", "partners of countries", "organizations", "people",
        "CSTO", "leaders of countries", "targets of aggressors of Armenia",
        // Comparisons on symbols, strings, numbers, dates, entities.
        "members of CSTO where status = frozen", "members of CSTO where status = \"frozen\"",
        "members of CSTO where status = FROZEN", "members of CSTO where status != frozen",
        "members of CSTO where status < frozen", "members of CSTO where status >= active",
        "countries where capital = \"Yerevan\"", "countries where capital = \"yerevan\"", "countries where capital = yerevan",
        "countries where capital < \"N\"", "organizations where members_count > 100", "organizations where members_count = 124.0",
        "organizations where members_count <= 123.5", "members of ICC where since >= 2024", "members of ICC where since = 2024",
        "members of ICC where since = 2024-01", "members of ICC where since = 2024-01-31", "members of ICC where since > 2024-01",
        "members of ICC where since != 2024-02", "members of ICC where since < 2025", "leaders of countries where since < 2020",
        "leaders of countries where since = 2018-06", "obligors of people where basis = ICC",
        "obligors of people where basis = \"International Criminal Court\"", "obligors of people where basis != \"International Criminal Court\"",
        "obligors of people where basis < \"International Criminal Court\"", "obligors of people where basis > \"International Criminal Court\"",
        "members of CSTO where since = frozen", "members of CSTO where since != frozen", "members of ICC where status = 2024",
        // in, not in, contains.
        "members of CSTO where status in (frozen, suspended)", "members of CSTO where status not in (active)",
        "members of organizations where since not in (frozen)", "leaders of countries where title contains \"minister\"",
        "leaders of countries where title contains \"\"", "members of ICC where since contains \"-0\"",
        "countries where name contains \"ar\"", "countries where name in (armenia, \"RUSSIA\", US)",
        // Kinds, names, role tests, negation, and/or.
        "organizations where kind = alliance", "organizations where kind != alliances", "organizations where kind in (alliance, country)",
        "organizations where kind not in (alliance)", "countries where kind contains \"count\"", "organizations where kind contains \"ALL\"",
        "countries where not member of CSTO", "countries where member of CSTO and not capital = \"Yerevan\"",
        "countries where capital = \"Yerevan\" or capital = \"Moscow\"", "members of CSTO where not (capital = \"Yerevan\" or status = active)",
        "countries where not not member of CSTO", "countries where name = US", "countries where name = \"U.S.\"",
        "people where name != Putin", "people where name < Putin",
        // count, order by, limit, why.
        "count members of CSTO", "count countries where not member of CSTO", "count leaders of countries",
        "members of CSTO order by name desc", "members of CSTO order by status", "members of organizations order by since desc",
        "members of organizations order by since limit 2", "members of CSTO limit 0", "members of CSTO where status = active limit 3",
        "members of CSTO order by kind", "leaders of countries order by title desc limit 1",
        "why members of CSTO where status = frozen", "why partners of Armenia", "why countries limit 2", "why leaders of members of CSTO",
    ]

    @Test func directedQueriesAgree() throws {
        let differential = SQLDifferential(session: Session())
        for query in Self.directedQueries {
            #expect(differential.add(query), "FactQL rejected: \(query)")
        }
        try differential.flush()
        #expect(differential.compared == Self.directedQueries.count)
        for mismatch in differential.mismatches { Issue.record("\(mismatch)") }
    }
}
