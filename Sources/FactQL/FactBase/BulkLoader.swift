import Dispatch

/// The fast path for large fact files in the pinned bulk form (see LANGUAGE.md):
///
///     source ID "TEXT"
///     kind NAME [: PARENT] [plural NAME]
///     relation NAME (ROLE, ROLE) [symmetric]
///     entity NAME : KIND
///     fact SUBJECT RELATION OBJECT [{ key: value, ... }] [cites ID ["WORDS"], ...]
///
/// one statement per line, with blank lines and comments; names are bare words or double-quoted
/// strings without escapes. It reads bytes and applies each line to the fact base directly, with
/// no tokens, syntax tree or `String`s for the common names.
///
/// It only ever takes the path the general one would: a line it does not recognise (a query, a
/// meta-command, `retract`, `aka`, entity attributes, an escape, a statement over several lines),
/// any line that would fail (an unknown entity, a conflicting kind), and an entity line whose new
/// kind is a typo away from a kind there is (the general path warns of it), makes it give up.
/// The caller then restores the fact base and runs the whole input through the lexer and parser,
/// so every diagnostic, and what is kept after one, is exactly the general path's.
struct BulkLoader {
    // The few names that repeat on every line, by their folded bytes.
    private var kinds = ShortNameCache()
    private var relations = ShortNameCache()
    private var attributes = ShortNameCache()
    /// Bare-word values that are symbols; emptied when entities are declared (one of them may
    /// take a cached word's name, which then names it instead).
    private var symbols = ShortNameCache()

    /// Lines are applied a batch at a time: first the batch's entity names are hashed and their
    /// table slots read together, so the cache misses of a batch overlap.
    private static let batchSize = 64
    /// Per line of the batch, what `prefetch` found out about a fact's subject (`first`) and
    /// object (`third`): the entity when it could tell without the table, else the name's hash.
    private var lookups: [Lookup] = []

    private struct Lookup {
        var firstEntity: EntityID?
        var thirdEntity: EntityID?
        var firstHash = 0
        var thirdHash = 0
    }
    /// The attribute values of the fact being applied, reused from fact to fact.
    private var values: [AttributeValue] = []
    /// The ids of `since`, `until` and `date` once some fact has used them: until then no fact
    /// needs the time check, and then it compares ids, not names.
    private var sinceAttribute: AttributeID?
    private var untilAttribute: AttributeID?
    private var dateAttribute: AttributeID?
    /// Where the slot reads of `prefetch` go, so they are not optimised away.
    private var prefetchSink: UInt64 = 0

    /// Past this many kinds, a new kind made by an entity line is not checked for a typo (each
    /// check reads every kind).
    static let kindWarningLimit = 4096

    /// How much of a file is parsed at a time.
    static let pieceSize = 1 << 19

    init(keysEachEntity: Bool = false, shouldStop: @escaping () -> Bool = { false }) {
        self.keysEachEntity = keysEachEntity
        self.shouldStop = shouldStop
    }

