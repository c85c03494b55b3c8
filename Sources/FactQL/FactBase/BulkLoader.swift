/// The fast path for large fact files in the pinned bulk form (see LANGUAGE.md):
///
///     relation NAME (ROLE, ROLE) [symmetric]
///     entity NAME : KIND
///     fact SUBJECT RELATION OBJECT [{ key: value, ... }]
///
/// one statement per line, with blank lines and comments; names are bare words or double-quoted
/// strings without escapes. It reads bytes and applies each line to the fact base directly, with
/// no tokens, syntax tree or `String`s for the common names.
///
/// It only ever takes the path the general one would: a line it does not recognise (a query, a
/// meta-command, `aka`, `cites`, an escape, a statement over several lines), and any line that
/// would fail (an unknown entity, a conflicting kind), makes it give up. The caller then restores
/// the fact base and runs the whole input through the lexer and parser, so every diagnostic,
/// and what is kept after one, is exactly the general path's.
struct BulkLoader {
    // The few names that repeat on every line, by their folded bytes.
    private var kinds = ShortNameCache()
    private var relations = ShortNameCache()
    private var attributes = ShortNameCache()
    /// Bare-word values that are symbols; a word is evicted when an entity takes its name.
    private var symbols = ShortNameCache()

    /// Lines are parsed a batch at a time, then their entity names are hashed and their table
    /// slots read together, so the cache misses of a batch overlap, and then they are applied.
    private static let batchSize = 64
    private var batch: [ParsedLine] = []
    /// The attributes of the batch's facts (`ParsedLine.attributes` ranges over these).
    private var batchAttributes: [(name: AttributeSpan, value: ValueSpan)] = []
    /// The attribute values of the fact being applied, reused from fact to fact.
    private var values: [AttributeValue] = []
    /// Where the slot reads of `prefetch` go, so they are not optimised away.
    private var prefetchSink: Int32 = 0

    init(keysEachEntity: Bool = false) {
        self.keysEachEntity = keysEachEntity
        batch.reserveCapacity(Self.batchSize)
    }

    /// Reserves room in `base` for a file of `byteCount` bytes, so its columns grow without
    /// being copied again and again. The guesses are generous (a line of 16 bytes); room
    /// that is never written costs address space, not memory.
    mutating func reserve(forBytes byteCount: Int, in base: inout FactBase) {
        let lines = byteCount / 16
        reservedRows = lines
        base.entityNames.reserve(lines, averageLength: 4)
        base.entityKinds.reserveCapacity(base.entityKinds.count + lines)
        base.factRelations.reserveCapacity(base.factRelations.count + lines)
        base.factSubjects.reserveCapacity(base.factSubjects.count + lines)
        base.factObjects.reserveCapacity(base.factObjects.count + lines)
        base.factRows.reserveCapacity(base.factRows.count + lines)
    }

    /// Rows to reserve in a relation's columns when the file's first fact of it arrives (0 when
    /// the file's size is unknown), and the relations that have had it.
    private var reservedRows = 0
    private var relationsWithRoom: Set<RelationID> = []

    /// One statement line, parsed: names are byte ranges of the input.
    private struct ParsedLine {
        enum Form {
            /// `entity first : second`
            case entity
            /// `relation first (second, third) [symmetric]`
            case relation(isSymmetric: Bool)
            /// `fact first second third { attributes }`
            case fact(attributes: Range<Int>)
        }

        var form: Form
        var first: NameSpan
        var second: NameSpan
        var third: NameSpan
        /// Hashes of the entity names (`first`, and `third` for a fact), set by `prefetch`.
        var firstHash = 0
        var thirdHash = 0
        /// A fact's subject and object when `prefetch` could tell them without the table.
        var firstEntity: EntityID?
        var thirdEntity: EntityID?
    }

    /// Entities from this one on were declared by the loader but are not in the name table yet:
    /// they go in all at once (`keyPendingEntities`) when a name must be looked up, and at the end,
    /// which saves a random table access per declaration. A name declared twice is found then;
    /// the load must start again with `keysEachEntity`.
    private var firstPendingEntity: Int?
    /// Set when keying the pending entities found a name declared twice.
    private(set) var foundDuplicateName = false
    /// Look every declared name up at once (as `define` does), for files that declare a name twice.
    private let keysEachEntity: Bool

