/// Makes text safe to show on a terminal: control characters from input or fact files never reach
/// the terminal raw, they are shown as Swift-style escapes (`\u{1b}`).
public enum TerminalText {
    public static func escape(_ text: String) -> String {
        // Fast path: nothing to escape in most text.
        if !text.unicodeScalars.contains(where: needsEscape) { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                result += "    "
            } else if needsEscape(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// What must not reach a terminal raw: C0 controls (tab is expanded instead), DEL and the C1
    /// controls, which act on the terminal; and the characters that show as nothing or as a
    /// plain space: line and paragraph separators (U+2028, U+2029), every space but the ASCII one
    /// (no-break, thin, ideographic, ...), and format characters (general category Cf: the bidi
    /// controls, zero-width spaces and joiners, soft hyphen, byte-order mark, tags). Escaped,
    /// `a\u{a0}b` and `a b` no longer look like one name. Every output path escapes through here.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value < 0x20 || value == 0x7F }
        if value < 0xA0 { return true }
        switch scalar.properties.generalCategory {
        case .lineSeparator, .paragraphSeparator, .spaceSeparator, .format: return true
        default: return false
        }
    }

    /// Columns taken on a terminal: one per scalar, except combining marks (zero) and East Asian
    /// wide characters (two). Good enough for aligning tables and carets.
    public static func displayWidth(of text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (0x0300...0x036F).contains(value) || (0x200B...0x200F).contains(value) || value == 0xFE0F {
                continue
            }
            if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFF00...0xFF60).contains(value) || (0x1F300...0x1FAFF).contains(value)
                || (0x20000...0x3FFFD).contains(value)
            {
                width += 2
            } else {
                width += 1
            }
        }
        return width
    }
}
