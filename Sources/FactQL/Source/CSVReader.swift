/// Reads comma-separated values as RFC 4180 writes them, record by record, from UTF-8 bytes.
///
/// - A field is written as is, or in double quotes; a quoted field may hold commas, line ends
///   and quotes, each quote written twice (`"say ""yes"""`).
/// - A record ends at a line end: LF, or CR LF. A CR anywhere else is part of its field.
/// - A line with nothing on it is no record (a file's last line end, a blank line between
///   records); a line holding `""` is one empty field.
/// - Spaces are part of a field: ` a ` is three characters, and a quote after a space is a
///   quote inside an unquoted field, which is an error.
///
/// Every field keeps its byte span in the input, so an error points at its line and column
/// (`SourceFile.location(of:)` counts them, in one place). A byte-order mark is dropped by
/// `SourceFile`, before the reader sees the bytes. The reader never fails on its own: a malformed
/// field throws a `Diagnostic` with a span and no source, which the caller places in its file.
struct CSVReader {
    /// One field: where it was written and where its text is.
    struct Field: Sendable, Equatable {
        /// The field as written, quotes included: what an error points at.
        var span: SourceSpan
        /// Its text, inside the quotes for a quoted field.
        var content: Range<Int>
        var isQuoted: Bool
        /// A quoted field whose text holds `""`, to be read as one quote.
        var hasDoubledQuotes: Bool
    }

