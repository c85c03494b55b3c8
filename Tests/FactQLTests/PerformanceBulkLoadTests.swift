import Testing

@testable import FactQL

/// The bulk loader must be a faster way to the same place: a file loaded through it, through the
/// general lexer and parser, or streamed piece by piece, gives the same fact base, and a file that
/// fails gives the same diagnostics and leaves the session's fact base as it was.
@Suite struct PerformanceBulkLoadTests {
    /// A fact file in the pinned bulk form using every case the fast path reads itself.
    static let bulkFile = """
        # a comment, then a blank line

        relation member_of (member, organization)
        RELATION borders (country, neighbour) symmetric
        relation "leads" (leader, led)   -- a trailing comment
        \tentity o1 : organization
        entity O2 : Organization
        entity "Côte d'Ivoire" : country
        entity "New Zealand" : country
        entity c_1 : country
        entity c2 : country\r
        entity Ann : person
        FACT c_1 member_of o1 { status: active, since: 2001 }
        fact c2 member_of O2 { since: 2001-05, status: Frozen, }
        fact C_1 member_of o2 { status: frozen, since: 2023-09-19, share: 0.25, delta: -7 }
        fact "Côte d'Ivoire" member_of o1 { status: "Active", official: true, kind: alliance }
        fact "New Zealand" borders c2 {}
        fact Ann leads "New Zealand" { partner: c2, big: 123456789012345, old: false }
        fact ann LEADS c_1#comment
        fact c2 member_of o1 { status: active }
        entity active : status_value
        fact c2 member_of o1 { status: active, "note text": "quoted attribute" }
        """

    /// Every definition a fact base holds, as text, in order.
    static func dump(_ base: FactBase) -> [String] {
        var lines = [base.schemaText]
        lines += (0..<base.entityCount).map { base.describe(entity: EntityID($0)) }
        lines += (0..<base.factCount).map { fact in
            base.describe(fact: FactID(fact)) + " cites " + base.citations(ofFact: FactID(fact)).map(String.init).joined(separator: ",")
        }
        lines.append(base.texts.joined(separator: "|"))
        lines.append(base.attributeNames.joined(separator: "|"))
        return lines
    }

    /// A session loading `text` one of three ways.
    enum Path: CaseIterable {
        case general, bulk, streamed
    }

    static func load(
        _ text: String, _ path: Path, into session: Session = Session(builtInFacts: false), bytes given: [UInt8]? = nil
    ) -> (session: Session, succeeded: Bool, errors: [String]) {
        var errors: [String] = []
        let renderer = DiagnosticRenderer(useColor: false)
        let emit: (Session.Event) -> Void = { event in
            if case .diagnostic(let diagnostic) = event { errors.append(renderer.render(diagnostic)) }
        }
        let bytes = given ?? Array(text.utf8)
        let succeeded: Bool
        switch path {
        case .general:
            session.bulkLoadThreshold = Int.max
            succeeded = session.run(SourceFile(name: "bulk.facts", bytes: bytes), emit: emit)
        case .bulk:
            session.bulkLoadThreshold = 0
            succeeded = session.run(SourceFile(name: "bulk.facts", bytes: bytes), emit: emit)
        case .streamed:
            // Pieces of 7 bytes: lines cross every boundary, and longer ones make the buffer grow.
            session.bulkLoadThreshold = 0
            session.fileChunkSize = 7
            session.readFile = { _ throws(Diagnostic) in bytes }
            let file = ByteFeeder(bytes)
            succeeded = session.run(fileNamed: "bulk.facts", size: bytes.count, emit: emit) { buffer in file.read(into: buffer) }
        }
        return (session, succeeded, errors)
    }

