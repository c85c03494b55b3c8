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
}