    let bytes: [UInt8]
    /// Where the next record starts.
    private(set) var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads the next record into `fields` (emptied first); false at the end of the input.
    mutating func nextRecord(into fields: inout [Field]) throws(Diagnostic) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        // Blank lines hold no record.
        while position < count {
            if bytes[position] == UInt8(ascii: "\n") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "\r") && position + 1 < count && bytes[position + 1] == UInt8(ascii: "\n") {
                position += 2
            } else if bytes[position] == UInt8(ascii: "\r") && position + 1 == count {
                position += 1
            } else {
                break
            }
        }
        if position >= count { return false }
        var cursor = position
        try bytes.withUnsafeBufferPointer { (buffer) throws(Diagnostic) in
            while true {
                let field = try Self.field(in: buffer, at: cursor)
                fields.append(field)
                cursor = field.span.end
                // After a field: a comma and another field, or the end of the record.
                if cursor < count && buffer[cursor] == UInt8(ascii: ",") {
                    cursor += 1
                    continue
                }
                cursor = Self.afterLineEnd(in: buffer, at: cursor)
                return
            }
        }
        position = cursor
        return true
    }

    /// The offset after the line end at `offset` (LF or CR LF), or `offset` itself at the end of
    /// the input. A field ends only at a comma, a line end or the end of the input.
    private static func afterLineEnd(in buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        if offset < buffer.count && buffer[offset] == UInt8(ascii: "\r") { return min(offset + 2, buffer.count) }
        if offset < buffer.count && buffer[offset] == UInt8(ascii: "\n") { return offset + 1 }
        return offset
    }

    /// Whether a CR at `offset` ends the line: it does before an LF or at the end of the input.
    @inline(__always)
    private static func isLineEndCR(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        offset + 1 == buffer.count || buffer[offset + 1] == UInt8(ascii: "\n")
    }

    /// The field that starts at `start`.
    private static func field(in buffer: UnsafeBufferPointer<UInt8>, at start: Int) throws(Diagnostic) -> Field {
        let count = buffer.count
        if start < count && buffer[start] == UInt8(ascii: "\"") { return try quotedField(in: buffer, at: start) }
        var end = start
        while end < count {
            let byte = buffer[end]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\r") && isLineEndCR(buffer, end) { break }
            if byte == UInt8(ascii: "\"") {
                var fieldEnd = end
                while fieldEnd < count && buffer[fieldEnd] != UInt8(ascii: ",") && buffer[fieldEnd] != UInt8(ascii: "\n") {
                    fieldEnd += 1
                }
                // The field as it should be written, shortened when long.
                var written = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<fieldEnd]), as: UTF8.self)
                    .replacing("\r", with: "")
                if written.count > 40 { written = String(written.prefix(40)) + "..." }
                throw Diagnostic(
                    message: "a quote inside a field that does not start with one", span: SourceSpan(start: end, end: end + 1),
                    notes: [
                        "a field that holds a quote is written in quotes, with each of its quotes written twice: "
                            + Self.quoted(written)
                    ])
            }
            end += 1
        }
        return Field(span: SourceSpan(start: start, end: end), content: start..<end, isQuoted: false, hasDoubledQuotes: false)
    }

    private static func quotedField(in buffer: UnsafeBufferPointer<UInt8>, at start: Int) throws(Diagnostic) -> Field {
        let count = buffer.count
        var cursor = start + 1
        var doubled = false
        while cursor < count {
            if buffer[cursor] != UInt8(ascii: "\"") {
                cursor += 1
                continue
            }
            if cursor + 1 < count && buffer[cursor + 1] == UInt8(ascii: "\"") {
                doubled = true
                cursor += 2
                continue
            }
            // The closing quote: a comma, a line end or the end of the input must follow.
            let end = cursor + 1
            if end < count {
                let next = buffer[end]
                let endsField =
                    next == UInt8(ascii: ",") || next == UInt8(ascii: "\n")
                    || (next == UInt8(ascii: "\r") && isLineEndCR(buffer, end))
                if !endsField {
                    throw Diagnostic(
                        message: "after the closing quote of a field, expected a comma or the end of the line, found \(describe(buffer, at: end))",
                        span: SourceSpan(start: end, end: min(count, end + scalarLength(buffer[end]))),
                        notes: ["a quote inside a quoted field is written twice: \"say \"\"yes\"\"\""])
                }
            }
            return Field(
                span: SourceSpan(start: start, end: end), content: (start + 1)..<cursor, isQuoted: true,
                hasDoubledQuotes: doubled)
        }
        throw Diagnostic(
            message: "this quoted field is not closed: the file ends inside it", span: SourceSpan(start: start, end: start + 1),
            notes: ["a quoted field ends at a quote followed by a comma or a line end; a quote inside it is written twice"])
    }

    /// The text of `field`, with a doubled quote read as one.
    func text(of field: Field) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            let content = UnsafeBufferPointer(rebasing: buffer[field.content])
            guard field.hasDoubledQuotes else { return String(decoding: content, as: UTF8.self) }
            var unescaped: [UInt8] = []
            unescaped.reserveCapacity(content.count)
            var index = 0
            while index < content.count {
                unescaped.append(content[index])
                // Inside a quoted field every quote comes doubled.
                index += content[index] == UInt8(ascii: "\"") ? 2 : 1
            }
            return String(decoding: unescaped, as: UTF8.self)
        }
    }

    /// The bytes of `field`'s text when it holds no doubled quote (no copy is made).
    func withContent<Result>(of field: Field, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard !field.hasDoubledQuotes else { return nil }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[field.content])) }
    }

    /// `text` as a quoted CSV field.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    private static func describe(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
        let byte = buffer[offset]
        if byte == UInt8(ascii: " ") { return "a space" }
        if byte == UInt8(ascii: "\t") { return "a tab" }
        if byte == UInt8(ascii: "\"") { return "a quote" }
        if byte == UInt8(ascii: "\r") { return "a carriage return" }
        let end = min(buffer.count, offset + scalarLength(byte))
        return "'" + String(decoding: UnsafeBufferPointer(rebasing: buffer[offset..<end]), as: UTF8.self) + "'"
    }

    /// How many bytes the UTF-8 sequence that starts with `byte` takes.
    private static func scalarLength(_ byte: UInt8) -> Int {
        switch byte {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}
