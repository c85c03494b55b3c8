/// Parsing the lines of a bulk fact file (see `BulkLoader`) into spans of its bytes, without the
/// fact base, so that one piece of a file can be parsed on another thread while the piece
/// before it is applied.

/// One statement line, parsed: names are byte ranges of its piece of the file.
struct ParsedLine: Sendable {
    enum Form: Sendable {
        /// `entity first : second`, for a name that is not ASCII.
        case entity
        /// Consecutive `entity NAME : second` lines with ASCII names and the same kind, written
        /// the same: the names are `ParsedChunk.entityNames(in:)` of the range.
        case entities(Range<Int32>)
        /// `relation first (second, third) [symmetric]`
        case relation(isSymmetric: Bool)
        /// `fact first second third { attributes } [cites ...]`: the ranges index
        /// `ParsedChunk.attributes` and `ParsedChunk.citations`.
        case fact(attributes: Range<Int32>, citations: Range<Int32>)
        /// `kind first [: second] [plural third]`
        case kind(hasParent: Bool, hasPlural: Bool)
        /// `source first "second"`
        case source
    }

    var form: Form
    var first: NameSpan
    var second: NameSpan
    var third: NameSpan
    /// Worked out here, off the loading thread: the name-table hash of a fact's object (0 for a
    /// non-ASCII name; a subject is usually guessed, see `BulkLoader.prefetch`) and the cache key
    /// of `second` (a fact's relation, an entity's kind).
    var thirdHash = 0
    var secondKey: ShortNameCache.Key?
}

/// The statement lines of a piece of a file that ends at a line end (or at the end of the file).
struct ParsedChunk: Sendable {
    let bytes: [UInt8]
    private(set) var lines: [ParsedLine] = []
    /// The attributes of the facts: name and value, with their cache keys.
    private(set) var attributes:
        [(name: AttributeSpan, value: ValueSpan, nameKey: ShortNameCache.Key?, valueKey: ShortNameCache.Key?)] = []
    /// The citations of the facts: the source and the quoted words, if any.
    private(set) var citations: [(source: NameSpan, quote: NameSpan?)] = []
    /// The names of `.entities` runs, end to end, and where each ends.
    private(set) var names: [UInt8] = []
    private(set) var nameEnds: [Int32] = []
    /// Some line is not one the bulk loader takes: the general path must run.
    private(set) var needsGeneralPath = false

    /// The bytes of the names of an `.entities` run, and where each ends in them (from 0).
    func entityNames(in run: Range<Int32>) -> (bytes: ArraySlice<UInt8>, ends: LazyMapSequence<ArraySlice<Int32>, Int32>) {
        let start = run.lowerBound == 0 ? 0 : nameEnds[Int(run.lowerBound) - 1]
        let end = run.isEmpty ? start : nameEnds[Int(run.upperBound) - 1]
        return (names[Int(start)..<Int(end)], nameEnds[Int(run.lowerBound)..<Int(run.upperBound)].lazy.map { $0 - start })
    }

