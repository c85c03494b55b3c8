import Foundation
import Testing

@testable import FactQL

/// A fact base is a set: a fact stated again (same subject, relation, object and attributes) is
/// one fact whose citations merge, an identical definition is the same definition, and a file
/// loaded twice adds nothing, on the general path and the bulk loader's alike.
@Suite struct FactSetTests {
    /// What `show`, `why`, `count` and `.schema` say about the test world.
    static let observations = [
        "show Alpha", "show Beta", "why is Alpha a member of Union", "why members of Union", "count facts",
        "facts of Beta", "members of Club where status = active", ".schema",
    ]

    static func observe(_ session: Session, _ statements: [String] = observations) -> [[StatementResult]] {
        statements.map { TestSession.run($0, in: session).results }
    }

    @Test func aFactStatedTwiceIsOneFact() {
        let world = TestSession()
        let before = Self.observe(world.session)
        let factCount = world.session.factBase.factCount
        let again = world.run("fact Alpha borders Beta\nfact Ann leads Alpha { title: \"Prime Minister\" }")
        #expect(again.diagnostics.isEmpty)
        #expect(world.session.factBase.factCount == factCount)
        #expect(Self.observe(world.session) == before)
        // The attributes in another order are the same attributes.
        _ = world.run("fact Alpha member_of Union { since: 2001, status: active }")
        #expect(world.session.factBase.factCount == factCount)
        #expect(world.answers("count facts of Alpha") == ["3"])
    }

    @Test func otherAttributesMakeAnotherFact() {
        let world = TestSession()
        let factCount = world.session.factBase.factCount
        _ = world.run("fact Alpha borders Beta { length: 12 }\nfact Alpha member_of Union { status: active }")
        #expect(world.session.factBase.factCount == factCount + 2)
        // A year and a month are different values of since.
        _ = world.run("fact Alpha member_of Union { status: active, since: 2001-01 }")
        #expect(world.session.factBase.factCount == factCount + 3)
    }

