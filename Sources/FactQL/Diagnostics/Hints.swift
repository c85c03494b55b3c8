/// Hints for the habits people bring from other shells (sqlite3, psql, Prolog) and for misspelt
/// keywords: what factql calls the thing they typed, or the statement they probably meant.
///
/// The parser and the analyzer say what is wrong; this adds, afterwards, what was likely meant,
/// from the text of the line. A hint that proposes a rewrite is only given when the rewritten line
/// parses (and, for a query, passes analysis), so it never suggests something that fails too.
struct Hints {
    let factBase: FactBase

    /// Lines longer than this get no rewriting hints (each one parses the line again).
    static let maximumLineLength = 1000

    /// `diagnostics` with hints added; each hint at most once per line, on the line's first
    /// diagnostic that it fits.
    func amend(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var given: Set<String> = []
        return diagnostics.map { diagnostic in
            var amended = diagnostic
            guard let source = diagnostic.source, let span = diagnostic.span, diagnostic.severity == .error else { return amended }
            let line = source.lineRange(containing: span.start)
            for note in habitNotes(source: source, line: line, span: span) where given.insert("\(line.lowerBound) \(note)").inserted {
                amended.notes.append(note)
            }
            for suggestion in rewrites(diagnostic, source: source, line: line, span: span)
            where !amended.suggestions.contains(suggestion) {
                amended.suggestions.append(suggestion)
            }
            if diagnostic.message.hasPrefix("unknown role"), Self.isFollowedByOf(source: source, span: span) {
                // `membrs of CSTO`: the suggestion reads as the words to type.
                amended.suggestions = amended.suggestions.map { $0.hasSuffix(" of") ? $0 : $0 + " of" }
            }
            return amended
        }
    }

    func amend(_ diagnostic: Diagnostic) -> Diagnostic {
        amend([diagnostic])[0]
    }

    // MARK: Habits of other shells

    /// What other shells' commands are called here, for a line typed as one of them.
    private func habitNotes(source: SourceFile, line: Range<Int>, span: SourceSpan) -> [String] {
        let text = Self.trimmed(source.text(of: SourceSpan(start: line.lowerBound, end: line.upperBound)))
        let lowered = text.lowercased()
        switch lowered {
        case "help", "?": return ["meta-commands start with a dot: .help lists them"]
        case "quit", "exit", "bye": return ["to leave, type .quit or .exit (meta-commands start with a dot), or press Ctrl-D"]
        default: break
        }
        if lowered.hasPrefix("\\") {
            let command = String(lowered.dropFirst().prefix { !$0.isWhitespace })
            return [Self.psqlNote(for: command)]
        }
        let firstWord = lowered.prefix { $0.isLetter }
        if ["select", "insert", "update", "delete", "create", "drop"].contains(String(firstWord)) {
            return [
                "factql is not SQL: ask in its own words, such as 'members of CSTO where status = frozen'; "
                    + ".sql QUERY shows the SQL of a query"
            ]
        }
        if Self.isTrailingDot(source: source, line: line, span: span) {
            return ["a statement ends at the end of its line or at ';', not at '.' (as in Prolog): remove it"]
        }
        return []
    }

    /// psql's backslash commands, by factql's names.
    private static func psqlNote(for command: String) -> String {
        let equivalent: String? =
            switch command {
            case "q": ".quit (or .exit, or Ctrl-D)"
            case "?", "h", "help": ".help"
            case "d", "d+", "dt", "dt+": ".schema (and .entities)"
            case "i", "ir", "include": ".load FILE"
            case "timing": ".timer on"
            default: nil
            }
        guard let equivalent else { return "factql's meta-commands start with a dot, not a backslash: .help lists them" }
        return "psql's \\\(command) is \(equivalent) here: factql's meta-commands start with a dot"
    }

