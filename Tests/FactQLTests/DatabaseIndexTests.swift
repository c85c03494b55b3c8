import Foundation
import Testing

@testable import FactQL

/// Over a database, `.plan` shows SQLite's own plan under FactQL's steps, and the indexes of the
/// schema serve every query shape that FactQL's own engine answers from an index: navigation by
/// role from named entities, attribute filters, `facts of`, `as of`, chains and questions.
@Suite struct DatabaseIndexTests {
    static let shapes = [
        "members of CSTO where status = frozen", "count members of CSTO", "leaders of (members of CSTO where status = frozen)",
        "members of CSTO as of 2020", "count members of CSTO as of 2024", "facts of Armenia", "facts of Armenia where status = frozen",
        "countries where capital = Yerevan", "is Armenia a member of CSTO", "organizations of Armenia", "members of CSTO with status",
        "members of CSTO where not status = frozen", "members of CSTO where status in (frozen, suspended)", "why members of CSTO",
        "members of (organizations of Armenia)", "members of CSTO order by status desc limit 2",
    ]

    /// The engine-plan lines `.plan QUERY` prints over a database holding the built-in base.
    static func enginePlan(_ query: String, in session: Session) -> [String] {
        var lines: [String] = []
        session.run(SourceFile(name: nil, text: ".plan " + query)) { event in
            if case .result(.text(let text)) = event { lines += text.split(separator: "\n").map(String.init) }
        }
        return lines
    }

    @Test func planShowsTheEnginesPlanUnderFactQLsSteps() throws {
        let folder = try TemporaryDirectory()
        let session = try DatabaseTests.makeDatabase(folder.path + "/kb.db")
        let lines = Self.enginePlan("facts of Armenia", in: session)
        #expect(lines.first == "SQLite's plan for the SQL (.sql shows it), over \(folder.path)/kb.db:")
        #expect(lines.contains("      SEARCH f USING INDEX facts_of_subject (subject=?)"))
        #expect(lines.contains("      SEARCH f USING INDEX facts_of_object (object=?)"))
        // What is not translated says so; in memory there is no engine plan at all.
        #expect(Self.enginePlan("why facts of Armenia", in: session).last == "  none: .sql does not translate 'why' over facts")
        #expect(Self.enginePlan("facts of Armenia", in: Session()).isEmpty)
    }

    @Test(arguments: shapes)
    func noShapeScansATable(_ query: String) throws {
        let folder = try TemporaryDirectory()
        let session = try DatabaseTests.makeDatabase(folder.path + "/kb.db")
        let lines = Self.enginePlan(query, in: session)
        #expect(lines.count > 1, "no plan for \(query)")
        let scans = lines.map { $0.drop { $0 == " " } }.filter { $0.hasPrefix("SCAN ") && $0 != "SCAN CONSTANT ROW" }
        #expect(scans.isEmpty, "\(query): \(lines.joined(separator: "\n"))")
    }
}
