import Testing

/// The hints for habits brought from sqlite3, psql and Prolog, and for misspelt keywords
/// (Sources/FactQL/Diagnostics/Hints.swift): each one's whole standard error, as the built binary
/// prints it for `-e`.
@Suite struct HintsTests {
    /// What `factql -e STATEMENT` prints on standard error; the status must be 1.
    func errors(_ statement: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try BinaryRunner.run(["-e", statement])
        #expect(outcome.status == 1, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.standardOutput == "", sourceLocation: sourceLocation)
        return outcome.standardError
    }

    /// The caret display of a one-line statement with the error at `column` (1-based) over `width`.
    func excerpt(_ statement: String, column: Int, width: Int) -> String {
        " --> 1:\(column)\n  |\n1 | \(statement)\n  | \(String(repeating: " ", count: column - 1))\(String(repeating: "^", count: width))\n"
    }

    // MARK: Other shells' commands

    @Test func bareHelpQuitAndExitNameTheMetaCommands() throws {
        #expect(
            try errors("help")
                == "error: unknown entity or kind 'help'\n" + excerpt("help", column: 1, width: 4)
                + "  = meta-commands start with a dot: .help lists them\n")
        for word in ["quit", "exit", "QUIT;"] {
            let name = word.lowercased().filter(\.isLetter)
            #expect(
                try errors(word)
                    == "error: unknown entity or kind '\(word.filter(\.isLetter))'\n" + excerpt(word, column: 1, width: 4)
                    + "  = to leave, type .quit or .exit (meta-commands start with a dot), or press Ctrl-D\n",
                "\(name)")
        }
    }

    @Test func psqlsBackslashCommandsAreNamed() throws {
        #expect(
            try errors("\\q")
                == "error: unexpected character '\\'\n" + excerpt("\\q", column: 1, width: 1)
                + "  = psql's \\q is .quit (or .exit, or Ctrl-D) here: factql's meta-commands start with a dot\n")
        #expect(
            try errors("\\d")
                == "error: unexpected character '\\'\n" + excerpt("\\d", column: 1, width: 1)
                + "  = psql's \\d is .schema (and .entities) here: factql's meta-commands start with a dot\n")
        #expect(
            try errors("\\x")
                == "error: unexpected character '\\'\n" + excerpt("\\x", column: 1, width: 1)
                + "  = factql's meta-commands start with a dot, not a backslash: .help lists them\n")
    }

    @Test func sqlite3sDotCommandsAreNamed() throws {
        #expect(
            try errors(".tables")
                == "error: unknown meta-command '.tables'\n" + excerpt(".tables", column: 1, width: 7)
                + "  = sqlite3's .tables is .schema here (kinds and relations), and .entities lists the entities\n"
                + "  = did you mean .schema or .entities?\n")
        #expect(
            try errors(".q")
                == "error: unknown meta-command '.q'\n" + excerpt(".q", column: 1, width: 2)
                + "  = sqlite3's .q is .quit here (or .exit, or Ctrl-D)\n  = did you mean .quit?\n")
        #expect(
            try errors(".read queries.fq")
                == "error: unknown meta-command '.read'\n" + excerpt(".read queries.fq", column: 1, width: 5)
                + "  = sqlite3's .read is .load here\n  = did you mean .load?\n")
    }

    @Test func sqlIsAnsweredWithFactQLsOwnWordsAndDotSQL() throws {
        let note =
            "  = factql is not SQL: ask in its own words, such as 'members of CSTO where status = frozen'; "
            + ".sql QUERY shows the SQL of a query\n"
        #expect(
            try errors("SELECT * FROM facts")
                == "error: unexpected character '*'\n" + excerpt("SELECT * FROM facts", column: 8, width: 1) + note)
        // The note once, though the statement has two errors; no rewrite of SQL is offered.
        #expect(
            try errors("select name from countries")
                == "error: expected the end of the statement (a new line or ';'), found 'name'\n"
                + excerpt("select name from countries", column: 8, width: 4) + note)
    }

    @Test func aTrailingDotIsToBeRemoved() throws {
        let note = "  = a statement ends at the end of its line or at ';', not at '.' (as in Prolog): remove it\n"
        #expect(
            try errors("count members of CSTO.")
                == "error: unexpected character '.'\n" + excerpt("count members of CSTO.", column: 22, width: 1) + note)
        #expect(try errors("show Armenia. ").hasSuffix(note))
        // A dot inside the line is some other mistake.
        #expect(!(try errors("count members. of CSTO").contains("Prolog")))
    }

    // MARK: Misspelt words

    @Test func aMisspeltKeywordGetsTheKeyword() throws {
        let statement = "members of CSTO were status = frozen"
        #expect(
            try errors(statement)
                == "error: expected the end of the statement (a new line or ';'), found 'were'\n"
                + excerpt(statement, column: 17, width: 4) + "  = did you mean where?\n")
        // Also when what follows the keyword is still to come, and for the word before the error.
        #expect(try errors("members of CSTO wher").hasSuffix("  = did you mean where?\n"))
        #expect(try errors("members of CSTO ordr by member").hasSuffix("  = did you mean order?\n"))
        #expect(
            try errors("shwo Armenia")
                == "error: expected the end of the statement (a new line or ';'), found 'Armenia'\n"
                + excerpt("shwo Armenia", column: 6, width: 7) + "  = did you mean show?\n")
    }

    @Test func aMisspeltRoleBeforeOfIsSuggestedWithOf() throws {
        #expect(
            try errors("membrs of CSTO")
                == "error: unknown role 'membrs'\n" + excerpt("membrs of CSTO", column: 1, width: 6) + "  = did you mean members of?\n")
        #expect(try errors("is Armenia a membr of CSTO").hasSuffix("  = did you mean member of?\n"))
    }

    @Test func aRoleWithoutOfGetsOf() throws {
        #expect(
            try errors("members CSTO")
                == "error: expected the end of the statement (a new line or ';'), found 'CSTO'\n"
                + excerpt("members CSTO", column: 9, width: 4) + "  = did you mean members of CSTO?\n")
        // Only when the rewrite would be a valid query: `countries` is no role.
        #expect(
            try errors("countries CSTO")
                == "error: expected the end of the statement (a new line or ';'), found 'CSTO'\n"
                + excerpt("countries CSTO", column: 11, width: 4))
    }

    @Test func anUnknownMetaCommandGetsTheNearestByEditDistance() throws {
        // `.tim` is two edits from `.timer`, farther than a name's usual typo allowance.
        #expect(
            try errors(".tim on")
                == "error: unknown meta-command '.tim'\n" + excerpt(".tim on", column: 1, width: 4)
                + "  = type .help for the list\n  = did you mean .timer?\n")
        // Not by prefix: `.lod` is no prefix of `.load`.
        #expect(try errors(".lod x").hasSuffix("  = type .help for the list\n  = did you mean .load?\n"))
        // Nothing near: no guess.
        #expect(try errors(".zzzzzzzz").hasSuffix("  = type .help for the list\n"))
    }

    @Test func aMisspeltOptionGetsTheNearestOption() throws {
        let outcome = try BinaryRunner.run(["--verison"])
        #expect(
            outcome
                == BinaryRunner.Outcome(
                    status: 2, standardOutput: "",
                    standardError: "error: unknown option '--verison'\n  = did you mean --version?\n  = try 'factql --help'\n"))
        // A unique beginning still finds its option.
        #expect(try BinaryRunner.run(["--tim"]).standardError.contains("  = did you mean --timeout?\n"))
        #expect(try BinaryRunner.run(["--no-int"]).standardError.contains("  = did you mean --no-init?\n"))
    }

    @Test func aValidStatementIsNeverHinted() throws {
        // The hints only add to errors: these run as written.
        let outcome = try BinaryRunner.run(["-e", "members of CSTO where status = frozen", "-e", "show Armenia", "--format", "csv"])
        #expect(outcome.status == 0 && outcome.standardError == "", "\(outcome)")
    }
}
