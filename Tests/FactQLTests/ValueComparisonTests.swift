import Testing

@testable import FactQL

/// Whole numbers against decimals compare exactly, as SQLite compares them, also past 2^53 where
/// a Double can no longer hold every whole number.
@Suite struct ValueComparisonTests {
    @Test func wholeNumbersAgainstDecimalsCompareExactly() {
        let twoTo53 = 9_007_199_254_740_992
        #expect(ValueComparison.exactSign(twoTo53 + 1, 9_007_199_254_740_992.0) == 1)
        #expect(ValueComparison.exactSign(twoTo53, 9_007_199_254_740_992.0) == 0)
        #expect(ValueComparison.exactSign(3, 3.5) == -1)
        #expect(ValueComparison.exactSign(-3, -3.5) == 1)
        #expect(ValueComparison.exactSign(-3, -2.5) == -1)
        #expect(ValueComparison.exactSign(0, -0.0) == 0)
        #expect(ValueComparison.exactSign(Int.max, 9.3e18) == -1)
        #expect(ValueComparison.exactSign(Int.min, -9.3e18) == 1)
        #expect(ValueComparison.exactSign(Int.max, .infinity) == -1)
        #expect(ValueComparison.exactSign(1, .nan) == nil)
    }

    @Test func queriesUseTheExactComparison() {
        let world = TestSession("entity A : thing { n: 9007199254740993 }\nentity B : thing { n: 9007199254740992 }")
        #expect(world.answers("things where n = 9007199254740992.0") == ["B"])
        #expect(world.answers("things where n > 9007199254740992.0") == ["A"])
        #expect(world.answers("things order by n desc") == ["A", "B"])
    }

    /// Cells in the documented result order, each strictly before the next.
    static let ordered: [Cell] = [
        .decimal(-1e300), .integer(Int.min), .integer(-250), .decimal(-0.5), .integer(0), .decimal(-0.0), .decimal(0.0),
        .integer(2), .decimal(2.0), .decimal(2.5), .integer(43), .integer(2014), .decimal(2014.9), .integer(2015),
        .decimal(2015.0), .date(DateValue(year: 2015)), .date(DateValue(year: 2015, month: 1)),
        .date(DateValue(year: 2015, month: 1, day: 1)), .date(DateValue(year: 2015, month: 1, day: 31)),
        .date(DateValue(year: 2015, month: 6)), .date(DateValue(year: 2015, month: 12, day: 31)), .decimal(2015.5),
        .integer(2016), .date(DateValue(year: 2016, month: 2, day: 29)), .date(DateValue(year: 9999, month: 12)),
        .integer(10_000), .integer(Int.max), .decimal(1e300), .decimal(.nan), .boolean(false), .boolean(true),
        .text(""), .text("2015"), .text("2015-06"), .text("apple"), .text("Apple pie"), .text("apple pie"), .text("Banana"),
        .text("Zebra"), .text("Ölland"), .verdict(false), .verdict(true), .verdict(nil), .null,
    ]

    /// One total order: every pair compares as the cells' places in `ordered` do (so the order is
    /// antisymmetric and transitive), and a cell equals only itself.
    @Test func resultOrderIsOneTotalOrderOverEveryType() {
        let cells = Self.ordered
        for (i, left) in cells.enumerated() {
            for (j, right) in cells.enumerated() {
                let expected = i < j ? -1 : (i == j ? 0 : 1)
                #expect(ResultOrdering.compare(left, right) == expected, "\(left) against \(right)")
                let quick = ResultOrdering.QuickKey.compare(ResultOrdering.QuickKey(left), ResultOrdering.QuickKey(right))
                #expect(quick == nil || quick == expected, "quick key of \(left) against \(right)")
            }
        }
    }

    /// Sorting gives the one order from any starting order: rows differing only in a mixed column.
    @Test func sortingDoesNotDependOnTheRowsFirstOrder() {
        var generator = SystemRandomNumberGenerator()
        let rows = Self.ordered.map { [Cell.text("x"), $0] }
        for _ in 0..<20 {
            var shuffled = rows.shuffled(using: &generator)
            ResultOrdering.sort(&shuffled, by: 1, descending: false)
            #expect(shuffled == rows)
            var descending = rows.shuffled(using: &generator)
            ResultOrdering.sortRemovingRepeats(&descending, by: 1, descending: true)
            // `desc` reverses the values; the empty cell stays last.
            #expect(descending == Array(rows.dropLast().reversed()) + [rows[rows.count - 1]])
        }
    }

    /// An entity per value of `v`, one value of every type (numbers of both kinds, dates of month
    /// and day precision, booleans, strings, symbols, an entity), one entity without it;
    /// `reversed` declares them in the opposite order.
    static func mixedValues(reversed: Bool) -> String {
        let values = [
            "2015", "2015.0", "2015-06", "2015-01-31", "2014.9", "2016", "43", "-0.5", "2.5", "true", "false", "\"2015\"",
            "\"2015-06\"", "apple", "\"Apple\"", "Zebra", "\"zebra\"", "9223372036854775807", "2016-02-29", "-250",
        ]
        var lines = ["kind thing", "entity Zebra : thing", "entity Nothing : thing"]
        var entities = values.enumerated().map { index, value in
            "entity E\(index < 10 ? "0" : "")\(index) : thing { v: \(value) }"
        }
        if reversed { entities.reverse() }
        lines += entities
        lines.append("relation near (near, far)")
        var facts = values.indices.map { index in "fact Zebra near E\(index < 10 ? "0" : "")\(index) { v: \(values[index]) }" }
        if reversed { facts.reverse() }
        return (lines + facts).joined(separator: "\n")
    }

    static let mixedQueries = [
        "things with v order by v", "things with v order by v desc", "v of things order by v", "v of things order by v desc",
        "things with v order by v limit 9", "things with v order by v desc limit 9", "facts order by v", "facts order by v desc limit 4",
        "count v of things",
    ]

    /// The rows of every mixed-type query are the same whichever order the values were declared
    /// in, and `desc` lists the values of `asc` backwards, the empty cell last in both.
    @Test func mixedTypesSortTheSameWhateverTheDeclarationOrder() throws {
        let forward = TestSession(Self.mixedValues(reversed: false))
        let backward = TestSession(Self.mixedValues(reversed: true))
        for query in Self.mixedQueries {
            let rows = try #require(forward.table(query)).rows
            #expect(!rows.isEmpty, "\(query)")
            #expect(try #require(backward.table(query)).rows == rows, "\(query)")
        }
        let ascending = try #require(forward.table("things with v order by v")).rows.map { $0[1] }
        let descending = try #require(forward.table("things with v order by v desc")).rows.map { $0[1] }
        #expect(
            ascending.map(\.displayText) == [
                "-250", "-0.5", "2.5", "43", "2014.9", "2015", "2015.0", "2015-01-31", "2015-06", "2016", "2016-02-29",
                "9223372036854775807", "false", "true", "2015", "2015-06", "Apple", "apple", "Zebra", "zebra", "", "",
            ])
        #expect(Array(descending.prefix(20)) == Array(ascending.prefix(20).reversed()))
        #expect(descending.suffix(2) == [.null, .null])
        // The string "2015" and the number 2015 are two values, as are "zebra" and the entity Zebra.
        #expect(forward.answers("count v of things") == ["20"])
    }
}