    /// Parses `bytes`, reusing the arrays of `storage` (a piece already applied), so that
    /// parsing piece after piece allocates nothing new.
    init(parsing bytes: [UInt8], reusing storage: consuming ParsedChunk? = nil) {
        self.bytes = bytes
        if var reused = storage.take() {
            // Moved out of `reused`, so these arrays are unique and keep their capacity.
            swap(&lines, &reused.lines)
            swap(&attributes, &reused.attributes)
            swap(&citations, &reused.citations)
            swap(&names, &reused.names)
            swap(&nameEnds, &reused.nameEnds)
            lines.removeAll(keepingCapacity: true)
            attributes.removeAll(keepingCapacity: true)
            citations.removeAll(keepingCapacity: true)
            names.removeAll(keepingCapacity: true)
            nameEnds.removeAll(keepingCapacity: true)
        }
        // Invalid UTF-8 is reported by the general path, before anything runs.
        guard bytes.count < Int32.max, Self.isValidUTF8(bytes) else {
            needsGeneralPath = true
            return
        }
        lines.reserveCapacity(bytes.count / 32)
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            while position < buffer.count {
                var scanner = LineScanner(bytes: buffer, position: position)
                guard parseLine(&scanner) else {
                    needsGeneralPath = true
                    return
                }
                position = scanner.position
            }
        }
    }

    /// True when `bytes` is well-formed UTF-8: ASCII is checked eight bytes at a time, and from
    /// the first other byte on, `SourceFile`'s own check decides.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        let firstNonASCII: Int? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var index = 0
            while index + 8 <= buffer.count {
                if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return index }
                index += 8
            }
            while index < buffer.count {
                if buffer[index] >= 0x80 { return index }
                index += 1
            }
            return nil
        }
        guard let start = firstNonASCII else { return true }
        return SourceFile.firstInvalidUTF8Offset(in: bytes, range: start..<bytes.count) == nil
    }

    /// Parses one line into `lines` (blank lines and comments add nothing) and moves the scanner
    /// past its newline; false when the line is not one the bulk loader takes.
    private mutating func parseLine(_ scanner: inout LineScanner) -> Bool {
        if scanner.skipToLineEnd() {
            scanner.consumeNewline()
            return true
        }
        let parsed: ParsedLine?
        switch scanner.statementKeyword() {
        case .entity?: parsed = parseEntity(&scanner)
        case .fact?: parsed = parseFact(&scanner)
        case .relation?: parsed = parseRelation(&scanner)
        case .kind?: parsed = parseKind(&scanner)
        case .source?: parsed = parseSource(&scanner)
        default: parsed = nil
        }
        guard var parsed, scanner.skipToLineEnd() else { return false }
        scanner.consumeNewline()
        let bytes = scanner.bytes
        if case .entity = parsed.form, parsed.first.isASCII {
            addToEntityRun(parsed, bytes)
            return true
        }
        parsed.secondKey = ShortNameCache.key(parsed.second, bytes)
        switch parsed.form {
        case .fact: if parsed.third.isASCII { parsed.thirdHash = NameTable.hash(parsed.third.bytes(in: bytes)) }
        case .entity, .relation, .entities, .kind, .source: break
        }
        lines.append(parsed)
        return true
    }

    /// Adds an entity line with an ASCII name to the run before it, if that has the same kind
    /// written the same, or starts a run: a million declarations then arrive as a few runs.
    private mutating func addToEntityRun(_ line: ParsedLine, _ bytes: UnsafeBufferPointer<UInt8>) {
        names.append(contentsOf: line.first.bytes(in: bytes))
        nameEnds.append(Int32(names.count))
        let index = Int32(nameEnds.count - 1)
        if let last = lines.last, case .entities(let run) = last.form, run.upperBound == index,
            Self.sameBytes(last.second, line.second, bytes)
        {
            lines[lines.count - 1].form = .entities(run.lowerBound..<(index + 1))
            return
        }
        var run = line
        run.form = .entities(index..<(index + 1))
        run.secondKey = ShortNameCache.key(line.second, bytes)
        lines.append(run)
    }

    @inline(__always)
    private static func sameBytes(_ left: NameSpan, _ right: NameSpan, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.end - left.start == right.end - right.start else { return false }
        for offset in 0..<(left.end - left.start) where bytes[left.start + offset] != bytes[right.start + offset] {
            return false
        }
        return true
    }

    /// `entity NAME : KIND`
    private func parseEntity(_ scanner: inout LineScanner) -> ParsedLine? {
        guard let name = scanner.name(), scanner.take(UInt8(ascii: ":")), let kind = scanner.name() else { return nil }
        return ParsedLine(form: .entity, first: name, second: kind, third: kind)
    }

    /// `relation NAME ( ROLE , ROLE ) [ symmetric ]`
    private func parseRelation(_ scanner: inout LineScanner) -> ParsedLine? {
        guard let name = scanner.name(), scanner.take(UInt8(ascii: "(")), let first = scanner.name(),
            scanner.take(UInt8(ascii: ",")), let second = scanner.name(), scanner.take(UInt8(ascii: ")"))
        else { return nil }
        var isSymmetric = false
        if !scanner.isAtLineEnd {
            guard scanner.keyword() == .symmetric else { return nil }
            isSymmetric = true
        }
        return ParsedLine(form: .relation(isSymmetric: isSymmetric), first: name, second: first, third: second)
    }

    /// `fact SUBJECT RELATION OBJECT [ "{" [ attribute { "," attribute } [ "," ] ] "}" ]`
    private mutating func parseFact(_ scanner: inout LineScanner) -> ParsedLine? {
        guard let subject = scanner.name(), let relation = scanner.name(), let object = scanner.name() else { return nil }
        let start = Int32(attributes.count)
        if scanner.take(UInt8(ascii: "{")) {
            while !scanner.take(UInt8(ascii: "}")) {
                guard let attribute = scanner.attributeName(), scanner.take(UInt8(ascii: ":")),
                    let value = scanner.value()
                else { return nil }
                var valueKey: ShortNameCache.Key?
                if case .word(let word) = value { valueKey = ShortNameCache.key(word, scanner.bytes) }
                attributes.append((attribute, value, ShortNameCache.key(attribute.name, scanner.bytes), valueKey))
                if !scanner.take(UInt8(ascii: ",")) {
                    guard scanner.take(UInt8(ascii: "}")) else { return nil }
                    break
                }
            }
        }
        let firstCitation = Int32(citations.count)
        if !scanner.isAtLineEnd {
            guard scanner.keyword() == .cites else { return nil }
            repeat {
                guard let source = scanner.name() else { return nil }
                citations.append((source, scanner.atQuote ? scanner.string() : nil))
            } while scanner.take(UInt8(ascii: ","))
        }
        return ParsedLine(
            form: .fact(attributes: start..<Int32(attributes.count), citations: firstCitation..<Int32(citations.count)),
            first: subject, second: relation, third: object)
    }

    /// `kind NAME [ : PARENT ] [ plural NAME ]`; the name stands in for what is not there.
    private func parseKind(_ scanner: inout LineScanner) -> ParsedLine? {
        guard let name = scanner.name() else { return nil }
        var parent = name
        var plural = name
        var hasParent = false
        var hasPlural = false
        if scanner.take(UInt8(ascii: ":")) {
            guard let named = scanner.name() else { return nil }
            (parent, hasParent) = (named, true)
        }
        if !scanner.isAtLineEnd {
            guard scanner.keyword() == .plural, let named = scanner.name() else { return nil }
            (plural, hasPlural) = (named, true)
        }
        return ParsedLine(form: .kind(hasParent: hasParent, hasPlural: hasPlural), first: name, second: parent, third: plural)
    }

    /// `source ID "TEXT"`
    private func parseSource(_ scanner: inout LineScanner) -> ParsedLine? {
        guard let identifier = scanner.name(), scanner.atQuote, let text = scanner.string() else { return nil }
        return ParsedLine(form: .source, first: identifier, second: text, third: text)
    }
}

