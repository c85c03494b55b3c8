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

    /// The nouns a role is written with: itself, and its plural, unless the role is a participle
    /// (`led`, `accused`, `sought`), which has none (`leds` is no word).
    public static func roleNouns(of role: String) -> [String] {
        isParticiple(role) ? [role] : [role, plural(of: role)]
    }

    /// A past participle: a word ending in `ed` (but not `eed`, as in `seed`), or an irregular one.
    public static func isParticiple(_ word: String) -> Bool {
        let lower = word.lowercased()
        if lower == "led" || (lower.hasSuffix("ed") && !lower.hasSuffix("eed") && lower.count > 3) { return true }
        return irregularParticiples.contains(lower)
    }

    static let irregularParticiples: Set<String> = [
        "sought", "held", "made", "done", "given", "taken", "known", "bought", "brought", "caught", "fought", "thought",
        "taught", "kept", "left", "lost", "met", "paid", "sent", "spent", "told", "won", "chosen", "driven", "seen",
    ]

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
