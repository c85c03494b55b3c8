import Foundation
import Testing

@testable import FactQL

/// Input that grows in an unusual direction (many attributes, many sources, long lines) gives the
/// right answers, and is stored and located in space linear in what was written. The times are
/// measured by `make bench-growth` (benchmarks/growth.py), not here.
@Suite struct GrowthTests {
    static func world(facts: Int, attribute: (Int) -> String) -> String {
        var lines = ["kind thing", "relation r (member, holder)"]
        for index in 0...facts { lines.append("entity e\(index) : thing") }
        for index in 0..<facts { lines.append("fact e\(index) r e\(index + 1) { \(attribute(index)) }") }
        return lines.joined(separator: "\n")
    }

    /// The values a relation's columns store, missing ones included.
    static func storedSlots(_ base: FactBase, relation: String) -> Int {
        guard let id = base.relation(named: relation) else { return -1 }
        return base.attributeTables[Int(id)].columns.reduce(0) { $0 + $1.slotCount }
    }

    /// Entity and fact lines taking turns (`entity c1 : land`, `fact c1 joins org1`): the bulk
    /// loader keys the new names a few at a time, and the name table must grow by doubling, not
    /// by the few (which rebuilt it once per line: 100,000 such lines took 100 s).
    @Test func entityAndFactLinesTakingTurnsLoadInLinearTime() throws {
        let count = 60_000
        var text = "relation joins (joiner, joined)\nentity org0 : club\n"
        for index in 0..<count { text += "entity land\(index) : land\nfact land\(index) joins org0\n" }
        let session = Session(builtInFacts: false)
        session.bulkLoadThreshold = 0
        let problems = DatabaseTests.run(text, in: session)
        #expect(problems.isEmpty)
        #expect(session.factBase.factCount == count)
        #expect(session.factBase.entity(named: "land59999") != nil)
        // Doubling from 64 slots reaches 80,000 in about 11 steps; once per line would be thousands.
        #expect(session.factBase.entityTable.rehashCount < 40, "\(session.factBase.entityTable.rehashCount) rebuilds")
    }