// MARK: - Scanning bytes

/// A name as written: a bare word or the inside of a double-quoted string without escapes.
struct NameSpan {
    // 32-bit offsets keep a parsed line small; a piece is far below 2 GiB.
    private var startOffset: Int32
    private var endOffset: Int32
    var isASCII: Bool
    var isQuoted: Bool
    /// A bare word of 2 to 9 letters: only such a word can be a keyword.
    var mayBeKeyword: Bool

    init(start: Int, end: Int, isASCII: Bool, isQuoted: Bool, mayBeKeyword: Bool) {
        startOffset = Int32(truncatingIfNeeded: start)
        endOffset = Int32(truncatingIfNeeded: end)
        self.isASCII = isASCII
        self.isQuoted = isQuoted
        self.mayBeKeyword = mayBeKeyword
    }

    var start: Int { Int(startOffset) }
    var end: Int { Int(endOffset) }

    func isKeyword(in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        mayBeKeyword && Keyword.lookup(bytes(in: buffer)) != nil
    }

    var span: SourceSpan { isQuoted ? SourceSpan(start: start - 1, end: end + 1) : SourceSpan(start: start, end: end) }

    func bytes(in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[start..<end])
    }

    /// The name's text, decoded as the lexer decodes it (invalid UTF-8 becomes U+FFFD).
    func text(in buffer: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes(in: buffer), as: UTF8.self)
    }
}

