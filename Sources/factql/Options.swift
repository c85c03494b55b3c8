import FactQL

/// The command line, as pinned in the design:
///
///     factql                          REPL over the built-in fact base
///     factql FILE...                  run script files in order, then exit
///     factql -e 'QUERY' [-e ...]      run statements given on the command line, then exit
///     factql --facts FILE             load a fact file (repeatable); --empty starts with no built-in facts
///     factql --database FILE|URL      keep the fact base in an SQLite file (created when missing) or
///                                     a PostgreSQL database (postgresql://...)
///     factql --format table|csv|json  output format
///     factql -i FILE                  run FILE, then start the REPL (as `python -i`)
///     factql --init FILE, --no-init   the REPL's start-up file, or none
///     factql --help, --version
struct Options {
    enum Input: Equatable {
        case file(String)
        case expression(String)
    }

    var inputs: [Input] = []
    var factFiles: [String] = []
    var empty = false
    /// `--database FILE|URL`: the SQLite file or PostgreSQL database the fact base is read from
    /// and written to.
    var database: String?
    var format: String?
    var keepGoing = false
    var timeLimit: TimeLimit?
    /// `-i`: start the REPL after the inputs instead of exiting.
    var interactive = false
    /// `--init FILE`: the start-up file the REPL runs instead of the usual one.
    var initFile: String?
    /// `--no-init`: the REPL runs no start-up file.
    var noInit = false
    var showHelp = false
    var showVersion = false

    struct UsageError: Error {
        var message: String
        var suggestion: String?
    }

    static let optionNames = [
        "-e", "--execute", "--facts", "--database", "--empty", "--format", "--keep-going", "--timeout", "-i", "--interactive", "--init",
        "--no-init", "--help", "--version",
    ]

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        var onlyFiles = false
        func value(for option: String, inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            index += 1
            guard index < arguments.count else { throw UsageError(message: "\(option) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if onlyFiles || !argument.hasPrefix("-") || argument == "-" {
                options.inputs.append(.file(argument))
                index += 1
                continue
            }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--":
                onlyFiles = true
            case "-e", "--execute":
                options.inputs.append(.expression(try value(for: name, inline: inlineValue)))
            case "--facts":
                options.factFiles.append(try value(for: name, inline: inlineValue))
            case "--database":
                options.database = try value(for: name, inline: inlineValue)
            case "--format":
                let format = try value(for: name, inline: inlineValue)
                guard ["table", "csv", "json"].contains(format) else {
                    throw UsageError(message: "unknown format '\(format)': choose table, csv or json")
                }
                options.format = format
            case "--timeout":
                let text = try value(for: name, inline: inlineValue)
                guard let limit = TimeLimit(parsing: text) else {
                    throw UsageError(message: "bad --timeout '\(text)': \(TimeLimit.rule)")
                }
                options.timeLimit = limit
            case "--init":
                options.initFile = try value(for: name, inline: inlineValue)
            case "-i", "--interactive": options.interactive = true
            case "--no-init": options.noInit = true
            case "--empty": options.empty = true
            case "--keep-going": options.keepGoing = true
            case "-h", "--help": options.showHelp = true
            case "-V", "--version": options.showVersion = true
            default:
                let nearest = Self.nearestOption(to: name)
                throw UsageError(message: "unknown option '\(argument)'", suggestion: nearest)
            }
            index += 1
        }
        return options
    }

    /// The option a typo away (`--verison`: `--version`), else the one it begins or ends
    /// (`--tim`: `--timeout`).
    static func nearestOption(to written: String) -> String? {
        let long = optionNames.filter { $0.hasPrefix("--") }
        if written.hasPrefix("--"), let nearest = Suggestions.nearest(to: written, among: long).first { return nearest }
        return long.first { $0.hasPrefix(written) } ?? long.first { written.hasPrefix($0) }
    }

    static let help = """
        factql: questions over a fact base, in a small English-like language

        USAGE:
          factql                          start the REPL over the built-in fact base
          factql FILE...                  run script files in order, then exit (- is standard input)
          factql -e 'QUERY' [-e ...]      run statements given on the command line, then exit
          factql -i FILE                  run FILE, then start the REPL
          echo 'count countries' | factql run standard input as a script

        OPTIONS:
          -e, --execute STATEMENT   run STATEMENT (repeatable; in order with FILEs)
          --facts FILE              load a fact file before anything else (repeatable)
          --empty                   start with no built-in facts
          --database FILE|URL       keep the fact base in the SQLite database FILE (created when missing)
                                    or the PostgreSQL database postgresql://USER@HOST/DB names: what it
                                    holds is read at start, and every change is written to it
                                    (--facts files are loaded into it)
          --format table|csv|json   output format (default table; JSON prints one object per line)
          --keep-going              in scripts, go on after a failed statement (exit status still 1)
          --timeout SECONDS         stop any query that runs longer than SECONDS (the REPL's .timeout)
          -i, --interactive         after the FILEs and -e statements, start the REPL instead of exiting
          --init FILE               the REPL's start-up file, instead of $XDG_CONFIG_HOME/factql/factqlrc
                                    (~/.config/factql/factqlrc) or ~/.factqlrc
          --no-init                 the REPL runs no start-up file
          -h, --help                show this help
          -V, --version             show the version

        EXIT STATUS:
          0 every statement ran; 1 a statement failed; 2 bad command-line usage

        EXAMPLES:
          factql -e 'members of CSTO where status = frozen'
          factql --format json -e 'count members of CSTO'
          factql --empty --facts my.facts queries.fq
          factql --database kb.db --facts my.facts      (then: factql --database kb.db)
          factql -i setup.fq

        The start-up file is run by the REPL only, not by scripts or -e. In the REPL, .help lists
        the meta-commands.
        """
}
