import Foundation
import Testing

@testable import FactQL

/// `.timeout` and `--timeout`: a query that runs past its time limit stops with an error that says
/// so, and the session goes on. No timing is asserted beyond "it stopped with that error".
@Suite struct SafetyCommandsTests {
    /// 20,000 nodes and 100,000 links between them, spread by a fixed pseudo-random sequence.
    static let bigGraph: String = {
        var lines = ["relation link (origin, target)"]
        let nodes = 20_000
        for node in 0..<nodes { lines.append("entity n\(node) : node") }
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(nodes))
        }
        for _ in 0..<100_000 { lines.append("fact n\(next()) link n\(next())") }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Sixty hops over the whole graph: seconds of work, far past a one-millisecond limit.
    static let slowQuery = "count " + String(repeating: "targets of ", count: 60) + "nodes"

    static func events(_ text: String, in session: Session) -> (results: [StatementResult], diagnostics: [Diagnostic]) {
        var results: [StatementResult] = []
        var diagnostics: [Diagnostic] = []
        session.run(SourceFile(name: nil, text: text)) { event in
            switch event {
            case .result(let result): results.append(result)
            case .diagnostic(let diagnostic): diagnostics.append(diagnostic)
            case .request: break
            }
        }
        return (results, diagnostics)
    }

    @Test func aQueryPastItsTimeLimitStopsWithAnError() {
        let session = Session(builtInFacts: false)
        #expect(Self.events(Self.bigGraph, in: session).diagnostics.isEmpty)
        #expect(Self.events(".timeout 0.001", in: session).diagnostics.isEmpty)
        let stopped = Self.events(Self.slowQuery, in: session)
        #expect(stopped.results.isEmpty)
        #expect(stopped.diagnostics.map(\.message) == ["query stopped: it ran longer than the 0.001 s time limit (.timeout)"])
        #expect(stopped.diagnostics.first?.locationText == "1:1")
        // The session goes on, with its facts.
        let after = Self.events("count nodes", in: session)
        #expect(after.results == [.table(ResultTable(columns: ["count"], rows: [[.integer(20_000)]]))])
    }

    @Test func theTimeLimitIsShownSetAndRemoved() {
        let session = Session(builtInFacts: false)
        #expect(Self.events(".timeout", in: session).results == [.text("no time limit")])
        #expect(Self.events(".timeout 2.5", in: session).diagnostics.isEmpty)
        #expect(session.timeLimit == TimeLimit(parsing: "2.5"))
        #expect(Self.events(".timeout", in: session).results == [.text("time limit: 2.5 s")])
        #expect(Self.events(".timeout 30", in: session).results.isEmpty)
        #expect(Self.events(".timeout", in: session).results == [.text("time limit: 30 s")])
        #expect(Self.events(".timeout OFF", in: session).diagnostics.isEmpty)
        #expect(session.timeLimit == nil)
    }

    @Test func timeLimitsMustBePositiveAndBounded() {
        #expect(TimeLimit(parsing: "5")?.seconds == 5)
        #expect(TimeLimit(parsing: "0.25")?.description == "0.25")
        for bad in ["0", "-1", "nan", "inf", "1e7", "", "5s", "0x10"] {
            #expect(TimeLimit(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func hostInterruptionIsNotReportedAsATimeLimit() {
        let session = Session(builtInFacts: false)
        _ = Self.events(Self.bigGraph, in: session)
        session.timeLimit = TimeLimit(parsing: "1000")
        session.shouldStop = { true }
        let stopped = Self.events(Self.slowQuery, in: session)
        #expect(stopped.diagnostics.map(\.message) == ["query interrupted"])
    }

    @Test func theCommandLineOptionSetsTheLimit() throws {
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.bigGraph.write(to: directory.appendingPathComponent("graph.facts"), atomically: true, encoding: .utf8)
        let outcome = try BinaryRunner.run(
            ["--timeout", "0.001", "--empty", "--facts", "graph.facts", "-e", Self.slowQuery], directory: directory)
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "")
        #expect(outcome.standardError.hasPrefix("error: query stopped: it ran longer than the 0.001 s time limit (.timeout)\n --> 1:1\n"))
    }
}
