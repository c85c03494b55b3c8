import Foundation
import Testing

@testable import FactQL

/// The fact file `.save` and `.dump` write: loaded into an empty session, it gives the same fact
/// base (the same `.dump`, `.schema` and answers), for the built-in base, for hard names and
/// values, and for a generated base of 200,000 facts.
@Suite struct FactFileWriterTests {
    /// Loads `text` into an empty session; the diagnostics come back too.
    static func load(_ text: String, name: String = "saved.facts") -> (session: Session, diagnostics: [Diagnostic]) {
        let session = Session(builtInFacts: false)
        var diagnostics: [Diagnostic] = []
        session.run(SourceFile(name: name, text: text)) { event in
            if case .diagnostic(let diagnostic) = event { diagnostics.append(diagnostic) }
        }
        return (session, diagnostics)
    }

    /// Everything running `script` prints, rendered as the tool renders it.
    static func transcript(of script: String, on base: FactBase, keepGoing: Bool, format: OutputFormat) -> String {
        let session = Session(factBase: base)
        session.keepGoing = keepGoing
        session.format = format
        let renderer = DiagnosticRenderer(useColor: false)
        var text = ""
        session.run(SourceFile(name: "script.fq", text: script)) { event in
            switch event {
            case .result(let result): text += ResultFormatter(format: session.format).render(result)
            case .diagnostic(let diagnostic): text += renderer.render(diagnostic)
            case .request(let request): text += "request \(request)\n"
            }
        }
        return text
    }

    /// The base `text` makes, saved and loaded again: both `.dump`s, and the second load's diagnostics.
    static func roundTrip(_ text: String) throws -> (original: Session, reloaded: Session, saved: String) {
        let (original, problems) = load(text, name: "original.facts")
        try #require(problems.filter { $0.severity == .error }.isEmpty, "\(problems.map(\.message))")
        let saved = FactFileWriter.text(of: original.factBase)
        let (reloaded, reloadProblems) = load(saved)
        #expect(reloadProblems.isEmpty, "reloading gave \(reloadProblems.map(\.message))\n\(saved)")
        return (original, reloaded, saved)
    }

    @Test func theBuiltInBaseComesBackTheSame() throws {
        let builtIn = Session()
        let saved = FactFileWriter.text(of: builtIn.factBase)
        let (reloaded, problems) = Self.load(saved)
        #expect(problems.isEmpty, "\(problems.map(\.message))")
        #expect(FactFileWriter.text(of: reloaded.factBase) == saved)
        #expect(reloaded.factBase.schemaText == builtIn.factBase.schemaText)
        #expect(reloaded.factBase.factCount == builtIn.factBase.factCount)
        #expect(reloaded.factBase.entityCount == builtIn.factBase.entityCount)
        #expect(SQLDump(factBase: reloaded.factBase).text == SQLDump(factBase: builtIn.factBase).text)
        // Quotes and sub-kinds are written as the built-in file writes them.
        #expect(saved.contains("kind alliance : organization\n"))
        #expect(saved.contains("kind person plural people\n"))
        #expect(saved.contains("entity CSTO : alliance aka \"Collective Security Treaty Organization\" { description: \"Russian-led security alliance\" }\n"))
        #expect(saved.contains("relation ties_with (partner, partner) symmetric\n"))
        #expect(saved.contains("fact Armenia member_of ICC { since: 2024-01, other_members: 123 } cites p2s5 \"Armenia joined the International Criminal Court in January 2024, joining 123 other countries\"\n"))
        // An entity value is written with a bare word that names it (an alias), not as a string.
        #expect(saved.contains("{ status: frozen, act: freeze }"))
    }

