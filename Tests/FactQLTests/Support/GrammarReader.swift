import Foundation

/// Reads the EBNF of `grammar/factql.ebnf`: rules `name = expression ;` where juxtaposition is
/// sequence, `|` choice, `[ ]` optional, `{ }` repetition, `( )` grouping, `a - b` exception,
/// quoted text a literal token, and `(* ... *)` a comment.
struct Grammar {
    indirect enum Expression: Equatable, CustomStringConvertible {
        case literal(String)
        /// A rule (lower case) or a token class (UPPER CASE).
        case reference(String)
        case sequence([Expression])
        case choice([Expression])
        case optional(Expression)
        case repetition(Expression)
        case exception(Expression, except: Expression)

        var description: String {
            switch self {
            case .literal(let text): return "\"\(text)\""
            case .reference(let name): return name
            case .sequence(let items): return items.map(\.description).joined(separator: " ")
            case .choice(let items): return "( " + items.map(\.description).joined(separator: " | ") + " )"
            case .optional(let inner): return "[ \(inner) ]"
            case .repetition(let inner): return "{ \(inner) }"
            case .exception(let base, let except): return "\(base) - \(except)"
            }
        }

        /// Every quoted literal, in order.
        var literals: [String] {
            switch self {
            case .literal(let text): return [text]
            case .reference: return []
            case .sequence(let items), .choice(let items): return items.flatMap(\.literals)
            case .optional(let inner), .repetition(let inner): return inner.literals
            case .exception(let base, let except): return base.literals + except.literals
            }
        }

        var references: [String] {
            switch self {
            case .literal: return []
            case .reference(let name): return [name]
            case .sequence(let items), .choice(let items): return items.flatMap(\.references)
            case .optional(let inner), .repetition(let inner): return inner.references
            case .exception(let base, let except): return base.references + except.references
            }
        }
    }

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The rules in file order.
    private(set) var ruleNames: [String] = []
    private(set) var rules: [String: Expression] = [:]

    static func load() throws -> Grammar {
        let url = BinaryRunner.packageRoot.appendingPathComponent("grammar/factql.ebnf")
        return try Grammar(text: String(contentsOf: url, encoding: .utf8))
    }

    init(text: String) throws {
        var reader = Reader(tokens: try Self.tokenize(text))
        while !reader.atEnd {
            guard case .identifier(let name) = reader.next() else { throw ReadError(description: "expected a rule name") }
            try reader.expect(.symbol("="))
            let expression = try reader.choice()
            try reader.expect(.symbol(";"))
            guard rules[name] == nil else { throw ReadError(description: "rule \(name) is defined twice") }
            ruleNames.append(name)
            rules[name] = expression
        }
    }

    /// Parses one expression, as written in a doc comment (`a | b`).
    static func expression(_ text: String) throws -> Expression {
        var reader = Reader(tokens: try tokenize(text))
        let expression = try reader.choice()
        guard reader.atEnd else { throw ReadError(description: "unexpected text after the expression: \(text)") }
        return expression
    }

    // MARK: Reading

    enum Token: Equatable {
        case identifier(String)
        case literal(String)
        case symbol(Character)
    }

    static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "(" && index + 1 < characters.count && characters[index + 1] == "*" {
                // A comment, to the next `*)`.
                index += 2
                while index + 1 < characters.count && !(characters[index] == "*" && characters[index + 1] == ")") { index += 1 }
                guard index + 1 < characters.count else { throw ReadError(description: "unclosed comment") }
                index += 2
            } else if character == "\"" || character == "'" {
                var end = index + 1
                while end < characters.count && characters[end] != character { end += 1 }
                guard end < characters.count else { throw ReadError(description: "unclosed quote") }
                tokens.append(.literal(String(characters[(index + 1)..<end])))
                index = end + 1
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count && (characters[end].isLetter || characters[end].isNumber || characters[end] == "_") {
                    end += 1
                }
                tokens.append(.identifier(String(characters[index..<end])))
                index = end
            } else if "=;|[]{}()-".contains(character) {
                tokens.append(.symbol(character))
                index += 1
            } else {
                throw ReadError(description: "unexpected character '\(character)' in the grammar")
            }
        }
        return tokens
    }

    private struct Reader {
        let tokens: [Token]
        var index = 0

        var atEnd: Bool { index >= tokens.count }

        func peek() -> Token? { index < tokens.count ? tokens[index] : nil }

        mutating func next() -> Token? {
            defer { index += 1 }
            return peek()
        }

        mutating func expect(_ token: Token) throws {
            guard next() == token else { throw ReadError(description: "expected \(token) near token \(index)") }
        }

        mutating func choice() throws -> Expression {
            var alternatives = [try sequence()]
            while peek() == .symbol("|") {
                index += 1
                alternatives.append(try sequence())
            }
            return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
        }

        mutating func sequence() throws -> Expression {
            var items: [Expression] = []
            while let token = peek(), token != .symbol("|"), token != .symbol(";"), token != .symbol("]"),
                token != .symbol("}"), token != .symbol(")")
            {
                items.append(try term())
            }
            guard !items.isEmpty else { throw ReadError(description: "empty sequence near token \(index)") }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func term() throws -> Expression {
            let base = try factor()
            if peek() == .symbol("-") {
                index += 1
                return .exception(base, except: try factor())
            }
            return base
        }

        mutating func factor() throws -> Expression {
            switch next() {
            case .identifier(let name): return .reference(name)
            case .literal(let text): return .literal(text)
            case .symbol("["):
                let inner = try choice()
                try expect(.symbol("]"))
                return .optional(inner)
            case .symbol("{"):
                let inner = try choice()
                try expect(.symbol("}"))
                return .repetition(inner)
            case .symbol("("):
                let inner = try choice()
                try expect(.symbol(")"))
                return inner
            default:
                throw ReadError(description: "unexpected token near \(index)")
            }
        }
    }
}