    /// The subject and object of the last fact, from which the next ones are guessed.
    private var lastSubject: EntityID = -1
    private var lastObject: EntityID = -1

    /// Applies the complete lines of `bytes` to `base`. Returns how many bytes were used (a final
    /// line without its newline is left for the next call unless `isFinal`), or nil when some line
    /// needs the general path; `base` is then part-way changed and the caller must restore it.
    mutating func load(_ bytes: UnsafeBufferPointer<UInt8>, into base: inout FactBase, isFinal: Bool) -> Int? {
        var lineStart = 0
        while lineStart < bytes.count {
            batch.removeAll(keepingCapacity: true)
            batchAttributes.removeAll(keepingCapacity: true)
            var batchEnd = lineStart
            var stopped: LineOutcome?
            while batch.count < Self.batchSize && batchEnd < bytes.count {
                var scanner = LineScanner(bytes: bytes, position: batchEnd)
                let outcome = parseLine(&scanner, isFinal: isFinal)
                guard outcome == .loaded else {
                    stopped = outcome
                    break
                }
                batchEnd = scanner.position
            }
            if stopped == .needsGeneralPath { return nil }
            prefetch(bytes, base)
            for line in batch {
                guard apply(line, bytes, to: &base), !foundDuplicateName else { return nil }
            }
            lineStart = batchEnd
            if stopped == .incomplete { return lineStart }
        }
        if isFinal && !keyPendingEntities(&base) { return nil }
        return lineStart
    }

    /// Puts the entities declared since the last time into the name table; false if one of
    /// their names was already taken (the general path then says what `define` says).
    private mutating func keyPendingEntities(_ base: inout FactBase) -> Bool {
        guard let first = firstPendingEntity else { return !foundDuplicateName }
        firstPendingEntity = nil
        if !base.entityTable.insertCanonical(first..<base.entityCount, names: base.entityNames) { foundDuplicateName = true }
        return !foundDuplicateName
    }

    private enum LineOutcome {
        case loaded
        /// The line runs past the end of the bytes given; it is read again with more.
        case incomplete
        case needsGeneralPath
    }

    /// Parses one line into the batch (blank lines and comments add nothing); on `.loaded` the
    /// scanner is past the newline. Nothing is taken from a line cut short by the buffer's end.
    private mutating func parseLine(_ scanner: inout LineScanner, isFinal: Bool) -> LineOutcome {
        if scanner.skipToLineEnd() {
            if scanner.ranOut && !isFinal { return .incomplete }
            scanner.consumeNewline()
            return .loaded
        }
        let attributeCount = batchAttributes.count
        var parsed: ParsedLine?
        switch scanner.statementKeyword() {
        case .entity?: parsed = parseEntity(&scanner)
        case .fact?: parsed = parseFact(&scanner)
        case .relation?: parsed = parseRelation(&scanner)
        default: parsed = nil
        }
        guard let parsed, scanner.skipToLineEnd(), !scanner.ranOut || isFinal else {
            batchAttributes.removeSubrange(attributeCount...)
            return scanner.ranOut && !isFinal ? .incomplete : .needsGeneralPath
        }
        scanner.consumeNewline()
        batch.append(parsed)
        return .loaded
    }