    /// The error is at a `.` that ends the line.
    private static func isTrailingDot(source: SourceFile, line: Range<Int>, span: SourceSpan) -> Bool {
        let bytes = source.bytes
        guard span.start >= line.lowerBound, span.start < line.upperBound, bytes[span.start] == UInt8(ascii: ".") else { return false }
        return bytes[(span.start + 1)..<line.upperBound].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    // MARK: Rewrites

    /// Lines that parse where the written one did not: a keyword for a misspelt one (`were`:
    /// `where`), or `of` after a role that lacks it (`members CSTO`: `members of CSTO`).
    private func rewrites(_ diagnostic: Diagnostic, source: SourceFile, line: Range<Int>, span: SourceSpan) -> [String] {
        guard line.count <= Self.maximumLineLength, span.start >= line.lowerBound, span.end <= line.upperBound else { return [] }
        let written = source.text(of: span)
        guard Self.isWord(written) else { return [] }
        let isSyntaxError = diagnostic.message.hasPrefix("expected")
        guard isSyntaxError || diagnostic.message.hasPrefix("unknown") else { return [] }
        let before = source.text(of: SourceSpan(start: line.lowerBound, end: span.start))
        let after = source.text(of: SourceSpan(start: span.end, end: line.upperBound))
        var found: [String] = []
        if written.count >= 3, Keyword(rawValue: written.lowercased()) == nil {
            let keywords = Suggestions.nearest(to: written, among: Keyword.allCases.map(\.rawValue))
            // After a name the analyzer did not know, only a rewrite that runs whole counts
            // (`Nowhere` is no misspelt `where`).
            found += keywords.filter {
                accepts(before + $0 + after, fixing: isSyntaxError ? (span.start - line.lowerBound, $0) : nil)
            }
        }
        // `members CSTO`: the role's `of` left out (a role noun, then a name where the statement
        // should end).
        if isSyntaxError, let previous = Self.lastWord(of: before), Keyword(rawValue: previous.lowercased()) == nil {
            let rewritten = before + "of " + written + after
            if accepts(rewritten, fixing: nil) {
                found.append("\(previous) of \(written)")
            } else if previous.count >= 3 {
                // `shwo Armenia`: the word before is the misspelt keyword.
                let kept = String(before.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
                let head = String(kept.dropLast(previous.count))
                let blanks = String(before.dropFirst(kept.count))
                found += Suggestions.nearest(to: previous, among: Keyword.allCases.map(\.rawValue)).filter {
                    accepts(head + $0 + blanks + written + after, fixing: nil)
                }
            }
        }
        return found
    }

    /// True when `line` parses and, as one query or question, passes analysis; with `offset`
    /// (what the rewrite fixed), a line whose first error comes after it is accepted too: a
    /// rewrite that only gets further (`wher` to `where`, the condition still to come) helps.
    private func accepts(_ line: String, fixing replaced: (offset: Int, keyword: String)?) -> Bool {
        let source = SourceFile(name: nil, text: line)
        var parser = Parser(source: source)
        let statements = parser.parseScript()
        if let first = parser.diagnostics.first {
            guard let replaced, let start = first.span?.start else { return false }
            // Past the keyword, or at it but wanting what comes after it.
            return start > replaced.offset || (start == replaced.offset && !first.message.contains("found '\(replaced.keyword)'"))
        }
        do throws(Diagnostic) {
            for statement in statements {
                switch statement {
                case .query(let query): _ = try Analyzer(factBase: factBase).plan(query)
                case .question(let question): _ = try Analyzer(factBase: factBase).plan(question)
                default: break
                }
            }
            return !statements.isEmpty
        } catch {
            return false
        }
    }

    // MARK: Meta-commands

    /// For an unknown meta-command: what sqlite3's commands are called here, and the nearest
    /// names by edit distance.
    static func metaCommand(named name: String, among names: [String]) -> (notes: [String], suggestions: [String]) {
        let lowered = name.lowercased()
        switch lowered {
        case "tables", "table", "indexes", "indices":
            return (["sqlite3's .\(lowered) is .schema here (kinds and relations), and .entities lists the entities"], [".schema", ".entities"])
        case "q":
            return (["sqlite3's .q is .quit here (or .exit, or Ctrl-D)"], [".quit"])
        case "read":
            return (["sqlite3's .read is .load here"], [".load"])
        default:
            return (["type .help for the list"], nearestNames(to: lowered, among: names).map { "." + $0 })
        }
    }

    /// The names at the smallest edit distance from `written`, when it is at most half its length
    /// (and at least 2): `.tim` finds `.timer`, `.lod` finds `.load`.
    static func nearestNames(to written: String, among names: [String]) -> [String] {
        let target = Array(written.unicodeScalars)
        guard target.count <= 40 else { return [] }
        let limit = max(2, target.count / 2)
        var best = limit + 1
        var found: [String] = []
        for name in names where name != written {
            let distance = Suggestions.editDistance(target, Array(name.unicodeScalars), cutoff: best)
            if distance < best {
                best = distance
                found = [name]
            } else if distance == best && !found.contains(name) {
                found.append(name)
            }
        }
        return best <= limit ? found.sorted() : []
    }

    // MARK: Text

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last == ";" || last.isWhitespace { text.removeLast() }
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        return String(text)
    }

    private static func isWord(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" }
    }

    /// The last word of `text` when nothing but blanks follows it.
    private static func lastWord(of text: String) -> String? {
        let kept = text.reversed().drop { $0 == " " || $0 == "\t" }
        guard kept.count < text.count else { return nil }  // a blank must separate the two words
        let word = String(kept.prefix { $0.isLetter || $0 == "_" }.reversed())
        return isWord(word) ? word : nil
    }

    /// `of` follows the span, after blanks, as a word of its own.
    private static func isFollowedByOf(source: SourceFile, span: SourceSpan) -> Bool {
        let bytes = source.bytes
        var index = span.end
        while index < bytes.count && (bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")) { index += 1 }
        guard index > span.end, index + 2 <= bytes.count, bytes[index] | 0x20 == UInt8(ascii: "o"), bytes[index + 1] | 0x20 == UInt8(ascii: "f")
        else { return false }
        return index + 2 == bytes.count || !(bytes[index + 2] | 0x20 >= UInt8(ascii: "a") && bytes[index + 2] | 0x20 <= UInt8(ascii: "z"))
    }
}
