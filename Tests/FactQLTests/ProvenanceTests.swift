import Testing

@testable import FactQL

/// `why` cites everything a `where` read: the connecting fact's attributes with the fact and its
/// sentences, and the entity's own attributes with the entity's declaration.
@Suite struct ProvenanceTests {
    let world = TestSession()

    func steps(_ query: String) -> [[String]] {
        guard case .explanations(_, let explanations)? = world.run(query).results.first else { return [["<none>"]] }
        return explanations.map { explanation in
            explanation.steps.map { step in
                ([step.fact] + step.citations.map { "[\($0.identifier)]" } + step.premises.map { "and " + $0.fact })
                    .joined(separator: " ")
            }
        }
    }

    @Test func anEntityAttributeAWhereTestedIsCited() {
        #expect(steps("why countries where capital = \"A-town\"") == [["entity Alpha : country { capital: \"A-town\" }"]])
        // Only the attributes the condition read, in declaration order.
        #expect(
            steps("why countries where population > 4 and capital != \"Z\"")
                == [
                    ["entity Alpha : country { capital: \"A-town\", population: 5 }"],
                    ["entity Beta : country { capital: \"B-town\", population: 7 }"],
                ])
        // Under not and or too.
        #expect(steps("why countries where not population < 6") == [["entity Beta : country { population: 7 }"]])
    }

    @Test func aFactsAttributeIsCitedWithTheFactAndTheEntitysBeside() {
        // status is the membership's, cited from s1; capital is Alpha's own.
        #expect(
            steps("why members of Union where status = active and capital = \"A-town\"")
                == [["Alpha member_of Union { status: active, since: 2001 } [s1]", "entity Alpha : country { capital: \"A-town\" }"]])
        // An attribute the fact has is not cited again from the entity.
        #expect(steps("why members of Union where status = frozen") == [["Beta member_of Union { status: frozen, since: 2010-05 } [s2]"]])
    }

    @Test func anInnerFiltersAttributesStayInTheProof() {
        #expect(
            steps("why leaders of (countries where capital = \"A-town\")")
                == [["Ann leads Alpha { title: \"Prime Minister\" } and entity Alpha : country { capital: \"A-town\" }"]])
        // A filter after a filter keeps what the first one cited.
        #expect(
            steps("why countries where capital = \"A-town\" where name = Alpha")
                == [["entity Alpha : country { capital: \"A-town\" }"]])
        #expect(
            steps("why members of Union where capital = \"A-town\" where status = active")
                == [["Alpha member_of Union { status: active, since: 2001 } [s1]", "entity Alpha : country { capital: \"A-town\" }"]])
    }

    @Test func theProofSaysTheEntityAttributeCitesNoSentence() throws {
        let outcome = try BinaryRunner.run(["-e", "why countries where capital = \"Yerevan\""])
        #expect(outcome.standardOutput == "Armenia\n  because entity Armenia : country { capital: \"Yerevan\" }\n      (no source cited)\n(1 answer)\n")
    }
}
