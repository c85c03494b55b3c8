/// Finds the known names nearest to a misspelt one, for `did you mean ...?`.
public enum Suggestions {
    /// Every candidate at the smallest edit distance, if that distance is small enough to be a
    /// plausible typo; sorted, without duplicates (case-insensitively).
    public static func nearest(to written: String, among candidates: some Sequence<String>) -> [String] {
        let writtenFolded = written.lowercased()
        let target = Array(writtenFolded.unicodeScalars)
        let limit = max(1, min(3, target.count / 3 + (target.count >= 4 ? 1 : 0)))
        var best = limit + 1
        var found: [String] = []
        var seen: Set<String> = []
        for candidate in candidates {
            let folded = candidate.lowercased()
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
        return found.sorted { $0.lowercased() < $1.lowercased() }
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up
    /// (returning `cutoff + 1`) once every path exceeds `cutoff`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cutoff: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > cutoff { return cutoff + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
