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
        "CSTO", "leaders of countries", "attacked of aggressors of Armenia",
        // Comparisons on symbols, strings, numbers, dates, entities.
        "members of CSTO where status = frozen", "members of CSTO where status = \"frozen\"",
        "members of CSTO where status = FROZEN", "members of CSTO where status != frozen",
        "members of CSTO where status < frozen", "members of CSTO where status >= active",
        "countries where capital = \"Yerevan\"", "countries where capital = \"yerevan\"", "countries where capital = yerevan",
        "countries where capital < \"N\"", "members of ICC where other_members > 100", "members of ICC where other_members = 123.0",
        "members of ICC where other_members <= 122.5", "members of ICC where since >= 2024", "members of ICC where since = 2024",
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

    /// Version 2: `with` columns (empty cells for missing values), attribute values, yes/no,
    /// counts per group (with groups of 0), facts as rows, relation-named roles, and missing
    /// values last in both directions.
    static let versionTwoQueries = [
        // with
        "members of ICC with since", "members of CSTO with status, since", "leader of Armenia with title, since",
        "CSTO with description", "countries with capital", "countries with capital order by capital desc",
        "members of CSTO with capital order by capital", "members of organizations with since order by since desc limit 3",
        "members of CSTO where status = frozen with since", "leaders of countries with title order by title desc",
        "members of organizations with other_members, since order by other_members desc", "why members of CSTO with status limit 2",
        // An attribute's values.
        "capital of Armenia", "capital of Belarus", "capital of countries", "capital of (members of CSTO)", "count capital of countries",
        "count capital of Belarus", "since of (members of ICC)", "status of (members of CSTO) order by status desc",
        "title of leaders of countries", "name of members of CSTO", "\"kind\" of organizations", "count \"kind\" of organizations",
        "capital of countries order by capital desc limit 1", "since of members of organizations order by since desc limit 4",
        // Yes or no.
        "is Belarus a member of CSTO", "is Armenia a member of EU", "is Armenia in (members of CSTO where status = frozen)",
        "is Russia in (members of CSTO where status = frozen)", "is CSTO an organization", "is CSTO a country", "is CSTO alliances",
        "is Armenia in Armenia", "is US a member of ICC", "is Armenia a partner of Russia", "is Putin a leader of Russia",
        "is \"Vladimir Putin\" an obligor of people", "is Armenia in (countries where not member of CSTO)",
        // Counts per group.
        "count members of each organization", "count members of each (organizations where kind = alliance)",
        "count members of each organization order by count desc", "count members of each organization order by count desc limit 2",
        "count members of each organization where status = frozen", "count leaders of members of each organization",
        "count members of each country", "count partners of each country order by country desc", "count organizations of each (members of CSTO)",
        "count members of each organizations order by organization desc limit 3", "count member_of members of each organization",
        "count members of each (CSTO)", "count leaders of each country where since >= 2018 order by count",
        // Facts as rows.
        "facts of Armenia", "facts of CSTO", "facts where date >= 2023-09", "facts where relation = member_of",
        "facts where relation != member_of and subject = Armenia", "facts where object = CSTO", "facts where subject in (Armenia, Russia)",
        "facts where relation contains \"member\"", "facts of Armenia where status = frozen", "facts of Armenia with since",
        "facts of Armenia order by since desc", "facts of (members of CSTO) where since >= 2020 limit 3", "count facts of Armenia",
        "count facts", "count facts where relation = member_of", "facts where not object = CSTO limit 5",
        "facts where subject = \"Nikol Pashinyan\"", "facts where subject = Pashinyan", "facts where object < Armenia",
        "facts of Armenia with since, status order by status desc", "facts where relation in (leads, ties_with) order by relation desc",
        "facts where object contains \"ar\" order by object", "facts of Belarus where date >= 2030",
        // Relation-named roles.
        "member_of organizations of Armenia", "seeks_to_join sought of Armenia", "count member_of organizations of Armenia",
        "countries where member_of member of CSTO", "member_of organizations of Armenia with status, since",
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

    /// Version 2 forms on the corner-case base of the random test (mixed types in one
    /// attribute, a symmetric relation with two role names, aliases as values, non-ASCII names).
    static let cornerCaseQueries = [
        // `since` mixes years and dates, and other attributes mix years with small numbers: the
        // order must be that of the column's own values.
        "facts order by since desc", "facts order by since", "since of members of clubs order by since desc",
        "residents of cities with since, rank order by rank desc", "facts of Paris", "facts where subject = Lutetia",
        "facts where object = \"île-de-france\"", "facts where relation = twinned", "elders of Lyon with since",
        "count elders of each city", "count residents of each (places where rank > 1)", "is Lyon an elder of Paris",
        "is Lyon a younger of Paris", "is Paris a region", "is \"City of Light\" in cities", "rank of places order by rank desc",
        "count rank of places", "patron of founders of clubs", "facts where patron = Paris", "facts where rank = 1.5 with rank",
    ]

    @Test func cornerCaseQueriesAgree() throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "corners", text: SQLRandomQueryTests.cornerCases)) { _ in })
        let differential = SQLDifferential(session: session)
        for query in Self.cornerCaseQueries {
            #expect(differential.add(query), "FactQL rejected: \(query)")
        }
        try differential.flush()
        #expect(differential.compared == Self.cornerCaseQueries.count)
        for mismatch in differential.mismatches { Issue.record("\(mismatch)") }
    }

    @Test func versionTwoQueriesAgree() throws {
        let differential = SQLDifferential(session: Session())
        for query in Self.versionTwoQueries {
            #expect(differential.add(query), "FactQL rejected: \(query)")
        }
        try differential.flush()
        #expect(differential.compared == Self.versionTwoQueries.count)
        #expect(differential.withAnswers >= 60, "queries with answers: \(differential.withAnswers)")
        for mismatch in differential.mismatches { Issue.record("\(mismatch)") }
    }
}
