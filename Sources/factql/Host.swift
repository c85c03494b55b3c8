import FactQL

/// Connects a session to the process: renders its results to standard output and its
/// diagnostics to standard error, and reads the files it asks for.
final class Host {
    let session: Session
    let errorRenderer = DiagnosticRenderer(useColor: Terminal.wantsColor(2))
    let colorOutput = Terminal.wantsColor(1)
    let outputIsTerminal = Terminal.isTerminal(1)
    private(set) var quitRequested = false
    /// Set by the REPL to answer `.history`.
    var historyProvider: () -> [String] = { [] }

    init(session: Session) {
        self.session = session
        session.readFile = { path throws(Diagnostic) in
            switch Terminal.readFile(path) {
            case .success(let bytes): return bytes
            case .failure(let problem): throw Diagnostic(message: "cannot read '\(problem.path)': \(problem.reason)")
            }
        }
        connectFileKeeping()
    }

    /// The REPL stays after a `.quit` it asked about (unsaved changes): input runs again.
    func resumeAfterQuit() {
        quitRequested = false
        session.resumeAfterQuit()
    }

    /// Runs one input; false if any statement failed.
    @discardableResult
    func run(_ source: SourceFile) -> Bool {
        session.run(source) { event in handle(event) }
    }

    /// Runs a file read piece by piece, so a large fact file is never held whole in memory.
    /// `-` is standard input, as for every Unix tool.
    func runFile(_ path: String) -> Bool {
        if path == "-" { return runStandardInput() }
        switch Terminal.openFile(path) {
        case .success(let descriptor):
            defer { Terminal.close(descriptor) }
            let reading = Terminal.PieceReading(descriptor: descriptor, path: path)
            return session.run(fileNamed: path, size: Terminal.fileSize(descriptor), emit: { handle($0) }) {
                buffer throws(Diagnostic) in
                switch reading.read(into: buffer) {
                case .success(let count): return count
                case .failure(let problem): throw Diagnostic(message: "cannot read '\(problem.path)': \(problem.reason)")
                }
            }
        case .failure(let problem):
            report(Diagnostic(message: "cannot read '\(problem.path)': \(problem.reason)"))
            return false
        }
    }

    /// Standard input as a script (when it is not a terminal, or named `-`).
    func runStandardInput() -> Bool {
        switch Terminal.readAll(0, path: "<stdin>") {
        case .success(let bytes): return run(SourceFile(name: "<stdin>", bytes: bytes))
        case .failure(let problem):
            report(Diagnostic(message: "cannot read standard input: \(problem.reason)"))
            return false
        }
    }

    func handle(_ event: Session.Event) {
        switch event {
        case .result(let result):
            let formatter = ResultFormatter(format: session.format, useColor: colorOutput, forTerminal: outputIsTerminal)
            let text = formatter.render(result)
            if !text.isEmpty { Terminal.write(text, to: 1) }
        case .diagnostic(let diagnostic):
            report(diagnostic)
        case .request(.quit):
            quitRequested = true
        case .request(.showHistory):
            let entries = historyProvider()
            var text = ""
            for (number, entry) in entries.enumerated() {
                // A statement of several lines is one entry: its lines stay lines, indented.
                let lines = entry.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.escape(String($0)) }
                text += "\(String(number + 1).leftPadded(to: 5))  " + lines.joined(separator: "\n       ") + "\n"
            }
            Terminal.write(text, to: 1)
        }
    }

    func report(_ diagnostic: Diagnostic) {
        Terminal.write(errorRenderer.render(diagnostic), to: 2)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
