import FactQL

#if canImport(Glibc)
    import Glibc
#endif

/// The entry point: parse the command line, set up a session, feed it input, choose the exit status.
@main
enum FactQLTool {
    static let version = "0.1.0"

    static func main() {
        LargeStack.run(runAndExit)
    }

    static func runAndExit() {
        var status = run(Array(CommandLine.arguments.dropFirst()))
        // Output that could not be written is a failure, whatever the statements did. (A closed
        // pipe, as with `| head -1`, ends the process by SIGPIPE before this, quietly.)
        if let error = Terminal.standardOutputError {
            Terminal.write("error: cannot write to standard output: \(Terminal.errorText(error))\n", to: 2)
            status = 1
        }
        exit(status)
    }

    static func run(_ arguments: [String]) -> Int32 {
        let options: Options
        do {
            options = try Options.parse(arguments)
        } catch {
            var message = "error: \(error.message)\n"
            if let suggestion = error.suggestion { message += "  = did you mean \(suggestion)?\n" }
            message += "  = try 'factql --help'\n"
            Terminal.write(message, to: 2)
            return 2
        }
        if options.showHelp {
            Terminal.write(Options.help + "\n", to: 1)
            return 0
        }
        if options.showVersion {
            Terminal.write("factql \(version)\n", to: 1)
            return 0
        }

        // A database holds the whole fact base: the built-in one is not loaded beside it.
        let session = Session(builtInFacts: !options.empty && options.database == nil)
        session.keepGoing = options.keepGoing
        session.timeLimit = options.timeLimit
        if let format = options.format.flatMap(OutputFormat.init(rawValue:)) { session.format = format }
        let host = Host(session: session)
        if let database = options.database {
            do throws(Diagnostic) {
                try session.openDatabase(database)
            } catch {
                host.report(error)
                return 1
            }
        }

        for path in options.factFiles {
            guard host.runFile(path) else { return 1 }
        }
        // The REPL is made before anything runs, so that Ctrl-C can stop a long start-up file or
        // `-i` script; only the REPL runs the start-up file.
        let wantsREPL = (options.inputs.isEmpty || options.interactive) && Terminal.isTerminal(0) && Terminal.isTerminal(1)
        var repl = wantsREPL ? REPL(host: host) : nil
        if repl != nil, let startup = StartupFile.path(initFile: options.initFile, noInit: options.noInit) {
            _ = host.runFile(startup)  // an error in it is reported, and the REPL still starts
        }
        var succeeded = true
        if !options.inputs.isEmpty {
            for input in options.inputs {
                let ran: Bool
                switch input {
                case .file(let path): ran = host.runFile(path)
                case .expression(let text): ran = host.run(SourceFile(name: nil, text: text))
                }
                if !ran {
                    succeeded = false
                    if !options.keepGoing { break }
                }
                if host.quitRequested { break }
            }
            if !options.interactive || host.quitRequested { return succeeded ? 0 : 1 }
        }
        if repl != nil {
            return repl?.run(version: version) ?? 0
        }
        // Standard input that is not a terminal is a script.
        return host.runStandardInput() && succeeded ? 0 : 1
    }
}
