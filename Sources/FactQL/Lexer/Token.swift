/// The reserved words of FactQL. They match case-insensitively; a name that collides with one is
/// written in double quotes.
public enum Keyword: String, CaseIterable, Sendable {
    // Queries
    case of, `where`, and, or, not, `in`, contains, count, order, by, asc, desc, limit, show, why
    // Version 2 questions: attributes as columns, yes/no, groups, facts as rows
    case with, `is`, each, facts
    // Time
    case `as`
    // Definitions
    case source, kind, plural, entity, relation, fact, aka, symmetric, cites
    // Changing facts
    case retract
    // Values
    case `true`, `false`

    /// Looks a word up, case-insensitively, without allocating.
    static func lookup(_ bytes: ArraySlice<UInt8>) -> Keyword? {
        bytes.withUnsafeBufferPointer { lookup($0) }
    }

    /// Looks a word up by its bytes: they are packed, lower-cased, into one integer (a keyword has
    /// at most 9 letters) and compared with the packed keywords.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Keyword? {
        guard bytes.count >= 2, bytes.count <= 9, !packedKeywords[bytes.count].isEmpty else { return nil }
        var packed: UInt64 = 0
        var ninth: UInt8 = 0
        for index in 0..<bytes.count {
            let byte = bytes[index] | 0x20
            // Keywords are letters only: anything else (digits, '_', UTF-8) ends the search.
            guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { return nil }
            if index < 8 { packed |= UInt64(byte) << (8 * UInt64(index)) } else { ninth = byte }
        }
        for entry in packedKeywords[bytes.count] where entry.packed == packed && entry.ninth == ninth {
            return entry.keyword
        }
        return nil
    }

    /// The keywords packed as `lookup` packs a word, grouped by length.
    private static let packedKeywords: [[(packed: UInt64, ninth: UInt8, keyword: Keyword)]] = {
        var groups = [[(packed: UInt64, ninth: UInt8, keyword: Keyword)]](repeating: [], count: 10)
        for keyword in allCases {
            var packed: UInt64 = 0
            var ninth: UInt8 = 0
            for (index, byte) in keyword.rawValue.utf8.enumerated() {
                if index < 8 { packed |= UInt64(byte) << (8 * UInt64(index)) } else { ninth = byte }
            }
            groups[keyword.rawValue.utf8.count].append((packed, ninth, keyword))
        }
        return groups
    }()

    /// A line ending with one of these goes on to the next line.
    var continuesStatement: Bool {
        switch self {
        case .of, .where, .and, .or, .not, .in, .contains, .order, .by, .limit, .aka, .cites, .with, .each, .as:
            return true
        case .is, .facts, .count, .why, .show, .source, .kind, .plural, .entity, .relation, .fact, .asc, .desc, .symmetric,
            .true, .false, .retract:
            return false
        }
    }
}

public enum TokenKind: Hashable, Sendable {
    /// A bare name: `Armenia`, `member_of`, `frozen`.
    case word
    case keyword(Keyword)
    /// A double-quoted string; its value (escapes decoded) comes from `Lexer.stringValue`.
    case string
    case integer
    case decimal
    /// `2024-01` or `2023-09-19`.
    case date
    case leftParen, rightParen, leftBrace, rightBrace
    case comma, colon, semicolon
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    /// The end of a statement: a newline outside brackets, not after a word that asks for more.
    case newline
    case endOfInput
    /// A character the language does not use, or an unterminated string; a diagnostic says which.
    case invalid

    /// How the token is named in "expected ..., found ..." messages.
    public var description: String {
        switch self {
        case .word: return "a name"
        case .keyword(let keyword): return "'\(keyword.rawValue)'"
        case .string: return "a string"
        case .integer: return "a number"
        case .decimal: return "a decimal number"
        case .date: return "a date"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .comma: return "','"
        case .colon: return "':'"
        case .semicolon: return "';'"
        case .equal: return "'='"
        case .notEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .newline: return "the end of the line"
        case .endOfInput: return "the end of the input"
        case .invalid: return "an invalid character"
        }
    }

    /// The token kinds named by their own spelling, for `.tokens` output.
    public var name: String {
        switch self {
        case .word: return "word"
        case .keyword: return "keyword"
        case .string: return "string"
        case .integer: return "integer"
        case .decimal: return "decimal"
        case .date: return "date"
        case .leftParen, .rightParen, .leftBrace, .rightBrace, .comma, .colon, .semicolon: return "punctuation"
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return "operator"
        case .newline: return "end"
        case .endOfInput: return "end-of-input"
        case .invalid: return "invalid"
        }
    }
}

public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    // 32-bit offsets (input is at most 256 MiB): a token takes 12 bytes instead of 24, and a
    // large script holds all its tokens while it is parsed.
    private var start: Int32
    private var end: Int32

    public var span: SourceSpan {
        get { SourceSpan(start: Int(start), end: Int(end)) }
        set {
            start = Int32(truncatingIfNeeded: newValue.start)
            end = Int32(truncatingIfNeeded: newValue.end)
        }
    }

    public init(kind: TokenKind, span: SourceSpan) {
        self.kind = kind
        start = Int32(truncatingIfNeeded: span.start)
        end = Int32(truncatingIfNeeded: span.end)
    }
}
