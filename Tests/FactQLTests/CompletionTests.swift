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
        #expect(attributes.contains("former_ally") && !attributes.contains("former_allies") && !attributes.contains("members"))
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
}
