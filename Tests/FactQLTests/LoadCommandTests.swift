import Foundation
import Testing

@testable import FactQL

/// `.load` (Sources/FactQL/Session/LoadCommand.swift): a relative path inside a file is found
/// beside that file, as C's `#include` and psql's `\ir` find theirs; typed in the REPL or given
/// with `-e`, in the current directory. In the REPL it says what it added; `.timer on` times it.
@Suite struct LoadCommandTests {
    /// top.fq loads a/outer.fq, which loads b/inner.fq (that is, a/b/inner.fq), which loads
    /// ../../base.facts (back at the top) and the absolute path of a/abs.facts.
    func nestedFolders() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/a/b", withIntermediateDirectories: true)
        _ = try directory.write("base.facts", "kind widget\nentity W1 : widget\n")
        _ = try directory.write("a/abs.facts", "entity W3 : widget\n")
        _ = try directory.write("a/b/inner.fq", ".load ../../base.facts\nentity W2 : widget\n.load '\(directory.path)/a/abs.facts'\n")
        _ = try directory.write("a/outer.fq", ".load b/inner.fq\n")
        _ = try directory.write("top.fq", ".load a/outer.fq\ncount widgets\n")
        return directory
    }

    @Test func aRelativePathInAFileIsFoundBesideIt() throws {
        let directory = try nestedFolders()
        let expected = BinaryRunner.Outcome(status: 0, standardOutput: "count\r\n3\r\n", standardError: "")
        // From the folder itself, from elsewhere (the root), and as a --facts file.
        #expect(try BinaryRunner.run(["--empty", "--format", "csv", "top.fq"], directory: URL(fileURLWithPath: directory.path)) == expected)
        #expect(
            try BinaryRunner.run(["--empty", "--format", "csv", directory.path + "/top.fq"], directory: URL(fileURLWithPath: "/"))
                == expected)
        #expect(
            try BinaryRunner.run(
                ["--empty", "--format", "csv", "--facts", "a/outer.fq", "-e", "count widgets"], directory: URL(fileURLWithPath: directory.path))
                == expected)
    }

    @Test func withDashEAndOnStandardInputTheCurrentDirectoryIsUsed() throws {
        let directory = try nestedFolders()
        let here = URL(fileURLWithPath: directory.path + "/a")
        let expected = BinaryRunner.Outcome(status: 0, standardOutput: "count\r\n3\r\n", standardError: "")
        #expect(try BinaryRunner.run(["--empty", "--format", "csv", "-e", ".load outer.fq", "-e", "count widgets"], directory: here) == expected)
        #expect(try BinaryRunner.run(["--empty", "--format", "csv"], input: ".load outer.fq\ncount widgets\n", directory: here) == expected)
        // The path named in the error is where the file was looked for.
        let missing = try BinaryRunner.run(["--empty", "-e", ".load b/../missing.fq"], directory: here)
        #expect(missing.status == 1)
        #expect(missing.standardError.hasPrefix("error: cannot read 'b/../missing.fq': No such file or directory\n"))
        _ = try directory.write("a/b/bad.fq", ".load nowhere.facts\n")
        let nested = try BinaryRunner.run(["--empty", "-e", ".load b/bad.fq"], directory: here)
        #expect(nested.standardError.hasPrefix("error: cannot read 'b/nowhere.facts': No such file or directory\n --> b/bad.fq:1:7\n"))
    }

    /// A session whose `.load` reads from `files`.
    func session(_ files: [String: String]) -> Session {
        let session = Session(builtInFacts: false)
        session.readFile = { path throws(Diagnostic) in
            guard let text = files[path] else { throw Diagnostic(message: "cannot read '\(path)': no such file") }
            return Array(text.utf8)
        }
        return session
    }

    func texts(_ input: String, in session: Session) -> [String] {
        TestSession.run(input, in: session).results.compactMap { result in
            switch result {
            case .text(let text): return text
            case .timer: return "<timer>"
            default: return nil
            }
        }
    }

    @Test func aLoadTypedInTheREPLSaysWhatItAddedAndAScriptsIsQuiet() throws {
        let files = [
            "w.facts": "kind widget\nentity W1 : widget\nentity W2 : widget\nrelation fits (part, whole)\nfact W1 fits W2\n",
            "outer.fq": ".load w.facts\n", "one.facts": "entity W9 : widget\n",
        ]
        let quiet = session(files)
        #expect(texts(".load outer.fq", in: quiet) == [])
        let repl = session(files)
        repl.announcesLoads = true
        // One line for the typed .load, none for the file it loads.
        let lines = texts(".load outer.fq", in: repl)
        try #require(lines.count == 1, "\(lines)")
        #expect(StartupTests.isLoadSummary(lines[0], entities: "2 entities", facts: "1 fact"), "\(lines[0])")
        let one = texts(".load one.facts", in: repl)
        #expect(one.count == 1 && StartupTests.isLoadSummary(one[0], entities: "1 entity", facts: "0 facts"), "\(one)")
        // A failed .load says nothing of the kind.
        #expect(texts(".load missing.facts", in: repl) == [])
    }

    @Test func theSummaryCountsInThousandsAndSeconds() {
        #expect(
            Session.loadSummary(entities: 200_001, facts: 200_000, elapsed: .milliseconds(250))
                == "loaded 200,001 entities and 200,000 facts in 0.25 s")
        #expect(Session.loadSummary(entities: 1, facts: 1, elapsed: .milliseconds(12_345)) == "loaded 1 entity and 1 fact in 12.34 s")
        #expect(Session.loadSummary(entities: 0, facts: 3, elapsed: .microseconds(90)) == "loaded 0 entities and 3 facts in under 0.01 s")
        #expect(Session.loadSummary(entities: 0, facts: 0, elapsed: .milliseconds(50)) == "loaded nothing new in 0.05 s")
        #expect(Session.loadSummary(entities: 0, facts: -2, elapsed: .milliseconds(1_070)) == "loaded 0 entities and 2 facts fewer in 1.07 s")
        #expect(Session.grouped(999) == "999" && Session.grouped(1000) == "1,000" && Session.grouped(1_234_567) == "1,234,567")
    }

    @Test func theTimerCoversLoadAndShowsItsSetting() throws {
        let timed = session(["w.facts": "kind widget\nentity W1 : widget\n"])
        let lines = texts(".timer\n.timer on\n.timer\n.load w.facts\n.timer off\n.load w.facts\n.timer", in: timed)
        // One timer line for the first .load, none for the second.
        try #require(lines.count == 4, "\(lines)")
        #expect(lines[0] == "timer: off" && lines[1] == "timer: on" && lines[3] == "timer: off")
        #expect(lines[2] == "<timer>", "\(lines[2])")
        #expect(texts(".trace\n.trace on\n.trace\n.trace off\n.trace", in: timed) == ["trace: off", "trace: on", "trace: off"])
    }
}
