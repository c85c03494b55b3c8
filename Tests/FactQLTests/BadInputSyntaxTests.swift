import Testing

/// Malformed syntax at every position of one representative query, run with `-e`:
/// `leaders of (members of CSTO where status = frozen) order by name limit 3` (which runs; see
/// `BadInputTests`). Each case pins the exit status and the exact diagnostic.
@Suite struct BadInputSyntaxTests {
    /// Truncated, with a token left out, doubled or replaced, and with numbers out of range.
    @Test(arguments: syntax)
    func malformedSyntax(_ badInput: BadInputCase) throws { try badInput.check() }

    static let syntax: [BadInputCase] = [
        BadInputCase(
            name: "after the first role",
            arguments: ["-e", "leaders of"],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found the end of the input
             --> 1:11
              |
            1 | leaders of
              |           ^

            """#),
        BadInputCase(
            name: "after the opening bracket",
            arguments: ["-e", "leaders of ("],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found the end of the input
             --> 1:13
              |
            1 | leaders of (
              |             ^

            """#),
        BadInputCase(
            name: "inside the brackets after a role",
            arguments: ["-e", "leaders of (members"],
            status: 1,
            error: #"""
            error: unclosed '('
             --> 1:12
              |
            1 | leaders of (members
              |            ^
              = expected ')' to close the '(' here before the end of the input

            """#),
        BadInputCase(
            name: "after the inner of",
            arguments: ["-e", "leaders of (members of"],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found the end of the input
             --> 1:23
              |
            1 | leaders of (members of
              |                       ^

            """#),
        BadInputCase(
            name: "after where",
            arguments: ["-e", "leaders of (members of CSTO where"],
            status: 1,
            error: #"""
            error: expected a condition after 'where', found the end of the input
             --> 1:29
              |
            1 | leaders of (members of CSTO where
              |                             ^^^^^
              = a condition looks like status = frozen, since >= 2024 or member of CSTO

            """#),
        BadInputCase(
            name: "after the attribute",
            arguments: ["-e", "leaders of (members of CSTO where status"],
            status: 1,
            error: #"""
            error: expected a comparison after 'status': =, !=, <, <=, >, >=, in (...) or contains, found the end of the input
             --> 1:41
              |
            1 | leaders of (members of CSTO where status
              |                                         ^

            """#),
        BadInputCase(
            name: "after the operator",
            arguments: ["-e", "leaders of (members of CSTO where status ="],
            status: 1,
            error: #"""
            error: expected a value: a string, a number, a date such as 2024-01, true, false or a name, found the end of the input
             --> 1:43
              |
            1 | leaders of (members of CSTO where status =
              |                                           ^

            """#),
        BadInputCase(
            name: "without the closing bracket",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen"],
            status: 1,
            error: #"""
            error: unclosed '('
             --> 1:12
              |
            1 | leaders of (members of CSTO where status = frozen
              |            ^
              = expected ')' to close the '(' here before the end of the input

            """#),
        BadInputCase(
            name: "after order",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order"],
            status: 1,
            error: #"""
            error: expected 'by' after 'order', found the end of the input
             --> 1:57
              |
            1 | leaders of (members of CSTO where status = frozen) order
              |                                                         ^

            """#),
        BadInputCase(
            name: "after order by",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order by"],
            status: 1,
            error: #"""
            error: expected a column to order by after 'order by', found the end of the input
             --> 1:60
              |
            1 | leaders of (members of CSTO where status = frozen) order by
              |                                                            ^

            """#),
        BadInputCase(
            name: "after limit",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order by name limit"],
            status: 1,
            error: #"""
            error: expected a whole number after 'limit', found the end of the input
             --> 1:71
              |
            1 | leaders of (members of CSTO where status = frozen) order by name limit
              |                                                                       ^

            """#),
        BadInputCase(
            name: "a word as the limit",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order by name limit x"],
            status: 1,
            error: #"""
            error: expected a whole number after 'limit', found 'x'
             --> 1:72
              |
            1 | leaders of (members of CSTO where status = frozen) order by name limit x
              |                                                                        ^

            """#),
        BadInputCase(
            name: "a word after the limit",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order by name limit 3 extra"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'extra'
             --> 1:74
              |
            1 | leaders of (members of CSTO where status = frozen) order by name limit 3 extra
              |                                                                          ^^^^^

            """#),
        BadInputCase(
            name: "an extra closing bracket",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen)) order by name limit 3"],
            status: 1,
            error: #"""
            error: unexpected ')': there is no '(' for it to close
             --> 1:51
              |
            1 | leaders of (members of CSTO where status = frozen)) order by name limit 3
              |                                                   ^

            """#),
        BadInputCase(
            name: "of left out",
            arguments: ["-e", "leaders (members of CSTO where status = frozen) order by name limit 3"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found '('
             --> 1:9
              |
            1 | leaders (members of CSTO where status = frozen) order by name limit 3
              |         ^

            """#),
        BadInputCase(
            name: "the first role left out",
            arguments: ["-e", "of (members of CSTO where status = frozen) order by name limit 3"],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found 'of'
             --> 1:1
              |
            1 | of (members of CSTO where status = frozen) order by name limit 3
              | ^^

            """#),
        BadInputCase(
            name: "the attribute left out",
            arguments: ["-e", "leaders of (members of CSTO where = frozen) order by name limit 3"],
            status: 1,
            error: #"""
            error: expected a condition such as status = frozen, since >= 2024 or member of CSTO, found '='
             --> 1:35
              |
            1 | leaders of (members of CSTO where = frozen) order by name limit 3
              |                                   ^

            """#),
        BadInputCase(
            name: "the operator left out",
            arguments: ["-e", "leaders of (members of CSTO where status frozen) order by name limit 3"],
            status: 1,
            error: #"""
            error: expected a comparison after 'status': =, !=, <, <=, >, >=, in (...) or contains, found 'frozen'
             --> 1:42
              |
            1 | leaders of (members of CSTO where status frozen) order by name limit 3
              |                                          ^^^^^^

            """#),
        BadInputCase(
            name: "the operator doubled",
            arguments: ["-e", "leaders of (members of CSTO where status = = frozen) order by name limit 3"],
            status: 1,
            error: #"""
            error: expected a value: a string, a number, a date such as 2024-01, true, false or a name, found '='
             --> 1:44
              |
            1 | leaders of (members of CSTO where status = = frozen) order by name limit 3
              |                                            ^

            """#),
        BadInputCase(
            name: "a lone exclamation mark",
            arguments: ["-e", "leaders of (members of CSTO where status ! frozen) order by name limit 3"],
            status: 1,
            error: #"""
            error: unexpected character '!'
             --> 1:42
              |
            1 | leaders of (members of CSTO where status ! frozen) order by name limit 3
              |                                          ^
              = write != for 'not equal'

            """#),
        BadInputCase(
            name: "an unterminated string",
            arguments: ["-e", "leaders of (members of CSTO where status = \"frozen) order by name limit 3"],
            status: 1,
            error: #"""
            error: unterminated string
             --> 1:44
              |
            1 | leaders of (members of CSTO where status = "frozen) order by name limit 3
              |                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = a string ends with " on the same line

            """#),
        BadInputCase(
            name: "by left out",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order name limit 3"],
            status: 1,
            error: #"""
            error: expected 'by' after 'order', found 'name'
             --> 1:58
              |
            1 | leaders of (members of CSTO where status = frozen) order name limit 3
              |                                                          ^^^^

            """#),
        BadInputCase(
            name: "order left out",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) by name limit 3"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'by'
             --> 1:52
              |
            1 | leaders of (members of CSTO where status = frozen) by name limit 3
              |                                                    ^^

            """#),
        BadInputCase(
            name: "the column left out",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order by limit 3"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found '3'
             --> 1:67
              |
            1 | leaders of (members of CSTO where status = frozen) order by limit 3
              |                                                                   ^

            """#),
        BadInputCase(
            name: "a negative limit",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order by name limit -1"],
            status: 1,
            error: #"""
            error: the limit must be a whole number from 0 up
             --> 1:72
              |
            1 | leaders of (members of CSTO where status = frozen) order by name limit -1
              |                                                                        ^^

            """#),
        BadInputCase(
            name: "a huge limit",
            arguments: ["-e", "leaders of (members of CSTO where status = frozen) order by name limit 99999999999999999999"],
            status: 1,
            error: #"""
            error: number too large
             --> 1:72
              |
            1 | leaders of (members of CSTO where status = frozen) order by name limit 99999999999999999999
              |                                                                        ^^^^^^^^^^^^^^^^^^^^
              = a limit goes up to 9223372036854775807

            """#),
        BadInputCase(
            name: "a huge integer",
            arguments: ["-e", "members of CSTO where since > 99999999999999999999"],
            status: 1,
            error: #"""
            error: number too large
             --> 1:31
              |
            1 | members of CSTO where since > 99999999999999999999
              |                               ^^^^^^^^^^^^^^^^^^^^
              = whole numbers range from -9223372036854775808 to 9223372036854775807

            """#),
        BadInputCase(
            name: "a huge decimal",
            arguments: ["-e", "members of CSTO where since > 1" + String(repeating: "0", count: 400) + ".5"],
            status: 1,
            error: #"""
            error: decimal number out of range
             --> 1:31
              |
            1 | members of CSTO where since > 10000000000000000000000000000000000000000000000000000000000000000000000000000000…
              |                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

            """#),
        // Too small is refused as too large is, rather than becoming 0.
        BadInputCase(
            name: "a decimal too small",
            arguments: ["-e", "members of CSTO where since > 0." + String(repeating: "0", count: 400) + "1"],
            status: 1,
            error: #"""
            error: decimal number out of range
             --> 1:31
              |
            1 | members of CSTO where since > 0.000000000000000000000000000000000000000000000000000000000000000000000000000000…
              |                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

            """#),
        BadInputCase(
            name: "an impossible date",
            arguments: ["-e", "members of CSTO where since = 2024-13-45"],
            status: 1,
            error: #"""
            error: '2024-13-45' is not a valid date
             --> 1:31
              |
            1 | members of CSTO where since = 2024-13-45
              |                               ^^^^^^^^^^
              = dates are written YYYY-MM or YYYY-MM-DD, with a real month and day

            """#),
        BadInputCase(
            name: "a digit-led name",
            arguments: ["-e", "members of 12abc"],
            status: 1,
            error: #"""
            error: a name cannot start with a digit
             --> 1:12
              |
            1 | members of 12abc
              |            ^^^^^
              = put names that start with a digit in double quotes

            """#),
        BadInputCase(
            name: "a bad escape in a string",
            arguments: ["-e", "show \"Armenia\\q\""],
            status: 1,
            error: #"""
            error: unknown escape sequence in string
             --> 1:14
              |
            1 | show "Armenia\q"
              |              ^^
              = the escapes are \" \\ \n \t and \u{...}

            """#),
        BadInputCase(
            name: "a bad unicode escape",
            arguments: ["-e", "show \"\\u{110000}\""],
            status: 1,
            error: #"""
            error: invalid unicode escape in string
             --> 1:7
              |
            1 | show "\u{110000}"
              |       ^^^^^^^^^^
              = write a code point as \u{1F600}

            """#),
    ]
}
