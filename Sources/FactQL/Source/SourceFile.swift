/// A piece of text the interpreter reads: a script, a fact file, a line typed in the REPL.
///
/// Everything downstream measures positions in UTF-8 byte offsets into `bytes`; line and column
/// are derived here, in one place, when a diagnostic is shown.
public struct SourceFile: Sendable {
    /// How the file is named in diagnostics (`queries.fq`), or nil for `-e` and the REPL,
    /// whose locations print as `LINE:COLUMN`.
    public let name: String?
    public let bytes: [UInt8]
    /// The line number of the first byte: the REPL numbers its inputs continuously.
    public let firstLine: Int

    /// A leading byte-order mark (as some editors write it) is no part of the text: it is dropped,
    /// so the first word and every column are read as the user sees them.
    public init(name: String?, bytes: [UInt8], firstLine: Int = 1) {
        self.name = name
        self.bytes = Self.hasByteOrderMark(bytes) ? Array(bytes.dropFirst(3)) : bytes
        self.firstLine = firstLine
    }

    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    public init(name: String?, text: String, firstLine: Int = 1) {
        self.init(name: name, bytes: Array(text.utf8), firstLine: firstLine)
    }

    /// The text of `span`, decoded leniently (invalid UTF-8 becomes U+FFFD).
    public func text(of span: SourceSpan) -> String {
        let start = max(0, min(span.start, bytes.count))
        let end = max(start, min(span.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The line (1-based, offset by `firstLine`) and column (1-based, in Unicode scalars) of `offset`.
    public func location(of offset: Int) -> SourcePosition {
        let clamped = max(0, min(offset, bytes.count))
        var line = firstLine
        var lineStart = 0
        var index = 0
        while index < clamped {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        index = lineStart
        while index < clamped {
            // Count scalars: continuation bytes (10xxxxxx) do not start a new one.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourcePosition(line: line, column: column, lineStart: lineStart)
    }

    /// Locates many offsets in one pass over the text (`.tokens` and `.ast` give the place of
    /// every token and node): `location(of:)` walks from the start each time, which is quadratic
    /// over a long input.
    public func locator() -> SourceLocator { SourceLocator(self) }

    /// The byte range of the line that contains `offset`, without its newline.
    public func lineRange(containing offset: Int) -> Range<Int> {
        let clamped = max(0, min(offset, bytes.count))
        var start = clamped
        while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = clamped
        while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }
}

/// A half-open range of UTF-8 byte offsets into a `SourceFile`.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(start)..<\(end)" }
}

public struct SourcePosition: Hashable, Sendable {
    public let line: Int
    public let column: Int
    /// Byte offset where the line begins.
    public let lineStart: Int
}

/// Line and column of any offset of a source in O(log lines + 64): the start of every line, and
/// the number of Unicode scalars before every 64th byte, are counted once.
public struct SourceLocator: Sendable {
    private let bytes: [UInt8]
    private let firstLine: Int
    private var lineStarts: [Int] = [0]
    /// `scalarCheckpoints[k]` is the number of scalars that start in `bytes[0 ..< 64 k]`.
    private var scalarCheckpoints: [Int] = [0]
    private static let checkpointStride = 64

    init(_ source: SourceFile) {
        bytes = source.bytes
        firstLine = source.firstLine
        var scalars = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") { lineStarts.append(index + 1) }
            if byte & 0xC0 != 0x80 { scalars += 1 }
            if (index + 1) % Self.checkpointStride == 0 { scalarCheckpoints.append(scalars) }
        }
    }

    /// The same as `SourceFile.location(of:)`.
    public func location(of offset: Int) -> SourcePosition {
        let clamped = max(0, min(offset, bytes.count))
        // The last line start at or before the offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        let lineStart = lineStarts[low]
        let column = scalars(before: clamped) - scalars(before: lineStart) + 1
        return SourcePosition(line: firstLine + low, column: column, lineStart: lineStart)
    }

    private func scalars(before offset: Int) -> Int {
        let checkpoint = offset / Self.checkpointStride
        var count = scalarCheckpoints[min(checkpoint, scalarCheckpoints.count - 1)]
        var index = checkpoint * Self.checkpointStride
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }
}