    // MARK: Parsing one line

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
        let start = batchAttributes.count
        if scanner.take(UInt8(ascii: "{")) {
            while !scanner.take(UInt8(ascii: "}")) {
                guard let attribute = scanner.attributeName(), scanner.take(UInt8(ascii: ":")),
                    let value = scanner.value()
                else { return nil }
                batchAttributes.append((attribute, value))
                if !scanner.take(UInt8(ascii: ",")) {
                    guard scanner.take(UInt8(ascii: "}")) else { return nil }
                    break
                }
            }
        }
        return ParsedLine(
            form: .fact(attributes: start..<batchAttributes.count), first: subject, second: relation, third: object)
    }

    // MARK: Applying the batch

    /// Prepares the batch's entity look-ups. Fact files written by programs tend to list facts in
    /// the order their entities were declared, so a fact's subject (object) is first checked
    /// against the entity after (or the same as) the last fact's: a hit needs no hashing and
    /// reads names in order. The other names are hashed, then the table slots they start at are
    /// read in a tight loop of their own, so that many of those cache misses overlap.
    private mutating func prefetch(_ bytes: UnsafeBufferPointer<UInt8>, _ base: FactBase) {
        var subject = lastSubject
        var object = lastObject
        for index in batch.indices {
            let line = batch[index]
            switch line.form {
            case .fact:
                if let guessed = guess(line.first, after: subject, bytes, base) {
                    batch[index].firstEntity = guessed
                    subject = guessed
                } else if line.first.isASCII {
                    batch[index].firstHash = NameTable.hash(line.first.bytes(in: bytes))
                }
                if let guessed = guess(line.third, after: object, bytes, base) {
                    batch[index].thirdEntity = guessed
                    object = guessed
                } else if line.third.isASCII {
                    batch[index].thirdHash = NameTable.hash(line.third.bytes(in: bytes))
                }
            case .entity, .relation:
                break
            }
        }
        var sink: Int32 = 0
        for line in batch {
            guard case .fact = line.form else { continue }
            if line.firstEntity == nil { sink ^= base.entityTable.touch(hash: line.firstHash) }
            if line.thirdEntity == nil { sink ^= base.entityTable.touch(hash: line.thirdHash) }
        }
        prefetchSink ^= sink
    }

    /// `last` or the entity after it, if that is what `name` names (an ASCII bare or quoted name
    /// equal to its canonical name, ignoring ASCII case: then the table would give it too).
    private func guess(_ name: NameSpan, after last: EntityID, _ bytes: UnsafeBufferPointer<UInt8>, _ base: FactBase)
        -> EntityID?
    {
        guard name.isASCII, last >= 0 else { return nil }
        let query = name.bytes(in: bytes)
        return base.entityNames.bytes.withUnsafeBufferPointer { names in
            func matches(_ candidate: EntityID) -> Bool {
                guard Int(candidate) < base.entityCount else { return false }
                return NameTable.foldedEqual(query, UnsafeBufferPointer(rebasing: names[base.entityNames.byteRange(of: Int(candidate))]))
            }
            if matches(last + 1) { return last + 1 }
            return matches(last) ? last : nil
        }
    }

    /// Applies a parsed line as `FactBase.define` would; false where `define` would throw.
    private mutating func apply(_ line: ParsedLine, _ bytes: UnsafeBufferPointer<UInt8>, to base: inout FactBase) -> Bool {
        switch line.form {
        case .entity:
            let kind = kindID(line.second, bytes, &base)
            let name = line.first
            let nameBytes = name.bytes(in: bytes)
            if name.isASCII {
                if keysEachEntity {
                    let hash = NameTable.hash(nameBytes)
                    let newEntity = EntityID(base.entityCount)
                    if let existing = base.entityTable.findOrClaim(nameBytes, hash: hash, as: newEntity, names: base.entityNames) {
                        return base.entityKinds[Int(existing)] == kind
                    }
                } else if firstPendingEntity == nil {
                    // Declared now, keyed later (see `firstPendingEntity`).
                    firstPendingEntity = base.entityCount
                }
                base.entityNames.append(nameBytes)
                base.entityKinds.append(kind)
                // A cached symbol of that name is now this entity. Quoted names are folded
                // differently from the cache's bare words: forget every cached symbol then.
                if name.isQuoted { symbols = ShortNameCache() } else { symbols.evict(name, in: bytes) }
            } else {
                guard keyPendingEntities(&base) else { return false }
                let text = name.text(in: bytes)
                if let existing = base.entity(named: text) { return base.entityKinds[Int(existing)] == kind }
                base.addEntity(text, kind: kind)
                // Its folded form may be any word: forget every cached symbol.
                symbols = ShortNameCache()
            }
            return true
        case .relation(let isSymmetric):
            let definition = RelationDefinition(
                name: Name(text: line.first.text(in: bytes), span: line.first.span),
                subjectRole: Name(text: line.second.text(in: bytes), span: line.second.span),
                objectRole: Name(text: line.third.text(in: bytes), span: line.third.span), isSymmetric: isSymmetric,
                span: line.first.span)
            do throws(Diagnostic) {
                try base.defineRelation(definition)
            } catch {
                return false
            }
            return true
        case .fact(let attributeRange):
            guard let subject = line.firstEntity ?? entityID(line.first, hash: line.firstHash, bytes, &base),
                let relation = relationID(line.second, bytes, base),
                let object = line.thirdEntity ?? entityID(line.third, hash: line.thirdHash, bytes, &base)
            else { return false }
            lastSubject = subject
            lastObject = object
            values.removeAll(keepingCapacity: true)
            for position in attributeRange {
                let (name, value) = batchAttributes[position]
                let attribute = attributeID(name, bytes, &base)
                guard !values.contains(where: { $0.attribute == attribute }),
                    let interned = internValue(value, bytes, &base)
                else { return false }
                values.append(AttributeValue(attribute: attribute, value: interned))
            }
            base.addFact(relation: relation, subject: subject, object: object, attributes: values, citations: [])
            if reservedRows > 0 && !relationsWithRoom.contains(relation) {
                relationsWithRoom.insert(relation)
                base.attributeTables[Int(relation)].reserve(rows: reservedRows)
            }
            return true
        }
    }

    /// The entity `name` names, from the name table (after keying the pending entities).
    private mutating func entityID(_ name: NameSpan, hash: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ base: inout FactBase)
        -> EntityID?
    {
        guard keyPendingEntities(&base) else { return nil }
        if name.isASCII { return base.entityTable.find(name.bytes(in: bytes), hash: hash, names: base.entityNames) }
        return base.entity(named: name.text(in: bytes))
    }

    /// `kind(named:) ?? addKind(...)`, as `defineEntity` does.
    private mutating func kindID(_ name: NameSpan, _ bytes: UnsafeBufferPointer<UInt8>, _ base: inout FactBase) -> KindID {
        if let cached = kinds.find(name, in: bytes) { return cached }
        let text = name.text(in: bytes)
        let id = base.kind(named: text) ?? base.addKind(text)
        kinds.store(name, in: bytes, id)
        return id
    }

    private mutating func relationID(_ name: NameSpan, _ bytes: UnsafeBufferPointer<UInt8>, _ base: FactBase) -> RelationID? {
        if let cached = relations.find(name, in: bytes) { return cached }
        guard let id = base.relation(named: name.text(in: bytes)) else { return nil }
        relations.store(name, in: bytes, id)
        return id
    }

    private mutating func attributeID(_ name: AttributeSpan, _ bytes: UnsafeBufferPointer<UInt8>, _ base: inout FactBase)
        -> AttributeID
    {
        if let cached = attributes.find(name.name, in: bytes) { return cached }
        // A keyword used as an attribute name is lower-cased, as the parser does.
        let isKeyword = name.name.isKeyword(in: bytes)
        let written = name.name.text(in: bytes)
        let id = base.internAttribute(isKeyword ? written.lowercased() : written)
        attributes.store(name.name, in: bytes, id)
        return id
    }

    /// `internValue` for a value read from bytes; nil for a keyword other than `true` and
    /// `false`, which the parser rejects.
    private mutating func internValue(_ value: ValueSpan, _ bytes: UnsafeBufferPointer<UInt8>, _ base: inout FactBase) -> Value? {
        switch value {
        case .integer(let number): return .integer(number)
        case .decimal(let number): return .decimal(number)
        case .date(let date): return .date(date)
        case .boolean(let flag): return .boolean(flag)
        case .string(let span): return .string(base.internString(span.text(in: bytes)))
        case .word(let span):
            let wordBytes = span.bytes(in: bytes)
            if let symbol = symbols.find(span, in: bytes) { return .symbol(symbol) }
            switch span.mayBeKeyword ? Keyword.lookup(wordBytes) : nil {
            case nil: break
            case .true?: return .boolean(true)
            case .false?: return .boolean(false)
            default: return nil
            }
            let hash = span.isASCII ? NameTable.hash(wordBytes) : 0
            if let entity = entityID(span, hash: hash, bytes, &base) { return .entity(entity) }
            let symbol = base.internSymbol(span.text(in: bytes))
            symbols.store(span, in: bytes, symbol)
            return .symbol(symbol)
        }
    }
}

