import Foundation
import Testing

@testable import FactQL

/// `.sql retract ...` on the tables of `.dump sql` makes the change `retract` makes: sqlite3,
/// given the dump of the built-in base and the printed SQL, holds the facts of the dump of the
/// base after the retract.
@Suite struct SQLRetractTests {
    static let contents = [
        "SELECT relation, subject, object, attributes FROM facts ORDER BY relation, subject, object, attributes",
        """
        SELECT facts.subject, facts.relation, facts.object, fact_attributes.attribute, attribute_values.display
        FROM fact_attributes JOIN facts ON facts.id = fact_attributes.fact
        JOIN attribute_values ON attribute_values.id = fact_attributes.value ORDER BY 1, 2, 3, 4, 5
        """,
        """
        SELECT facts.subject, facts.relation, facts.object, citations.source, citations.quote FROM citations
        JOIN facts ON facts.id = citations.fact ORDER BY 1, 2, 3, 4, 5
        """,
    ]

    @Test(arguments: [
        "retract fact Armenia member_of CSTO",
        "retract fact Armenia member_of ICC { other_members: 123, since: 2024-01 }",
        "retract fact Armenia ties_with Russia { nature: historical }",
        // Matches nothing: an attribute value never stored, and attributes short of the fact's.
        "retract fact Armenia ties_with Russia { nature: friendly }",
        "retract fact Armenia member_of ICC { since: 2024-01 }",
    ])
    func theSQLMakesTheSameChange(_ statement: String) throws {
        let session = Session()
        let original = try SQLiteOracle.database(for: session.factBase)
        defer { try? FileManager.default.removeItem(at: original) }
        let sql = TestSession.run(".sql " + statement, in: session)
        #expect(sql.diagnostics.isEmpty)
        guard case .text(let text)? = sql.results.first else {
            Issue.record("no SQL for \(statement)")
            return
        }
        let outcome = try SQLiteOracle.sqlite3(["-bail", "-batch", original.path], input: text)
        #expect(outcome.status == 0 && outcome.error.isEmpty, "\(outcome.error)")
        let retracted = TestSession.run(statement, in: session)
        let removes = !statement.contains("friendly") && !statement.hasSuffix("{ since: 2024-01 }")
        #expect(retracted.diagnostics.isEmpty == removes)
        let expected = try SQLiteOracle.database(for: session.factBase)
        defer { try? FileManager.default.removeItem(at: expected) }
        let got = try SQLiteOracle.run(Self.contents, on: original)
        #expect(got == (try SQLiteOracle.run(Self.contents, on: expected)))
        #expect(got[0].count == session.factBase.factCount)
    }

    @Test func namesAreResolvedAsTheRetractResolvesThem() {
        let session = Session()
        let error = TestSession.run(".sql retract fact Armenai member_of CSTO", in: session).diagnostics.first
        #expect(error?.message == "unknown entity 'Armenai' as the fact's subject")
        #expect(error?.suggestions == ["Armenia"])
    }
}
