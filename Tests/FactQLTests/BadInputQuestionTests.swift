import Testing

/// Misuses of the version 2 forms, run with `-e`: yes/no questions (`is`), columns (`with`),
/// counts per group (`each`), facts as rows (`facts`), relation-named roles and time (`as of`,
/// `since`, `until` and `date` on a fact). Each case pins the exit status and the exact
/// diagnostic; the warnings at the end still answer, exit 0.
@Suite struct BadInputQuestionTests {
    @Test(arguments: misuses)
    func misusedForm(_ badInput: BadInputCase) throws { try badInput.check() }

    @Test(arguments: warnings)
    func warningStillAnswers(_ badInput: BadInputCase) throws { try badInput.check() }

    @Test(arguments: timeMisuses)
    func misusedTime(_ badInput: BadInputCase) throws { try badInput.check() }

    static let misuses: [BadInputCase] = [
        BadInputCase(
            name: "'is' alone",
            arguments: ["-e", "is"],
            status: 1,
            error: #"""
            error: expected an entity after 'is', as in is Armenia a member of CSTO, found the end of the input
             --> 1:3
              |
            1 | is
              |   ^

            """#),
        BadInputCase(
            name: "'is' and a name only",
            arguments: ["-e", "is Armenia"],
            status: 1,
            error: #"""
            error: expected what to ask about Armenia: a role and 'of' (a member of CSTO), a kind (a country) or 'in' and a set, found the end of the input
             --> 1:11
              |
            1 | is Armenia
              |           ^

            """#),
        BadInputCase(
            name: "an article and nothing after it",
            arguments: ["-e", "is Armenia a"],
            status: 1,
            error: #"""
            error: expected a kind or a role after the article, as in is Armenia a country or is Armenia a member of CSTO, found the end of the input
             --> 1:13
              |
            1 | is Armenia a
              |             ^

            """#),
        BadInputCase(
            name: "'in' and nothing after it",
            arguments: ["-e", "is Armenia in"],
            status: 1,
            error: #"""
            error: expected a set after 'in', as in is Armenia in (members of CSTO), found the end of the input
             --> 1:14
              |
            1 | is Armenia in
              |              ^

            """#),
        BadInputCase(
            name: "'why is' alone",
            arguments: ["-e", "why is"],
            status: 1,
            error: #"""
            error: expected an entity after 'is', as in is Armenia a member of CSTO, found the end of the input
             --> 1:7
              |
            1 | why is
              |       ^

            """#),
        BadInputCase(
            name: "a question with an unknown entity",
            arguments: ["-e", "is Belarusia a member of CSTO"],
            status: 1,
            error: #"""
            error: unknown entity 'Belarusia'
             --> 1:4
              |
            1 | is Belarusia a member of CSTO
              |    ^^^^^^^^^
              = did you mean Belarus?

            """#),
        BadInputCase(
            name: "a question whose word is neither kind nor role",
            arguments: ["-e", "is CSTO a frobnicator"],
            status: 1,
            error: #"""
            error: 'frobnicator' is neither a kind nor a role
             --> 1:11
              |
            1 | is CSTO a frobnicator
              |           ^^^^^^^^^^^
              = ask is NAME a KIND (is CSTO an organization) or is NAME a ROLE of SET (is Belarus a member of CSTO)

            """#),
        BadInputCase(
            name: "a question with a role and no 'of'",
            arguments: ["-e", "is Armenia a member"],
            status: 1,
            error: #"""
            error: 'member' is a role: say of what, as in is Armenia a member of CSTO
             --> 1:14
              |
            1 | is Armenia a member
              |              ^^^^^^

            """#),
        BadInputCase(
            name: "a question with an entity in place of a kind",
            arguments: ["-e", "is Armenia a Russia"],
            status: 1,
            error: #"""
            error: 'Russia' is an entity, not a kind or a role
             --> 1:14
              |
            1 | is Armenia a Russia
              |              ^^^^^^
              = to ask whether two names are one entity, write is Armenia in Russia

            """#),
        BadInputCase(
            name: "a question with columns",
            arguments: ["-e", "is Armenia a member of CSTO with status"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'with'
             --> 1:29
              |
            1 | is Armenia a member of CSTO with status
              |                             ^^^^

            """#),
        BadInputCase(
            name: "a question with an order",
            arguments: ["-e", "is Armenia a member of CSTO order by name"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'order'
             --> 1:29
              |
            1 | is Armenia a member of CSTO order by name
              |                             ^^^^^

            """#),
        BadInputCase(
            name: "a counted question",
            arguments: ["-e", "count is Armenia a member of CSTO"],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found 'is'
             --> 1:7
              |
            1 | count is Armenia a member of CSTO
              |       ^^

            """#),
        BadInputCase(
            name: "a question about facts",
            arguments: ["-e", "is Armenia in facts of Armenia"],
            status: 1,
            error: #"""
            error: 'facts' gives rows of facts, not a set of entities to go on from
             --> 1:15
              |
            1 | is Armenia in facts of Armenia
              |               ^^^^^^^^^^^^^^^^
              = 'facts of SET' stands at the start of a query: facts of Armenia where relation = member_of

            """#),
        BadInputCase(
            name: "a question with groups",
            arguments: ["-e", "is Belarus a member of each organization"],
            status: 1,
            error: #"""
            error: 'each' makes groups to count; a yes/no question asks about one entity
             --> 1:24
              |
            1 | is Belarus a member of each organization
              |                        ^^^^^^^^^^^^^^^^^

            """#),
        BadInputCase(
            name: "'with' and nothing after it",
            arguments: ["-e", "members of CSTO with"],
            status: 1,
            error: #"""
            error: expected an attribute after 'with', found the end of the input
             --> 1:17
              |
            1 | members of CSTO with
              |                 ^^^^
              = 'with' names the columns to show beside the answer, as in members of ICC with since

            """#),
        BadInputCase(
            name: "'with' ending in a comma",
            arguments: ["-e", "members of CSTO with status,"],
            status: 1,
            error: #"""
            error: expected an attribute to show, such as since or status, found the end of the input
             --> 1:29
              |
            1 | members of CSTO with status,
              |                             ^

            """#),
        BadInputCase(
            name: "'with' after 'order by'",
            arguments: ["-e", "members of CSTO order by name with status"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'with'
             --> 1:31
              |
            1 | members of CSTO order by name with status
              |                               ^^^^

            """#),
        BadInputCase(
            name: "'where' after 'with'",
            arguments: ["-e", "members of CSTO with status where status = frozen"],
            status: 1,
            error: #"""
            error: 'where' comes before 'with'
             --> 1:29
              |
            1 | members of CSTO with status where status = frozen
              |                             ^^^^^
              = a query reads: SET where CONDITION with ATTRIBUTES as of DATE order by ... limit ...

            """#),
        BadInputCase(
            name: "'with' an unknown attribute",
            arguments: ["-e", "members of CSTO with colour"],
            status: 1,
            error: #"""
            error: unknown attribute 'colour': no member_of fact or entity has it
             --> 1:22
              |
            1 | members of CSTO with colour
              |                      ^^^^^^
              = attributes here: name, kind, status, act, since, other_members, capital and description

            """#),
        BadInputCase(
            name: "'with' a misspelt attribute",
            arguments: ["-e", "leaders of countries with titel"],
            status: 1,
            error: #"""
            error: unknown attribute 'titel': no leads fact or entity has it
             --> 1:27
              |
            1 | leaders of countries with titel
              |                           ^^^^^
              = attributes here: name, kind, title, since, capital and description
              = did you mean title?

            """#),
        BadInputCase(
            name: "'with' on a count",
            arguments: ["-e", "count members of CSTO with status"],
            status: 1,
            error: #"""
            error: 'with' adds columns to a list of answers; a count has none
             --> 1:23
              |
            1 | count members of CSTO with status
              |                       ^^^^^^^^^^^
              = leave 'count' out to list the answers with their attributes

            """#),
        BadInputCase(
            name: "'with' on an attribute's values",
            arguments: ["-e", "capital of Armenia with name"],
            status: 1,
            error: #"""
            error: 'with' adds columns beside entities; the answers here are values of capital
             --> 1:20
              |
            1 | capital of Armenia with name
              |                    ^^^^^^^^^
              = to see both, write Armenia with capital

            """#),
        BadInputCase(
            name: "an attribute no entity has, as the answer",
            arguments: ["-e", "title of \"Nikol Pashinyan\""],
            status: 1,
            error: #"""
            error: unknown attribute 'title': no entity has it
             --> 1:1
              |
            1 | title of "Nikol Pashinyan"
              | ^^^^^
              = attributes here: name, kind, capital and description

            """#),
        BadInputCase(
            name: "'each' and nothing after it",
            arguments: ["-e", "count members of each"],
            status: 1,
            error: #"""
            error: expected a kind after 'each', such as organization, or a set in brackets, found the end of the input
             --> 1:22
              |
            1 | count members of each
              |                      ^

            """#),
        BadInputCase(
            name: "'each' and an open bracket",
            arguments: ["-e", "count members of each (organizations"],
            status: 1,
            error: #"""
            error: unclosed '('
             --> 1:23
              |
            1 | count members of each (organizations
              |                       ^
              = expected ')' to close the '(' here before the end of the input

            """#),
        BadInputCase(
            name: "'each' of a keyword",
            arguments: ["-e", "count members of each kind"],
            status: 1,
            error: #"""
            error: expected a kind after 'each', such as organization, or a set in brackets, found the keyword 'kind'
             --> 1:23
              |
            1 | count members of each kind
              |                       ^^^^
              = a name that is also a keyword is written in double quotes: "kind"

            """#),
        BadInputCase(
            name: "'each' of an unknown kind",
            arguments: ["-e", "count members of each organisation"],
            status: 1,
            error: #"""
            error: unknown kind 'organisation' after 'each'
             --> 1:23
              |
            1 | count members of each organisation
              |                       ^^^^^^^^^^^^
              = 'each' takes a kind (each organization) or a set in brackets (each (members of CSTO))
              = did you mean organization?

            """#),
        BadInputCase(
            name: "'each' of one entity",
            arguments: ["-e", "count members of each CSTO"],
            status: 1,
            error: #"""
            error: 'CSTO' is one entity: 'each' needs a kind or a set of several
             --> 1:23
              |
            1 | count members of each CSTO
              |                       ^^^^
              = as in each organization, or each (members of CSTO)

            """#),
        BadInputCase(
            name: "'each' of facts",
            arguments: ["-e", "count members of each (facts of Armenia)"],
            status: 1,
            error: #"""
            error: 'facts' gives rows of facts, not a set of entities to go on from
             --> 1:23
              |
            1 | count members of each (facts of Armenia)
              |                       ^^^^^^^^^^^^^^^^^^
              = 'facts of SET' stands at the start of a query: facts of Armenia where relation = member_of

            """#),
        BadInputCase(
            name: "'each' outside a count",
            arguments: ["-e", "members of each organization"],
            status: 1,
            error: #"""
            error: 'each' makes groups to count
             --> 1:12
              |
            1 | members of each organization
              |            ^^^^^^^^^^^^^^^^^
              = write count before it, as in count members of each organization

            """#),
        BadInputCase(
            name: "'each' in a condition",
            arguments: ["-e", "countries where member of each organization"],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found 'each'
             --> 1:27
              |
            1 | countries where member of each organization
              |                           ^^^^

            """#),
        BadInputCase(
            name: "'each' without a role",
            arguments: ["-e", "count each organization"],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found 'each'
             --> 1:7
              |
            1 | count each organization
              |       ^^^^

            """#),
        BadInputCase(
            name: "'each' followed by more of",
            arguments: ["-e", "count members of each organization of CSTO"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'of'
             --> 1:36
              |
            1 | count members of each organization of CSTO
              |                                    ^^

            """#),
        BadInputCase(
            name: "'each' after 'facts of'",
            arguments: ["-e", "count facts of each country"],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found 'each'
             --> 1:16
              |
            1 | count facts of each country
              |                ^^^^

            """#),
        BadInputCase(
            name: "'with' on a grouped count",
            arguments: ["-e", "count members of each organization with status"],
            status: 1,
            error: #"""
            error: 'with' adds columns to a list of answers; a count has none
             --> 1:36
              |
            1 | count members of each organization with status
              |                                    ^^^^^^^^^^^
              = leave 'count' out to list the answers with their attributes

            """#),
        BadInputCase(
            name: "ordering groups by a column they lack",
            arguments: ["-e", "count members of each organization order by status"],
            status: 1,
            error: #"""
            error: no column 'status' to order by
             --> 1:45
              |
            1 | count members of each organization order by status
              |                                             ^^^^^^
              = the columns are organization and count

            """#),
        BadInputCase(
            name: "'facts of' and nothing after it",
            arguments: ["-e", "facts of"],
            status: 1,
            error: #"""
            error: expected a set, such as a kind (countries), an entity (Armenia) or a role followed by 'of' (members of ...), found the end of the input
             --> 1:9
              |
            1 | facts of
              |         ^

            """#),
        BadInputCase(
            name: "'facts of' an unknown name",
            arguments: ["-e", "facts of Armnia"],
            status: 1,
            error: #"""
            error: unknown entity or kind 'Armnia'
             --> 1:10
              |
            1 | facts of Armnia
              |          ^^^^^^
              = did you mean Armenia?

            """#),
        BadInputCase(
            name: "'facts' after a role",
            arguments: ["-e", "leaders of facts of Armenia"],
            status: 1,
            error: #"""
            error: 'facts' gives rows of facts, not a set of entities to go on from
             --> 1:12
              |
            1 | leaders of facts of Armenia
              |            ^^^^^^^^^^^^^^^^
              = 'facts of SET' stands at the start of a query: facts of Armenia where relation = member_of

            """#),
        BadInputCase(
            name: "'facts of facts'",
            arguments: ["-e", "facts of facts of Armenia"],
            status: 1,
            error: #"""
            error: 'facts' gives rows of facts, not a set of entities to go on from
             --> 1:10
              |
            1 | facts of facts of Armenia
              |          ^^^^^^^^^^^^^^^^
              = 'facts of SET' stands at the start of a query: facts of Armenia where relation = member_of

            """#),
        BadInputCase(
            name: "'facts' after a name",
            arguments: ["-e", "Armenia facts"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'facts'
             --> 1:9
              |
            1 | Armenia facts
              |         ^^^^^

            """#),
        BadInputCase(
            name: "an unknown attribute of facts",
            arguments: ["-e", "facts where colour = red"],
            status: 1,
            error: #"""
            error: unknown attribute 'colour': no fact has it
             --> 1:13
              |
            1 | facts where colour = red
              |             ^^^^^^
              = in facts, a name is subject, relation, object or a fact's attribute: subject, relation, object, status, act, since, other_members, title, nature, domain, within, condition, date, basis, charge, over, timing and how

            """#),
        BadInputCase(
            name: "an unknown relation in 'facts where'",
            arguments: ["-e", "facts where relation = membr_of"],
            status: 1,
            error: #"""
            error: unknown relation 'membr_of'
             --> 1:24
              |
            1 | facts where relation = membr_of
              |                        ^^^^^^^^
              = did you mean member_of?

            """#),
        BadInputCase(
            name: "an unknown relation before a role",
            arguments: ["-e", "membr_of organizations of Armenia"],
            status: 1,
            error: #"""
            error: unknown relation 'membr_of'
             --> 1:1
              |
            1 | membr_of organizations of Armenia
              | ^^^^^^^^
              = before a role, a name is the relation the role belongs to, as in member_of organizations of Armenia
              = did you mean member_of?

            """#),
        BadInputCase(
            name: "a relation without its role",
            arguments: ["-e", "leads members of CSTO"],
            status: 1,
            error: #"""
            error: the relation leads has no role 'members'
             --> 1:7
              |
            1 | leads members of CSTO
              |       ^^^^^^^
              = its roles are leader and led
              = did you mean leaders?

            """#),
        BadInputCase(
            name: "a relation in place of a role",
            arguments: ["-e", "member_of of Armenia"],
            status: 1,
            error: #"""
            error: unknown role 'member_of'
             --> 1:1
              |
            1 | member_of of Armenia
              | ^^^^^^^^^
              = did you mean member of or members of?

            """#),
        BadInputCase(
            name: "a relation and a role without 'of'",
            arguments: ["-e", "member_of organizations"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'organizations'
             --> 1:11
              |
            1 | member_of organizations
              |           ^^^^^^^^^^^^^

            """#),
    ]

    static let warnings: [BadInputCase] = [
        BadInputCase(
            name: "a shared role noun warns",
            arguments: ["--facts", "applies.facts", "-e", "organizations of Armenia"],
            files: [("applies.facts", Array("relation applies_to (applicant, organization)\nfact Armenia applies_to EU\n".utf8))],
            status: 0,
            output: #"""
             organization
            --------------
             CSTO
             EU
             ICC
            (3 rows)

            """#,
            error: #"""
            warning: 'organizations' is a role of 2 relations (member_of and applies_to): the answer mixes them
             --> 1:1
              |
            1 | organizations of Armenia
              | ^^^^^^^^^^^^^
              = to keep one, name its relation before the role, as in member_of organizations of ...

            """#),
        BadInputCase(
            name: "a value that occurs nowhere warns",
            arguments: ["-e", "members of CSTO where status = frozn"],
            status: 0,
            output: #"""
             member | status
            --------+--------
            (0 rows)

            """#,
            error: #"""
            warning: no status is frozn in the fact base, so this comparison never holds
             --> 1:32
              |
            1 | members of CSTO where status = frozn
              |                                ^^^^^
              = status is frozen
              = did you mean frozen?

            """#),
        BadInputCase(
            name: "a name that is no entity warns",
            arguments: ["-e", "facts where subject = Armnia"],
            status: 0,
            output: #"""
             subject | relation | object | attributes
            ---------+----------+--------+------------
            (0 rows)

            """#,
            error: #"""
            warning: no entity is called 'Armnia', so subject = Armnia never holds
             --> 1:23
              |
            1 | facts where subject = Armnia
              |                       ^^^^^^
              = did you mean Armenia?

            """#),
        BadInputCase(
            name: "a string compared with dates warns",
            arguments: ["-e", "members of ICC where since > \"2020\""],
            status: 0,
            output: #"""
             member | since
            --------+-------
            (0 rows)

            """#,
            error: #"""
            warning: since holds dates (such as 2024-01), and "2020" is a string: they never compare, so no row matches
             --> 1:30
              |
            1 | members of ICC where since > "2020"
              |                              ^^^^^^
              = did you mean 2020?

            """#),
    ]

    /// `as of` without a date, with what is no date or no real one, or out of place; and dates on
    /// a fact that are no dates, or an `until` before its `since`: refused where the fact is
    /// defined, so nothing else is lost (under --keep-going the next statement still answers).
    static let timeMisuses: [BadInputCase] = [
        BadInputCase(
            name: "'as' without 'of'",
            arguments: ["-e", "members of ICC as 2024"],
            status: 1,
            error: #"""
            error: expected 'of' after 'as', as in as of 2022, found '2024'
             --> 1:19
              |
            1 | members of ICC as 2024
              |                   ^^^^

            """#),
        BadInputCase(
            name: "'as of' and nothing after it",
            arguments: ["-e", "members of ICC as of"],
            status: 1,
            error: #"""
            error: expected a date after 'as of': a year (2022), a month (2023-09) or a day (2023-09-19), found the end of the input
             --> 1:21
              |
            1 | members of ICC as of
              |                     ^

            """#),
        BadInputCase(
            name: "'as of' a string",
            arguments: ["-e", "members of ICC as of \"2024\""],
            status: 1,
            error: #"""
            error: expected a date after 'as of': a year (2022), a month (2023-09) or a day (2023-09-19), found the string "2024"
             --> 1:22
              |
            1 | members of ICC as of "2024"
              |                      ^^^^^^

            """#),
        BadInputCase(
            name: "'as of' a name",
            arguments: ["-e", "members of ICC as of Armenia"],
            status: 1,
            error: #"""
            error: expected a date after 'as of': a year (2022), a month (2023-09) or a day (2023-09-19), found 'Armenia'
             --> 1:22
              |
            1 | members of ICC as of Armenia
              |                      ^^^^^^^

            """#),
        BadInputCase(
            name: "'as of' a month that does not exist",
            arguments: ["-e", "members of ICC as of 2024-13"],
            status: 1,
            error: #"""
            error: '2024-13' is not a valid date
             --> 1:22
              |
            1 | members of ICC as of 2024-13
              |                      ^^^^^^^
              = dates are written YYYY, YYYY-MM or YYYY-MM-DD, with a real month and day

            """#),
        BadInputCase(
            name: "'as of' a day that does not exist",
            arguments: ["-e", "members of ICC as of 2023-02-30"],
            status: 1,
            error: #"""
            error: '2023-02-30' is not a valid date
             --> 1:22
              |
            1 | members of ICC as of 2023-02-30
              |                      ^^^^^^^^^^
              = dates are written YYYY, YYYY-MM or YYYY-MM-DD, with a real month and day

            """#),
        BadInputCase(
            name: "'as of' month 00 in a question",
            arguments: ["-e", "why is Armenia a member of ICC as of 2024-00"],
            status: 1,
            error: #"""
            error: '2024-00' is not a valid date
             --> 1:38
              |
            1 | why is Armenia a member of ICC as of 2024-00
              |                                      ^^^^^^^
              = dates are written YYYY, YYYY-MM or YYYY-MM-DD, with a real month and day

            """#),
        BadInputCase(
            name: "'where' after 'as of'",
            arguments: ["-e", "members of ICC as of 2024 where since > 2000"],
            status: 1,
            error: #"""
            error: 'where' comes before 'as of'
             --> 1:27
              |
            1 | members of ICC as of 2024 where since > 2000
              |                           ^^^^^
              = a query reads: SET where CONDITION with ATTRIBUTES as of DATE order by ... limit ...

            """#),
        BadInputCase(
            name: "'with' after 'as of'",
            arguments: ["-e", "members of ICC as of 2024 with since"],
            status: 1,
            error: #"""
            error: 'with' comes before 'as of'
             --> 1:27
              |
            1 | members of ICC as of 2024 with since
              |                           ^^^^
              = a query reads: SET where CONDITION with ATTRIBUTES as of DATE order by ... limit ...

            """#),
        BadInputCase(
            name: "'as of' twice",
            arguments: ["-e", "members of ICC as of 2024 as of 2023"],
            status: 1,
            error: #"""
            error: 'as of' is given twice
             --> 1:27
              |
            1 | members of ICC as of 2024 as of 2023
              |                           ^^
              = a query reads: SET where CONDITION with ATTRIBUTES as of DATE order by ... limit ...

            """#),
        BadInputCase(
            name: "'as of' on show",
            arguments: ["-e", "show Armenia as of 2024"],
            status: 1,
            error: #"""
            error: expected the end of the statement (a new line or ';'), found 'as'
             --> 1:14
              |
            1 | show Armenia as of 2024
              |              ^^

            """#),
        BadInputCase(
            name: "'as of' inside brackets",
            arguments: ["-e", "members of (members of CSTO as of 2022)"],
            status: 1,
            error: #"""
            error: expected ')' to close the '(' here, found 'as'
             --> 1:29
              |
            1 | members of (members of CSTO as of 2022)
              |                             ^^

            """#),
        BadInputCase(
            name: "'until' before 'since'",
            arguments: ["-e", "fact Armenia member_of EU { since: 2020, until: 2019 }"],
            status: 1,
            error: #"""
            error: 'until' 2019 comes before 'since' 2020
             --> 1:42
              |
            1 | fact Armenia member_of EU { since: 2020, until: 2019 }
              |                                          ^^^^^^^^^^^
              = a fact holds from since up to but not including until

            """#),
        BadInputCase(
            name: "'since' a string",
            arguments: ["-e", "fact Armenia member_of EU { since: \"2020\" }"],
            status: 1,
            error: #"""
            error: 'since' must be a date, found "2020"
             --> 1:29
              |
            1 | fact Armenia member_of EU { since: "2020" }
              |                             ^^^^^^^^^^^^^
              = since says when a fact holds: write a year (2018), a month (2024-01) or a day (2023-09-19)

            """#),
        BadInputCase(
            name: "'until' a symbol",
            arguments: ["-e", "fact Armenia member_of EU { until: soon }"],
            status: 1,
            error: #"""
            error: 'until' must be a date, found soon
             --> 1:29
              |
            1 | fact Armenia member_of EU { until: soon }
              |                             ^^^^^^^^^^^
              = until says when a fact holds: write a year (2018), a month (2024-01) or a day (2023-09-19)

            """#),
        BadInputCase(
            name: "'date' a decimal",
            arguments: ["-e", "fact Armenia member_of EU { date: 1.5 }"],
            status: 1,
            error: #"""
            error: 'date' must be a date, found 1.5
             --> 1:29
              |
            1 | fact Armenia member_of EU { date: 1.5 }
              |                             ^^^^^^^^^
              = date says when a fact holds: write a year (2018), a month (2024-01) or a day (2023-09-19)

            """#),
        BadInputCase(
            name: "'until' before 'since' under --keep-going: the next query answers",
            arguments: ["--keep-going", "-e", "fact Armenia member_of EU { since: 2020, until: 2019 }", "-e", "is Armenia a member of EU as of 2020"],
            status: 1,
            output: #"""
             answer
            --------
             no
            (1 row)

            """#,
            error: #"""
            error: 'until' 2019 comes before 'since' 2020
             --> 1:42
              |
            1 | fact Armenia member_of EU { since: 2020, until: 2019 }
              |                                          ^^^^^^^^^^^
              = a fact holds from since up to but not including until

            """#),
        BadInputCase(
            name: "'until' before 'since' in a fact file: nothing runs",
            arguments: ["--facts", "dated.facts", "-e", "count facts"],
            files: [("dated.facts", Array("fact Armenia member_of EU { since: 2024-01 }\nfact Armenia member_of EU { since: 2024-06, until: 2024-03 }\n".utf8))],
            status: 1,
            error: #"""
            error: 'until' 2024-03 comes before 'since' 2024-06
             --> dated.facts:2:45
              |
            2 | fact Armenia member_of EU { since: 2024-06, until: 2024-03 }
              |                                             ^^^^^^^^^^^^^^
              = a fact holds from since up to but not including until

            """#),
    ]
}