    @Test func factsEachWithTheirOwnAttributeAreStoredSparsely() {
        let count = 3000
        let world = TestSession(Self.world(facts: count) { "a\($0): \($0)" })
        let base = world.session.factBase
        // One column per attribute, each holding one value: not a column as long as the relation.
        #expect(Self.storedSlots(base, relation: "r") <= 2 * count)
        #expect(world.answers("members of e2001 where a2000 = 2000") == ["e2000"])
        #expect(world.answers("count members of e2001 where a2000 = 1") == ["0"])
        #expect(world.answers("holders of e0 where a0 >= 0") == ["e1"])
        guard let facts = world.table("facts of e1500") else {
            Issue.record("no table")
            return
        }
        #expect(facts.rows.map { $0.map(\.displayText) } == [
            ["e1499", "r", "e1500", "a1499: 1499"], ["e1500", "r", "e1501", "a1500: 1500"],
        ])
    }

    @Test func aColumnThatFewFactsFillTurnsSparseAndKeepsItsValues() {
        // Every 50th fact has `rare`, all have `common`: `rare` starts dense (fact 0 has it).
        let count = 5000
        let world = TestSession(
            Self.world(facts: count) { $0 % 50 == 0 ? "common: \($0), rare: r\($0)" : "common: \($0)" })
        let base = world.session.factBase
        #expect(Self.storedSlots(base, relation: "r") < count + count / 10)
        #expect(world.answers("count members of things where rare = r2500") == ["1"])
        #expect(world.answers("count members of things where common >= 0") == ["5000"])
        #expect(world.answers("members of e4951 with rare") == ["e4950"])
        guard let table = world.table("members of e4951 with rare") else { return }
        #expect(table.rows.first?.map(\.displayText) == ["e4950", "r4950"])
        // A retraction renumbers the sparse rows after it.
        let retracted = world.run("retract fact e0 r e1")
        #expect(retracted.diagnostics.isEmpty)
        #expect(world.answers("members of e4951 with rare") == ["e4950"])
        #expect(world.answers("count members of things where rare = r100") == ["1"])
        #expect(world.answers("holders of e100 where rare = r100") == ["e101"])
        #expect(world.answers("count holders of e101 where rare = r100") == ["0"])
    }

    @Test func aFactWithManyAttributesAndManySourcesIsWholeAndCheckedForRepeats() {
        let count = 2000
        let block = (0..<count).map { "a\($0): \($0)" }.joined(separator: ", ")
        let sources = (0..<count).map { "source s\($0) \"sentence \($0)\"" }.joined(separator: "\n")
        let cites = (0..<count).map { "s\($0)" }.joined(separator: ", ")
        let world = TestSession(
            sources + "\nkind thing\nentity x : thing { " + block + " }\nentity y : thing\n"
                + "relation r (member, holder)\nfact x r y { " + block + " } cites " + cites)
        let base = world.session.factBase
        #expect(base.citations(ofFact: 0).count == count)
        #expect(world.answers("members of y where a1999 = 1999") == ["x"])
        #expect(world.answers("things where a1234 = 1234") == ["x"])
        // Stating it again with the same attributes is the same fact; a repeated one is an error.
        _ = world.run("fact x r y { " + block + " } cites s0")
        #expect(base.factCount == 1)
        let repeated = world.error("fact x r y { a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6, a7: 7, a8: 8, a9: 9, a3: 3 }")
        #expect(repeated?.message == "attribute 'a3' is given twice")
        let conflicting = world.error("entity x : thing { a1500: 7 }")
        #expect(conflicting?.message == "entity 'x' already has a1500 = 1500")
    }

    @Test func tokensAndTreesOfALongLineAreLocatedRight() throws {
        let values = (0..<3000).map { "v\($0)" }.joined(separator: ", ")
        let text = "count countries\nwhere name in (" + values + ")"
        let source = SourceFile(name: nil, text: text)
        let (table, diagnostics) = try TokenDump.table(source: source, range: 0..<source.bytes.count)
        #expect(diagnostics.isEmpty)
        let locator = source.locator()
        // The locator agrees with the one-at-a-time location everywhere.
        for offset in stride(from: 0, through: source.bytes.count, by: 97) {
            #expect(locator.location(of: offset) == source.location(of: offset))
        }
        let last = table.rows[table.rows.count - 2]
        #expect(last[1].displayText == ")")
        let column = text.count - "count countries\n".count
        #expect(last[2].displayText == "2:\(column)-2:\(column + 1)")
        // A non-ASCII line and several lines.
        let wide = SourceFile(name: nil, text: "één\n\nΣίσυφος is ä\u{308}\nx")
        let wideLocator = wide.locator()
        for offset in 0...wide.bytes.count {
            #expect(wideLocator.location(of: offset) == wide.location(of: offset))
        }
    }

    @Test func aRoleNounThatManyRelationsShareReachesEveryFactOnce() {
        // 40 relations share `x`; each b_i is an x of A through r_i, and r_39 is symmetric with
        // two role names, so A is also reached from b_39's side.
        var lines = ["kind thing", "entity A : thing"]
        for index in 0..<40 { lines.append("entity b\(index) : thing") }
        for index in 0..<39 { lines.append("relation r\(index) (x, y)") }
        lines.append("relation r39 (x, z) symmetric")
        for index in 0..<40 { lines.append("fact b\(index) r\(index) A { n: \(index) }") }
        let world = TestSession(lines.joined(separator: "\n"))
        #expect(world.answers("count xes of A") == ["40"])
        #expect(world.answers("count xes of A where n >= 30") == ["10"])
        #expect(world.answers("xes of A where n = 7") == ["b7"])
        #expect(world.answers("xes of b39") == ["A"])
        guard case .verdict(let verdict)? = world.run("is b12 a x of A").results.first else {
            Issue.record("no verdict")
            return
        }
        #expect(verdict.answer == true)
        guard case .explanations(_, let explanations)? = world.run("why xes of A where n = 12").results.first else {
            Issue.record("no proof")
            return
        }
        #expect(explanations.map(\.answer) == ["b12"])
        #expect(explanations.first?.steps.map(\.fact) == ["b12 r12 A { n: 12 }"])
    }
}

