import Foundation
import Testing

@testable import FactQL

/// `retract fact ...` removes facts; afterwards every query, `why`, `count` and `.schema` says
/// what a base that never had them says, and indexes, attribute tables and citations agree.
@Suite struct RetractTests {
    /// The test world without one fact line, as a base that never had it.
    static func worldWithout(_ line: String) -> TestSession {
        let lines = TestSession.world.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == line }, "no line \(line)")
        return TestSession(lines.filter { $0.trimmingCharacters(in: .whitespaces) != line }.joined(separator: "\n"))
    }

    static let observations = FactSetTests.observations + [
        "show Ann", "show Gamma", "members of Union", "members of Club", "why members of Club", "count members of each organization",
        "facts where status = frozen", "facts where since >= 2001 order by since", "is Beta a member of Union",
        "why is Beta a member of Union", "organizations of Beta", "neighbours of Alpha", "members of Union as of 2005",
        "members of Union where since < 2005", "facts of Alpha with since", "leaders of countries with title",
    ]

    /// Every fact as text with its citations and quotes, in order.
    static func facts(_ base: FactBase) -> [String] {
        (0..<FactID(base.factCount)).map { fact in
            base.describe(fact: fact) + " cites "
                + zip(base.citations(ofFact: fact), base.citationQuotes(ofFact: fact)).map { "\($0)\($1 ?? "")" }.joined(separator: ",")
        }
    }

    static func expectSame(_ retracted: TestSession, _ never: TestSession, _ line: String) {
        #expect(facts(retracted.session.factBase) == facts(never.session.factBase), "after \(line)")
        #expect(retracted.session.factBase.schemaText == never.session.factBase.schemaText, "after \(line)")
        let queries = observations
        for (query, (got, expected)) in zip(queries, zip(FactSetTests.observe(retracted.session, queries), FactSetTests.observe(never.session, queries))) {
            #expect(got == expected, "\(query) after \(line)")
        }
    }

    @Test(arguments: [
        "fact Alpha member_of Union { status: active, since: 2001 } cites s1",
        "fact Beta member_of Union { status: frozen, since: 2010-05 } cites s2",
        "fact Gamma member_of Club { status: active, since: 2020-02-03 }",
        "fact Beta member_of Club { status: active }",
        "fact Ann leads Alpha { title: \"Prime Minister\" }",
        "fact Alpha borders Beta",
        "fact Ann friends_with Bob",
    ])
    func aRetractedFactIsAsIfNeverStated(_ line: String) {
        let world = TestSession()
        _ = world.run("count facts")  // the indexes are built before the retract
        let statement = "retract " + line.replacingOccurrences(of: #" cites s\d"#, with: "", options: .regularExpression)
        let outcome = world.run(statement)
        #expect(outcome.diagnostics.isEmpty, "\(statement): \(outcome.diagnostics.map(\.message))")
        Self.expectSame(world, Self.worldWithout(line), line)
        // Stated again, it is back, as the last fact.
        let restated = world.run(line)
        #expect(restated.diagnostics.isEmpty)
        #expect(world.session.factBase.factCount == TestSession().session.factBase.factCount)
    }

    @Test func aBareRetractRemovesTheFactWhateverItsAttributes() {
        let world = TestSession()
        _ = world.run("fact Beta member_of Union { status: active, since: 2001 }")
        let count = world.session.factBase.factCount
        // Both of Beta's memberships of Union go, as DELETE ... WHERE subject, relation, object would.
        #expect(world.run("retract fact Beta member_of Union").diagnostics.isEmpty)
        #expect(world.session.factBase.factCount == count - 2)
        #expect(world.answers("members of Union") == ["Alpha"])
    }

    @Test func aRetractWithAttributesRemovesOnlyTheFactWithExactlyThose() {
        let world = TestSession()
        _ = world.run("fact Beta member_of Union { status: active, since: 2001 }")
        #expect(world.run("retract fact Beta member_of Union { since: 2001, status: active }").diagnostics.isEmpty)
        #expect(Self.facts(world.session.factBase).filter { $0.hasPrefix("Beta member_of Union") } == [
            "Beta member_of Union { status: frozen, since: 2010-05 } cites 1"
        ])
        // Some of the attributes are not the fact: it stays, and the error names it.
        let partial = world.error("retract fact Beta member_of Union { status: frozen }")
        #expect(partial?.message == "there is no fact Beta member_of Union { status: frozen } to retract")
        #expect(partial?.notes.first == "nearest: fact Beta member_of Union { status: frozen, since: 2010-05 }")
        #expect(world.answers("members of Union") == ["Alpha", "Beta"])
    }

    @Test func aFactThatIsNotThereIsALocatedErrorNamingTheNearestFacts() throws {
        let world = TestSession()
        let source = SourceFile(name: "script.fq", text: "count facts\nretract fact Gamma member_of Union")
        var diagnostics: [Diagnostic] = []
        world.session.run(source) { if case .diagnostic(let diagnostic) = $0 { diagnostics.append(diagnostic) } }
        let error = try #require(diagnostics.first)
        #expect(error.message == "there is no fact Gamma member_of Union to retract")
        #expect(error.locationText == "script.fq:2:14")
        #expect(error.notes == ["nearest: fact Gamma member_of Club { status: active, since: 2020-02-03 }",
            "nearest: fact Alpha member_of Union { status: active, since: 2001 }",
            "nearest: fact Beta member_of Union { status: frozen, since: 2010-05 }"])
        // An attribute value never stored matches nothing.
        #expect(world.error("retract fact Alpha borders Beta { length: 3 }")?.notes == ["nearest: fact Alpha borders Beta"])
        // Unknown names are the fact statement's errors.
        #expect(world.error("retract fact Alpah borders Beta")?.suggestions == ["Alpha"])
        #expect(world.error("retract fact Alpha border Beta")?.suggestions == ["borders"])
        #expect(world.error("retract fact Ann leads Gamma")?.notes == ["nearest: fact Ann leads Alpha { title: \"Prime Minister\" }"])
        #expect(world.error("retract fact Alpha leads Gamma")?.notes == ["no fact joins Alpha and Gamma, and none gives Alpha a leads"])
        // Nothing went.
        #expect(world.session.factBase.factCount == TestSession().session.factBase.factCount)
    }

    @Test func aRetractInALoadThatFailsIsUndone() {
        let world = TestSession()
        world.session.readFile = { path throws(Diagnostic) in
            Array("retract fact Alpha borders Beta\nretract fact Ann friends_with Bob\nfact Nobody leads Alpha\n".utf8)
        }
        _ = world.run("count facts")
        let before = BadInputFactBaseTests.contents(of: world.session.factBase)
        let outcome = world.run(".load changes.fq")
        #expect(outcome.diagnostics.first?.message == "unknown entity 'Nobody' as the fact's subject")
        #expect(BadInputFactBaseTests.contents(of: world.session.factBase) == before)
        #expect(world.answers("neighbours of Alpha") == ["Beta"])
    }

    @Test func retractingTheFactThatBroughtAnAttributeRemovesTheAttribute() {
        // The first fact brings note and rank; without it rank comes first, as in a base that never had it.
        let file = """
            entity A : thing
            entity B : thing
            relation r (x, y)
            fact A r B { note: first, rank: 1 }
            fact B r A { rank: 2 }
            fact A r A { rank: 3, note: "third" }
            """
        let world = TestSession(file)
        _ = world.run("count facts")
        #expect(world.run("retract fact A r B { rank: 1, note: first }").diagnostics.isEmpty)
        let never = TestSession(file.replacingOccurrences(of: "fact A r B { note: first, rank: 1 }\n", with: ""))
        #expect(Self.facts(world.session.factBase) == Self.facts(never.session.factBase))
        #expect(world.session.factBase.schemaText == never.session.factBase.schemaText)
        func attributeNames(_ base: FactBase) -> [String] { base.relations[0].attributes.map { base.attributeNames[Int($0)] } }
        #expect(attributeNames(world.session.factBase) == ["rank", "note"])
        #expect(attributeNames(world.session.factBase) == attributeNames(never.session.factBase))
        #expect(world.answers("facts where note = third") == never.answers("facts where note = third"))
        #expect(world.error("facts where note = first") == nil)
    }

    @Test func retractsAgreeAfterABulkLoadOnEveryPath() {
        for path in PerformanceBulkLoadTests.Path.allCases {
            let loaded = PerformanceBulkLoadTests.load(PerformanceBulkLoadTests.bulkFile, path).session
            _ = TestSession.run("count facts", in: loaded)
            let outcome = TestSession.run("retract fact c2 member_of o1\nretract fact \"New Zealand\" borders c2", in: loaded)
            #expect(outcome.diagnostics.isEmpty, "\(path): \(outcome.diagnostics.map(\.message))")
            let text = PerformanceBulkLoadTests.bulkFile.split(separator: "\n").filter {
                !$0.hasPrefix("fact c2 member_of o1") && !$0.hasPrefix("fact \"New Zealand\" borders c2")
            }.joined(separator: "\n")
            let never = PerformanceBulkLoadTests.load(text, .general).session
            let queries = ["show c2", "show o1", "why members of o1", "count facts", "members of o1", "neighbours of c2", ".schema"]
            #expect(FactSetTests.observe(loaded, queries) == FactSetTests.observe(never, queries), "\(path)")
            // A fact added after the retract (as many facts as before it) is found by the rebuilt index.
            func members(_ session: Session) -> [StatementResult] { TestSession.run("members of o1", in: session).results }
            _ = TestSession.run("fact c2 member_of o1", in: loaded)
            _ = TestSession.run("fact c2 member_of o1", in: never)
            #expect(members(loaded) == members(never), "\(path)")
            #expect(TestSession.run("is c2 a member of o1", in: loaded).results == TestSession.run("is c2 a member of o1", in: never).results)
        }
    }

    @Test func theTeachingStagesShowARetract() {
        let world = TestSession()
        let tokens = world.table(".tokens retract fact Alpha borders Beta { since: 2001 }")
        #expect(tokens?.rows.first?.map(\.displayText) == ["keyword", "retract", "1:9-1:16"])
        guard case .text(let tree)? = world.run(".ast retract fact Alpha borders Beta { since: 2001 }").results.first else {
            Issue.record("no tree")
            return
        }
        #expect(tree == """
            retract                   1:6-1:53
              subject: name Alpha     1:19-1:24
              relation: name borders  1:25-1:32
              object: name Beta       1:33-1:37
              attribute               1:40-1:51
                name: name since      1:40-1:45
                value: integer 2001   1:47-1:51
            """)
        guard case .text(let explained)? = world.run(".explain retract fact Alpha borders Beta").results.first else {
            Issue.record("no explanation")
            return
        }
        #expect(explained.contains("removes the fact that Alpha borders Beta"))
        // Printed and parsed again, it is the same statement.
        var parser = Parser(source: SourceFile(name: nil, text: "RETRACT FACT \"Alpha\" borders Beta {since:2001,note:\"x\"}"))
        let statements = parser.parseScript()
        #expect(parser.diagnostics.isEmpty)
        let printed = SyntaxPrinter.print(statements)
        #expect(printed == "retract fact \"Alpha\" borders Beta { since: 2001, note: \"x\" }")
        var again = Parser(source: SourceFile(name: nil, text: printed))
        #expect(SyntaxPrinter.print(again.parseScript()) == printed)
    }

    @Test func helpExplainsRetract() {
        let world = TestSession()
        guard case .text(let listing)? = world.run(".help").results.first,
            case .text(let topic)? = world.run(".help RETRACT").results.first
        else {
            Issue.record("no help")
            return
        }
        #expect(listing.contains("Changes: fact Armenia member_of EU { since: 2030 } | retract fact Armenia member_of EU"))
        #expect(listing.contains("\n.help retract: retract fact ...: removing facts; a fact stated twice is one fact\n"))
        #expect(topic.hasPrefix("retract fact SUBJECT RELATION OBJECT [{ ATTRIBUTE: VALUE, ... }]\n"))
        #expect(topic.contains("A fact base is a set."))
    }

    @Test func aRetractNamesNoCitations() {
        let world = TestSession()
        let error = world.error("retract fact Alpha member_of Union cites s1")
        #expect(error?.message == "a retract names no citations")
        #expect(world.error("retract Alpha borders Beta")?.message.contains("'fact' after 'retract'") == true)
    }

    /// `retract fact` reads its fact as `fact` does, and its errors name the statement they are in.
    @Test func aRetractMissingAPartSaysWhichAndGivesARetractExample() {
        let world = TestSession()
        #expect(world.error("retract fact")?.message.contains("the fact's subject after 'retract fact', as in retract fact Armenia member_of EU") == true)
        #expect(world.error("retract fact Alpha")?.message.contains("a relation after the subject, as in retract fact Armenia member_of EU") == true)
        #expect(world.error("retract fact Alpha member_of")?.message.contains("the fact's object after the relation, as in retract fact") == true)
        #expect(world.error("fact Alpha member_of")?.message.contains("the fact's object after the relation, as in fact Armenia member_of CSTO") == true)
    }
}
