import Foundation
import Testing

@testable import FactQL

/// Names match under Unicode's full case folding and canonical equivalence, the same way
/// everywhere: in the fact base, in queries, in completion and in the SQL bridge.
@Suite struct NameFoldingTests {
    @Test func fullCaseFoldingIsNotLowerCasing() {
        // Final sigma: lower-casing gives σ for Σ but keeps ς.
        #expect(FactBase.fold("ΣΊΣΥΦΟΣ") == FactBase.fold("Σίσυφος"))
        #expect(FactBase.fold("ΣΊΣΥΦΟΣ") == "σίσυφοσ")
        // German sharp s folds to ss, the capital ẞ too.
        #expect(FactBase.fold("straße") == "strasse")
        #expect(FactBase.fold("STRASSE") == FactBase.fold("Straße"))
        #expect(FactBase.fold("STRAẞE") == "strasse")
        // Ligatures and other letters that fold to more than one letter.
        #expect(FactBase.fold("ﬃ") == "ffi")
        #expect(FactBase.fold("ſ") == "s")
        #expect(FactBase.fold("K") == "k")  // Kelvin sign
        // Cherokee folds to capitals, so both cases meet.
        #expect(FactBase.fold("\u{AB70}") == FactBase.fold("\u{13A0}"))
    }

    @Test func dottedAndDotlessIFoldWithoutALocale() {
        // No Turkish rule: I is i, İ is i with a combining dot above, ı stays dotless.
        #expect(FactBase.fold("I") == "i")
        #expect(FactBase.fold("İ").unicodeScalars.map(\.value) == [0x69, 0x307])
        #expect(FactBase.fold("ı") == "ı")
        #expect(FactBase.fold("İstanbul") == FactBase.fold("i\u{307}stanbul"))
        #expect(FactBase.fold("İstanbul") != FactBase.fold("istanbul"))
        #expect(FactBase.fold("ırmak") != FactBase.fold("IRMAK"))
    }

    @Test func canonicallyEquivalentSpellingsFoldToTheSameBytes() {
        let precomposed = "\u{C4}rger"
        let decomposed = "A\u{308}rger"
        #expect(Array(FactBase.fold(precomposed).utf8) == Array(FactBase.fold(decomposed).utf8))
        #expect(Array(FactBase.normalized(decomposed).utf8) == Array(precomposed.utf8))
        // Folding can leave a letter decomposed; the key is normalised again after it.
        #expect(Array(FactBase.fold("\u{1E9E}\u{301}").utf8) == Array(FactBase.normalized("ss\u{301}").utf8))
        // ASCII is returned as it is, lower-cased.
        #expect(FactBase.fold("Armenia") == "armenia")
        #expect(FactBase.normalized("Armenia") == "Armenia")
    }

    /// Every kind of name declared in one spelling and used in another.
    static let facts = """
        source s\u{C4}1 "Sisyphus pushed the stone up the hill."
        kind \u{C4}rger plural \u{C4}rgers
        kind hero plural heroes
        entity Σίσυφος : hero { stra\u{DF}e: up }
        entity \u{C4}lva : hero
        entity Stra\u{DF}burg : \u{C4}rger
        relation pushes_\u{C4} (pusher\u{C4}, pushed\u{C4})
        fact Σίσυφος pushes_\u{C4} \u{C4}lva { m\u{FC}he: hard } cites s\u{C4}1
        """

    @Test(arguments: [
        ("show ΣΊΣΥΦΟΣ", "Σίσυφος"),
        ("heroes where name = \"ΣΊΣΥΦΟΣ\"", "Σίσυφος"),
        ("heroes where name contains \"ΣΥΦΟΣ\"", "Σίσυφος"),
        ("A\u{308}rgers", "Stra\u{DF}burg"),
        ("\u{C4}RGERS", "Stra\u{DF}burg"),
        ("heroes where STRASSE = UP", "Σίσυφος"),
        ("pusherA\u{308} of A\u{308}lva", "Σίσυφος"),
        ("pusher\u{C4}s of \u{C4}lva where mu\u{308}he = hard", "Σίσυφος"),
        ("show STRASSBURG", "Stra\u{DF}burg"),
    ])
    func namesMatchInAnySpelling(query: String, answer: String) {
        let session = TestSession(Self.facts)
        let result = session.run(query)
        #expect(result.diagnostics.map(\.message) == [])
        let text = result.results.map { "\($0)" }.joined()
        #expect(text.contains(answer), "\(query): \(text)")
    }

    @Test func aNameInAnotherSpellingIsTheSameEntity() {
        let session = TestSession(Self.facts)
        // Declaring the decomposed spelling again adds no entity, and an alias taken by the
        // other spelling is a conflict.
        #expect(session.run("entity A\u{308}lva : hero").diagnostics.isEmpty)
        #expect(session.answers("count heroes") == ["2"])
        #expect(session.error("entity Other : hero aka \"A\u{308}LVA\"")?.message == "'A\u{308}LVA' already names the entity '\u{C4}lva'")
        #expect(session.error("entity ΣΊΣΥΦΟΣ : \u{C4}rger")?.message.hasPrefix("entity 'Σίσυφος' is already declared") == true)
        #expect(session.run("why pusher\u{C4}s of A\u{308}lva").diagnostics.isEmpty)
        #expect(session.run("fact \"ΣΊΣΥΦΟΣ\" pushes_A\u{308} A\u{308}lva cites sA\u{308}1").diagnostics.isEmpty)
    }

    @Test func completionFoldsAsTheFactBaseDoes() {
        let session = TestSession(Self.facts)
        let candidates = Completer(factBase: session.session.factBase).complete("show ΣΊΣ").candidates
        // A non-ASCII name that the lexer reads as one word comes bare.
        #expect(candidates == ["Σίσυφος"])
    }

    @Test func theSQLBridgeFoldsAsFactQLDoes() throws {
        let session = Session(builtInFacts: false)
        let differential = SQLDifferential(session: session)
        try differential.runScript(
            Self.facts + """

                show ΣΊΣΥΦΟΣ
                heroes where name = "ΣΊΣΥΦΟΣ"
                heroes where name contains "ΣΥΦΟΣ"
                A\u{308}rgers
                heroes where STRASSE = UP
                pusher\u{C4}s of A\u{308}lva where mu\u{308}he = hard
                heroes order by name
                heroes order by name desc
                """)
        try differential.flush()
        #expect(differential.mismatches.map(\.description) == [])
        #expect(differential.compared >= 7)
        #expect(differential.withAnswers >= 7)
    }

    /// A fact file of the pinned forms only takes the bulk loader's path, which folds the same way.
    @Test func theBulkLoaderFoldsAsTheGeneralPathDoes() throws {
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("heroes.facts")
        try """
            entity "\u{C4}lva" : hero
            entity "A\u{308}lva" : hero
            entity "Σίσυφος" : hero
            entity STRASSE : hero
            relation pushes (pusher, pushed)
            fact "ΣΊΣΥΦΟΣ" pushes "A\u{308}LVA"
            fact Stra\u{DF}e pushes "\u{C4}LVA"

            """.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try BinaryRunner.run(["--empty", "--facts", file.path, "-e", "count heros", "-e", "pushers of A\u{308}lva"])
        #expect(outcome.standardError == "")
        #expect(outcome.standardOutput.contains("     3\n"))
        #expect(outcome.standardOutput.hasSuffix(" STRASSE\n Σίσυφος\n(2 rows)\n"))
    }
}
