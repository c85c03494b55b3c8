/// Finds the known names nearest to a misspelt one, for `did you mean ...?`.
public enum Suggestions {
    /// Every candidate at the smallest edit distance, if that distance is small enough to be a
    /// plausible typo; sorted, without duplicates (case-insensitively).
    public static func nearest(to written: String, among candidates: some Sequence<String>) -> [String] {
        let writtenFolded = FactBase.fold(written)
        let target = Array(writtenFolded.unicodeScalars)
        let limit = max(1, min(3, target.count / 3 + (target.count >= 4 ? 1 : 0)))
        var best = limit + 1
        var found: [String] = []
        var seen: Set<String> = []
        for candidate in candidates {
            let folded = FactBase.fold(candidate)
            if folded == writtenFolded { continue }
            let scalars = Array(folded.unicodeScalars)
            if abs(scalars.count - target.count) > best { continue }
            let distance = editDistance(target, scalars, cutoff: best)
            if distance < best {
                best = distance
                found = [candidate]
                seen = [folded]
            } else if distance == best, !seen.contains(folded) {
                found.append(candidate)
                seen.insert(folded)
            }
        }
        guard best <= limit else { return [] }
        return found.sorted { FactBase.fold($0) < FactBase.fold($1) }
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up
    /// (returning `cutoff + 1`) once every path exceeds `cutoff`.
    ///
    /// Only cells within `cutoff` of the diagonal can stay within it, so only that band is
    /// computed: a misspelt name of 100,000 characters costs a few hundred thousand steps, not
    /// ten billion.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cutoff: Int) -> Int {
        let beyond = cutoff + 1
        if abs(a.count - b.count) > cutoff { return beyond }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: beyond, count: b.count + 1)
        var previous = [Int](repeating: beyond, count: b.count + 1)
        var current = [Int](repeating: beyond, count: b.count + 1)
        for j in 0...min(b.count, cutoff) { previous[j] = j }
        for i in 1...a.count {
            let low = max(1, i - cutoff)
            let high = min(b.count, i + cutoff)
            // Outside the band every cell stays beyond the cutoff.
            current[low - 1] = low == 1 && i <= cutoff ? i : beyond
            if high < b.count { current[high + 1] = beyond }
            var rowMinimum = current[low - 1]
            if low <= high {
                for j in low...high {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, previousPrevious[j - 2] + 1)
                    }
                    value = min(value, beyond)
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
            }
            if rowMinimum > cutoff { return beyond }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return min(previous[b.count], beyond)
    }
}
