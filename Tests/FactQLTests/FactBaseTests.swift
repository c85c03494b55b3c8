import Foundation
import Testing

@testable import FactQL

/// The built-in fact base: derived from the article, every fact cited, every source exact.
@Suite struct FactBaseTests {
    static let article: String = {
        let copy = BinaryRunner.packageRoot.appendingPathComponent("Tests/Fixtures/article.txt")
        return (try? String(contentsOf: copy, encoding: .utf8)) ?? ""
    }()

    /// The article's sentences by id: paragraphs are the non-empty lines, a sentence ends at ". "
    /// or at the end of its paragraph; the two closing lines of page debris are no sentences.
    static func sentences(of article: String) -> [(identifier: String, text: String)] {
        var paragraphs = article.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        paragraphs.removeAll { $0 == "Share." || $0 == "Exit mobile version" }
        var result: [(String, String)] = []
        for (paragraphIndex, paragraph) in paragraphs.enumerated() {
            let parts = paragraph.components(separatedBy: ". ")
            for (sentenceIndex, part) in parts.enumerated() {
                let text = sentenceIndex < parts.count - 1 ? part + "." : part
                result.append(("p\(paragraphIndex + 1)s\(sentenceIndex + 1)", text))
            }
        }
        return result
    }

    @Test func theFixtureIsTheSharedArticle() throws {
        let shared = BinaryRunner.packageRoot.appendingPathComponent("../shared/article.txt")
        try #require(!Self.article.isEmpty)
        if let original = try? String(contentsOf: shared, encoding: .utf8) {
            #expect(original == Self.article)
        }
    }

    @Test func everySentenceIsASourceWordForWord() {
        let base = Session().factBase
        let sentences = Self.sentences(of: Self.article)
        #expect(sentences.count == 21)
        #expect(base.sources.count == sentences.count)
        for sentence in sentences {
            let id = base.source(identifier: sentence.identifier)
            #expect(id != nil, "missing source \(sentence.identifier)")
            if let id { #expect(base.sources[Int(id)].text == sentence.text, "source \(sentence.identifier)") }
        }
    }

    @Test func everyFactCitesAnExistingSource() {
        let base = Session().factBase
        #expect(base.factCount > 20)
        for fact in 0..<FactID(base.factCount) {
            let citations = base.citations(ofFact: fact)
            #expect(!citations.isEmpty, "\(base.describe(fact: fact)) cites nothing")
            for source in citations { #expect(Int(source) < base.sources.count) }
        }
    }

    @Test func theRequiredVocabularyExists() {
        let base = Session().factBase
        let required: [(String, String)] = [
            ("Armenia", "country"), ("Russia", "country"), ("Belarus", "country"), ("Kazakhstan", "country"),
            ("Tajikistan", "country"), ("Kyrgyzstan", "country"), ("Azerbaijan", "country"), ("France", "country"),
            ("India", "country"), ("United States", "country"), ("US", "country"), ("U.S.", "country"),
            ("CSTO", "alliance"), ("Collective Security Treaty Organization", "alliance"),
            ("ICC", "organization"), ("International Criminal Court", "organization"), ("EU", "organization"),
            ("European Union", "organization"), ("Nikol Pashinyan", "person"), ("Pashinyan", "person"),
            ("Vladimir Putin", "person"), ("Putin", "person"), ("Nagorno-Karabakh", "region"),
        ]
        for (name, kind) in required {
            let entity = base.entity(named: name)
            #expect(entity != nil, "\(name) is missing")
            if let entity { #expect(base.kinds[Int(base.entityKinds[Int(entity)])].name == kind, "\(name)'s kind") }
        }
        #expect(base.kind(plural: "people") == base.kind(named: "person"))
        for (relation, roles) in [("member_of", ["member", "organization"]), ("leads", ["leader", "led"]), ("ties_with", ["partner", "partner"])] {
            let id = base.relation(named: relation)
            #expect(id != nil)
            if let id { #expect(base.relations[Int(id)].roles == roles) }
        }
        if let ties = base.relation(named: "ties_with") { #expect(base.relations[Int(ties)].isSymmetric) }
    }

    @Test func aFailedDefinitionChangesNothing() throws {
        var base = Session().factBase
        let before = (base.entityCount, base.factCount)
        let source = SourceFile(name: nil, text: "fact Armenia member_of Atlantis")
        var parser = Parser(source: source)
        let statements = parser.parseScript()
        #expect(throws: Diagnostic.self) { try base.define(statements[0]) }
        #expect((base.entityCount, base.factCount) == before)
    }

    @Test func conflictingDeclarationsAreErrors() {
        var base = FactBase()
        func define(_ text: String) throws(Diagnostic) {
            var parser = Parser(source: SourceFile(name: nil, text: text))
            for statement in parser.parseScript() { try base.define(statement) }
        }
        #expect(throws: Never.self) { try define("entity A : country\nentity B : country aka Bee") }
        #expect(throws: Diagnostic.self) { try define("entity A : person") }
        #expect(throws: Diagnostic.self) { try define("entity C : country aka Bee") }
        #expect(throws: Diagnostic.self) { try define("relation r (x, y)\nrelation r (x, z)") }
        #expect(throws: Diagnostic.self) { try define("fact A unknown_relation B") }
        #expect(throws: Diagnostic.self) { try define("fact A r Nowhere") }
        #expect(throws: Diagnostic.self) { try define("fact A r B cites nothing_here") }
        #expect(throws: Diagnostic.self) { try define("kind a : b\nkind b : a") }
        #expect(throws: Never.self) { try define("entity A : country") }
    }

    @Test func pluralsFollowEnglishRules() {
        #expect(English.plural(of: "country") == "countries")
        #expect(English.plural(of: "alliance") == "alliances")
        #expect(English.plural(of: "day") == "days")
        #expect(English.plural(of: "box") == "boxes")
        #expect(English.plural(of: "church") == "churches")
        #expect(English.plural(of: "member") == "members")
    }

    @Test func datesCompareAtTheCoarserPrecision() {
        let january = DateValue(parsing: "2024-01")
        #expect(january != nil)
        #expect(DateValue(parsing: "2023-02-29") == nil)
        #expect(DateValue(parsing: "2024-02-29") != nil)
        #expect(DateValue(parsing: "2024-13") == nil)
        if let january {
            #expect(DateValue.compare(january, DateValue(year: 2024)) == 0)
            #expect(DateValue.compare(january, DateValue(year: 2025)) < 0)
            #expect(DateValue.compare(january, DateValue(year: 2024, month: 2)) < 0)
            #expect(january.description == "2024-01")
        }
    }

    /// A role that is a participle has no plural; nouns have theirs.
    @Test func participleRolesTakeNoPlural() {
        #expect(English.roleNouns(of: "led") == ["led"])
        #expect(English.roleNouns(of: "accused") == ["accused"])
        #expect(English.roleNouns(of: "sought") == ["sought"])
        #expect(English.roleNouns(of: "leader") == ["leader", "leaders"])
        #expect(English.roleNouns(of: "seed") == ["seed", "seeds"])
        #expect(English.roleNouns(of: "ally") == ["ally", "allies"])
        let session = TestSession("""
            relation leads (leader, led)
            entity A : person
            entity B : country
            fact A leads B
            """)
        #expect(session.answers("led of A") == ["B"])
        #expect(session.error("leds of A")?.message == "unknown role 'leds'")
    }
}
