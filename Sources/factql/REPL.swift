import FactQL

/// The interactive loop: prompt, read a statement (over several lines while it is incomplete),
/// run it, never exit on an error.
struct REPL {
    let host: Host
    var lineNumber = 1

    init(host: Host) {
        self.host = host
    }

    mutating func run(version: String) -> Int32 {
        let base = host.session.factBase
        Terminal.write(
            "factql \(version): \(base.entityCount) entities, \(base.factCount) facts, \(base.sources.count) sources. Type .help for help.\n",
            to: 1)
        var pending = ""
        while !host.quitRequested {
            Terminal.write(pending.isEmpty ? "factql> " : "   ...> ", to: 1)
            guard let line = readLine(strippingNewline: true) else { break }
            pending += pending.isEmpty ? line : "\n" + line
            if Self.needsMoreInput(pending) { continue }
            let statement = pending
            pending = ""
            if statement.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            host.run(SourceFile(name: nil, text: statement, firstLine: lineNumber))
            lineNumber += statement.split(separator: "\n", omittingEmptySubsequences: false).count
        }
        return 0
    }

    /// A statement goes on while a bracket is open or the last line ends with a word such as
    /// `where`; meta-commands are always one line.
    static func needsMoreInput(_ text: String) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix(".") { return false }
        return Lexer(bytes: Array(text.utf8)).isIncomplete
    }
}
