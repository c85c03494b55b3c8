/// Bytes in memory read piece by piece, as `Session.run(fileNamed:)` reads a file (from the
/// loader's reading thread, one call at a time): for the fuzz target and the tests that compare
/// the streamed load with the others.
public final class ByteFeeder: @unchecked Sendable {
    let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Fills `buffer` with the next bytes; the count, 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        buffer.copyBytes(from: bytes[offset..<(offset + count)])
        offset += count
        return count
    }
}
