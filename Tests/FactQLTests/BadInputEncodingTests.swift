import Testing

/// Invalid UTF-8, NUL bytes and control characters on standard input, and nesting of each kind one
/// level past its limit. Each case pins the exit status and the exact diagnostic.
@Suite struct BadInputEncodingTests {
    /// Bytes that are not UTF-8 text, and control characters that must reach no terminal raw.
    @Test(arguments: encoding)
    func encodingAndControlCharacters(_ badInput: BadInputCase) throws { try badInput.check() }

    /// Brackets, `of` and `not` past the nesting limit, long `and`, `or`, `where` chains, a huge `why`.
    @Test(arguments: nesting)
    func deepNesting(_ badInput: BadInputCase) throws { try badInput.check() }

    static let encoding: [BadInputCase] = [
        BadInputCase(
            name: "a byte that is never UTF-8",
            arguments: [],
            input: Array("count ".utf8) + [0xFF] + Array(" members\n".utf8),
            status: 1,
            error: #"""
            error: invalid UTF-8 at byte 6
             --> <stdin>:1:7
              |
            1 | count � members
              |       ^
              = byte 6 (counting from 0) is 0xFF; FactQL reads UTF-8 text only

            """#),
        BadInputCase(
            name: "an overlong encoding",
            arguments: [],
            input: Array("count ".utf8) + [0xC0, 0x80] + Array(" members\n".utf8),
            status: 1,
            error: #"""
            error: invalid UTF-8 at byte 6
             --> <stdin>:1:7
              |
            1 | count �� members
              |       ^
              = byte 6 (counting from 0) is 0xC0; FactQL reads UTF-8 text only

            """#),
        BadInputCase(
            name: "a surrogate in a comment",
            arguments: [],
            input: Array("count countries\n# comment ".utf8) + [0xED, 0xA0, 0x80] + Array("\n".utf8),
            status: 1,
            error: #"""
            error: invalid UTF-8 at byte 26
             --> <stdin>:2:11
              |
            2 | # comment ���
              |           ^
              = byte 26 (counting from 0) is 0xED; FactQL reads UTF-8 text only

            """#),
        BadInputCase(
            name: "a character cut off at the end",
            arguments: [],
            input: Array("count countries\ncount caf".utf8) + [0xC3],
            status: 1,
            error: #"""
            error: invalid UTF-8 at byte 25
             --> <stdin>:2:10
              |
            2 | count caf�
              |          ^
              = byte 25 (counting from 0) is 0xC3; FactQL reads UTF-8 text only

            """#),
        BadInputCase(
            name: "invalid UTF-8 in a meta-command",
            arguments: [],
            input: Array(".mode ".utf8) + [0xC3] + Array("(\n".utf8),
            status: 1,
            error: #"""
            error: invalid UTF-8 at byte 6
             --> <stdin>:1:7
              |
            1 | .mode �(
              |       ^
              = byte 6 (counting from 0) is 0xC3; FactQL reads UTF-8 text only

            """#),
        BadInputCase(
            name: "a NUL byte",
            arguments: [],
            input: Array("count".utf8) + [0x00] + Array(" countries\n".utf8),
            status: 1,
            error: #"""
            error: cannot read standard input: it is not a text file (byte 5 is NUL)

            """#),
        BadInputCase(
            name: "an escape sequence in a quoted name",
            arguments: [],
            input: Array("show \"\u{1b}[31mX\"\n".utf8),
            status: 1,
            error: #"""
            error: unknown entity '\u{1b}[31mX'
             --> <stdin>:1:6
              |
            1 | show "\u{1b}[31mX"
              |      ^^^^^^^^^^^^^

            """#),
        BadInputCase(
            name: "an escape sequence as a bare character",
            arguments: [],
            input: Array("count \u{1b}[2J\n".utf8),
            status: 1,
            error: #"""
            error: unexpected character '\u{1b}'
             --> <stdin>:1:7
              |
            1 | count \u{1b}[2J
              |       ^^^^^^
            error: unexpected character '['
             --> <stdin>:1:8
              |
            1 | count \u{1b}[2J
              |             ^
            error: a name cannot start with a digit
             --> <stdin>:1:9
              |
            1 | count \u{1b}[2J
              |              ^^
              = put names that start with a digit in double quotes

            """#),
        BadInputCase(
            name: "a carriage return and a bell in a name",
            arguments: [],
            input: Array("show \"a\rb\u{7}\"\n".utf8),
            status: 1,
            error: #"""
            error: unknown entity 'a\u{d}b\u{7}'
             --> <stdin>:1:6
              |
            1 | show "a\u{d}b\u{7}"
              |      ^^^^^^^^^^^^^^

            """#),
        BadInputCase(
            name: "a carriage return in the middle of a line",
            arguments: [],
            input: Array("count countries\rcount people\n".utf8),
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'count'
             --> <stdin>:1:17
              |
            1 | count countries\u{d}count people
              |                     ^^^^^

            """#),
        BadInputCase(
            name: "a bidirectional override in a name",
            arguments: [],
            input: Array("show \"abc".utf8) + [0xE2, 0x80, 0xAE] + Array("def\"\n".utf8),
            status: 1,
            error: #"""
            error: unknown entity 'abc\u{202e}def'
             --> <stdin>:1:6
              |
            1 | show "abc\u{202e}def"
              |      ^^^^^^^^^^^^^^^^

            """#),
        BadInputCase(
            name: "a delete character",
            arguments: [],
            input: Array("count countries\u{7f}\n".utf8),
            status: 1,
            error: #"""
            error: unexpected character '\u{7f}'
             --> <stdin>:1:16
              |
            1 | count countries\u{7f}
              |                ^^^^^^

            """#),
    ]

    static let nesting: [BadInputCase] = [
        BadInputCase(
            name: "65 brackets around a set",
            arguments: ["-e", "count " + String(repeating: "(", count: 65) + "CSTO" + String(repeating: ")", count: 65)],
            status: 1,
            error: #"""
            error: nesting too deep: brackets, 'of' chains and 'not' chains nest at most 64 levels
             --> 1:71
              |
            1 | count (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((CSTO)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
              |                                                                       ^

            """#),
        BadInputCase(
            name: "65 brackets around a condition",
            arguments: ["-e", "countries where " + String(repeating: "(", count: 65) + "member of CSTO" + String(repeating: ")", count: 65)],
            status: 1,
            error: #"""
            error: nesting too deep: brackets, 'of' chains and 'not' chains nest at most 64 levels
             --> 1:81
              |
            1 | countries where (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((member of CSTO)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
              |                                                                                 ^

            """#),
        BadInputCase(
            name: "an of chain 65 long",
            arguments: ["-e", "count " + String(repeating: "members of ", count: 65) + "CSTO"],
            status: 1,
            error: #"""
            error: nesting too deep: brackets, 'of' chains and 'not' chains nest at most 64 levels
             --> 1:719
              |
            1 | …members of members of members of members of members of members of members of members of members of members of members of members of members of members of CSTO
              |                                                                                                                                                         ^^

            """#),
        BadInputCase(
            name: "a not chain 65 long",
            arguments: ["-e", "countries where " + String(repeating: "not ", count: 65) + "member of CSTO"],
            status: 1,
            error: #"""
            error: nesting too deep: brackets, 'of' chains and 'not' chains nest at most 64 levels
             --> 1:273
              |
            1 | …not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not member of CSTO
              |                                                                                                                                              ^^^

            """#),
        BadInputCase(
            name: "an and chain 300 long",
            arguments: ["-e", "countries where " + Array(repeating: "member of CSTO", count: 300).joined(separator: " and ")],
            status: 1,
            error: #"""
            error: too many conditions chained: 'and', 'or' and 'where' chains nest at most 256 levels deep
             --> 1:4858
              |
            1 | … and member of CSTO and member of CSTO and member of CSTO and member of CSTO and member of CSTO and member of CSTO and member of CSTO and member of CSTO and m…
              |                                                                               ^^^
              = a and b and c is read as (a and b) and c, so each link is one more level
              = to test many values at once, write name in (A, B, C)

            """#),
        BadInputCase(
            name: "an or chain 300 long",
            arguments: ["-e", "countries where " + Array(repeating: "name = Armenia", count: 300).joined(separator: " or ")],
            status: 1,
            error: #"""
            error: too many conditions chained: 'and', 'or' and 'where' chains nest at most 256 levels deep
             --> 1:4622
              |
            1 | …menia or name = Armenia or name = Armenia or name = Armenia or name = Armenia or name = Armenia or name = Armenia or name = Armenia or name = Armenia or name …
              |                                                                                ^^
              = a and b and c is read as (a and b) and c, so each link is one more level
              = to test many values at once, write name in (A, B, C)

            """#),
        BadInputCase(
            name: "a where chain 300 long",
            arguments: ["-e", "countries" + String(repeating: " where name != X", count: 300)],
            status: 1,
            error: #"""
            error: too many conditions chained: 'and', 'or' and 'where' chains nest at most 256 levels deep
             --> 1:4091
              |
            1 | …e name != X where name != X where name != X where name != X where name != X where name != X where name != X where name != X where name != X where name != X wh…
              |                                                                              ^^^^^
              = a and b and c is read as (a and b) and c, so each link is one more level
              = to test many values at once, write name in (A, B, C)

            """#),
        BadInputCase(
            name: "a why over 30 symmetric hops",
            arguments: ["-e", "why " + String(repeating: "partners of ", count: 30) + "Armenia"],
            status: 1,
            error: #"""
            error: the explanation is too large: more than 10000 steps
             --> 1:1
              |
            1 | why partners of partners of partners of partners of partners of partners of part…
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = each answer's proof repeats the proofs of the answers it goes through
              = ask why about fewer answers (with where or limit), or about a shorter chain of roles

            """#),
    ]
}
