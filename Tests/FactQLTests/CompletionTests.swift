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
        #expect(attributes.contains("ally") && !attributes.contains("allies") && !attributes.contains("members"))
        #expect(candidates("members of CSTO where status = ") == ["active", "begun", "frozen"])
        #expect(candidates("members of CSTO where status in (active, ") == ["active", "begun", "frozen"])
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
}