    @Test(arguments: GoldenFiles.scripts(in: "Tests/Golden"))
    func everyGoldenScriptAnswersTheSameOnTheSavedBase(_ script: String) throws {
        let text = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent("Tests/Golden/" + script), encoding: .utf8)
        let header = text.split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: "\n")
        let keepGoing = header.contains("--keep-going")
        let format: OutputFormat = header.contains("--format json") ? .json : header.contains("--format csv") ? .csv : .table
        let builtIn = Session().factBase
        let reloaded = Self.load(FactFileWriter.text(of: builtIn)).session.factBase
        let expected = Self.transcript(of: text, on: builtIn, keepGoing: keepGoing, format: format)
        #expect(!expected.isEmpty)
        #expect(Self.transcript(of: text, on: reloaded, keepGoing: keepGoing, format: format) == expected, "\(script)")
    }

    static let hardBase = #"""
        source "the source" "He said \"no\".\nThen: a tab\there, a bell \u{7}, a bidi override \u{202e}, and “quotes”."
        source s2 "Zürich is a city."
        kind animal : "living thing"
        kind "living thing" plural "living things"
        kind ox plural oxen
        kind fish plural fish
        relation "is next to" (neighbour, neighbour) symmetric
        relation knows (knower, known)
        relation "where" ("from", to)
        entity "Zürich" : city aka Zuerich, "Zürich city"
        entity Zug : city
        entity "where" : "living thing" aka wherever
        entity Ox1 : ox { "weight kg": 812.5, tiny: 0.00001, huge: 100000000000000000000.0, negative: -0.25 }
        entity Ox2 : ox { born: 2019-02-28, count: -9223372036854775808, most: 9223372036854775807, alive: true, friend: Ox1 }
        fact Zürich "is next to" Zug { since: 2020, until: 2024-06-01, note: "line one\nline two", mood: calm } cites "the source" "He said \"no\".", s2 "Zürich"
        fact Ox1 knows Ox2 { since: 2021-03, trust: false, via: Zuerich }
        fact Ox1 "where" "where" { date: 2023-09-19 }
        fact Zug knows Ox1 { status: frozen, how: quickly }
        entity frozen : mood
        fact Zug knows Ox2 { status: frozen }
        entity Ox3 : ox { partner: Ox4 }
        entity Ox4 : ox
        entity "slow thing" : ox aka quickly
        fact Zug knows Ox3 cites s2, "the source"
        fact Ox4 knows Ox3 { how: quickly }
        """#

    @Test func hardNamesAndValuesSurvive() throws {
        let (original, reloaded, saved) = try Self.roundTrip(Self.hardBase)
        #expect(FactFileWriter.text(of: reloaded.factBase) == saved)
        #expect(reloaded.factBase.schemaText == original.factBase.schemaText)
        #expect(SQLDump(factBase: reloaded.factBase).text == SQLDump(factBase: original.factBase).text)
        for query in [
            "facts", "show Ox1", "show Ox2", "show Zürich", "show \"where\"", "facts where status = frozen",
            "facts where how = quickly", "count things of each \"living thing\"", "neighbours of Zug", "oxen with partner",
            ".sources", "why facts of Zürich", "Ox1 with tiny, huge, negative", "knowers of Ox2 as of 2022",
        ] {
            let before = Self.transcript(of: query, on: original.factBase, keepGoing: false, format: .table)
            #expect(Self.transcript(of: query, on: reloaded.factBase, keepGoing: false, format: .table) == before, "\(query)")
        }
        let base = reloaded.factBase
        let frozenEntity = try #require(base.entity(named: "frozen"))
        // `status: frozen` was a symbol in the first fact (no entity frozen yet) and the entity in
        // the second; `how: quickly` a symbol before the alias `quickly`, the entity after.
        #expect(base.value(of: try #require(base.attribute(named: "status")), inFact: 3) == .symbol(try #require(base.symbol(named: "frozen"))))
        #expect(base.value(of: try #require(base.attribute(named: "status")), inFact: 4) == .entity(frozenEntity))
        #expect(base.value(of: try #require(base.attribute(named: "how")), inFact: 3) == .symbol(try #require(base.symbol(named: "quickly"))))
        #expect(base.value(of: try #require(base.attribute(named: "how")), inFact: 6) == .entity(try #require(base.entity(named: "slow thing"))))
        #expect(base.sources[0].text == "He said \"no\".\nThen: a tab\there, a bell \u{7}, a bidi override \u{202E}, and “quotes”.")
        #expect(base.kinds.map(\.name) == original.factBase.kinds.map(\.name))
        #expect(base.kinds.map(\.plural) == original.factBase.kinds.map(\.plural))
        // The file is plain text: no control character but the newlines, no bidi override.
        #expect(!saved.unicodeScalars.contains { $0 != "\n" && TerminalText.needsEscape($0) })
        #expect(saved.contains("source \"the source\" \"He said \\\"no\\\".\\nThen: a tab\\there, a bell \\u{7}, a bidi override \\u{202e}"))
        #expect(saved.contains("entity Zürich : city aka Zuerich, \"Zürich city\"\n"))
        #expect(saved.contains("tiny: 0.00001, huge: 100000000000000000000.0, negative: -0.25"))
    }

    @Test func decimalsAreWrittenWithoutExponents() {
        for (number, text) in [
            (0.1, "0.1"), (2.5, "2.5"), (1e-5, "0.00001"), (1.25e-7, "0.000000125"), (1e20, "100000000000000000000.0"),
            (-3.0, "-3.0"), (-0.0, "-0.0"), (123456.789, "123456.789"), (Double.leastNonzeroMagnitude, "0." + String(repeating: "0", count: 323) + "5"),
        ] {
            #expect(FactFileWriter.plainDecimal(number) == text)
        }
        for number in [0.1, 1e-5, 1e20, 1.7976931348623157e308, Double.leastNonzeroMagnitude, 3.141592653589793, -2.2250738585072014e-308] {
            #expect(Double(FactFileWriter.plainDecimal(number)) == number)
        }
    }

    @Test func aParentKindMadeAfterItsSubKindKeepsBothIds() throws {
        let (original, reloaded, saved) = try Self.roundTrip("kind dog\nkind animal\nkind cat\nkind dog : animal\nentity Rex : dog")
        #expect(reloaded.factBase.kinds.map(\.name) == ["dog", "animal", "cat"])
        #expect(reloaded.factBase.schemaText == original.factBase.schemaText)
        #expect(saved.contains("kind dog\nkind animal\nkind cat\nkind dog : animal\n"))
    }

    @Test func aBaseWithoutSourcesIsWrittenInTheBulkForm() throws {
        let (_, reloaded, saved) = try Self.roundTrip(
            "relation member_of (member, organization)\nentity o1 : organization\nentity c1 : country\nfact c1 member_of o1 { status: active, since: 1999 }")
        #expect(
            saved == """
                # FactQL fact file: 2 kinds, 2 entities, 1 relations, 1 facts, 0 sources

                # relations
                relation member_of (member, organization)

                # entities and facts
                entity o1 : organization
                entity c1 : country
                fact c1 member_of o1 { status: active, since: 1999 }

                """)
        #expect(reloaded.factBase.factCount == 1)
    }

    @Test func anEmptyBaseIsAComment() throws {
        let saved = FactFileWriter.text(of: FactBase())
        #expect(saved == "# FactQL fact file: 0 kinds, 0 entities, 0 relations, 0 facts, 0 sources\n")
        #expect(Self.load(saved).session.factBase.entityCount == 0)
    }

    /// The benchmark's generated workload (100,000 countries, 200,000 facts): saved, it is the
    /// generated file again, statement for statement, and loading the save gives the same base.
    @Test func aGeneratedBaseOf200000FactsComesBackTheSame() throws {
        let folder = try TemporaryDirectory()
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", BinaryRunner.packageRoot.appendingPathComponent("benchmarks/generate.py").path, "100000", folder.path]
        try generator.run()
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0)
        let generated = try String(contentsOfFile: folder.path + "/facts.facts", encoding: .utf8)
        let (original, problems) = Self.load(generated)
        try #require(problems.isEmpty)
        #expect(original.factBase.factCount == 200_000)
        let saved = FactFileWriter.bytes(of: original.factBase)
        let statements = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("#") } }
        let savedText = String(decoding: saved, as: UTF8.self)
        #expect(statements(savedText) == statements(generated))
        let (reloaded, reloadProblems) = Self.load(savedText)
        #expect(reloadProblems.isEmpty)
        #expect(FactFileWriter.bytes(of: reloaded.factBase) == saved)
        #expect(reloaded.factBase.schemaText == original.factBase.schemaText)
        for query in ["members of o7 where status = frozen", "count members of o7", "members of o7 as of 2010", "facts of c123"] {
            let before = Self.transcript(of: query, on: original.factBase, keepGoing: false, format: .csv)
            #expect(before.count > 3 && !before.contains("error"))
            #expect(Self.transcript(of: query, on: reloaded.factBase, keepGoing: false, format: .csv) == before, "\(query)")
        }
    }
}
