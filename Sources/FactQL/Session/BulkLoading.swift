/// Large fact files: the bulk loader's fast path, with the general path behind it.
extension Session {
    /// Input at least this large is first tried with the bulk loader; smaller input is quick to
    /// parse anyway. Tests lower it to compare both paths on small files.
    static let defaultBulkLoadThreshold = 1 << 18

    /// How much of a file `run(fileNamed:)` reads at a time.
    static let defaultFileChunkSize = 1 << 20

    /// Loads `bytes` with the bulk loader if every line allows it; false (with the fact base as
    /// it was) when the general path must run instead.
    func loadInBulk(_ bytes: [UInt8]) -> Bool {
        let before = factBase
        var loader = BulkLoader()
        var used = bytes.withUnsafeBufferPointer { loader.load($0, into: &factBase, isFinal: true) }
        if used == nil && loader.foundDuplicateName {
            // A name is declared twice: again, looking each declared name up as it comes.
            factBase = before
            loader = BulkLoader(keysEachEntity: true)
            used = bytes.withUnsafeBufferPointer { loader.load($0, into: &factBase, isFinal: true) }
        }
        if used == bytes.count { return true }
        factBase = before
        return false
    }

    /// Runs a file that `read` supplies piece by piece (it fills the buffer it is given and
    /// returns the number of bytes, 0 at the end). A large file in the bulk form then loads
    /// without ever being held whole in memory; anything else is read whole, with `readFile`,
    /// and goes through `run(_:emit:)`, so the outcome is the same either way. `size`, when
    /// known, lets the fact base make room for the file at once.
    ///
    /// A successful bulk load emits nothing: its definitions would each emit `.defined`, which
    /// shows as nothing.
    @discardableResult
    public func run(
        fileNamed name: String, size: Int? = nil, emit: (Event) -> Void,
        read: (UnsafeMutableRawBufferPointer) throws(Diagnostic) -> Int
    ) -> Bool {
        var buffer = [UInt8](repeating: 0, count: fileChunkSize)
        var filled = 0
        var atEnd = false
        /// Fills the buffer from `filled` on, until it is full or the file ends.
        func fill() throws(Diagnostic) {
            while filled < buffer.count && !atEnd {
                var failure: Diagnostic?
                let count = buffer.withUnsafeMutableBytes { raw in
                    do throws(Diagnostic) {
                        return try read(UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                    } catch {
                        failure = error
                        return 0
                    }
                }
                if let failure { throw failure }
                if count == 0 { atEnd = true } else { filled += count }
            }
        }
        let before = factBase
        var loaderFoundDuplicateName = false
        do throws(Diagnostic) {
            try fill()
            if atEnd {
                // Small enough to read whole: the ordinary path (which tries the bulk loader too).
                buffer.removeSubrange(filled...)
                return run(SourceFile(name: name, bytes: buffer), emit: emit)
            }
            var loader = BulkLoader()
            if let size { loader.reserve(forBytes: size, in: &factBase) }
            while true {
                let used = buffer.withUnsafeBufferPointer { bytes in
                    loader.load(UnsafeBufferPointer(rebasing: bytes[..<filled]), into: &factBase, isFinal: atEnd)
                }
                guard let used else {
                    loaderFoundDuplicateName = loader.foundDuplicateName
                    break
                }
                if atEnd && used == filled { return true }
                // Keep the unfinished line; a line longer than the buffer makes it grow.
                buffer.withUnsafeMutableBufferPointer { bytes in
                    for index in used..<filled { bytes[index - used] = bytes[index] }
                }
                filled -= used
                if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
                try fill()
            }
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
        if loaderFoundDuplicateName && loadInBulk(bytes) { return true }
        return run(SourceFile(name: name, bytes: bytes), emit: emit)
    }
}
