/// Finding invalid UTF-8, so that bad input is reported with its byte offset instead of being
/// decoded into replacement characters and misread.
extension SourceFile {
    /// The offset of the first byte in `range` (the whole file by default) that does not start a
    /// well-formed UTF-8 sequence, or nil when the text is valid. Overlong forms, surrogates and
    /// code points past U+10FFFF are invalid, as in Unicode's definition.
    public func firstInvalidUTF8Offset(in range: Range<Int>? = nil) -> Int? {
        Self.firstInvalidUTF8Offset(in: bytes, range: range ?? 0..<bytes.count)
    }

    static func firstInvalidUTF8Offset(in bytes: [UInt8], range: Range<Int>) -> Int? {
        let end = min(range.upperBound, bytes.count)
        var index = max(0, range.lowerBound)
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            // The second byte's range depends on the first (Unicode table 3-7).
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                second = 0xA0...0xBF
            case 0xED:
                length = 3
                second = 0x80...0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0:
                length = 4
                second = 0x90...0xBF
            case 0xF4:
                length = 4
                second = 0x80...0x8F
            case 0xF1...0xF3: length = 4
            default: return index
            }
            guard index + length <= end, second.contains(bytes[index + 1]) else { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }

    /// The error for invalid UTF-8 at `offset` of `bytes` (not yet placed in a file).
    static func invalidUTF8Diagnostic(in bytes: [UInt8], at offset: Int) -> Diagnostic {
        let byte = offset < bytes.count ? bytes[offset] : 0
        let hex = String(byte, radix: 16, uppercase: true)
        return Diagnostic(
            message: "invalid UTF-8 at byte \(offset)", span: SourceSpan(start: offset, end: offset + 1),
            notes: ["byte \(offset) (counting from 0) is 0x\(hex.count == 1 ? "0" + hex : hex); FactQL reads UTF-8 text only"])
    }
}
