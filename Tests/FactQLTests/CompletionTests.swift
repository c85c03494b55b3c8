import Testing

@testable import FactQL

@Suite struct CompletionTests {
    let completer = Completer(factBase: Session().factBase)

    func candidates(_ text: String) -> [String] { completer.complete(text).candidates }

    @Test func entitiesAfterOf() {
        #expect(candidates("count members of CST") == ["CSTO"])
        #expect(completer.complete("count members of CST").wordStart == 17)
        #expect(candidates("members of cs") == ["CSTO"])
    }

    @Test func keywordsAfterASet() {
        #expect(candidates("members of CSTO wh") == ["where"])
        #expect(candidates("members of CSTO where status = frozen o") == ["or", "order"])
        #expect(candidates("members of CSTO order ") == ["by"])
    }

    @Test func namesWithSpacesComeQuoted() {
        #expect(candidates("show \"Nag") == ["\"Nagorno-Karabakh\""])
        #expect(completer.complete("show \"Nag").wordStart == 5)
        #expect(candidates("show Nik") == ["\"Nikol Pashinyan\""])
    }

    @Test func rolesKindsAndEntitiesAtTheStart() {
        let start = candidates("")
        #expect(start.contains("count"))
        #expect(start.contains("members"))
        #expect(start.contains("countries"))
        #expect(start.contains("Armenia"))
        #expect(candidates("lea") == ["leader", "leaders"])
    }

    @Test func attributesAndTheirValuesAfterWhere() {
        let attributes = candidates("members of CSTO where ")
        #expect(attributes.contains("status"))
        #expect(attributes.contains("member"))
        // Roles in the singular only, whatever their plural.
        let anySet = candidates("countries where ")
        #expect(anySet.contains("former_ally") && !anySet.contains("former_allies") && !anySet.contains("members"))
        #expect(candidates("members of CSTO where status = ") == ["begun", "frozen"])
        #expect(candidates("members of CSTO where status in (begun, ") == ["begun", "frozen"])
    }

    @Test func metaCommands() {
        #expect(candidates(".mo") == [".mode"])
        #expect(candidates(".mode j") == ["json"])
        #expect(candidates(".timer o") == ["off", "on"])
        #expect(candidates(".entities al") == ["alliance"])
    }

    @Test func definitionsComplete() {
        #expect(candidates("fact Armenia mem") == ["member_of"])
        #expect(candidates("fact Armenia member_of CST") == ["CSTO"])
        #expect(candidates("fact Armenia member_of CSTO cites p1s") == ["p1s1", "p1s2", "p1s3", "p1s4"])
        #expect(candidates("entity X : coun") == ["country"])
    }

    // MARK: Version 2 forms

    @Test func attributesInScopeAfterWith() {
        let columns = candidates("members of ICC with ")
        // member_of's attributes and the entities' own, but not another relation's.
        #expect(columns.contains("since") && columns.contains("status") && columns.contains("capital"))
        #expect(!columns.contains("charge") && !columns.contains("title"))
        #expect(candidates("leader of Armenia with ti") == ["title"])
        #expect(candidates("leader of Armenia with title, si") == ["since"])
        #expect(candidates("leader of Armenia with title, st").isEmpty)
        #expect(candidates("members of ICC with since ") == ["as", "limit", "order"])
        #expect(candidates("members of CSTO where status = frozen with ot") == ["other_members"])
        #expect(candidates("facts of Armenia with ").contains("charge"))
        #expect(candidates("facts of Armenia with ").contains("subject"))
    }

    @Test func withIsOfferedWhereTheGrammarAllowsIt() {
        #expect(candidates("members of ICC w") == ["where", "with"])
        #expect(candidates("members of CSTO where status = frozen w") == ["with"])
        #expect(candidates("is Belarus a member of CSTO w") == ["where"])
    }

    @Test func kindsAfterEach() {
        #expect(candidates("count members of ").contains("each"))
        #expect(!candidates("members of ").contains("each"))
        #expect(candidates("count members of each ") == ["act", "alliance", "bloc", "country", "government", "organization", "person", "region", "situation"])
        #expect(candidates("count members of each org") == ["organization"])
        // In brackets, a set: the kind's plural (or the role noun).
        #expect(candidates("count members of each (org").contains("organizations"))
    }

