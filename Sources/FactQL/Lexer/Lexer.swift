/// Turns UTF-8 bytes into tokens. It never throws: a character the language does not use becomes
/// an `.invalid` token plus a diagnostic, and lexing goes on, so the parser can report more.
///
/// Newlines are significant: a newline ends a statement unless a bracket is open or the line ends
/// with a word or operator that asks for more (`where`, `and`, `of`, `=`, `,` ...). The same rule
/// tells the REPL whether to show its continuation prompt (`isIncomplete`).
public struct Lexer {
    public private(set) var tokens: [Token] = []
    public private(set) var diagnostics: [Diagnostic] = []
    /// True when the input stops in the middle of a statement: inside brackets or after a word
    /// such as `where`.
    public private(set) var isIncomplete = false

    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    private var bracketDepth = 0

    /// Lexes `bytes[range]` (the whole array by default); spans are offsets into `bytes`.
    public init(bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        self.position = range?.lowerBound ?? 0
        self.end = min(range?.upperBound ?? bytes.count, bytes.count)
        tokenize()
    }

    public init(source: SourceFile) {
        self.init(bytes: source.bytes)
    }

    private mutating func tokenize() {
        if let offset = SourceFile.firstInvalidUTF8Offset(in: bytes, range: position..<end) {
            diagnostics.append(SourceFile.invalidUTF8Diagnostic(in: bytes, at: offset))
        }
        while true {
            skipSpaceAndComments()
            guard position < end else { break }
            let start = position
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\n"):
                position += 1
                if bracketDepth == 0 && !lastTokenContinues && !(tokens.last.map { $0.kind == .newline } ?? true) {
                    add(.newline, from: start)
                }
            case UInt8(ascii: ";"):
                position += 1
                add(.semicolon, from: start)
            case UInt8(ascii: "("), UInt8(ascii: "{"):
                position += 1
                bracketDepth += 1
                add(byte == UInt8(ascii: "(") ? .leftParen : .leftBrace, from: start)
            case UInt8(ascii: ")"), UInt8(ascii: "}"):
                position += 1
                bracketDepth = max(0, bracketDepth - 1)
                add(byte == UInt8(ascii: ")") ? .rightParen : .rightBrace, from: start)
            case UInt8(ascii: ","):
                position += 1
                add(.comma, from: start)
            case UInt8(ascii: ":"):
                position += 1
                add(.colon, from: start)
            case UInt8(ascii: "="):
                position += 1
                if peek(0) == UInt8(ascii: "=") { position += 1 }  // `==` is forgiven as `=`
                add(.equal, from: start)
            case UInt8(ascii: "!"):
                position += 1
                if peek(0) == UInt8(ascii: "=") {
                    position += 1
                    add(.notEqual, from: start)
                } else {
                    invalid(from: start, message: "unexpected character '!'", note: "write != for 'not equal'")
                }
            case UInt8(ascii: "<"):
                position += 1
                if peek(0) == UInt8(ascii: "=") {
                    position += 1
                    add(.lessEqual, from: start)
                } else if peek(0) == UInt8(ascii: ">") {
                    position += 1
                    add(.notEqual, from: start)
                } else {
                    add(.less, from: start)
                }
            case UInt8(ascii: ">"):
                position += 1
                if peek(0) == UInt8(ascii: "=") {
                    position += 1
                    add(.greaterEqual, from: start)
                } else {
                    add(.greater, from: start)
                }
            case UInt8(ascii: "\""):
                lexString()
            case UInt8(ascii: "-") where isDigit(peek(1)):
                position += 1
                lexNumber(from: start)
            case _ where isDigit(byte):
                lexNumber(from: start)
            case _ where isNameStart(byte):
                while position < end && isNameContinuation(bytes[position]) { position += 1 }
                if let keyword = Keyword.lookup(bytes[start..<position]) {
                    add(.keyword(keyword), from: start)
                } else {
                    add(.word, from: start)
                }
            default:
                lexInvalidCharacter(from: start)
            }
        }
        isIncomplete = bracketDepth > 0 || lastTokenContinues
        tokens.append(Token(kind: .endOfInput, span: SourceSpan(start: end, end: end)))
    }

    private var lastTokenContinues: Bool {
        guard let last = tokens.last else { return false }
        switch last.kind {
        case .keyword(let keyword): return keyword.continuesStatement
        case .comma, .colon, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }

    private mutating func skipSpaceAndComments() {
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
            } else if byte == UInt8(ascii: "#")
                || (byte == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-"))
            {
                while position < end && bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func lexNumber(from start: Int) {
        while position < end && isDigit(bytes[position]) { position += 1 }
        let digits = position - start
        // A date: four digits, '-', two digits, optionally '-', two digits.
        if digits == 4 && bytes[start] != UInt8(ascii: "-") && peek(0) == UInt8(ascii: "-") && isDigit(peek(1))
            && isDigit(peek(2)) && !isDigit(peek(3))
        {
            position += 3
            if peek(0) == UInt8(ascii: "-") && isDigit(peek(1)) && isDigit(peek(2)) && !isDigit(peek(3)) {
                position += 3
            }
            finishNumber(.date, from: start)
            return
        }
        if peek(0) == UInt8(ascii: ".") && isDigit(peek(1)) {
            position += 1
            while position < end && isDigit(bytes[position]) { position += 1 }
            finishNumber(.decimal, from: start)
            return
        }
        finishNumber(.integer, from: start)
    }

    /// A number running straight into letters (`12abc`) is one bad token, not two good ones.
    private mutating func finishNumber(_ kind: TokenKind, from start: Int) {
        if position < end && isNameContinuation(bytes[position]) {
            while position < end && isNameContinuation(bytes[position]) { position += 1 }
            invalid(from: start, message: "a name cannot start with a digit",
                note: "put names that start with a digit in double quotes")
            return
        }
        add(kind, from: start)
    }

    private mutating func lexString() {
        let start = position
        position += 1
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                add(.string, from: start)
                return
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\") {
                let escapeStart = position
                position += 1
                guard position < end, bytes[position] != UInt8(ascii: "\n") else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    if !skipUnicodeEscape() {
                        diagnostics.append(
                            Diagnostic(message: "invalid unicode escape in string",
                                span: SourceSpan(start: escapeStart, end: position),
                                notes: ["write a code point as \\u{1F600}"]))
                    }
                default:
                    diagnostics.append(
                        Diagnostic(message: "unknown escape sequence in string",
                            span: SourceSpan(start: escapeStart, end: position),
                            notes: ["the escapes are \\\" \\\\ \\n \\t and \\u{...}"]))
                }
                continue
            }
            position += 1
        }
        // Unterminated: the token covers the rest of the line.
        add(.invalid, from: start)
        diagnostics.append(
            Diagnostic(message: "unterminated string", span: SourceSpan(start: start, end: position),
                notes: ["a string ends with \" on the same line"]))
    }

    /// Skips `{hex}` after `\u`; false when it is malformed or not a valid scalar.
    private mutating func skipUnicodeEscape() -> Bool {
        guard peek(0) == UInt8(ascii: "{") else { return false }
        position += 1
        var value: UInt32 = 0
        var count = 0
        while position < end, let digit = hexValue(bytes[position]) {
            if count < 8 { value = value * 16 + UInt32(digit) }
            count += 1
            position += 1
        }
        guard peek(0) == UInt8(ascii: "}") else { return false }
        position += 1
        return count >= 1 && count <= 8 && Unicode.Scalar(value) != nil
    }

    private mutating func lexInvalidCharacter(from start: Int) {
        // Take one whole UTF-8 sequence, so the caret and message show the character.
        position += 1
        while position < end && bytes[position] & 0xC0 == 0x80 { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let shown = TerminalText.escape(text)
        var notes: [String] = []
        if text == "'" || text == "“" || text == "”" { notes.append("strings are written in straight double quotes: \"...\"") }
        invalid(from: start, message: "unexpected character '\(shown)'", notes: notes)
    }

    private mutating func invalid(from start: Int, message: String, note: String) {
        invalid(from: start, message: message, notes: [note])
    }

    private mutating func invalid(from start: Int, message: String, notes: [String]) {
        add(.invalid, from: start)
        diagnostics.append(Diagnostic(message: message, span: SourceSpan(start: start, end: position), notes: notes))
    }

    private mutating func add(_ kind: TokenKind, from start: Int) {
        tokens.append(Token(kind: kind, span: SourceSpan(start: start, end: position)))
    }

    private func peek(_ offset: Int) -> UInt8 {
        let index = position + offset
        return index < end ? bytes[index] : 0
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte >= 0xC2 && byte <= 0xF4
    }

    private func isNameContinuation(_ byte: UInt8) -> Bool {
        isNameStart(byte) || isDigit(byte) || (byte >= 0x80 && byte <= 0xBF)
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The value of a string token: the text between the quotes with escapes decoded.
    public static func stringValue(of span: SourceSpan, in bytes: [UInt8]) -> String {
        let start = min(span.start + 1, bytes.count)
        let stop = max(start, min(span.end - 1, bytes.count))
        var index = start
        var plainStart = start
        var result = ""
        while index < stop {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < stop else {
                index += 1
                continue
            }
            result += String(decoding: bytes[plainStart..<index], as: UTF8.self)
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "n"): result += "\n"
            case UInt8(ascii: "t"): result += "\t"
            case UInt8(ascii: "u"):
                var value: UInt32 = 0
                if index < stop && bytes[index] == UInt8(ascii: "{") { index += 1 }
                while index < stop && bytes[index] != UInt8(ascii: "}") {
                    let byte = bytes[index]
                    let digit: UInt32 =
                        byte <= UInt8(ascii: "9") ? UInt32(byte &- UInt8(ascii: "0")) : UInt32((byte | 0x20) &- UInt8(ascii: "a") &+ 10)
                    value = (value &* 16) &+ digit
                    index += 1
                }
                index += 1
                if let scalar = Unicode.Scalar(value) { result.unicodeScalars.append(scalar) }
            default: result.unicodeScalars.append(Unicode.Scalar(escaped))
            }
            plainStart = index
        }
        result += String(decoding: bytes[min(plainStart, stop)..<stop], as: UTF8.self)
        return result
    }
}

extension Lexer {
    /// The value of a decimal literal's text, or nil when it is out of `Double`'s range: too
    /// large (infinite) or too small (a literal with a non-zero digit that would become 0, or
    /// lose precision as a subnormal). Both ends are refused alike, rather than one silently
    /// becoming 0.
    public static func decimalValue(_ text: some StringProtocol) -> Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        if value == 0 {
            let mantissa = text.prefix { $0 != "e" && $0 != "E" }
            return mantissa.contains { $0 >= "1" && $0 <= "9" } ? nil : value
        }
        return value.magnitude < Double.leastNormalMagnitude ? nil : value
    }
}
