import Foundation
import Testing

@testable import FactQL

/// Each meta-command, run by the built binary with `-e` as a user would. `.history` in the REPL,
/// and `.quit`/`.exit` there, are in REPLTests; the stage commands (`.tokens`, `.ast`, `.plan`,
/// `.explain`, `.trace`) in the golden scripts Tests/Golden/stages-*.fq; `.dump` and `.sql` in
/// SQLDumpTests.
@Suite struct MetaCommandTests {
    /// A small fact base of its own, so that whole outputs can be written out here.
    static let planets = """
        source s1 "Phobos orbits Mars."
        source s2 "Deimos orbits Mars too."
        kind moon plural moons
        kind planet
        kind "gas giant" : planet
        entity Mars : planet aka "Red Planet"
        entity Jupiter : "gas giant"
        entity Phobos : moon
        entity Deimos : moon
        relation orbits (satellite, primary)
        fact Phobos orbits Mars { period: 0.32 } cites s1
        fact Deimos orbits Mars { period: 1.26 } cites s2

        """

    /// Runs `factql -e STATEMENT ...` (after `options`).
    func factql(_ statements: String..., options: [String] = []) throws -> BinaryRunner.Outcome {
        try BinaryRunner.run(options + statements.flatMap { ["-e", $0] })
    }

    /// Runs the statements over the planets only, output as CSV.
    func overPlanets(_ statements: String..., keepGoing: Bool = false) throws -> BinaryRunner.Outcome {
        let directory = try TemporaryDirectory()
        let facts = try directory.write("planets.facts", Self.planets)
        let options = ["--empty", "--facts", facts, "--format", "csv"] + (keepGoing ? ["--keep-going"] : [])
        return try BinaryRunner.run(options + statements.flatMap { ["-e", $0] })
    }

    // MARK: .help