    @Test func theCitationsOfAFactStatedAgainMerge() throws {
        let world = TestSession()
        _ = world.run("fact Beta member_of Club { status: active } cites s2")
        let base = world.session.factBase
        let fact = try #require(
            (0..<FactID(base.factCount)).first { base.describe(fact: $0) == "Beta member_of Club { status: active }" })
        let s1 = try #require(base.source(identifier: "s1"))
        let s2 = try #require(base.source(identifier: "s2"))
        #expect(Array(base.citations(ofFact: fact)) == [s2])
        // A citation already there gains the quote it lacked; a new one is added after it.
        _ = world.run("fact Beta member_of Club { status: active } cites s1 \"joined the Union\", s2 \"Beta left\"")
        let merged = world.session.factBase
        #expect(merged.factCount == base.factCount)
        #expect(Array(merged.citations(ofFact: fact)) == [s2, s1])
        #expect(Array(merged.citationQuotes(ofFact: fact)) == ["Beta left", "joined the Union"])
        // The facts cited before and after it keep their own citations.
        for other in 0..<FactID(base.factCount) where other != fact {
            #expect(Array(merged.citations(ofFact: other)) == Array(base.citations(ofFact: other)), "\(base.describe(fact: other))")
        }
        guard case .verdict(let verdict)? = world.run("why is Beta a member of Club").results.first else {
            Issue.record("no verdict")
            return
        }
        #expect(verdict.proof.first?.citations.map(\.identifier) == ["s2", "s1"])
    }

    @Test func identicalDefinitionsAreTheSameDefinition() {
        let world = TestSession()
        let before = Self.observe(world.session)
        let revision = world.session.factBase.revision
        // The whole world again: every definition and fact is already there.
        let again = world.run(TestSession.world)
        #expect(again.diagnostics.isEmpty, "\(again.diagnostics.map(\.message))")
        #expect(Self.observe(world.session) == before)
        #expect(world.session.factBase.revision == revision)
    }

    @Test func aConflictingRedefinitionIsStillAnError() {
        let world = TestSession()
        #expect(world.error("entity Alpha : person")?.message == "entity 'Alpha' is already declared as a country")
        #expect(world.error("relation leads (boss, led)")?.message == "relation 'leads' is already declared as (leader, led)")
        #expect(world.error("source s1 \"Other text.\"")?.message == "source 's1' is already defined with other text")
    }

    @Test func theRevisionMovesWithEveryChangeAndOnlyThen() {
        let world = TestSession()
        var revision = world.session.factBase.revision
        func changed(_ text: String) -> Bool {
            _ = world.run(text)
            defer { revision = world.session.factBase.revision }
            return world.session.factBase.revision != revision
        }
        #expect(changed("fact Gamma borders Beta"))
        #expect(!changed("fact Gamma borders Beta"))
        #expect(changed("fact Gamma borders Beta cites s1"))
        #expect(!changed("count facts"))
        #expect(changed("entity Delta : country"))
        #expect(!changed("entity Delta : country"))
        #expect(changed("entity Delta : country aka Del"))
        #expect(changed("relation trades_with (trader, partner)"))
        #expect(changed("kind republic : country"))
        #expect(changed("retract fact Gamma borders Beta"))
        // A script that fails keeps nothing, its changes included.
        #expect(!changed("fact Delta borders Beta\nfact Delta borders Nowhere"))
    }

    // MARK: Loading twice, on each path

    /// The bulk test file without its late `entity active`: after it, `active` names an entity,
    /// so the same line read again would give another value (an entity, not the symbol).
    static let bulkFile = PerformanceBulkLoadTests.bulkFile.replacingOccurrences(of: "entity active : status_value\n", with: "")

    @Test(arguments: PerformanceBulkLoadTests.Path.allCases)
    func aFileLoadedTwiceIsLoadedOnce(_ path: PerformanceBulkLoadTests.Path) {
        let once = PerformanceBulkLoadTests.load(Self.bulkFile, path)
        #expect(once.succeeded, "\(once.errors)")
        let dump = PerformanceBulkLoadTests.dump(once.session.factBase)
        let revision = once.session.factBase.revision
        let twice = PerformanceBulkLoadTests.load(Self.bulkFile, path, into: once.session)
        #expect(twice.succeeded, "\(twice.errors)")
        #expect(PerformanceBulkLoadTests.dump(twice.session.factBase) == dump)
        #expect(twice.session.factBase.revision == revision)
        let fresh = PerformanceBulkLoadTests.load(Self.bulkFile, path).session
        let queries = ["show c2", "show o1", "why members of o1", "count facts", "facts of c_1", ".schema"]
        #expect(Self.observe(twice.session, queries) == Self.observe(fresh, queries))
    }

    @Test(arguments: PerformanceBulkLoadTests.Path.allCases)
    func aFileRepeatingItsFactsHoldsThemOnce(_ path: PerformanceBulkLoadTests.Path) {
        let single = PerformanceBulkLoadTests.load(Self.bulkFile, .general).session
        // Every fact line twice, the second time with its attributes in reverse order.
        let lines = Self.bulkFile.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var doubled = lines
        for line in lines where line.lowercased().hasPrefix("fact") {
            doubled.append(Self.reversingAttributes(line))
        }
        let loaded = PerformanceBulkLoadTests.load(doubled.joined(separator: "\n"), path)
        #expect(loaded.succeeded, "\(loaded.errors)")
        #expect(PerformanceBulkLoadTests.dump(loaded.session.factBase) == PerformanceBulkLoadTests.dump(single.factBase))
        let queries = ["show c2", "why members of o1", "count facts", ".schema"]
        #expect(Self.observe(loaded.session, queries) == Self.observe(single, queries))
    }

    /// `fact a r b { x: 1, y: 2 }` as `fact a r b { y: 2, x: 1 }` (a comment after it dropped).
    static func reversingAttributes(_ line: String) -> String {
        var text = line
        if let comment = text.range(of: "#") { text = String(text[..<comment.lowerBound]) }
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}") else { return text }
        let inner = text[text.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return String(text[..<open]) + "{ " + inner.reversed().joined(separator: ", ") + " }"
    }

    @Test func aBulkLoadOfFactsAlreadyThereKeepsTheirCitations() {
        // The built-in facts cite sources; the same facts again in bulk form cite none.
        let session = Session()
        let base = session.factBase
        // (An entity as an attribute value is described as a quoted name, which reads back as a string.)
        let restated = (0..<FactID(base.factCount)).filter { fact in
            base.citations(ofFact: fact).count > 0
                && !base.attributes(ofFact: fact).contains { if case .entity = $0.value { true } else { false } }
        }.prefix(8).map {
            "fact " + base.describe(fact: $0)
        }
        let loaded = PerformanceBulkLoadTests.load(restated.joined(separator: "\n") + "\n", .bulk, into: session)
        #expect(loaded.succeeded, "\(loaded.errors)")
        #expect(restated.count == 8)
        #expect(RetractTests.facts(session.factBase) == RetractTests.facts(base))
        #expect(session.factBase.schemaText == base.schemaText)
    }

    @Test func theCommandLineLoadsAFileGivenTwiceOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("factql-set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("world.facts")
        try TestSession.world.write(to: file, atomically: true, encoding: .utf8)
        let statements = ["-e", "show Alpha", "-e", "why is Beta a member of Union", "-e", ".schema"]
        let once = try BinaryRunner.run(["--empty", "--facts", file.path] + statements)
        let twice = try BinaryRunner.run(["--empty", "--facts", file.path, "-e", ".load \(file.path)"] + statements)
        #expect(once.status == 0, "\(once)")
        #expect(twice == once)
        #expect(once.standardOutput.contains("relation member_of (member, organization)   -- 4"))
    }
}
