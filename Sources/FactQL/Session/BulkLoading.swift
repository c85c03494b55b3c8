/// Large fact files: the bulk loader's fast path, with the general path behind it.
extension Session {
    /// Input at least this large is first tried with the bulk loader; smaller input is quick to
    /// parse anyway. Tests lower it to compare both paths on small files.
    public static let defaultBulkLoadThreshold = 1 << 18

    /// How much of a file `run(fileNamed:)` reads at a time.
    public static let defaultFileChunkSize = BulkLoader.pieceSize

    /// What the bulk loader made of some input.
    enum BulkOutcome {
        case loaded
        /// Some line needs the general path; the fact base is as it was.
        case needsGeneralPath
        /// Stopped by `shouldStop`; the fact base is as it was.
        case interrupted
    }

    /// Loads `bytes` with the bulk loader if every line allows it; otherwise the fact base is as
    /// it was and the general path must run, unless the load was interrupted.
    func loadInBulk(_ bytes: [UInt8]) -> BulkOutcome {
        let before = factBase
        var loader = BulkLoader(shouldStop: shouldStop)
        if loader.load(bytes, into: &factBase) { return .loaded }
        if loader.foundDuplicateName && !loader.wasInterrupted {
            // A name is declared twice: again, looking each declared name up as it comes.
            factBase = before
            loader = BulkLoader(keysEachEntity: true, shouldStop: shouldStop)
            if loader.load(bytes, into: &factBase) { return .loaded }
        }
        factBase = before
        return loader.wasInterrupted ? .interrupted : .needsGeneralPath
    }

    /// What an interrupted load says; nothing it defined is kept.
    static let loadInterrupted = Diagnostic(message: "interrupted: nothing the input defined was kept")

    /// Runs a file that `read` supplies piece by piece (it fills the buffer it is given and
    /// returns the number of bytes, 0 at the end; it may be called from another thread, one call
    /// at a time). A large file in the bulk form then loads without ever being held whole in
    /// memory; anything else is read whole, with `readFile`, and goes through `run(_:emit:)`, so
    /// the outcome is the same either way. `size`, when known, lets the fact base make room for
    /// the file at once.
    ///
    /// A successful bulk load emits nothing: its definitions would each emit `.defined`, which
    /// shows as nothing.
    @discardableResult
    public func run(
        fileNamed name: String, size: Int? = nil, emit: (Event) -> Void,
        read: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws(Diagnostic) -> Int
    ) -> Bool {
        keepingDatabase(emit: emit) { runFile(named: name, size: size, emit: emit, read: read) }
    }

    private func runFile(
        named name: String, size: Int?, emit: (Event) -> Void,
        read: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws(Diagnostic) -> Int
    ) -> Bool {
        let outerDirectory = fileDirectory
        fileDirectory = Self.directory(of: name)
        defer { fileDirectory = outerDirectory }
        var reader = PieceReader(chunkSize: fileChunkSize)
        let before = factBase
        var loader = BulkLoader(shouldStop: shouldStop)
        do throws(Diagnostic) {
            var first = try reader.next(read)
            if let piece = first, SourceFile.hasByteOrderMark(piece) { first = Array(piece.dropFirst(3)) }
            if reader.reachedEnd {
                // Small enough to read whole: the ordinary path (which tries the bulk loader too).
                return run(SourceFile(name: name, bytes: (first ?? []) + reader.takeRemainder()), emit: emit)
            }
            if let size, let problem = memoryProblem(named: name, size: size, perByte: Self.bulkMemoryPerInputByte, bulk: true) {
                throw problem
            }
            if let size { loader.reserve(forBytes: size, in: &factBase) }
            // The rest is read on the loader's reading thread, one piece at a time.
            var pending = first
            let source = PieceSource { () throws(Diagnostic) -> [UInt8]? in
                if let piece = pending.take() { return piece }
                return try reader.next(read)
            }
            if try loader.load(into: &factBase, from: source) { return true }
            if loader.wasInterrupted { throw Self.loadInterrupted }
        } catch {
            factBase = before
            emit(.diagnostic(error))
            return false
        }
        // Some line needs the general path (or a name is declared twice): start again from the
        // fact base as it was, with the whole file.
        factBase = before
        let bytes: [UInt8]
        do throws(Diagnostic) {
            bytes = try readFile(name)
        } catch {
            emit(.diagnostic(error))
            return false
        }
        if loader.foundDuplicateName {
            switch loadInBulk(SourceFile(name: name, bytes: bytes).bytes) {
            case .loaded: return true
            case .interrupted:
                emit(.diagnostic(Self.loadInterrupted))
                return false
            case .needsGeneralPath: break
            }
        }
        return run(SourceFile(name: name, bytes: bytes), emit: emit)
    }
}

/// Reads a file in pieces that end at a line end: what follows a piece's last newline is kept for
/// the next one, and a line longer than the chunk size makes the piece longer.
struct PieceReader {
    typealias Read = (UnsafeMutableRawBufferPointer) throws(Diagnostic) -> Int

    let chunkSize: Int
    /// The bytes after the last newline of the previous piece.
    private var carried: [UInt8] = []
    private var atEnd = false

    init(chunkSize: Int) {
        self.chunkSize = chunkSize
    }

    /// True once the file is read to its end (a last line may still be carried).
    var reachedEnd: Bool { atEnd }

    /// What was read but not yet given as a piece.
    mutating func takeRemainder() -> [UInt8] {
        defer { carried = [] }
        return carried
    }

    /// The next piece, read with `read`; nil at the end.
    mutating func next(_ read: Read) throws(Diagnostic) -> [UInt8]? {
        var piece = carried
        carried = []
        var searchedUpTo = 0
        while true {
            if let newline = piece[searchedUpTo...].lastIndex(of: UInt8(ascii: "\n")), piece.count >= chunkSize || atEnd {
                carried = Array(piece[(newline + 1)...])
                piece.removeSubrange((newline + 1)...)
                return piece
            }
            if atEnd { return piece.isEmpty ? nil : piece }
            searchedUpTo = piece.count
            try fill(&piece, upTo: max(chunkSize, piece.count * 2), read)
        }
    }

    /// Reads into `piece` until it holds `limit` bytes or the file ends, straight into a new
    /// array's storage (no zero-filling, no second copy).
    private mutating func fill(_ piece: inout [UInt8], upTo limit: Int, _ read: Read) throws(Diagnostic) {
        var failure: Diagnostic?
        var reachedEnd = false
        piece = [UInt8](unsafeUninitializedCapacity: limit) { buffer, initialized in
            var filled = piece.count
            _ = buffer.initialize(from: piece)
            while filled < limit && !reachedEnd {
                do throws(Diagnostic) {
                    let count = try read(UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[filled...]))
                    if count == 0 { reachedEnd = true } else { filled += count }
                } catch {
                    failure = error
                    break
                }
            }
            initialized = filled
        }
        if let failure { throw failure }
        if reachedEnd { atEnd = true }
    }
}