    @Test func helpListsEveryCommandWithItsUsage() throws {
        let outcome = try factql(".help")
        #expect(outcome.status == 0 && outcome.standardError.isEmpty)
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "Meta-commands (they start with a dot, one per line):")
        // One line per command, in the table's order: usage, then the summary.
        let commandLines = Array(lines.dropFirst().prefix(MetaCommand.all.count))
        #expect(commandLines.map { $0.split(separator: " ").first.map(String.init) } == MetaCommand.all.map { "." + $0.name })
        for (line, command) in zip(commandLines, MetaCommand.all) {
            #expect(line.hasPrefix("  \(command.usage)  "), "\(line)")
            #expect(line.hasSuffix("  \(command.summary)"), "\(line)")
        }
        // The summaries start in one column.
        let summaryColumns = Set(zip(commandLines, MetaCommand.all).map { $0.0.count - $0.1.summary.count })
        #expect(summaryColumns.count == 1)
    }

    /// The language summary after the commands: every example in it runs, without warnings.
    @Test func helpExamplesAllRun() throws {
        let outcome = try factql(".help")
        let lines = outcome.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let summary = try #require(lines.split(separator: "").dropFirst().first)
        var examples: [String] = []
        for line in summary where !line.hasPrefix("Statements") {
            // `Label:  example | example`, or a continuation indented to the examples.
            let body = line.hasPrefix(" ") ? line : String(line.drop { $0 != ":" }.dropFirst())
            examples += body.components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(examples.contains("is Belarus a member of CSTO"))
        #expect(examples.contains("count members of each organization"))
        #expect(examples.contains("facts where date >= 2023-09"))
        #expect(examples.contains("members of ICC with since"))
        let run = try BinaryRunner.run(examples.flatMap { ["-e", $0] })
        #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
    }

    @Test func helpExplainsOneCommand() throws {
        let mode = try factql(".help mode", ".help .load")
        #expect(
            mode.standardOutput
                == ".mode table|csv|json|line\n    choose the output format (line: one column | value line per cell)\n"
                + ".load FILE\n    run a fact file or script (in a file, FILE is found beside it); if any statement fails, nothing it defined is kept\n")
        let unknown = try factql(".help modes")
        #expect(unknown.status == 1)
        #expect(unknown.standardError.hasPrefix("error: unknown meta-command '.modes'\n --> 1:7\n"))
        #expect(unknown.standardError.contains("did you mean .mode?"))
    }

    /// `.help as`: what time means, written where a user can find it.
    @Test func helpExplainsTime() throws {
        let outcome = try factql(".help as", ".help AS")
        #expect(outcome.status == 0 && outcome.standardError.isEmpty)
        let text = outcome.standardOutput
        #expect(text.hasPrefix("as of DATE    members of ICC as of 2024 | is Armenia a member of ICC as of 2023\n"))
        for words in [
            "since   it holds from this date on", "until   it holds up to this date", "date    it is an event",
            "A fact without dates is unknown on any date", "a note says how many facts were left out",
            "yes, no or unknown", "Kleene's logic: not\nunknown is unknown",
        ] {
            #expect(text.contains(words), "\(words)")
        }
        // Said twice: the topic name is not case-sensitive.
        #expect(text.components(separatedBy: "as of DATE    ").count == 3)
        // `.help` lists the topics after the language summary.
        let listing = try factql(".help").standardOutput
        #expect(listing.contains("\n\n.help as: as of DATE: what since, until and date mean, facts without dates, yes/no/unknown\n"))
        #expect(listing.hasSuffix("\n.help completion: what Tab offers in the REPL, in scope, and how names come quoted\n"))
    }

    @Test func anUnknownCommandIsAnErrorWithASuggestion() throws {
        let outcome = try factql(".shema")
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError
                == "error: unknown meta-command '.shema'\n --> 1:1\n  |\n1 | .shema\n  | ^^^^^^\n"
                + "  = type .help for the list\n  = did you mean .schema?\n")
    }

    // MARK: .load

    @Test func loadRunsAFactFileAndAScript() throws {
        let directory = try TemporaryDirectory()
        let facts = try directory.write("with space.facts", Self.planets)
        let script = try directory.write("moons.fq", "count moons\nsatellites of Mars\n")
        let outcome = try factql(".load \"\(facts)\"", ".load \(script)", options: ["--empty", "--format", "csv"])
        #expect(outcome.standardError == "")
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "count\r\n2\r\nsatellite\r\nDeimos\r\nPhobos\r\n")
    }

    @Test func loadTakesAFileNameInSingleQuotes() throws {
        let directory = try TemporaryDirectory()
        let facts = try directory.write("single quoted.facts", Self.planets)
        let outcome = try factql(".load '\(facts)'", "count moons", options: ["--empty", "--format", "csv"])
        #expect(outcome.standardError == "")
        #expect(outcome.standardOutput == "count\r\n2\r\n")
        #expect(MetaCommand.unquoted("'a'") == "a")
        #expect(MetaCommand.unquoted("\"a\"") == "a")
        #expect(MetaCommand.unquoted("'a\"") == "'a\"")
    }

    @Test func loadOfAMissingFileIsALocatedError() throws {
        let outcome = try factql(".load /nonexistent/planets.facts")
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError.hasPrefix(
                "error: cannot read '/nonexistent/planets.facts': No such file or directory\n --> 1:7\n"))
        let bare = try factql(".load")
        #expect(bare.standardError.hasPrefix("error: .load needs a file name\n"))
    }

    @Test func aFailingLoadAddsNothing() throws {
        let directory = try TemporaryDirectory()
        // The fourth line fails: the three before it are undone.
        let broken = try directory.write(
            "broken.facts", "kind planet\nentity Mars : planet\nentity Venus : planet\nfact Mars orbits Sun\n")
        let outcome = try factql(".load \(broken)", "count planets", options: ["--empty", "--keep-going"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "")
        let errors = outcome.standardError
        #expect(errors.contains("\(broken):4:"))
        #expect(errors.contains("error: '\(broken)' was not loaded: nothing it defined was kept\n"))
        #expect(errors.contains("error: unknown entity or kind 'planets'"))
    }

    @Test func aFileThatLoadsItselfIsStopped() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/again.fq"
        _ = try directory.write("again.fq", ".load \(path)\n")
        let outcome = try factql(".load \(path)")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains(".load nests too deep (at most 16 files): does a file load itself?"))
    }

    // MARK: Settings

    @Test func modeShowsAndChangesTheFormat() throws {
        let outcome = try factql(
            ".mode", ".mode csv", ".mode", "count people", ".mode JSON", "count people", ".mode table", "count people")
        #expect(outcome.status == 0)
        #expect(
            outcome.standardOutput
                == "current mode: table\ncurrent mode: csv\ncount\r\n2\r\n"
                + "{\"columns\": [\"count\"], \"rows\": [[2]]}\n count\n-------\n     2\n(1 row)\n")
        let wrong = try factql(".mode xml")
        #expect(wrong.status == 1)
        #expect(wrong.standardError.hasPrefix("error: unknown output mode 'xml'\n --> 1:7\n"))
        #expect(wrong.standardError.contains("  = the modes are table, csv, json or line\n"))
    }

    @Test func timerReportsEachQuery() throws {
        let outcome = try factql(".mode csv", ".timer on", "count people", "entity Mars : planet", ".timer off", "count people")
        #expect(outcome.status == 0)
        // By scalars: in a String, CSV's "\r\n" is one Character.
        let lines = outcome.standardOutput.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // One time, after the query's answer; none for the definition, none once off.
        try #require(lines.count == 6, "\(lines)")
        #expect(lines[0] == "count\r" && lines[1] == "2\r" && lines[3] == "count\r" && lines[4] == "2\r")
        let time = lines[2]
        #expect(time.hasPrefix("Run Time: ") && time.hasSuffix(" ms"), "\(time)")
        let figure = time.dropFirst("Run Time: ".count).dropLast(" ms".count)
        #expect(Double(figure) != nil && figure.split(separator: ".").last?.count == 3, "\(figure)")
        let wrong = try factql(".timer maybe")
        #expect(wrong.status == 1)
        #expect(wrong.standardError.hasPrefix("error: expected on or off, found 'maybe'\n --> 1:8\n"))
    }

    // MARK: Listing the fact base

    @Test func schemaListsKindsAndRelationsWithCounts() throws {
        let outcome = try overPlanets(".schema")
        #expect(outcome.status == 0)
        #expect(
            outcome.standardOutput == """
                -- kinds (entities, sub-kinds included, as the kind's plural counts them)
                kind moon plural moons   -- 2
                kind planet plural planets   -- 2 (1 of its own)
                kind "gas giant" : planet plural "gas giants"   -- 1
                -- relations (facts)
                relation orbits (satellite, primary)   -- 2; attributes: period
                -- 4 entities, 2 facts, 2 sources

                """)
    }

    /// Which relations' facts carry the dates `as of` reads, and how many facts have none.
    @Test func schemaShowsWhichRelationsCarryTime() throws {
        let outcome = try factql(".schema")
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("relation member_of ") && $0.hasSuffix("; time: since (6 of 7 without dates)") })
        #expect(lines.contains { $0.hasPrefix("relation offensive_against ") && $0.hasSuffix("; attributes: date, act; time: date") })
        // A relation without dates says nothing of time; the note before the figures says what that means.
        #expect(lines.contains { $0.hasPrefix("relation ties_with ") && !$0.contains("time:") })
        #expect(lines.contains("-- time: the dates 'as of DATE' reads; it leaves out the facts without them (.help as)"))
    }

    /// Role nouns several relations share, with the way to keep one.
    @Test func schemaSaysHowToNameTheRelationOfASharedRole() throws {
        // The built-in base gives each relation its own role nouns, so nothing is listed for it.
        let builtIn = try factql(".schema").standardOutput
        #expect(!builtIn.contains("-- roles of several relations"))
        let lines = try factql("relation applies_to (applicant, organization)", "fact Armenia applies_to EU", ".schema")
            .standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("-- roles of several relations: name the relation before the role") })
        #expect(lines.contains("--   organization: member_of, applies_to"))
        #expect(lines.last?.hasSuffix(" sources") == true)
    }

    @Test func entitiesListsAllOrOneKind() throws {
        let outcome = try overPlanets(".entities", ".entities planets", ".entities \"gas giant\"")
        #expect(outcome.status == 0)
        #expect(
            outcome.standardOutput
                == "entity,kind,aliases\r\nDeimos,moon,\r\nJupiter,gas giant,\r\nMars,planet,Red Planet\r\nPhobos,moon,\r\n"
                + "entity,kind,aliases\r\nJupiter,gas giant,\r\nMars,planet,Red Planet\r\n"  // a gas giant is a planet
                + "entity,kind,aliases\r\nJupiter,gas giant,\r\n")
        let unknown = try overPlanets(".entities moo")
        #expect(unknown.status == 1)
        #expect(unknown.standardError.hasPrefix("error: unknown kind 'moo'\n --> 1:11\n"))
        #expect(unknown.standardError.contains("did you mean moon?"))
    }

    @Test func sourcesListsTheSentences() throws {
        let outcome = try overPlanets(".sources")
        #expect(outcome.standardOutput == "source,text\r\ns1,Phobos orbits Mars.\r\ns2,Deimos orbits Mars too.\r\n")
        // The built-in base: every sentence of the article.
        let article = try factql(".sources", options: ["--format", "csv"])
        #expect(article.standardOutput.hasPrefix("source,text\r\np1s1,\"Armenia recently announced"))
    }

    // MARK: History and leaving

    @Test func historyOutsideTheREPLIsEmpty() throws {
        // Only the REPL keeps a history (REPLTests show it there).
        let outcome = try factql(".history")
        #expect(outcome == BinaryRunner.Outcome(status: 0, standardOutput: "", standardError: ""))
    }

    @Test func quitAndExitStopTheRestOfTheInput() throws {
        for command in [".quit", ".exit"] {
            let options = try factql("count people", command, "count countries", options: ["--format", "csv"])
            #expect(options == BinaryRunner.Outcome(status: 0, standardOutput: "count\r\n2\r\n", standardError: ""))
            // In a script, and in a file it loads, too.
            let piped = try BinaryRunner.run(["--format", "csv"], input: "count people\n\(command)\ncount countries\n")
            #expect(piped == BinaryRunner.Outcome(status: 0, standardOutput: "count\r\n2\r\n", standardError: ""))
            let directory = try TemporaryDirectory()
            let inner = try directory.write("inner.fq", "count people\n\(command)\ncount moons\n")
            let loaded = try factql(".load \(inner)", "count countries", options: ["--format", "csv"])
            #expect(loaded == BinaryRunner.Outcome(status: 0, standardOutput: "count\r\n2\r\n", standardError: ""))
        }
    }

    // MARK: Every command is documented and tested

    /// The README's table of meta-commands (in "The REPL") lists every command, in `.help`'s order.
    @Test func theReadmeListsEveryMetaCommand() throws {
        let readme = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## The REPL\n").dropFirst().first)
        let table = try #require(section.components(separatedBy: "| command | what it does |").dropFirst().first)
        let usages = table.split(separator: "\n").dropFirst().prefix { $0.hasPrefix("| `") }.map { row in
            row.dropFirst(3).prefix { $0 != "`" }.replacingOccurrences(of: "\\|", with: "|")
        }
        #expect(usages == MetaCommand.all.map(\.usage))
    }

    /// The man page's META-COMMANDS section lists every command, in `.help`'s order.
    @Test func theManPageListsEveryMetaCommand() throws {
        let page = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("docs/factql.1"), encoding: .utf8)
        let section = try #require(page.components(separatedBy: "\n.SH META-COMMANDS\n").dropFirst().first?
            .components(separatedBy: "\n.SH ").first)
        let usages = section.split(separator: "\n").filter { $0.hasPrefix(".B \\&") }.map { line in
            line.dropFirst(5).replacingOccurrences(of: "\\-", with: "-")
        }
        #expect(usages == MetaCommand.all.map(\.usage))
    }

    /// Each meta-command is used by some test: a `"."NAME` string in a Swift test, or a line
    /// starting with `.NAME` in a golden script. A new command fails this until it has one.
    @Test func everyMetaCommandHasATest() throws {
        let root = BinaryRunner.packageRoot
        var swiftTests = ""
        for folder in ["Tests/FactQLTests", "Tests/FactQLTests/Support"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            where name.hasSuffix(".swift") {
                swiftTests += try String(contentsOf: root.appendingPathComponent("\(folder)/\(name)"), encoding: .utf8)
            }
        }
        var goldenLines: [Substring] = []
        let golden = root.appendingPathComponent("Tests/Golden")
        for name in try FileManager.default.contentsOfDirectory(atPath: golden.path) where name.hasSuffix(".fq") {
            goldenLines += try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
        }
        for command in MetaCommand.all {
            let written = "\"." + command.name
            let inSwift = [" ", "\"", "\\n"].contains { swiftTests.contains(written + $0) }
            let inGolden = goldenLines.contains { $0 == "." + command.name || $0.hasPrefix(".\(command.name) ") }
            #expect(inSwift || inGolden, "no test uses .\(command.name)")
        }
    }
}
