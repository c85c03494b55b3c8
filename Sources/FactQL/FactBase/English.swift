/// English plurals for kind and role nouns: `country` → `countries`, `alliance` → `alliances`.
/// Irregular ones are declared in the fact base (`kind person plural people`).
public enum English {
    public static func plural(of noun: String) -> String {
        let lower = noun.lowercased()
        if lower.hasSuffix("y"), let beforeY = lower.dropLast().last, !"aeiou".contains(beforeY) {
            return String(noun.dropLast()) + "ies"
        }
        for ending in ["s", "x", "z", "ch", "sh"] where lower.hasSuffix(ending) {
            return noun + "es"
        }
        return noun + "s"
    }

    /// The nouns whose plural `word` may be (`capitals` → `capital`), longest first.
    public static func singulars(of word: String) -> [String] {
        var found: [String] = []
        let lower = word.lowercased()
        if lower.hasSuffix("ies") { found.append(String(word.dropLast(3)) + "y") }
        if lower.hasSuffix("es") { found.append(String(word.dropLast(2))) }
        if lower.hasSuffix("s") { found.append(String(word.dropLast())) }
        return found.filter { plural(of: $0).lowercased() == lower }
    }
}