    /// Asked between pieces (about half a MiB each): true stops the load (Ctrl-C).
    private let shouldStop: () -> Bool
    /// Set when `shouldStop` stopped the load: the caller restores the fact base and reports it,
    /// and must not try the general path.
    private(set) var wasInterrupted = false

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
    }

    /// Rows to reserve in a relation's columns when the file's first fact of it arrives (0 when
    /// the file's size is unknown), and the relations that have had it.
    private var reservedRows = 0
    private var relationsWithRoom: [Bool] = []

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

    // MARK: Loading pieces

    /// Loads the pieces of a file that `source` gives, in order (each ends at a line end, except
    /// perhaps the last). Reading and parsing a piece happen on another thread while the piece
    /// before it is applied on this one. False when some line needs the general path (or a name
    /// is declared twice, see `foundDuplicateName`); `base` is then part-way changed and the
    /// caller must restore it.
    mutating func load(into base: inout FactBase, from source: PieceSource) throws(Diagnostic) -> Bool {
        // One piece at a time, in order: the source is only ever read from this queue. A few
        // pieces are parsed ahead, so that the parsing thread goes on while this one is busy
        // with something longer (putting a million new names into the table).
        let revision = base.revision
        let sizes = Self.sizes(of: base)
        let queue = DispatchQueue(label: "factql.bulk-load")
        var ahead: [PieceParser] = []
        for _ in 0..<Self.piecesAhead {
            let parser = PieceParser(reusing: nil)
            parser.start(on: queue, reading: source)
            ahead.append(parser)
        }
        defer { ahead.forEach { $0.wait() } }
        while !ahead.isEmpty {
            let parser = ahead.removeFirst()
            guard let chunk = try parser.take() else { break }
            if shouldStop() {
                wasInterrupted = true
                return false
            }
            guard apply(chunk, to: &base) else { return false }
            // Its arrays go to the next parse, handed over before it starts.
            let next = PieceParser(reusing: consume chunk)
            next.start(on: queue, reading: source)
            ahead.append(next)
        }
        guard keyPendingEntities(&base) else { return false }
        // A fact base is a set: the facts that were there already (a file loaded twice) go.
        base.removeDuplicateFacts()
        // One change for the whole file, and none when it added nothing.
        base.revision = Self.sizes(of: base) == sizes ? revision : revision &+ 1
        return true
    }

    /// What a bulk file can add to (it never adds aliases, sources or entity attributes).
    private static func sizes(of base: FactBase) -> (Int, Int, Int, Int) {
        (base.entityCount, base.factCount, base.kinds.count, base.relations.count)
    }

    /// How many pieces may be parsed ahead of the one being applied (each takes a few MiB).
    static let piecesAhead = 2

    /// Loads `bytes`, a piece at a time (see `load(into:from:)`).
    mutating func load(_ bytes: [UInt8], into base: inout FactBase) -> Bool {
        do throws(Diagnostic) {
            return try load(into: &base, from: PieceSource(slicing: bytes))
        } catch {
            return false
        }
    }

    /// Applies a parsed piece to `base`; false where `define` would throw or some line needs the
    /// general path.
    mutating func apply(_ chunk: ParsedChunk, to base: inout FactBase) -> Bool {
        if chunk.needsGeneralPath { return false }
        return chunk.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < chunk.lines.count {
                let batch = chunk.lines[start..<min(start + Self.batchSize, chunk.lines.count)]
                prefetch(batch, bytes, base)
                for (offset, line) in zip(batch.indices, batch) {
                    guard apply(line, at: offset - start, chunk, bytes, to: &base), !foundDuplicateName else { return false }
                }
                start += batch.count
            }
            return true
        }
    }

    /// Puts the entities declared since the last time into the name table; false if one of
    /// their names was already taken (the general path then says what `define` says).
    private mutating func keyPendingEntities(_ base: inout FactBase) -> Bool {
        guard let first = firstPendingEntity else { return !foundDuplicateName }
        firstPendingEntity = nil
        if !base.entityTable.insertCanonical(first..<base.entityCount, names: base.entityNames) { foundDuplicateName = true }
        return !foundDuplicateName
    }

    // MARK: Applying the batch

    /// Prepares the batch's entity look-ups. Fact files written by programs tend to list facts in
    /// the order their entities were declared, so a fact's subject (object) is first checked
    /// against the entity after (or the same as) the last fact's: a hit needs no hashing and
    /// reads names in order. The other names are hashed, then the table slots they start at are
    /// read in a tight loop of their own, so that many of those cache misses overlap.
    private mutating func prefetch(_ batch: ArraySlice<ParsedLine>, _ bytes: UnsafeBufferPointer<UInt8>, _ base: FactBase) {
        lookups.removeAll(keepingCapacity: true)
        // A batch of declarations only (the first half of a typical file) has nothing to look up.
        guard batch.contains(where: { if case .fact = $0.form { true } else { false } }) else { return }
        var subject = lastSubject
        var object = lastObject
        for line in batch {
            var lookup = Lookup()
            if case .fact = line.form {
                if let guessed = guess(line.first, after: subject, bytes, base) {
                    lookup.firstEntity = guessed
                    subject = guessed
                } else if line.first.isASCII {
                    lookup.firstHash = NameTable.hash(line.first.bytes(in: bytes))
                }
                if let guessed = guess(line.third, after: object, bytes, base) {
                    lookup.thirdEntity = guessed
                    object = guessed
                } else {
                    lookup.thirdHash = line.thirdHash
                }
            }
            lookups.append(lookup)
        }
        var sink: UInt64 = 0
        for (lookup, line) in zip(lookups, batch) {
            guard case .fact = line.form else { continue }
            if lookup.firstEntity == nil { sink ^= base.entityTable.touch(hash: lookup.firstHash) }
            if lookup.thirdEntity == nil { sink ^= base.entityTable.touch(hash: lookup.thirdHash) }
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

    /// Applies a parsed line (line `index` of the batch) as `FactBase.define` would; false where
    /// `define` would throw.
    private mutating func apply(
        _ line: ParsedLine, at index: Int, _ chunk: ParsedChunk, _ bytes: UnsafeBufferPointer<UInt8>, to base: inout FactBase
    ) -> Bool {
        switch line.form {
        case .entities(let run):
            guard let kind = kindID(line.second, line.secondKey, bytes, &base) else { return false }
            // A cached symbol may be one of these names, which now name entities.
            if !symbols.isEmpty { symbols = ShortNameCache() }
            let (blob, ends) = chunk.entityNames(in: run)
            if keysEachEntity {
                return blob.withUnsafeBufferPointer { names in
                    var start = 0
                    for end in ends {
                        let name = UnsafeBufferPointer(rebasing: names[start..<Int(end)])
                        start = Int(end)
                        let newEntity = EntityID(base.entityCount)
                        if let existing = base.entityTable.findOrClaim(
                            name, hash: NameTable.hash(name), as: newEntity, names: base.entityNames)
                        {
                            guard base.entityKinds[Int(existing)] == kind else { return false }
                            continue
                        }
                        base.entityNames.append(name)
                        base.entityKinds.append(kind)
                    }
                    return true
                }
            }
            // Declared now, keyed later (see `firstPendingEntity`).
            if firstPendingEntity == nil { firstPendingEntity = base.entityCount }
            base.entityNames.append(names: blob, ends: ends)
            base.entityKinds.append(contentsOf: repeatElement(kind, count: run.count))
            return true
        case .entity:
            // A name that is not ASCII: looked up and added as `defineEntity` does, with the
            // pending names keyed first.
            guard let kind = kindID(line.second, line.secondKey, bytes, &base) else { return false }
            guard keyPendingEntities(&base) else { return false }
            let text = line.first.text(in: bytes)
            if let existing = base.entity(named: text) { return base.entityKinds[Int(existing)] == kind }
            base.addEntity(text, kind: kind)
            // Its folded form may be any word: forget every cached symbol.
            symbols = ShortNameCache()
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
        case .kind(let hasParent, let hasPlural):
            guard keyPendingEntities(&base) else { return false }
            let definition = KindDefinition(
                name: Self.name(line.first, bytes), parent: hasParent ? Self.name(line.second, bytes) : nil,
                plural: hasPlural ? Self.name(line.third, bytes) : nil, span: line.first.span)
            do throws(Diagnostic) {
                try base.defineKind(definition)
            } catch {
                return false
            }
            // A plural may have moved from one kind to another: names are looked up afresh.
            kinds = ShortNameCache()
            return true
        case .source:
            let definition = SourceDefinition(
                identifier: Self.name(line.first, bytes), text: line.second.text(in: bytes), span: line.first.span)
            do throws(Diagnostic) {
                try base.defineSource(definition)
            } catch {
                return false
            }
            return true
        case .fact(let attributeRange, let citationRange):
            let lookup = lookups[index]
            guard let subject = lookup.firstEntity ?? entityID(line.first, hash: lookup.firstHash, bytes, &base),
                let relation = relationID(line.second, line.secondKey, bytes, base),
                let object = lookup.thirdEntity ?? entityID(line.third, hash: lookup.thirdHash, bytes, &base)
            else { return false }
            lastSubject = subject
            lastObject = object
            values.removeAll(keepingCapacity: true)
            var positions = AttributePositions([])
            for position in attributeRange {
                let parsed = chunk.attributes[Int(position)]
                let attribute = attributeID(parsed.name, parsed.nameKey, bytes, &base)
                guard positions.position(of: attribute, in: values) == nil,
                    let interned = internValue(parsed.value, parsed.valueKey, bytes, &base)
                else { return false }
                positions.add(attribute, at: values.count)
                values.append(AttributeValue(attribute: attribute, value: interned))
            }
            // A fact whose dates are wrong goes to the general path, which says where.
            if (sinceAttribute != nil || untilAttribute != nil || dateAttribute != nil) && hasTimeProblem(values) {
                return false
            }
            var cited = CitationList()
            if !citationRange.isEmpty {
                guard citeSources(citationRange, chunk, bytes, base, into: &cited) else { return false }
            }
            base.addFact(
                relation: relation, subject: subject, object: object, attributes: values, citations: cited.sources, quotes: cited.quotes)
            if reservedRows > 0 && (Int(relation) >= relationsWithRoom.count || !relationsWithRoom[Int(relation)]) {
                while relationsWithRoom.count <= Int(relation) { relationsWithRoom.append(false) }
                relationsWithRoom[Int(relation)] = true
                base.attributeTables[Int(relation)].reserve(rows: reservedRows)
            }
            return true
        }
    }

    /// The sources a fact cites and their quotes, checked and merged as `defineFact` does; false
    /// where it would throw (an unknown source, a quote that is not in the sentence).
    private func citeSources(
        _ range: Range<Int32>, _ chunk: ParsedChunk, _ bytes: UnsafeBufferPointer<UInt8>, _ base: FactBase,
        into cited: inout CitationList
    ) -> Bool {
        for index in range {
            let citation = chunk.citations[Int(index)]
            guard let source = base.source(identifier: citation.source.text(in: bytes)) else { return false }
            var quote: String?
            if let words = citation.quote {
                let text = words.text(in: bytes)
                guard !text.isEmpty, FactBase.sentence(base.sources[Int(source)].text, contains: text) else { return false }
                quote = text
            }
            cited.add(source, quote: quote)
        }
        return true
    }

    private static func name(_ span: NameSpan, _ bytes: UnsafeBufferPointer<UInt8>) -> Name {
        Name(text: span.text(in: bytes), span: span.span, isQuoted: span.isQuoted)
    }

    /// `FactBase.timeProblem` by attribute ids: a non-date since, until or date, or an until
    /// before its since.
    private func hasTimeProblem(_ values: [AttributeValue]) -> Bool {
        var since: DateValue?
        var until: DateValue?
        for pair in values where pair.attribute == sinceAttribute || pair.attribute == untilAttribute || pair.attribute == dateAttribute {
            guard let date = TimeFilter.date(of: pair.value) else { return true }
            if pair.attribute == sinceAttribute { since = date } else if pair.attribute == untilAttribute { until = date }
        }
        if let since, let until { return DateValue.compare(until, since) < 0 }
        return false
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
    /// Nil when the kind is new and a typo away from one there is: the general path warns of it.
    private mutating func kindID(_ name: NameSpan, _ key: ShortNameCache.Key?, _ bytes: UnsafeBufferPointer<UInt8>, _ base: inout FactBase)
        -> KindID?
    {
        if let cached = kinds.find(key) { return cached }
        let text = name.text(in: bytes)
        if base.kind(named: text) == nil && base.kinds.count <= Self.kindWarningLimit && !base.kindsNear(newKind: text).isEmpty {
            return nil
        }
        let id = base.kind(named: text) ?? base.addKind(text)
        kinds.store(key, id)
        return id
    }

    private mutating func relationID(
        _ name: NameSpan, _ key: ShortNameCache.Key?, _ bytes: UnsafeBufferPointer<UInt8>, _ base: FactBase
    ) -> RelationID? {
        if let cached = relations.find(key) { return cached }
        guard let id = base.relation(named: name.text(in: bytes)) else { return nil }
        relations.store(key, id)
        return id
    }

    private mutating func attributeID(
        _ name: AttributeSpan, _ key: ShortNameCache.Key?, _ bytes: UnsafeBufferPointer<UInt8>, _ base: inout FactBase
    ) -> AttributeID {
        if let cached = attributes.find(key) { return cached }
        // A keyword used as an attribute name is lower-cased, as the parser does.
        let isKeyword = name.name.isKeyword(in: bytes)
        let written = name.name.text(in: bytes)
        let id = base.internAttribute(isKeyword ? written.lowercased() : written)
        switch FactBase.fold(written) {
        case "since": sinceAttribute = id
        case "until": untilAttribute = id
        case "date": dateAttribute = id
        default: break
        }
        attributes.store(key, id)
        return id
    }

    /// `internValue` for a value read from bytes; nil for a keyword other than `true` and
    /// `false`, which the parser rejects.
    private mutating func internValue(
        _ value: ValueSpan, _ key: ShortNameCache.Key?, _ bytes: UnsafeBufferPointer<UInt8>, _ base: inout FactBase
    ) -> Value? {
        switch value {
        case .integer(let number): return .integer(number)
        case .decimal(let number): return .decimal(number)
        case .date(let date): return .date(date)
        case .boolean(let flag): return .boolean(flag)
        case .string(let span): return .string(base.internString(span.text(in: bytes)))
        case .word(let span):
            let wordBytes = span.bytes(in: bytes)
            if let symbol = symbols.find(key) { return .symbol(symbol) }
            switch span.mayBeKeyword ? Keyword.lookup(wordBytes) : nil {
            case nil: break
            case .true?: return .boolean(true)
            case .false?: return .boolean(false)
            default: return nil
            }
            let hash = span.isASCII ? NameTable.hash(wordBytes) : 0
            if let entity = entityID(span, hash: hash, bytes, &base) { return .entity(entity) }
            let symbol = base.internSymbol(span.text(in: bytes))
            symbols.store(key, symbol)
            return .symbol(symbol)
        }
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

    /// A name's folded bytes packed in two words, with its entry in the cache.
    struct Key: Sendable {
        var first: UInt64
        var second: UInt64
        var length: UInt8
        var entry: UInt8
    }

    /// The key of a name; nil when it is not cached. Setting bit 0x20 of every byte folds a bare
    /// word: it maps A-Z onto a-z and changes no other character a word may hold into one it may
    /// hold (quoted names are never cached). The parser computes keys, off the loading thread.
    static func key(_ name: NameSpan, _ buffer: UnsafeBufferPointer<UInt8>) -> Key? {
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
        return Key(first: first, second: second, length: UInt8(length), entry: UInt8(truncatingIfNeeded: mixed >> 58))
    }

    @inline(__always)
    func find(_ key: Key?) -> Int32? {
        guard let key else { return nil }
        let entry = Int(key.entry)
        guard lengths[entry] == key.length, firstWords[entry] == key.first, secondWords[entry] == key.second else {
            return nil
        }
        return ids[entry]
    }

    /// False until something is stored, so emptying an empty cache (for entities declared
    /// before any fact) can be skipped.
    private(set) var isEmpty = true

    mutating func store(_ key: Key?, _ id: Int32) {
        guard let key else { return }
        isEmpty = false
        let entry = Int(key.entry)
        firstWords[entry] = key.first
        secondWords[entry] = key.second
        lengths[entry] = key.length
        ids[entry] = id
    }
}

/// The pieces of a file, read in order from one thread at a time (`BulkLoader.load` reads it
/// from a serial queue only): a class, so that the reading state is shared with that queue.
final class PieceSource: @unchecked Sendable {
    private let nextPiece: () throws(Diagnostic) -> [UInt8]?

    /// `next` gives the next piece, or nil at the end.
    init(_ next: @escaping () throws(Diagnostic) -> [UInt8]?) {
        nextPiece = next
    }

    /// The pieces of an array already in memory, each ending after a newline.
    convenience init(slicing bytes: [UInt8]) {
        var start = 0
        self.init { () throws(Diagnostic) -> [UInt8]? in
            guard start < bytes.count else { return nil }
            var end = min(start + BulkLoader.pieceSize, bytes.count)
            while end < bytes.count && bytes[end - 1] != UInt8(ascii: "\n") { end += 1 }
            defer { start = end }
            return Array(bytes[start..<end])
        }
    }

    func next() throws(Diagnostic) -> [UInt8]? { try nextPiece() }
}

/// Reading and parsing one piece of a file on another thread. A class shared between two
/// threads: the worker takes `storage` and writes `outcome` before it signals `done`; the caller
/// touches neither between `start` and waiting on `done`.
final class PieceParser: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<ParsedChunk?, Diagnostic> = .success(nil)
    /// Arrays to reuse, until the parse takes them.
    private var storage: ParsedChunk?
    private var waited = false

    init(reusing storage: ParsedChunk?) {
        self.storage = storage
    }

    func start(on queue: DispatchQueue, reading source: PieceSource) {
        queue.async {
            do throws(Diagnostic) {
                if let piece = try source.next() {
                    self.outcome = .success(ParsedChunk(parsing: piece, reusing: self.storage.take()))
                }
            } catch {
                self.outcome = .failure(error)
            }
            self.done.signal()
        }
    }

    /// Waits for the work to finish.
    func wait() {
        if waited { return }
        done.wait()
        waited = true
    }

    /// The parsed piece (nil after the last), moved out so its arrays can be reused.
    func take() throws(Diagnostic) -> ParsedChunk? {
        wait()
        defer { outcome = .success(nil) }
        return try outcome.get()
    }
}
