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
        // `rank` mixes whole numbers, decimals, a date, a boolean, symbols and strings: `limit`
        // must cut the one order at the same place.
        "places with rank order by rank limit 3", "places with rank order by rank desc limit 3", "rank of places order by rank limit 4",
        "people with rank order by rank desc limit 1", "facts order by rank desc limit 2", "count rank of people",
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

    /// One total order over every type on both sides: the same rows in SQLite, `order by ...
    /// limit` included, however the values were declared (ValueComparisonTests.mixedValues).
    @Test(arguments: [false, true])
    func mixedTypeOrderAgrees(_ reversed: Bool) throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "mixed", text: ValueComparisonTests.mixedValues(reversed: reversed))) { _ in })
        let differential = SQLDifferential(session: session)
        var queries = ValueComparisonTests.mixedQueries
        for limit in [1, 5, 11, 12, 13, 20] {
            queries += ["things with v order by v limit \(limit)", "things with v order by v desc limit \(limit)",
                        "v of things order by v desc limit \(limit)", "facts order by v limit \(limit)"]
        }
        for query in queries {
            #expect(differential.add(query), "FactQL rejected: \(query)")
        }
        try differential.flush()
        #expect(differential.compared == queries.count)
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

    /// `as of` on the article: memberships with `since`, events with `date`, undated ties left out.
    static let articleTimeQueries = [
        "members of CSTO as of 2020", "members of ICC as of 2023", "members of ICC as of 2024-01", "members of ICC as of 2024",
        "leaders of countries as of 2019", "leaders of countries as of 2017", "partners of Armenia as of 2022",
        "countries where not member of CSTO as of 2024", "countries where not member of ICC as of 2023",
        "countries where member of ICC or not member of CSTO as of 2024-02", "members of CSTO with status, since as of 2024",
        "capital of (members of CSTO) as of 2024", "count members of each organization as of 2023", "why members of ICC as of 2024",
        "facts as of 2023-09", "facts where date = 2023-09 as of 2023", "facts of Armenia as of 2024 order by since desc",
        "count facts as of 2018", "is Armenia a member of ICC as of 2023", "is Armenia a member of ICC as of 2024-02",
        "is Armenia a member of CSTO as of 2020", "is France a partner of Armenia as of 2020",
        "is Armenia in (countries where not member of ICC) as of 2023", "is Armenia a country as of 1900",
    ]

    /// A small base with facts dated every way: both bounds, `since` only, `until` only, no dates,
    /// events on a year, a month and a day, a symmetric relation, quoted citations.
    static let timeline = """
        source t1 "Ann led Land from 2010 to 2018, when Bob took over in May."
        kind person plural people
        kind country
        kind organization
        entity Ann : person
        entity Bob : person
        entity Cy : person
        entity Land : country
        entity Isle : country
        entity Moor : country
        entity Club : organization
        entity Team : organization
        relation leads (leader, led)
        relation member_of (member, organization)
        relation attacked (attacker, target)
        relation allied_with (ally, ally) symmetric
        fact Ann leads Land { since: 2010, until: 2018 } cites t1 "from 2010 to 2018"
        fact Bob leads Land { since: 2018-05 } cites t1 "Bob took over in May"
        fact Cy leads Isle { until: 2018-05 }
        fact Land member_of Club { since: 2020-01 }
        fact Land member_of Team
        fact Isle member_of Club { since: 2015, until: 2018-05 }
        fact Moor member_of Team { since: 2018-05-10, until: 2019 }
        fact Bob attacked Ann { date: 2019-03 } cites t1
        fact Cy attacked Moor { date: 2018 }
        fact Moor attacked Isle { date: 2018-05-17 }
        fact Land allied_with Isle { since: 2017 }
        fact Moor allied_with Land
        """

    /// On `timeline`: each kind of dated fact at and around its bounds (a year against a month,
    /// a month against a day), every form under `as of`, questions answering yes, no and
    /// unknown, and role tests with `not` in three-valued logic.
    static let timelineQueries = [
        // Both bounds, since only, until only; 2018 against since 2018-05 and until 2018-05.
        "leader of Land as of 2009", "leader of Land as of 2010", "leader of Land as of 2017-12", "leader of Land as of 2018",
        "leader of Land as of 2018-04", "leader of Land as of 2018-05", "leader of Land as of 2018-05-01", "leader of Land as of 2019",
        "leaders of Isle as of 2017", "leaders of Isle as of 2018", "leaders of Isle as of 2018-04", "leaders of Isle as of 2018-05-31",
        "members of Club as of 2014", "members of Club as of 2018", "members of Club as of 2018-04-30", "members of Club as of 2020",
        "members of Team as of 2018", "members of Team as of 2018-05", "members of Team as of 2018-05-09", "members of Team as of 2019",
        "organizations of Land as of 2021", "member_of organizations of Land as of 2021",
        // Events on a month, a year and a day.
        "attackers of Ann as of 2019", "attackers of Ann as of 2019-03-15", "attackers of Ann as of 2019-04",
        "attackers of Moor as of 2018-07", "attackers of Isle as of 2018", "attackers of Isle as of 2018-05",
        "attackers of Isle as of 2018-05-18", "targets of people as of 2018", "allies of Land as of 2016", "allies of Land as of 2020",
        // Other forms under as of.
        "members of organizations with since, until as of 2016", "leaders of countries with since, until as of 2018 order by since desc",
        "count members of Club as of 2017", "count members of each organization as of 2018",
        "count leaders of each country as of 2016 order by count desc", "facts as of 2018", "facts of Land as of 2019",
        "facts where relation = attacked as of 2018", "count facts as of 2018-05", "facts of Moor with date, since as of 2018-05",
        "since of members of Club as of 2016", "count since of members of organizations as of 2019", "why leaders of countries as of 2018",
        // Questions: yes, no, unknown.
        "is Bob a leader of Land as of 2018", "is Ann a leader of Land as of 2018", "is Land a member of Team as of 2018",
        "is Land a member of Club as of 2019", "is Land in (members of organizations) as of 2019",
        "is Land in (members of organizations) as of 2021", "is Cy a leader of Isle as of 2017", "is Cy a leader of Isle as of 2018",
        "is Moor an ally of Land as of 2020", "is Isle an ally of Land as of 2016", "is Isle an ally of Land as of 2017",
        "is Land a country as of 2000", "is Land in (countries where not member of Team) as of 2018",
        "is Moor in (countries where not member of Team) as of 2018", "is Isle in (countries where not member of Team) as of 2018",
        "is Ann in (leaders of (countries where member of Team)) as of 2017",
        "is Bob in (leaders of (countries where not member of Team)) as of 2018",
        "is Bob in (people where not leader of (countries where not member of Team)) as of 2018",
        // Role tests in Kleene's logic: an unknown membership keeps no row, negated or not.
        "countries where not member of Team as of 2018", "countries where member of Team as of 2018",
        "countries where not member of Club as of 2017", "countries where member of Club or member of Team as of 2021",
        "countries where not (member of Club or member of Team) as of 2019", "countries where member of Club and not member of Team as of 2021",
        "countries where not not member of Team as of 2018", "people where not leader of countries as of 2018",
        "countries where not ally of Moor as of 2020", "countries where not member of Team or name = Land as of 2018",
        "countries where not member of Team and name != Isle as of 2018", "members of organizations where not member of Team as of 2021",
        "countries where not member of (organizations where not member of Club) as of 2018",
        "people where not leader of (countries where not member of Team) as of 2018",
        "people where leader of (countries where not member of Team) or name = Ann as of 2018",
        "count countries where not member of Team as of 2018", "count members of each organization where not ally of Isle as of 2020",
    ]

    @Test func articleTimeQueriesAgree() throws {
        let differential = SQLDifferential(session: Session())
        for query in Self.articleTimeQueries {
            #expect(differential.add(query), "FactQL rejected: \(query)")
        }
        try differential.flush()
        #expect(differential.compared == Self.articleTimeQueries.count)
        for mismatch in differential.mismatches { Issue.record("\(mismatch)") }
    }

    @Test func timelineQueriesAgree() throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "timeline", text: Self.timeline)) { _ in })
        let differential = SQLDifferential(session: session)
        for query in Self.timelineQueries {
            #expect(differential.add(query), "FactQL rejected: \(query)")
        }
        try differential.flush()
        #expect(differential.compared == Self.timelineQueries.count)
        for answer in ["question yes", "question no", "question unknown", "as of with a role test"] {
            #expect(differential.comparedByForm[answer, default: 0] >= 3, "\(answer): \(differential.comparedByForm[answer, default: 0])")
        }
        for mismatch in differential.mismatches { Issue.record("\(mismatch)") }
    }
}