    @Test func questions() {
        #expect(candidates("").contains("is"))
        #expect(candidates("why ").contains("is"))
        #expect(candidates("is Bela") == ["Belarus"])
        let connectors = candidates("is Belarus ")
        #expect(connectors.contains("a") && connectors.contains("an") && connectors.contains("in"))
        #expect(connectors.contains("member") && connectors.contains("organization"))
        #expect(candidates("is CSTO an org") == ["organization"])
        #expect(candidates("is Belarus a mem") == ["member"])
        #expect(candidates("why is Armenia a member of Eu") == ["\"European Union\"", "EU"])
        #expect(candidates("is Armenia in (members of CS") == ["CSTO"])
        #expect(candidates("is Belarus a member ") == ["as", "of", "where"])
    }

    @Test func factsAndTheirConditions() {
        #expect(candidates("").contains("facts"))
        #expect(candidates("count ").contains("facts"))
        #expect(candidates("facts ") == ["as", "limit", "of", "order", "where", "with"])
        let tested = candidates("facts where ")
        #expect(tested.contains("subject") && tested.contains("relation") && tested.contains("object"))
        #expect(tested.contains("date") && tested.contains("status") && tested.contains("not"))
        // Only facts' attributes: an entity's own (capital) and role tests are not for facts.
        #expect(!tested.contains("capital") && !tested.contains("member") && !tested.contains("kind"))
        #expect(candidates("facts of Armenia where relation = mem") == ["member_of"])
        #expect(candidates("facts where relation in (member_of, lea") == ["leads"])
        #expect(candidates("facts where subject = Arm") == ["\"Armenian government\"", "Armenia"])
        #expect(candidates("facts where (relation = leads or da") == ["date"])
        // Inside a bracketed set, a condition is the set's again.
        #expect(candidates("facts of (members of CSTO where ").contains("member"))
        #expect(!candidates("count facts of ").contains("each"))
    }

    // MARK: Time

    @Test func asIsOfferedWhereTheGrammarAllowsIt() {
        #expect(candidates("members of ICC a") == ["as"])
        #expect(candidates("members of CSTO where status = frozen a") == ["and", "as"])
        #expect(candidates("members of ICC with since a") == ["as"])
        #expect(candidates("facts where date >= 2023 a") == ["and", "as"])
        #expect(candidates("is Armenia a member of ICC a") == ["as"])
        #expect(candidates("is Armenia in (members of CSTO where status = frozen) a") == ["as"])
        // Not inside the condition of a bracketed set, nor before `with`.
        #expect(!candidates("members of ICC as of 2024 ").contains("with"))
    }

    @Test func ofThenTheBasesDatesAfterAs() {
        #expect(candidates("members of ICC as ") == ["of"])
        #expect(candidates("is Armenia a member of ICC as o") == ["of"])
        // The dates facts hold from, until or on, as the facts write them.
        #expect(candidates("members of ICC as of ") == ["2018", "2023-09", "2024-01"])
        #expect(candidates("members of ICC with since as of 20") == ["2018", "2023-09", "2024-01"])
        #expect(candidates("members of ICC as of 202") == ["2023-09", "2024-01"])
    }

    @Test func afterTheDateOnlyOrderAndLimit() {
        #expect(candidates("members of ICC as of 2024 ") == ["limit", "order"])
        #expect(candidates("members of ICC with since as of 2024-01 ") == ["limit", "order"])
        #expect(candidates("members of ICC as of 2024 order ") == ["by"])
        // A question ends at its date.
        #expect(candidates("is Armenia a member of ICC as of 2024 ").isEmpty)
        #expect(candidates("why is Armenia a member of ICC as of 2024 ").isEmpty)
    }

    @Test func helpCompletesTopicsToo() {
        #expect(candidates(".help a") == ["as", "ast"])
        #expect(candidates(".plan members of ICC as ") == ["of"])
    }

    // MARK: In scope

    @Test func afterWhereOnlyWhatTheFilteredSetHas() {
        let tested = candidates("members of CSTO where ")
        // member_of's attributes and roles, the entities' own, name and kind.
        for word in ["not", "status", "since", "act", "capital", "name", "kind", "member", "organization"] {
            #expect(tested.contains(word), "\(word)")
        }
        // Another relation's attributes (leads: title; accused: charge) and roles are errors or beside the point here.
        for word in ["title", "charge", "state", "former_ally", "leader"] {
            #expect(!tested.contains(word), "\(word)")
        }
        // The case from the issue: `state` (a role of government_of) is not offered.
        #expect(candidates("members of CSTO where sta") == ["status"])
        #expect(candidates("leaders of Armenia where ti") == ["title"])
        #expect(candidates("members of CSTO where status = frozen and si") == ["since"])
        #expect(candidates("members of CSTO where not (sta") == ["status"])
        // A set with no connecting fact may be tested for any role; member_of's status is not its.
        #expect(candidates("countries where sta") == ["state", "statement"])
    }