// MARK: - Scanning bytes

/// A name as written: a bare word or the inside of a double-quoted string without escapes.
struct NameSpan {
    var start: Int
    var end: Int
    var isASCII: Bool
    var isQuoted: Bool
    /// A bare word of 2 to 9 letters: only such a word can be a keyword.
    var mayBeKeyword: Bool

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
/// newline; `ranOut` says the bytes ended before one.
struct LineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    private(set) var ranOut = false

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
        ranOut = true
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
        if position >= bytes.count { ranOut = true }
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
        while position < bytes.count {
            let byte = bytes[position]
            guard Self.isNameContinuation(byte) else { break }
            if byte >= 0x80 { isASCII = false }
            if (byte | 0x20) &- UInt8(ascii: "a") >= 26 { lettersOnly = false }
            position &+= 1
        }
        if position >= bytes.count { ranOut = true }
        let length = position - start
        return NameSpan(
            start: start, end: position, isASCII: isASCII, isQuoted: false,
            mayBeKeyword: lettersOnly && length >= 2 && length <= 9)
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
        ranOut = true
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
        if position >= bytes.count {
            ranOut = true
            return nil
        }
        if Self.isNameContinuation(bytes[position]) { return nil }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        switch kind {
        case 1: return Self.date(text).map { .date($0) }
        case 2:
            guard let number = Double(String(decoding: text, as: UTF8.self)), number.isFinite else { return nil }
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

/// A small direct-mapped cache from short bare ASCII names (folded, up to 16 bytes) to ids, for
/// the kinds, relations, attributes and symbols that repeat on every line. Other names are
/// simply not cached.
struct ShortNameCache {
    private static let size = 64
    private var firstWords = [UInt64](repeating: 0, count: size)
    private var secondWords = [UInt64](repeating: 0, count: size)
    /// 0 marks an empty entry.
    private var lengths = [UInt8](repeating: 0, count: size)
    private var ids = [Int32](repeating: 0, count: size)

    /// The folded name packed in two words, and its entry; nil when it is not cached. Setting
    /// bit 0x20 of every byte folds a bare word: it maps A-Z onto a-z and changes no other
    /// character a word may hold into one it may hold (quoted names are never cached).
    @inline(__always)
    private static func key(_ name: NameSpan, _ buffer: UnsafeBufferPointer<UInt8>) -> (first: UInt64, second: UInt64, entry: Int)? {
        let length = name.end - name.start
        guard name.isASCII, !name.isQuoted, length <= 16, let base = buffer.baseAddress else { return nil }
        var first: UInt64 = 0
        var second: UInt64 = 0
        if name.start + 16 <= buffer.count {
            // Two unaligned loads, then the bytes past the name are masked off.
            let raw = UnsafeRawPointer(base + name.start)
            first = raw.loadUnaligned(as: UInt64.self) | 0x2020_2020_2020_2020
            second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) | 0x2020_2020_2020_2020
            if length < 8 {
                first &= (1 << (8 * UInt64(length))) &- 1
                second = 0
            } else if length < 16 {
                second &= (1 << (8 * UInt64(length - 8))) &- 1
            }
        } else {
            for index in 0..<length {
                let folded = UInt64(base[name.start + index] | 0x20)
                if index < 8 { first |= folded << (8 * UInt64(index)) } else { second |= folded << (8 * UInt64(index - 8)) }
            }
        }
        let mixed = (first ^ (second &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xBF58_476D_1CE4_E5B9
        return (first, second, Int(truncatingIfNeeded: mixed >> 58))
    }

    func find(_ name: NameSpan, in buffer: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let key = Self.key(name, buffer) else { return nil }
        let entry = key.entry
        guard Int(lengths[entry]) == name.end - name.start, firstWords[entry] == key.first,
            secondWords[entry] == key.second
        else { return nil }
        return ids[entry]
    }

    mutating func store(_ name: NameSpan, in buffer: UnsafeBufferPointer<UInt8>, _ id: Int32) {
        guard let key = Self.key(name, buffer) else { return }
        firstWords[key.entry] = key.first
        secondWords[key.entry] = key.second
        lengths[key.entry] = UInt8(name.end - name.start)
        ids[key.entry] = id
    }

    mutating func evict(_ name: NameSpan, in buffer: UnsafeBufferPointer<UInt8>) {
        guard find(name, in: buffer) != nil, let key = Self.key(name, buffer) else { return }
        lengths[key.entry] = 0
    }
}