    /// A byte-order mark before the first line is no part of it, on every path.
    @Test(arguments: Path.allCases) func aByteOrderMarkIsSkipped(_ path: Path) {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.bulkFile.utf8)
        let loaded = Self.load("", path, bytes: bytes)
        #expect(loaded.succeeded, "\(path)")
        #expect(loaded.errors == [], "\(path)")
        #expect(loaded.session.factBase.factCount == 9, "\(path)")
        // A bad line after it is located as the user sees it, counting from the first letter.
        let bad = Self.load("", path, bytes: [0xEF, 0xBB, 0xBF] + Array("entitty a : thing\n".utf8))
        #expect(!bad.succeeded)
        #expect(bad.errors.first?.contains(" --> bulk.facts:1:9\n") == true, "\(path)")
        #expect(bad.errors.first?.contains("1 | entitty a : thing\n") == true, "\(path)")
    }

    @Test func theBulkLoaderReadsTheWholeFileItself() {
        var base = FactBase()
        var loader = BulkLoader()
        #expect(loader.load(Array(Self.bulkFile.utf8), into: &base))
        #expect(base.factCount == 9)
        #expect(base.entityCount == 8)
    }

    @Test func allThreePathsBuildTheSameFactBase() {
        let general = Self.load(Self.bulkFile, .general)
        #expect(general.succeeded)
        #expect(general.errors.isEmpty)
        let expected = Self.dump(general.session.factBase)
        for path in [Path.bulk, .streamed] {
            let loaded = Self.load(Self.bulkFile, path)
            #expect(loaded.succeeded, "\(path)")
            #expect(Self.dump(loaded.session.factBase) == expected, "\(path)")
        }
    }

    @Test func lookUpsAgreeAfterABulkLoad() {
        let base = Self.load(Self.bulkFile, .bulk).session.factBase
        #expect(base.entity(named: "C_1") == base.entity(named: "c_1"))
        #expect(base.entity(named: "côte d'ivoire") != nil)
        #expect(base.entity(named: "CÔTE D'IVOIRE") == base.entity(named: "Côte d'Ivoire"))
        #expect(base.entity(named: "c3") == nil)
        // `active` was a symbol until an entity took the name; the last fact refers to the entity.
        let lastFact = FactID(base.factCount - 1)
        #expect(base.describe(fact: lastFact).contains("status: active"))
        if let status = base.attribute(named: "status"), let entity = base.entity(named: "active") {
            #expect(base.value(of: status, inFact: lastFact) == .entity(entity))
            #expect(base.value(of: status, inFact: 0) != .entity(entity))
        } else {
            Issue.record("status or active is missing")
        }
    }

    @Test func queriesAnswerTheSameAfterEitherPath() {
        let queries = [
            "members of o1", "count members of O2", "members of organizations where status = frozen",
            "neighbours of c2", "leaders of countries", "members of o1 where official = true",
        ]
        let general = Self.load(Self.bulkFile, .general).session
        let bulk = Self.load(Self.bulkFile, .streamed).session
        for query in queries {
            var expected: [StatementResult] = []
            var actual: [StatementResult] = []
            general.run(SourceFile(name: nil, text: query)) { if case .result(let result) = $0 { expected.append(result) } }
            bulk.run(SourceFile(name: nil, text: query)) { if case .result(let result) = $0 { actual.append(result) } }
            #expect(!expected.isEmpty, "\(query)")
            #expect(actual == expected, "\(query)")
        }
    }

    /// Lines the fast path leaves to the general one, each at the end of an otherwise good file.
    static let failingEndings = [
        "fact c2 member_of Atlantis { status: active }",  // unknown entity, with a suggestion
        "fact c2 member_of o1 { status: active, status: frozen }",  // an attribute given twice
        "entity c2 : person",  // a second kind
        "fact c2 member_of o1 { status: of }",  // a keyword as a value: a syntax error
        "fact c2 member_of o1 { since: 2023-02-30 }",  // no such day
        "fact c2 unknown_relation o1",
        "members of o1 where",  // a query left unfinished
        "fact c2 member_of o1 cites nowhere",  // an unknown source
        "source s1 \"words\"\nfact c2 member_of o1 cites s1 \"other words\"",  // a quote not in the sentence
        "source s1 \"a\"\nsource s1 \"b\"",  // a source defined again with other text
        "kind organization : country\nkind country : organization",  // a cycle of kinds
        "kind person plural people\nkind group plural people",  // a plural taken twice
    ]

    /// Kinds, sources and citations, which the fast path takes too.
    static let definitionsFile = """
        source p1 "Alpha joined the Union in 2001, and Beta joined too."
        SOURCE "p 2" "Beta left."
        kind country
        kind alliance : organization
        kind person plural people
        KIND "thing" : entity_kind PLURAL things
        entity Alpha : country
        entity Beta : country
        entity Union : alliance
        entity Ann : person
        relation member_of (member, organization)
        fact Alpha member_of Union { since: 2001 } cites p1 "Alpha joined the Union", "p 2"
        fact Beta member_of Union cites p1, p1 "Beta joined", "P 2" "Beta left"
        fact Alpha member_of Union { since: 2001 } cites "p 2" "left"
        fact Ann member_of Union cites p1 -- a comment
        kind organization plural organisations
        entity Club : organization
        """

    @Test func kindsSourcesAndCitationsTakeTheFastPathToTheSamePlace() {
        var base = FactBase()
        var loader = BulkLoader()
        #expect(loader.load(Array(Self.definitionsFile.utf8), into: &base))
        let general = Self.load(Self.definitionsFile, .general)
        #expect(general.succeeded)
        #expect(general.errors.isEmpty)
        func quotes(_ base: FactBase) -> [[String?]] {
            (0..<base.factCount).map { Array(base.citationQuotes(ofFact: FactID($0))) }
        }
        let queries = ["why members of Union", "count facts", ".sources", "people", "organisations", "show Alpha"]
        func answers(_ session: Session) -> [[StatementResult]] { queries.map { TestSession.run($0, in: session).results } }
        let expected = answers(general.session)
        for path in [Path.bulk, .streamed] {
            let loaded = Self.load(Self.definitionsFile, path)
            #expect(loaded.succeeded, "\(path)")
            #expect(Self.dump(loaded.session.factBase) == Self.dump(general.session.factBase), "\(path)")
            #expect(quotes(loaded.session.factBase) == quotes(general.session.factBase), "\(path)")
            #expect(answers(loaded.session) == expected, "\(path)")
        }
        // A new kind a typo away from a declared one is warned of on every path.
        let typo = Self.definitionsFile + "\nentity Zed : contry\n"
        let warned = Self.load(typo, .general)
        #expect(warned.errors.first?.hasPrefix("warning: 'contry' is a new kind") == true)
        for path in [Path.bulk, .streamed] {
            #expect(Self.load(typo, path).errors == warned.errors, "\(path)")
        }
        // The fact stated twice is one fact, citing both sentences, with the first quotes kept.
        #expect(general.session.factBase.factCount == 3)
        #expect(quotes(general.session.factBase).first == ["Alpha joined the Union", "left"])
    }

    @Test(arguments: failingEndings)
    func aBadLastLineLeavesTheFactBaseAsItWasWithTheSameDiagnostic(_ ending: String) {
        let text = Self.bulkFile + "\n" + ending + "\n"
        var outcomes: [(succeeded: Bool, errors: [String], dump: [String])] = []
        for path in Path.allCases {
            let session = Session(builtInFacts: false)
            _ = session.run(SourceFile(name: "first.facts", text: "entity Existing : country")) { _ in }
            let before = Self.dump(session.factBase)
            let loaded = Self.load(text, path, into: session)
            #expect(!loaded.succeeded, "\(path)")
            #expect(Self.dump(session.factBase) == before, "\(path) changed the fact base")
            outcomes.append((loaded.succeeded, loaded.errors, Self.dump(session.factBase)))
        }
        #expect(outcomes[0].errors.count >= 1)
        #expect(outcomes[0].errors.first?.contains("bulk.facts:") == true)
        for outcome in outcomes.dropFirst() {
            #expect(outcome.errors == outcomes[0].errors)
        }
    }

    @Test func invalidUTF8IsReportedTheSameEitherWay() {
        var bytes = Array((Self.bulkFile + "\nentity bad : thing\n").utf8)
        // "bad" spelt with a byte that starts no UTF-8 sequence.
        if let index = bytes.indices.last(where: { bytes[$0] == UInt8(ascii: "b") }) { bytes[index] = 0xFF }
        var outcomes: [[String]] = []
        for path in Path.allCases {
            let session = Session(builtInFacts: false)
            let loaded = Self.load(String(decoding: bytes, as: UTF8.self), path, into: session, bytes: bytes)
            #expect(!loaded.succeeded, "\(path)")
            #expect(session.factBase.entityCount == 0, "\(path)")
            outcomes.append(loaded.errors)
        }
        #expect(outcomes[0].first?.contains("UTF-8") == true, "\(outcomes[0])")
        #expect(outcomes[1] == outcomes[0])
        #expect(outcomes[2] == outcomes[0])
    }

    @Test func aNameDeclaredTwiceIsKeptOnceEitherWay() {
        let text = Self.bulkFile + "\nentity C2 : country\nentity a : country\nentity A : country\nfact a member_of C2\n"
        let general = Self.load(text, .general)
        for path in [Path.bulk, .streamed] {
            let loaded = Self.load(text, path)
            #expect(loaded.succeeded == general.succeeded)
            #expect(loaded.errors == general.errors)
            #expect(Self.dump(loaded.session.factBase) == Self.dump(general.session.factBase))
        }
        #expect(general.succeeded)
        #expect(general.session.factBase.entityCount == 9)
        // The loader finds the second declaration when it keys its names, then, looking each
        // name up as it comes, loads the file itself.
        let bytes = Array(text.utf8)
        var deferred = BulkLoader()
        var base = FactBase()
        #expect(!deferred.load(bytes, into: &base))
        #expect(deferred.foundDuplicateName)
        var eager = BulkLoader(keysEachEntity: true)
        base = FactBase()
        #expect(eager.load(bytes, into: &base))
        #expect(Self.dump(base) == Self.dump(general.session.factBase))
    }

    /// Facts keep their own attributes whether a relation's facts come together (rows implied by
    /// their ids) or interleaved with another relation's (rows stored from then on).
    @Test func factAttributesSurviveRelationsInterleaving() {
        var lines = ["relation r (a, b)", "relation s (a, b)", "entity x : thing", "entity y : thing"]
        var written: [String] = []
        for index in 0..<40 {
            // r, r, r, s, r, s, s, r, ...: consecutive at first, interleaved later.
            let relation = index < 3 || index % 3 == 1 ? "r" : "s"
            let fact = "x \(relation) y { n: \(index), tag: t\(index % 4) }"
            lines.append("fact " + fact)
            written.append(fact)
        }
        for path in [Path.general, .bulk] {
            let loaded = Self.load(lines.joined(separator: "\n"), path)
            #expect(loaded.succeeded, "\(path)")
            let base = loaded.session.factBase
            #expect((0..<base.factCount).map { base.describe(fact: FactID($0)) } == written, "\(path)")
            if let n = base.attribute(named: "n"), let tag = base.attribute(named: "tag") {
                #expect((0..<base.factCount).map { base.value(of: n, inFact: FactID($0)) } == (0..<40).map { .integer($0) })
                // Every value, once each: both relations' columns are read.
                #expect(Array(base.attributePool).count == 80)
                #expect(Set(base.attributePool.filter { $0.attribute == n }.map(\.value)).count == 40)
                #expect(base.distinctValues(of: tag, limit: 10).map(base.display) == ["t0", "t1", "t2", "t3"])
                #expect(base.distinctValues(of: n, limit: 5).count == 5)
            } else {
                Issue.record("no attribute n or tag")
            }
        }
    }

    @Test func aBulkFileOnTopOfTheBuiltInBaseMatchesTheGeneralPath() {
        let text = "entity Utopia : country\nentity Armenia : country\nfact Utopia member_of CSTO { status: active, since: 2030 }\n"
        let general = Self.load(text, .general, into: Session())
        let streamed = Self.load(text, .streamed, into: Session())
        #expect(general.succeeded && streamed.succeeded)
        #expect(Self.dump(streamed.session.factBase) == Self.dump(general.session.factBase))
    }
}