    @Test func afterTheFirstWordOfAConditionWhatThatWordTakes() {
        // A role takes `of`; an attribute an operator word; a name that is neither, any of them.
        #expect(candidates("members of CSTO where member ") == ["of"])
        #expect(candidates("members of CSTO where status ") == ["contains", "in", "not"])
        #expect(candidates("members of CSTO where nothing_known ") == ["contains", "in", "not", "of"])
    }

    @Test func aBracketedSetHasItsOwnScope() {
        #expect(candidates("leaders of (members of CSTO where sta") == ["status"])
        #expect(candidates("members of CSTO where member of (leaders of Armenia where ti") == ["title"])
        // After the bracket closes, the outer set is filtered again.
        #expect(candidates("members of CSTO where leader of (leaders of Armenia where title = x) and sta") == ["status"])
        #expect(candidates("is Belarus a member of CSTO where sta") == ["status"])
        #expect(candidates("count members of each organization where sta") == ["status"])
    }

    @Test func theStatementSoFarIncludesEarlierLines() {
        // What the REPL passes on a continuation line: the earlier lines, a newline, then this one.
        #expect(candidates("members of CSTO where\nsta") == ["status"])
        #expect(completer.complete("members of CSTO where\nsta").wordStart == 22)
        #expect(candidates("leaders of (members of CSTO\nwhere sta") == ["status"])
        // A statement that ended on an earlier line does not count.
        #expect(candidates("count countries\nsta").contains("states"))
    }

    @Test func aSetThatDoesNotResolveFallsBackToEveryName() {
        let tested = candidates("members of Nowhere where sta")
        #expect(tested == ["state", "statement", "status"])
        #expect(candidates("facts of Nowhere where da") == ["date"])
    }

