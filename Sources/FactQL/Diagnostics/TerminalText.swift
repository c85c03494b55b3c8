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

    /// C0 controls (except tab, which is expanded), DEL, C1 controls, and the bidirectional overrides.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (value >= 0x7F && value < 0xA0) || (value >= 0x202A && value <= 0x202E)
            || (value >= 0x2066 && value <= 0x2069)
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