/// A load that would not fit under the address-space limit is refused up front with an error
/// that names the file and the sizes, instead of ending in a runtime trap.
@Suite struct MemoryLimitTests {
    @Test func aLoadTooLargeForTheLimitIsRefusedCleanly() throws {
        let directory = try TemporaryDirectory()
        // `aka` takes the general path: about 25 bytes of address space per byte of text.
        var general = "kind thing\n"
        for number in 0..<400_000 { general += "entity entity_number_\(number) : thing aka x\(number)\n" }
        let big = try directory.write("big.facts", general)
        var bulk = "kind thing\n"
        for number in 0..<40_000 { bulk += "entity e\(number) : thing\n" }
        let small = try directory.write("small.facts", bulk)
        let binary = BinaryRunner.binary.path
        func underLimit(_ file: String) throws -> BinaryRunner.Outcome {
            try BinaryRunner.shell("ulimit -v 400000 && exec '\(binary)' --empty --facts '\(file)' -e 'count things'")
        }
        let refused = try underLimit(big)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.standardOutput == "")
        #expect(refused.standardError.hasPrefix("error: cannot load '\(big)' ("))
        #expect(refused.standardError.contains(" MB): it needs about "))
        #expect(refused.standardError.contains("= this process may use about "))
        let loaded = try underLimit(small)
        #expect(loaded.status == 0)
        #expect(loaded.standardOutput.contains(" 40000"))
    }

    @Test func theSessionRefusesInputItsHostSaysWillNotFit() {
        let session = Session(builtInFacts: false)
        session.availableMemory = { 10_000_000 }
        let text = String(repeating: "entity e : thing aka x\n", count: 100_000)
        let outcome = TestSession.run(text, in: session)
        #expect(outcome.diagnostics.map(\.message) == ["cannot load the input (2.3 MB): it needs about 73 MB"])
        #expect(session.factBase.entityCount == 0)
        session.availableMemory = { nil }
        #expect(TestSession.run(text, in: session).diagnostics.isEmpty)
        #expect(session.factBase.entityCount == 1)
    }
}

/// A large input runs its statements as they are parsed, keeping no syntax trees; it must do
/// exactly what the whole-input path does.
@Suite struct StreamingTests {
    static func events(_ text: String, name: String, streaming: Bool) -> [String] {
        let session = Session(builtInFacts: true)
        session.streamingThreshold = streaming ? 0 : Int.max
        session.readFile = { _ throws(Diagnostic) in Array("entity Loaded : country\n".utf8) }
        var events: [String] = []
        let formatter = ResultFormatter(format: .table)
        let renderer = DiagnosticRenderer(useColor: false)
        let succeeded = session.run(SourceFile(name: name, text: text)) { event in
            switch event {
            case .result(let result): events.append(formatter.render(result))
            case .diagnostic(let diagnostic): events.append(renderer.render(diagnostic))
            case .request(let request): events.append("\(request)")
            }
        }
        events.append("succeeded: \(succeeded), entities: \(session.factBase.entityCount), facts: \(session.factBase.factCount)")
        return events
    }

