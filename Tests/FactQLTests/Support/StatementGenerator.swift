@testable import FactQL

/// Derives random sentences from the grammar file: it expands rules at random, with a depth
/// budget past which it takes the shortest way out, and fills tokens with random text of their
/// class. Deterministic for a given seed.
struct StatementGenerator {
    /// The token classes the grammar may use, each with a way to make one.
    static let tokenClasses: Set<String> = ["WORD", "STRING", "INTEGER", "DIGITS", "DECIMAL", "DATE", "TERMINATOR", "ARTICLE", "YEAR"]

    let grammar: Grammar
    var random: SeededRandom
    let depthLimit: Int
    /// Rules and literals used so far, to check the generator reaches all of the grammar.
    private(set) var usedRules: Set<String> = []
    private(set) var usedLiterals: Set<String> = []
    /// The fewest expansion levels each rule needs to reach tokens only.
    private var minimumDepth: [String: Int] = [:]

    init(grammar: Grammar, seed: UInt64, depthLimit: Int = 7) {
        self.grammar = grammar
        self.random = SeededRandom(seed: seed)
        self.depthLimit = depthLimit
        computeMinimumDepths()
    }

    /// A random sentence of `rule`, as tokens.
    mutating func generate(_ rule: String) -> [String] {
        var tokens: [String] = []
        expand(.reference(rule), depth: 0, into: &tokens)
        return tokens
    }

    /// Joins tokens with spaces; newline tokens start a new line.
    static func text(_ tokens: [String]) -> String {
        var text = ""
        for token in tokens {
            if token != "\n" && !text.isEmpty && !text.hasSuffix("\n") { text += " " }
            text += token
        }
        return text
    }

    // MARK: Expansion

    private mutating func expand(_ expression: Grammar.Expression, depth: Int, into tokens: inout [String]) {
        let tooDeep = depth >= depthLimit
        switch expression {
        case .literal(let text):
            usedLiterals.insert(text)
            tokens.append(randomCase(text))
        case .reference(let name):
            if let rule = grammar.rules[name] {
                usedRules.insert(name)
                expand(rule, depth: depth + 1, into: &tokens)
            } else {
                tokens.append(token(of: name, after: tokens.last))
            }
        case .sequence(let items):
            for item in items { expand(item, depth: depth, into: &tokens) }
        case .choice(let alternatives):
            let chosen: Grammar.Expression
            if tooDeep {
                let shortest = alternatives.map { self.depth(of: $0) }.min() ?? 0
                let candidates = alternatives.filter { self.depth(of: $0) == shortest }
                chosen = candidates[random.below(candidates.count)]
            } else {
                chosen = alternatives[random.below(alternatives.count)]
            }
            expand(chosen, depth: depth, into: &tokens)
        case .optional(let inner):
            if !tooDeep && random.below(2) == 0 { expand(inner, depth: depth, into: &tokens) }
        case .repetition(let inner):
            let count = tooDeep ? 0 : random.below(3)
            for _ in 0..<count { expand(inner, depth: depth, into: &tokens) }
        case .exception(let base, let except):
            // Try again until the sentence is not one the exception names.
            let excluded = Set(except.literals.map { $0.lowercased() })
            for _ in 0..<50 {
                var attempt: [String] = []
                expand(base, depth: depth, into: &attempt)
                if !(attempt.count == 1 && excluded.contains(attempt[0].lowercased())) {
                    tokens += attempt
                    return
                }
            }
            tokens.append(token(of: "WORD", after: tokens.last))
        }
    }

    private func depth(of expression: Grammar.Expression) -> Int {
        switch expression {
        case .literal: return 0
        case .reference(let name): return grammar.rules[name] == nil ? 0 : 1 + (minimumDepth[name] ?? 1000)
        case .sequence(let items): return items.map(depth(of:)).max() ?? 0
        case .choice(let items): return items.map(depth(of:)).min() ?? 0
        case .optional, .repetition: return 0
        case .exception(let base, _): return depth(of: base)
        }
    }

    private mutating func computeMinimumDepths() {
        for name in grammar.ruleNames { minimumDepth[name] = 1000 }
        var changed = true
        while changed {
            changed = false
            for name in grammar.ruleNames {
                guard let rule = grammar.rules[name] else { continue }
                let found = depth(of: rule)
                if found < (minimumDepth[name] ?? 1000) {
                    minimumDepth[name] = found
                    changed = true
                }
            }
        }
    }

    // MARK: Tokens

    /// Keywords are written in any case: the lexer folds them.
    private mutating func randomCase(_ text: String) -> String {
        guard text.first?.isLetter == true else { return text }
        switch random.below(6) {
        case 0: return text.uppercased()
        case 1: return text.prefix(1).uppercased() + text.dropFirst()
        default: return text
        }
    }

    private static let syllables = ["ar", "me", "ni", "a", "cs", "to", "ru", "ss", "zo", "él", "ka", "ya", "_", "x9", "Ü", "pe"]

    private mutating func token(of tokenClass: String, after previous: String?) -> String {
        switch tokenClass {
        case "WORD":
            while true {
                var word = ""
                for _ in 0..<(1 + random.below(3)) { word += Self.syllables[random.below(Self.syllables.count)] }
                if random.below(3) == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
                if word.first?.isNumber == true { continue }
                if Keyword(rawValue: word.lowercased()) != nil { continue }
                // After `is NAME`, a bare a or an is read as an article.
                if word.lowercased() == "a" || word.lowercased() == "an" { continue }
                return word
            }
        case "STRING":
            let pieces = ["Yerevan", " ", "“frozen”", "\\\"", "\\\\", "\\n", "\\t", "\\u{e9}", "é", "Prime Minister", "#", "--", "where"]
            var text = "\""
            for _ in 0..<random.below(4) { text += pieces[random.below(pieces.count)] }
            return text + "\""
        case "INTEGER":
            let number = random.below(100_000) - (random.below(4) == 0 ? 50_000 : 0)
            return String(number)
        case "DIGITS":
            return String(random.below(1000))
        case "YEAR":
            return String(1000 + random.below(9000))
        case "ARTICLE":
            return ["a", "an", "A", "An"][random.below(4)]
        case "DECIMAL":
            let whole = random.below(10_000) - (random.below(4) == 0 ? 5_000 : 0)
            return "\(whole).\(random.below(100))"
        case "DATE":
            let year = 1900 + random.below(200)
            let month = 1 + random.below(12)
            var date = "\(year)-\(month < 10 ? "0" : "")\(month)"
            if random.below(2) == 0 {
                let day = 1 + random.below(Int(DateValue.daysIn(month: UInt8(month), year: Int32(year))))
                date += "-\(day < 10 ? "0" : "")\(day)"
            }
            return date
        case "TERMINATOR":
            // A newline after a word that asks for more does not end the statement (a lexical
            // rule of the grammar); only ';' can end it there.
            if let previous, Keyword(rawValue: previous.lowercased())?.continuesStatement == true { return ";" }
            return random.below(2) == 0 ? ";" : "\n"
        default:
            return "<\(tokenClass)>"
        }
    }
}

/// SplitMix64: small, fast, and the same sequence on every machine.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(next() % UInt64(bound))
    }
}
