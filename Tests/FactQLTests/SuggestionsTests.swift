import Testing

@testable import FactQL

/// `did you mean`: the banded edit distance agrees with the full one, and a very long misspelt
/// name costs time linear in its length.
@Suite struct SuggestionsTests {
    /// The full optimal string alignment distance, every cell computed.
    static func fullDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    @Test func theBandedDistanceAgreesWithTheFullOne() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let letters: [Unicode.Scalar] = ["a", "b", "c", "ü"]
        for _ in 0..<3000 {
            let a = (0..<next(9)).map { _ in letters[next(letters.count)] }
            var b = a
            for _ in 0..<next(4) {
                switch next(3) {
                case 0 where !b.isEmpty: b.remove(at: next(b.count))
                case 1: b.insert(letters[next(letters.count)], at: next(b.count + 1))
                default: if !b.isEmpty { b[next(b.count)] = letters[next(letters.count)] }
                }
            }
            let cutoff = next(5)
            let full = Self.fullDistance(a, b)
            let banded = Suggestions.editDistance(a, b, cutoff: cutoff)
            #expect(banded == (full <= cutoff ? full : cutoff + 1), "\(a) \(b) cutoff \(cutoff)")
        }
    }

    @Test func aLongMisspeltNameIsAnsweredQuickly() {
        // 200,000 characters against a name of the same length: the full table would be 4e10 cells.
        let name = String(repeating: "abcdefghij", count: 20_000)
        var misspelt = Array(name)
        misspelt[100_000] = "z"
        #expect(Suggestions.nearest(to: String(misspelt), among: [name, "CSTO"]) == [name])
    }
}