    @Test func everyGoldenScriptRunsTheSameStreamed() throws {
        let folder = BinaryRunner.packageRoot.appendingPathComponent("Tests/Golden")
        let scripts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".fq") }.sorted()
        #expect(scripts.count > 40)
        for script in scripts {
            let text = try String(contentsOf: folder.appendingPathComponent(script), encoding: .utf8)
            #expect(Self.events(text, name: script, streaming: true) == Self.events(text, name: script, streaming: false), "\(script)")
        }
        // Errors: a syntax error anywhere runs nothing; a failing definition undoes the input.
        for text in [
            "entity A : country\ncount countries\nmembers of (\n", "entity A : country\ncount countries\nfact A member_of Nowhere\n",
            "entity A : country\n.load x.facts\ncount countries\n",
        ] {
            #expect(Self.events(text, name: "s.fq", streaming: true) == Self.events(text, name: "s.fq", streaming: false), "\(text)")
        }
    }
}

@Suite struct WarningLimitTests {
    @Test func aStatementShowsTwentyWarningsAndCountsTheRest() {
        let world = TestSession()
        let values = (0..<30).map { "nobody\($0)" }.joined(separator: ", ")
        let outcome = world.run("count countries where name in (\(values))")
        let warnings = outcome.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == 21)
        #expect(warnings.first?.message == "no entity is called 'nobody0', so name = nobody0 never holds")
        #expect(warnings.last?.message == "10 more warnings left out")
        #expect(world.answers("count countries where name in (\(values))") == ["0"])
    }
}

/// The error paths of loading a file piece by piece (`Session.run(fileNamed:)`, as `--facts`
/// does), and the parser's statement-at-a-time form that large inputs use.
@Suite struct PieceLoadingTests {
    static let bulkText = "kind thing\n" + (0..<60_000).map { "entity e\($0) : thing\n" }.joined()

    static func loadInPieces(_ session: Session, _ text: String) -> (succeeded: Bool, messages: [String]) {
        let bytes = Array(text.utf8)
        session.fileChunkSize = 4096
        session.readFile = { _ throws(Diagnostic) in bytes }
        var messages: [String] = []
        let file = ByteFeeder(bytes)
        let succeeded = session.run(fileNamed: "big.facts", size: bytes.count, emit: { event in
            if case .diagnostic(let diagnostic) = event { messages.append(diagnostic.message) }
        }) { buffer in file.read(into: buffer) }
        return (succeeded, messages)
    }

    @Test func aFileTooLargeForMemoryIsRefusedBeforeItsFirstPiece() {
        let session = Session(builtInFacts: false)
        session.availableMemory = { 1_000_000 }
        let outcome = Self.loadInPieces(session, Self.bulkText)
        #expect(!outcome.succeeded)
        #expect(outcome.messages == ["cannot load 'big.facts' (1.3 MB): it needs about 5.2 MB"])
        #expect(session.factBase.entityCount == 0)
    }

    @Test func aFileLoadedInPiecesStopsWhenAskedAndKeepsNothing() {
        let session = Session(builtInFacts: false)
        nonisolated(unsafe) var asked = 0
        session.shouldStop = {
            asked += 1
            return asked > 3
        }
        let outcome = Self.loadInPieces(session, Self.bulkText)
        #expect(!outcome.succeeded)
        #expect(outcome.messages == ["interrupted: nothing the input defined was kept"])
        #expect(session.factBase.entityCount == 0)
        session.shouldStop = { false }
        #expect(Self.loadInPieces(session, Self.bulkText).succeeded)
        #expect(session.factBase.entityCount == 60_000)
    }

    @Test func statementsAreHandedOverOneAtATime() {
        let source = SourceFile(name: nil, text: "count countries\nmembers of CSTO\nmembers of (\n")
        var parser = Parser(source: source)
        var seen: [String] = []
        parser.parseStatements { statement in
            seen.append(SyntaxPrinter.print([statement]))
            return false
        }
        // Stopped after the first: the second was never parsed, nor the error after it.
        #expect(seen == ["count countries"])
        #expect(parser.diagnostics.isEmpty)
        var whole = Parser(source: source)
        #expect(whole.parseScript().count == 2)
        #expect(whole.diagnostics.count == 1)
    }
}
