import Foundation
import Testing

@testable import FactQL

/// `.dump sql`: it loads into sqlite3, and what is loaded is the fact base, value for value.
@Suite struct SQLDumpTests {
    static func loaded(_ session: Session) throws -> URL {
        try SQLiteOracle.database(for: session.factBase)
    }

    static func rows(_ sql: String, on database: URL) throws -> [[String]] {
        try SQLiteOracle.run([sql], on: database)[0]
    }

    @Test func theCommandLineDumpLoadsIntoSQLite() throws {
        let dump = try BinaryRunner.run(["-e", ".dump sql"])
        #expect(dump.status == 0)
        #expect(dump.standardError.isEmpty)
        let lines = dump.standardOutput.split(separator: "\n")
        #expect(lines.contains("BEGIN;"))
        #expect(lines.last == "COMMIT;")
        let database = try SQLiteOracle.database(from: dump.standardOutput)
        defer { try? FileManager.default.removeItem(at: database) }
        let factBase = Session().factBase
        let counts = try Self.rows(
            "SELECT (SELECT COUNT(*) FROM entities), (SELECT COUNT(*) FROM facts), (SELECT COUNT(*) FROM sources), "
                + "(SELECT COUNT(*) FROM kinds), (SELECT COUNT(*) FROM relations), (SELECT COUNT(*) FROM aliases)",
            on: database)
        let aliasCount = factBase.entityAliases.values.map(\.count).reduce(0, +)
        #expect(
            counts == [
                [factBase.entityCount, factBase.factCount, factBase.sources.count, factBase.kinds.count, factBase.relations.count, aliasCount]
                    .map(String.init)
            ])
        // The foreign keys hold (sqlite3 does not enforce them by default, so ask).
        #expect(try Self.rows("PRAGMA foreign_key_check;", on: database).isEmpty)
    }

    @Test func everyTextRoundTrips() throws {
        let session = Session()
        let database = try Self.loaded(session)
        defer { try? FileManager.default.removeItem(at: database) }
        let sources = try Self.rows("SELECT id, text FROM sources ORDER BY ordinal", on: database)
        #expect(sources == session.factBase.sources.map { [$0.identifier, $0.text] })
        let entities = try Self.rows("SELECT name, kind FROM entities ORDER BY folded", on: database)
        let expected = (0..<session.factBase.entityCount).map {
            [session.factBase.entityNames[$0], session.factBase.kinds[Int(session.factBase.entityKinds[$0])].name]
        }
        #expect(entities == expected.sorted { FactBase.fold($0[0]) < FactBase.fold($1[0]) })
    }

    @Test func factsAndTheirAttributesAreThere() throws {
        let session = Session()
        let database = try Self.loaded(session)
        defer { try? FileManager.default.removeItem(at: database) }
        let factBase = session.factBase
        let facts = try Self.rows(
            """
            SELECT f.subject, f.relation, f.object, a.attribute, v.display
            FROM facts f JOIN fact_attributes a ON a.fact = f.id JOIN attribute_values v ON v.id = a.value
            ORDER BY f.id, a.attribute
            """, on: database)
        var expected: [[String]] = []
        for fact in 0..<FactID(factBase.factCount) {
            let index = Int(fact)
            let ends = [
                factBase.entityNames[Int(factBase.factSubjects[index])], factBase.relations[Int(factBase.factRelations[index])].name,
                factBase.entityNames[Int(factBase.factObjects[index])],
            ]
            for entry in factBase.attributes(ofFact: fact).sorted(by: {
                factBase.attributeNames[Int($0.attribute)] < factBase.attributeNames[Int($1.attribute)]
            }) {
                expected.append(ends + [factBase.attributeNames[Int(entry.attribute)], factBase.display(entry.value)])
            }
        }
        #expect(!expected.isEmpty)
        #expect(facts == expected)
        let citations = try Self.rows("SELECT COUNT(*) FROM citations", on: database)
        #expect(citations == [[String(factBase.citationPool.count)]])
    }

    @Test func typedColumnsFollowFactQLsRules() throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "corners", text: SQLRandomQueryTests.cornerCases)) { _ in })
        let database = try Self.loaded(session)
        defer { try? FileManager.default.removeItem(at: database) }
        let values = try Self.rows(
            "SELECT DISTINCT type, display, folded, number, date_from, date_to, entity FROM attribute_values WHERE display IN "
                + "('2019-05', '2001', '-250', '2.1', 'ÉCOLE 100%', 'Paris', 'true') ORDER BY display, type",
            on: database)
        #expect(
            values == [
                ["integer", "-250", "-250", "-250", "-2500000", "-2490001", ""],
                ["decimal", "2.1", "2.1", "2.1", "", "", ""],
                ["integer", "2001", "2001", "2001", "20010000", "20019999", ""],
                ["date", "2019-05", "2019-05", "", "20190500", "20190599", ""],
                ["entity", "Paris", "paris", "", "", "", "Paris"],
                ["boolean", "true", "true", "", "", "", ""],
                ["string", "ÉCOLE 100%", "école 100%", "", "", "", ""],
            ])
        // Sub-kinds are spelled out: a city is a region is a place.
        let places = try Self.rows("SELECT sub_kind FROM sub_kinds WHERE kind = 'place' ORDER BY sub_kind", on: database)
        #expect(places == [["city"], ["place"], ["region"]])
        let names = try Self.rows("SELECT name FROM entities WHERE name LIKE 'O%' ORDER BY name", on: database)
        #expect(names == [["O'Brien"]])
    }

    /// `sub_kinds` is every kind with each of its sub-kinds, itself included, and `kinds` lists
    /// parents first, on the deepest hierarchy the loader takes (a chain of 65 kinds, 64 levels)
    /// and on a wide one (a root with 2,000 children, each of the first 100 with 10 of its own).
    @Test(arguments: ["deep", "wide"])
    func kindHierarchiesAreDumpedWhole(_ shape: String) throws {
        var lines = ["kind k0"]
        if shape == "deep" {
            for index in 1...64 { lines.append("kind k\(index) : k\(index - 1)") }
        } else {
            for index in 1...2000 { lines.append("kind k\(index) : k0") }
            for index in 2001...3000 { lines.append("kind k\(index) : k\((index - 2001) / 10 + 1)") }
        }
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "kinds", text: lines.joined(separator: "\n"))) { _ in })
        let kinds = session.factBase.kinds
        #expect(kinds.count == lines.count)
        // The closure, by walking each kind's parents.
        var expected: [[String]] = []
        for member in kinds {
            var current: FactBase.Kind? = member
            while let kind = current {
                expected.append([kind.name, member.name])
                current = kind.parent.map { kinds[Int($0)] }
            }
        }
        let database = try Self.loaded(session)
        defer { try? FileManager.default.removeItem(at: database) }
        let closure = try Self.rows("SELECT kind, sub_kind FROM sub_kinds", on: database)
        #expect(closure.count == (shape == "deep" ? 65 * 66 / 2 : 3001 + 3000 + 1000))
        #expect(closure.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        // Each kind comes after its parent, so the foreign key holds row by row.
        let late = try Self.rows(
            "SELECT COUNT(*) FROM kinds c JOIN kinds p ON p.name = c.parent WHERE p.rowid > c.rowid", on: database)
        #expect(late == [["0"]])
        #expect(try Self.rows("PRAGMA foreign_key_check;", on: database).isEmpty)
        if shape == "deep" {
            let below = try Self.rows("SELECT COUNT(*) FROM sub_kinds WHERE kind = 'k0'", on: database)
            #expect(below == [["65"]])
        }
    }

    /// When each fact holds, as day spans for `as of`, and the words each citation quotes.
    @Test func timeColumnsAndQuotesAreWritten() throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "timeline", text: SQLTranslationTests.timeline)) { _ in })
        let database = try Self.loaded(session)
        defer { try? FileManager.default.removeItem(at: database) }
        let times = try Self.rows(
            "SELECT subject, object, since_from, until_from, event_from, event_to FROM facts "
                + "WHERE id IN (1, 2, 3, 5, 8, 9, 10) ORDER BY id",
            on: database)
        #expect(
            times == [
                ["Ann", "Land", "20100000", "20180000", "", ""], ["Bob", "Land", "20180500", "", "", ""],
                ["Cy", "Isle", "", "20180500", "", ""], ["Land", "Team", "", "", "", ""],
                ["Bob", "Ann", "", "", "20190300", "20190399"], ["Cy", "Moor", "", "", "20180000", "20189999"],
                ["Moor", "Isle", "", "", "20180517", "20180517"],
            ])
        let quotes = try Self.rows(
            "SELECT f.subject, c.source, c.quote, c.quote IS NULL FROM citations c JOIN facts f ON f.id = c.fact ORDER BY f.id, c.ordinal",
            on: database)
        #expect(
            quotes == [
                ["Ann", "t1", "from 2010 to 2018", "0"], ["Bob", "t1", "Bob took over in May", "0"], ["Bob", "t1", "", "1"],
            ])
    }

    @Test func showTranslatesToThreeStatements() throws {
        let session = Session()
        let database = try Self.loaded(session)
        defer { try? FileManager.default.removeItem(at: database) }
        let outcome = try BinaryRunner.run(["-e", ".sql show Armenia"])
        #expect(outcome.status == 0)
        let statements = outcome.standardOutput.split(separator: ";\n").map(String.init).filter { $0.contains("SELECT") }
        #expect(statements.count == 3)
        let results = try SQLiteOracle.run(statements.map { $0 + ";" }, on: database)
        #expect(results[0].map { $0[0] } == ["Armenia"])
        #expect(results[1] == [["capital", "Yerevan"]])
        session.factBase.prepareIndexes()
        let entity = try #require(session.factBase.entity(named: "Armenia"))
        let shown = session.factBase.show(entity)
        #expect(Set(results[2].map { $0[0] }).count == shown.rows.count - 1)
    }

    @Test func theCommandsExplainWhatTheyNeed() throws {
        let bare = try BinaryRunner.run(["-e", ".dump xml"])
        #expect(bare.status == 1)
        #expect(bare.standardError.contains("error: .dump writes a fact file, or SQL with .dump sql; found 'xml'"))
        let other = try BinaryRunner.run(["-e", ".dump sq"])
        #expect(other.standardError.contains("did you mean sql?"))
        let definition = try BinaryRunner.run(["-e", ".sql entity Mars : planet"])
        #expect(definition.status == 1)
        #expect(definition.standardError.contains("error: .sql translates queries and questions, not definitions"))
        let unknown = try BinaryRunner.run(["-e", ".sql members of CTSO"])
        #expect(unknown.status == 1)
        // The caret points into the .sql line, at the misspelled name (column 17).
        #expect(unknown.standardError.contains("1:17"))
        #expect(unknown.standardError.contains("did you mean CSTO?"))
        let syntax = try BinaryRunner.run(["-e", ".sql members of"])
        #expect(syntax.status == 1)
        #expect(syntax.standardError.hasPrefix("error:"))
    }

    @Test func stringsAreQuotedForBothEngines() {
        #expect(SQLText.literal("O'Brien") == "'O''Brien'")
        #expect(SQLText.literal("back\\slash") == "'back\\slash'")
        #expect(SQLText.identifier("a\"b") == "\"a\"\"b\"")
        #expect(SQLText.containsPattern("100%_!") == "'%100!%!_!!%' ESCAPE '!'")
        #expect(SQLText.word("Île-de-France") == "le_de_france")
        #expect(SQLText.word("2024") == "n2024")
        #expect(SQLText.literal(decimal: .infinity) == nil)
    }
}
