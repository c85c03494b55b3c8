/// PostgreSQL connection URLs (`postgresql://user:password@host:port/database?param=value`) as
/// they may be shown: in messages, and in the REPL's history, without their password.
public enum DatabaseURL {
    static let schemes = ["postgresql://", "postgres://"]

    /// True for a PostgreSQL connection URL rather than a file's path.
    public static func isPostgres(_ text: String) -> Bool { schemes.contains { text.hasPrefix($0) } }

    /// `url` without its password: the one after the user name (`user:secret@`, as libpq reads
    /// it: up to the first `@` before any `/`), and any `password=` parameter. Other text is
    /// returned as it is.
    public static func redacted(_ url: String) -> String {
        guard let scheme = schemes.first(where: { url.hasPrefix($0) }) else { return url }
        var rest = Substring(url.dropFirst(scheme.count))
        if let at = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[at] == "@" {
            let userInfo = rest[..<at]
            let user = userInfo.prefix { $0 != ":" }
            rest = user + rest[at...]
        }
        if let question = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: question)...]
            let kept = query.split(separator: "&", omittingEmptySubsequences: false).filter { !$0.hasPrefix("password=") }
            rest = rest[..<question] + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        return scheme + rest
    }

    /// `text` (a line typed at the REPL) with every PostgreSQL URL in it redacted: a URL runs
    /// from its scheme to the next blank or quote.
    public static func redactingPasswords(in text: String) -> String {
        guard text.contains("postgres") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = nextURL(in: rest) {
            result += rest[..<start]
            let end = rest[start...].firstIndex { $0.isWhitespace || $0 == "\"" || $0 == "'" } ?? rest.endIndex
            result += redacted(String(rest[start..<end]))
            rest = rest[end...]
        }
        return result + rest
    }

    private static func nextURL(in text: Substring) -> Substring.Index? {
        var search = text.startIndex
        while let found = text[search...].firstRange(of: "postgres") {
            if schemes.contains(where: { text[found.lowerBound...].hasPrefix($0) }) { return found.lowerBound }
            search = found.upperBound
        }
        return nil
    }
}
