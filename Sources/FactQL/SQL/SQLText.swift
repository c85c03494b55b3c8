/// Spelling values and names as SQL that both SQLite and PostgreSQL read the same way: standard
/// single-quoted strings with `''` for a quote, double-quoted identifiers, `TRUE`/`FALSE`.
enum SQLText {
    /// `'It''s'`. Backslashes stay as they are: both engines treat them as ordinary characters in
    /// standard strings. Control characters become `char(N)` (SQLite's; PostgreSQL calls it chr), so
    /// the SQL is plain text that is safe to show on a terminal and still gives the exact value.
    static func literal(_ text: String) -> String {
        var result = "'"
        for character in text.unicodeScalars {
            if character == "'" {
                result += "''"
            } else if TerminalText.needsEscape(character) {
                // Control characters as sqlite's char(N): the SQL stays plain text, safe on a
                // terminal, and the value is still exact.
                result += "' || char(\(character.value)) || '"
            } else {
                result.unicodeScalars.append(character)
            }
        }
        return result + "'"
    }

    static func literal(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }

    /// A number as an SQL literal, or nil when it has no SQL spelling (infinity, not-a-number).
    static func literal(decimal number: Double) -> String? {
        guard number.isFinite else { return nil }
        return FactBase.format(decimal: number)
    }

    /// `"member"`: a quoted identifier, so any column name (even a keyword) is safe.
    static func identifier(_ name: String) -> String {
        var result = "\""
        for character in name.unicodeScalars {
            if character == "\"" { result += "\"\"" } else { result.unicodeScalars.append(character) }
        }
        return result + "\""
    }

    /// A lower-case ASCII word made from `name` for generated aliases (`members`, `since`); empty
    /// when nothing of the name is usable.
    static func word(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "_": result.unicodeScalars.append(scalar)
            case "A"..."Z": result += String(scalar).lowercased()
            default: if !result.hasSuffix("_") && !result.isEmpty { result += "_" }
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        if let first = result.unicodeScalars.first, ("0"..."9").contains(first) { result = "n" + result }
        return result
    }

    /// A LIKE pattern matching `text` anywhere, with `!` as the escape character.
    static func containsPattern(_ text: String) -> String {
        var pattern = "%"
        for scalar in text.unicodeScalars {
            if scalar == "%" || scalar == "_" || scalar == "!" { pattern += "!" }
            pattern.unicodeScalars.append(scalar)
        }
        return literal(pattern + "%") + " ESCAPE '!'"
    }
}