struct AttributeSpan {
    var name: NameSpan
}

enum ValueSpan {
    case integer(Int)
    case decimal(Double)
    case date(DateValue)
    case boolean(Bool)
    case string(NameSpan)
    case word(NameSpan)
}

/// Reads the tokens of one line with the lexer's rules, byte by byte. Every read stops at the
/// newline (or at the end of the bytes, for the last line of a file).
struct LineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(bytes: UnsafeBufferPointer<UInt8>, position: Int) {
        self.bytes = bytes
        self.position = position
    }

    private static let newline = UInt8(ascii: "\n")

    @inline(__always)
    private func peek(_ offset: Int = 0) -> UInt8 {
        let index = position &+ offset
        return index < bytes.count ? bytes[index] : 0
    }

    /// Skips spaces, tabs and carriage returns (the lexer's blanks).
    @inline(__always)
    mutating func skipBlanks() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { return }
            position &+= 1
        }
    }

    /// True at a newline, a comment or the end of the bytes (after blanks).
    var isAtLineEnd: Bool {
        mutating get {
            skipBlanks()
            let byte = peek()
            return position >= bytes.count || byte == Self.newline || byte == UInt8(ascii: "#")
                || (byte == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-"))
        }
    }

    /// Moves to the newline past blanks and a comment; false if something else comes first.
    mutating func skipToLineEnd() -> Bool {
        guard isAtLineEnd else { return false }
        while position < bytes.count && bytes[position] != Self.newline { position &+= 1 }
        return true
    }

    mutating func consumeNewline() {
        if position < bytes.count { position &+= 1 }
    }

    /// Takes `byte` after blanks.
    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
        skipBlanks()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position &+= 1
        return true
    }

    /// The lexer's name characters: ASCII letters, `_`, and UTF-8 lead bytes (0xC2-0xF4); after
    /// the first, also digits and UTF-8 continuation bytes (0x80-0xBF). ASCII goes by bitmap.
    @inline(__always)
    private static func isNameStart(_ byte: UInt8) -> Bool {
        if byte < 0x80 { return byte >= 64 && (0x07FF_FFFE_87FF_FFFE as UInt64) >> UInt64(byte & 63) & 1 != 0 }
        return byte >= 0xC2 && byte <= 0xF4
    }

    @inline(__always)
    private static func isNameContinuation(_ byte: UInt8) -> Bool {
        if byte < 0x80 {
            let map: UInt64 = byte < 64 ? 0x03FF_0000_0000_0000 : 0x07FF_FFFE_87FF_FFFE
            return map >> UInt64(byte & 63) & 1 != 0
        }
        return byte <= 0xBF || (byte >= 0xC2 && byte <= 0xF4)
    }

    /// A bare word after blanks.
    private mutating func word() -> NameSpan? {
        skipBlanks()
        guard position < bytes.count, Self.isNameStart(bytes[position]) else { return nil }
        let start = position
        var isASCII = true
        var lettersOnly = true
        // Eight bytes at a time while they are ASCII name characters.
        if let base = bytes.baseAddress {
            while position &+ 8 <= bytes.count {
                let eight = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                let (name, letters) = Self.nameBytes(eight)
                if name == Self.highBits {
                    if letters != Self.highBits { lettersOnly = false }
                    position &+= 8
                    continue
                }
                // The first byte that is not an ASCII name character ends this fast stretch.
                let count = (~name & Self.highBits).trailingZeroBitCount / 8
                let within: UInt64 = count == 0 ? 0 : Self.highBits & ((1 << (8 * UInt64(count))) &- 1)
                if letters & within != within { lettersOnly = false }
                position &+= count
                break
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            guard Self.isNameContinuation(byte) else { break }
            if byte >= 0x80 { isASCII = false }
            if (byte | 0x20) &- UInt8(ascii: "a") >= 26 { lettersOnly = false }
            position &+= 1
        }
        let length = position - start
        return NameSpan(
            start: start, end: position, isASCII: isASCII, isQuoted: false,
            mayBeKeyword: lettersOnly && length >= 2 && length <= 9)
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// For eight bytes at once, 0x80 in each byte that is an ASCII name character
    /// (`[0-9A-Za-z_]`), and 0x80 in each that is a letter. `ge` tests `byte >= c` for bytes
    /// below 0x80 without borrowing from the next byte.
    @inline(__always)
    private static func nameBytes(_ bytes: UInt64) -> (name: UInt64, letters: UInt64) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        func ge(_ value: UInt64, _ byte: UInt64) -> UInt64 { ((value | highBits) &- byte &* ones) & highBits }
        let ascii = ~bytes & highBits
        let low = bytes & ~highBits
        let digits = ge(low, 0x30) & ~ge(low, 0x3A)
        let folded = low | 0x2020_2020_2020_2020
        let letters = ge(folded, 0x61) & ~ge(folded, 0x7B) & ascii
        // A byte equal to '_' is zero after the xor: its low seven bits plus 0x7F do not carry.
        let underscoreDifference = low ^ (0x5F &* ones)
        let underscores = ~((underscoreDifference &+ (0x7F &* ones)) | underscoreDifference) & highBits
        return ((digits | letters | underscores) & ascii, letters)
    }

    /// The statement's first word, if it is a keyword; `fact` and `entity` written in lower case
    /// are recognised from one 8-byte load.
    mutating func statementKeyword() -> Keyword? {
        skipBlanks()
        if position + 8 <= bytes.count, let base = bytes.baseAddress {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            // "fact" and "entity", little-endian, then the byte after each must end the word.
            if word & 0xFFFF_FFFF == 0x7463_6166 && !Self.isNameContinuation(bytes[position + 4]) {
                position += 4
                return .fact
            }
            if word & 0xFFFF_FFFF_FFFF == 0x7974_6974_6E65 && !Self.isNameContinuation(bytes[position + 6]) {
                position += 6
                return .entity
            }
        }
        return keyword()
    }

    /// A keyword (the statement's first word, `symmetric`).
    mutating func keyword() -> Keyword? {
        guard let word = word(), word.mayBeKeyword else { return nil }
        return Keyword.lookup(word.bytes(in: bytes))
    }

    /// `name = WORD | STRING`, where the word is no keyword.
    mutating func name() -> NameSpan? {
        skipBlanks()
        if peek() == UInt8(ascii: "\"") { return quoted() }
        guard let word = word() else { return nil }
        return word.isKeyword(in: bytes) ? nil : word
    }

    /// `attribute_name = WORD | STRING | KEYWORD` (whether a word is a keyword is left to the
    /// caller, who needs to know only when the name is new).
    mutating func attributeName() -> AttributeSpan? {
        skipBlanks()
        if peek() == UInt8(ascii: "\"") { return quoted().map { AttributeSpan(name: $0) } }
        return word().map { AttributeSpan(name: $0) }
    }

    /// True when a double-quoted string comes next.
    var atQuote: Bool {
        mutating get {
            skipBlanks()
            return peek() == UInt8(ascii: "\"")
        }
    }

    /// `STRING`, without escapes.
    mutating func string() -> NameSpan? {
        skipBlanks()
        return peek() == UInt8(ascii: "\"") ? quoted() : nil
    }

    /// A double-quoted string on one line, without escapes (those take the general path).
    private mutating func quoted() -> NameSpan? {
        position &+= 1
        let start = position
        var isASCII = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position &+= 1
                return NameSpan(start: start, end: position &- 1, isASCII: isASCII, isQuoted: true, mayBeKeyword: false)
            }
            if byte == UInt8(ascii: "\\") || byte == Self.newline { return nil }
            if byte >= 0x80 { isASCII = false }
            position &+= 1
        }
        return nil
    }

    /// `value = STRING | INTEGER | DECIMAL | DATE | "true" | "false" | WORD`
    mutating func value() -> ValueSpan? {
        skipBlanks()
        let byte = peek()
        if byte == UInt8(ascii: "\"") { return quoted().map { .string($0) } }
        if Self.isDigit(byte) || (byte == UInt8(ascii: "-") && Self.isDigit(peek(1))) { return number() }
        // Whether the word is `true`, `false` or another keyword is settled when it is applied.
        return word().map { .word($0) }
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// A number with the lexer's rules: `-`? digits, then a date (`YYYY-MM[-DD]`) or a decimal
    /// (`.` digits); no letter may follow. Values the parser would reject return nil.
    private mutating func number() -> ValueSpan? {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position &+= 1 }
        while position < bytes.count && Self.isDigit(bytes[position]) { position &+= 1 }
        let length = position - start
        var kind = 0  // 0 integer, 1 date, 2 decimal
        if length == 4 && bytes[start] != UInt8(ascii: "-") && peek() == UInt8(ascii: "-") && Self.isDigit(peek(1))
            && Self.isDigit(peek(2)) && !Self.isDigit(peek(3))
        {
            position &+= 3
            if peek() == UInt8(ascii: "-") && Self.isDigit(peek(1)) && Self.isDigit(peek(2)) && !Self.isDigit(peek(3)) {
                position &+= 3
            }
            kind = 1
        } else if peek() == UInt8(ascii: ".") && Self.isDigit(peek(1)) {
            position &+= 1
            while position < bytes.count && Self.isDigit(bytes[position]) { position &+= 1 }
            kind = 2
        }
        // A number is never last on a line the loader takes (a '}' follows it).
        guard position < bytes.count, !Self.isNameContinuation(bytes[position]) else { return nil }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        switch kind {
        case 1: return Self.date(text).map { .date($0) }
        case 2:
            guard let number = Lexer.decimalValue(String(decoding: text, as: UTF8.self)) else { return nil }
            return .decimal(number)
        default: return Self.integer(text).map { .integer($0) }
        }
    }

    /// `Int(text)` for `-`? digits, without making a string for the usual short ones.
    private static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        let negative = text[0] == UInt8(ascii: "-")
        let digits = negative ? text.count - 1 : text.count
        guard digits <= 18 else { return Int(String(decoding: text, as: UTF8.self)) }
        var number = 0
        for index in (negative ? 1 : 0)..<text.count { number = number &* 10 &+ Int(text[index] &- UInt8(ascii: "0")) }
        return negative ? -number : number
    }

    /// `DateValue(parsing:)` for `YYYY-MM` or `YYYY-MM-DD`, with the same checks.
    private static func date(_ text: UnsafeBufferPointer<UInt8>) -> DateValue? {
        func digits(_ range: Range<Int>) -> Int {
            range.reduce(0) { $0 * 10 + Int(text[$1] &- UInt8(ascii: "0")) }
        }
        let year = Int32(digits(0..<4))
        let month = UInt8(digits(5..<7))
        guard (1...12).contains(month) else { return nil }
        var day: UInt8 = 0
        if text.count == 10 {
            day = UInt8(digits(8..<10))
            guard day >= 1, day <= DateValue.daysIn(month: month, year: year) else { return nil }
        }
        return DateValue(year: year, month: month, day: day)
    }
}