    @Test func orderByOffersTheAnswerColumnAndWhatIsInScope() {
        let columns = candidates("members of CSTO order by ")
        for word in ["member", "name", "status", "since", "capital"] { #expect(columns.contains(word), "\(word)") }
        for word in ["title", "charge", "organization"] { #expect(!columns.contains(word), "\(word)") }
        #expect(candidates("members of CSTO order by mem") == ["member"])
        #expect(candidates("leaders of Armenia order by ti") == ["title"])
        // A count per group orders by its two columns only.
        #expect(candidates("count members of each organization order by ") == ["count", "organization"])
        // An attribute's values: its one column.
        #expect(candidates("capital of countries order by ") == ["capital"])
        #expect(candidates("facts of Armenia order by ").contains("subject"))
        #expect(candidates("facts of Armenia order by ").contains("charge"))
    }

    @Test func aCountOfOneRowIsNotOrderedCutOrGivenColumns() {
        let after = candidates("count members of CSTO ")
        #expect(after.contains("where") && !after.contains("order") && !after.contains("limit") && !after.contains("with"))
        #expect(!candidates("count members of CSTO where status = frozen ").contains("order"))
        #expect(candidates("count members of each organization ").contains("order"))
        #expect(candidates("members of CSTO ").contains("order"))
    }

    // MARK: Quoting

    @Test func aNameIsQuotedExactlyWhenTheLexerWouldNotReadItAsOneWord() {
        for bare in ["Zürich", "Armenia", "member_of", "_x9", "Σίσυφος", "東京"] {
            #expect(Completer.spelling(of: bare) == bare, "\(bare)")
        }
        for (name, written) in [
            ("zz rel", "\"zz rel\""), ("order", "\"order\""), ("Order", "\"Order\""), ("9lives", "\"9lives\""),
            ("a--b", "\"a--b\""), ("a#b", "\"a#b\""), ("Nagorno-Karabakh", "\"Nagorno-Karabakh\""), ("", "\"\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""), ("Zürich-Nord", "\"Zürich-Nord\""),
        ] {
            #expect(Completer.spelling(of: name) == written, "\(name)")
        }
        // An attribute may be a keyword other than `not`.
        #expect(Completer.spelling(of: "count", as: .attribute) == "count")
        #expect(Completer.spelling(of: "not", as: .attribute) == "\"not\"")
        // Invisible characters come quoted and escaped, so the line shows them; the lexer reads them back.
        #expect(Completer.spelling(of: "Zü\u{a0}rich") == "\"Zü\\u{a0}rich\"")
        #expect(Completer.spelling(of: "a\u{2028}b") == "\"a\\u{2028}b\"")
        let bytes = Array(Completer.spelling(of: "a\u{202e}b").utf8)
        let tokens = Lexer(bytes: bytes).tokens
        #expect(tokens.count == 2 && tokens[0].kind == .string)
        #expect(Lexer.stringValue(of: tokens[0].span, in: bytes) == "a\u{202e}b")
    }

    static let awkwardNames = """
        kind place
        kind "odd kind"
        entity Zürich : place
        entity "Zug Nord" : place
        entity A : place
        relation "zz rel" ("first end", second)
        relation order_of (orderer, ordered)
        source "s 1" "Zürich is a place."
        source s2 "A is a place."
        fact A "zz rel" Zürich { "long name": "x" } cites "s 1"
        """

    @Test func everyKindOfNameComesQuotedWhenItNeedsQuotes() {
        let session = TestSession(Self.awkwardNames).session
        let completer = Completer(factBase: session.factBase)
        func candidates(_ text: String) -> [String] { completer.complete(text).candidates }
        // The case: a relation name with a space.
        #expect(candidates("fact A z") == ["\"zz rel\""])
        #expect(candidates("show Zü") == ["Zürich"])
        #expect(candidates("show zü") == ["Zürich"])
        #expect(candidates("show Zu") == ["\"Zug Nord\""])
        #expect(candidates("fact A order_of Zürich cites s") == ["\"s 1\"", "s2"])
        #expect(candidates("entity B : od") == ["\"odd kind\""])
        #expect(candidates("count second of each od") == ["\"odd kind\""])
        #expect(candidates("places where fir") == ["\"first end\""])
        #expect(candidates("facts where lo") == ["\"long name\""])
        #expect(candidates("facts where relation = zz") == ["\"zz rel\""])
        #expect(candidates("seconds of A with lo") == ["\"long name\""])
    }

    @Test func acceptedCompletionsParse() throws {
        // What completion inserts, the parser then takes: each candidate completes a statement that runs.
        let session = TestSession(Self.awkwardNames).session
        let completer = Completer(factBase: session.factBase)
        for (prefix, rest) in [("fact A z", " Zürich"), ("show Zü", ""), ("show Zu", ""), ("places where fir", " of A")] {
            let completion = completer.complete(prefix)
            let candidate = try #require(completion.candidates.first)
            let line = String(prefix.utf8.prefix(completion.wordStart)) ?? ""
            let statement = line + candidate + rest
            let (_, diagnostics) = TestSession.run(statement, in: session)
            #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(statement): \(diagnostics.map(\.message))")
        }
    }
}

@Suite struct CompletionHelpTests {
    @Test func helpExplainsCompletion() throws {
        let outcome = try BinaryRunner.run(["-e", ".help completion"])
        #expect(outcome.status == 0)
        for words in ["members of CSTO where  offers status", "after order by", "show Zü gives show Zürich", "more than 40"] {
            #expect(outcome.standardOutput.contains(words), "\(words)")
        }
        #expect(Completer(factBase: Session().factBase).complete(".help comp").candidates == ["completion"])
    }
}

@Suite struct CompletionRobustnessTests {
    /// Every prefix of statements that nest sets, conditions, brackets, questions and lines, and
    /// of malformed ones: completion answers each (it may offer nothing) and never traps.
    @Test func everyPrefixCompletes() {
        let completer = Completer(factBase: Session().factBase)
        let statements = [
            "count members of each (organizations where kind = alliance and not (member of (leaders of Armenia where title = x))) order by count desc limit 2",
            "why is Armenia in (members of CSTO where status in (frozen, begun) or since >= 2024) as of 2024",
            "facts of (members of CSTO where\nstatus = frozen) where relation = member_of with since order by subject",
            "is CSTO an organization where ((((",
            "members of )) where ( where order by by limit ,,, \"open",
            "leaders of members of CSTO with title, since as of 2023-09 order by title asc limit 3; count countries where cap",
        ]
        for statement in statements {
            let bytes = Array(statement.utf8)
            for end in 0...bytes.count {
                let completion = completer.complete(String(decoding: bytes[..<end], as: UTF8.self))
                #expect(completion.wordStart >= 0 && completion.wordStart <= end)
            }
        }
        let columns = completer.complete("members of CSTO where status = frozen order by ").candidates
        #expect(columns.contains("member") && columns.contains("status"))
    }
}
