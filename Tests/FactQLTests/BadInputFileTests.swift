import Testing

/// Fact files that conflict with the fact base, files that cannot be read, and time limits that
/// make no sense. Each case pins the exit status and the exact diagnostic.
@Suite struct BadInputFileTests {
    /// Redefinitions and conflicts are errors located in the file, and the load stops.
    @Test(arguments: factFile)
    func conflictingFactFiles(_ badInput: BadInputCase) throws { try badInput.check() }

    /// Missing files, directories, devices, binary files and read errors, as scripts and with `.load`.
    @Test(arguments: file)
    func unreadableFiles(_ badInput: BadInputCase) throws { try badInput.check() }

    /// `--timeout` and `.timeout` with values that are no time limit.
    @Test(arguments: timeLimit)
    func badTimeLimits(_ badInput: BadInputCase) throws { try badInput.check() }

    static let factFile: [BadInputCase] = [
        BadInputCase(
            name: "an entity declared again with another kind",
            arguments: ["--facts", "kind-conflict.facts", "-e", "count countries"],
            files: [("kind-conflict.facts", Array("entity Armenia : person\n".utf8))],
            status: 1,
            error: #"""
            error: entity 'Armenia' is already declared as a country
             --> kind-conflict.facts:1:18
              |
            1 | entity Armenia : person
              |                  ^^^^^^
              = an entity has one kind; declare it again with the same kind to add aliases or attributes

            """#),
        BadInputCase(
            name: "a fact naming an undeclared entity",
            arguments: ["--facts", "undeclared.facts", "-e", "count countries"],
            files: [("undeclared.facts", Array("relation likes (fan, idol)\nentity a : person\nfact a likes nobody\n".utf8))],
            status: 1,
            error: #"""
            error: unknown entity 'nobody' as the fact's object
             --> undeclared.facts:3:14
              |
            3 | fact a likes nobody
              |              ^^^^^^
              = declare it first: entity nobody : KIND

            """#),
        BadInputCase(
            name: "a fact naming a relation that does not exist",
            arguments: ["--facts", "unknown-relation.facts", "-e", "count countries"],
            files: [("unknown-relation.facts", Array("entity a : person\nentity b : person\nfact a adores b\n".utf8))],
            status: 1,
            error: #"""
            error: unknown relation 'adores'
             --> unknown-relation.facts:3:8
              |
            3 | fact a adores b
              |        ^^^^^^

            """#),
        BadInputCase(
            name: "a relation declared again with other roles",
            arguments: ["--facts", "relation-conflict.facts", "-e", "count countries"],
            files: [("relation-conflict.facts", Array("relation member_of (member, club)\n".utf8))],
            status: 1,
            error: #"""
            error: relation 'member_of' is already declared as (member, organization)
             --> relation-conflict.facts:1:10
              |
            1 | relation member_of (member, club)
              |          ^^^^^^^^^

            """#),
        BadInputCase(
            name: "a fact citing an unknown source",
            arguments: ["--facts", "unknown-source.facts", "-e", "count countries"],
            files: [("unknown-source.facts", Array("fact Armenia member_of CSTO cites p99s9\n".utf8))],
            status: 1,
            error: #"""
            error: unknown source 'p99s9'
             --> unknown-source.facts:1:35
              |
            1 | fact Armenia member_of CSTO cites p99s9
              |                                   ^^^^^

            """#),
        BadInputCase(
            name: "a syntax error on the last line",
            arguments: ["--facts", "last-line.facts", "-e", "count countries"],
            files: [("last-line.facts", Array("entity Z1 : country\nentity Z2 : country\nfact Z1 ties_with Z2\nfact Z1 ties_with\n".utf8))],
            status: 1,
            error: #"""
            error: expected the fact's object after the relation, as in fact Armenia member_of CSTO, found the end of the line
             --> last-line.facts:4:18
              |
            4 | fact Z1 ties_with
              |                  ^

            """#),
        BadInputCase(
            name: "an unknown entity on the last line",
            arguments: ["--facts", "last-line-semantic.facts", "-e", "count countries"],
            files: [("last-line-semantic.facts", Array("entity Z1 : country\nentity Z2 : country\nfact Z1 ties_with Z2\nfact Z1 ties_with Nowhere\n".utf8))],
            status: 1,
            error: #"""
            error: unknown entity 'Nowhere' as the fact's object
             --> last-line-semantic.facts:4:19
              |
            4 | fact Z1 ties_with Nowhere
              |                   ^^^^^^^
              = declare it first: entity Nowhere : KIND

            """#),
        BadInputCase(
            name: "an attribute given twice",
            arguments: ["--facts", "twice.facts", "-e", "count countries"],
            files: [("twice.facts", Array("fact Armenia member_of CSTO { status: frozen, status: active }\n".utf8))],
            status: 1,
            error: #"""
            error: attribute 'status' is given twice
             --> twice.facts:1:47
              |
            1 | fact Armenia member_of CSTO { status: frozen, status: active }
              |                                               ^^^^^^

            """#),
        BadInputCase(
            name: "an alias already taken",
            arguments: ["--facts", "alias.facts", "-e", "count countries"],
            files: [("alias.facts", Array("entity Atlantis : country aka Putin\n".utf8))],
            status: 1,
            error: #"""
            error: 'Putin' already names the entity 'Vladimir Putin'
             --> alias.facts:1:31
              |
            1 | entity Atlantis : country aka Putin
              |                               ^^^^^

            """#),
        BadInputCase(
            name: "a kind hierarchy 65 levels deep",
            arguments: ["--facts", "kinds.facts", "-e", "count countries"],
            files: [("kinds.facts", Array((0..<65).map { "kind k\($0 + 1) : k\($0)\n" }.joined().utf8))],
            status: 1,
            error: #"""
            error: kinds nest at most 64 levels deep: 'k65' under 'k64' would go deeper
              --> kinds.facts:65:12
               |
            65 | kind k65 : k64
               |            ^^^

            """#),
    ]

    static let file: [BadInputCase] = [
        BadInputCase(
            name: "a missing script",
            arguments: ["missing.fq"],
            status: 1,
            error: #"""
            error: cannot read 'missing.fq': No such file or directory

            """#),
        BadInputCase(
            name: "a missing fact file",
            arguments: ["--facts", "missing.facts", "-e", "count countries"],
            status: 1,
            error: #"""
            error: cannot read 'missing.facts': No such file or directory

            """#),
        BadInputCase(
            name: "a directory as a script",
            arguments: ["folder"],
            files: [("folder/", nil)],
            status: 1,
            error: #"""
            error: cannot read 'folder': it is a directory

            """#),
        BadInputCase(
            name: "a binary script",
            arguments: ["program.fq"],
            files: [("program.fq", Array("\u{7f}ELF\u{2}\u{1}\u{1}".utf8) + [0x00, 0x00, 0x00])],
            status: 1,
            error: #"""
            error: cannot read 'program.fq': it is not a text file (byte 7 is NUL)

            """#),
        BadInputCase(
            name: "a device",
            arguments: ["/dev/zero"],
            status: 1,
            error: #"""
            error: cannot read '/dev/zero': it is not a regular file

            """#),
        BadInputCase(
            name: "a file that fails to read",
            arguments: ["/proc/self/mem"],
            status: 1,
            error: #"""
            error: cannot read '/proc/self/mem': Input/output error

            """#),
        BadInputCase(
            name: ".load of a missing file",
            arguments: ["-e", ".load missing.facts"],
            status: 1,
            error: #"""
            error: cannot read 'missing.facts': No such file or directory
             --> 1:7
              |
            1 | .load missing.facts
              |       ^^^^^^^^^^^^^

            """#),
        BadInputCase(
            name: ".load of a quoted missing name",
            arguments: ["-e", ".load \"missing file.facts\""],
            status: 1,
            error: #"""
            error: cannot read 'missing file.facts': No such file or directory
             --> 1:7
              |
            1 | .load "missing file.facts"
              |       ^^^^^^^^^^^^^^^^^^^^

            """#),
        BadInputCase(
            name: ".load of a directory",
            arguments: ["-e", ".load folder"],
            files: [("folder/", nil)],
            status: 1,
            error: #"""
            error: cannot read 'folder': it is a directory
             --> 1:7
              |
            1 | .load folder
              |       ^^^^^^

            """#),
        BadInputCase(
            name: ".load of a binary file",
            arguments: ["-e", ".load program.fq"],
            files: [("program.fq", Array("\u{7f}ELF\u{2}\u{1}\u{1}".utf8) + [0x00, 0x00, 0x00])],
            status: 1,
            error: #"""
            error: cannot read 'program.fq': it is not a text file (byte 7 is NUL)
             --> 1:7
              |
            1 | .load program.fq
              |       ^^^^^^^^^^

            """#),
        BadInputCase(
            name: ".load without a file",
            arguments: ["-e", ".load"],
            status: 1,
            error: #"""
            error: .load needs a file name
             --> 1:1
              |
            1 | .load
              | ^^^^^

            """#),
        BadInputCase(
            name: "a script file with invalid UTF-8",
            arguments: ["latin1.fq"],
            files: [("latin1.fq", Array("show \"Citt".utf8) + [0xE0] + Array("\"\n".utf8))],
            status: 1,
            error: #"""
            error: invalid UTF-8 at byte 10
             --> latin1.fq:1:11
              |
            1 | show "Citt�"
              |           ^
              = byte 10 (counting from 0) is 0xE0; FactQL reads UTF-8 text only

            """#),
    ]

    static let timeLimit: [BadInputCase] = [
        BadInputCase(
            name: "a time limit that is not a number",
            arguments: ["--timeout", "soon"],
            status: 2,
            error: #"""
            error: bad --timeout 'soon': a time limit is a number of seconds above 0 and up to 1000000, such as 5 or 0.5
              = try 'factql --help'

            """#),
        BadInputCase(
            name: "a time limit of zero",
            arguments: ["--timeout", "0"],
            status: 2,
            error: #"""
            error: bad --timeout '0': a time limit is a number of seconds above 0 and up to 1000000, such as 5 or 0.5
              = try 'factql --help'

            """#),
        BadInputCase(
            name: "a time limit without its value",
            arguments: ["--timeout"],
            status: 2,
            error: #"""
            error: --timeout needs a value
              = try 'factql --help'

            """#),
        BadInputCase(
            name: "a .timeout below zero",
            arguments: ["-e", ".timeout -1"],
            status: 1,
            error: #"""
            error: expected a number of seconds or off, found '-1'
             --> 1:10
              |
            1 | .timeout -1
              |          ^^
              = a time limit is a number of seconds above 0 and up to 1000000, such as 5 or 0.5

            """#),
        BadInputCase(
            name: "a .timeout too large",
            arguments: ["-e", ".timeout 1e9"],
            status: 1,
            error: #"""
            error: expected a number of seconds or off, found '1e9'
             --> 1:10
              |
            1 | .timeout 1e9
              |          ^^^
              = a time limit is a number of seconds above 0 and up to 1000000, such as 5 or 0.5

            """#),
    ]
}
