import FactQL

/// Connects a session to the process: renders its results to standard output (or the file
/// `.output` names, or a pager) and its diagnostics to standard error, and reads the files it
/// asks for.
final class Host {
    let session: Session
    let colorErrors = Terminal.wantsColor(2)
    let colorOutput = Terminal.wantsColor(1)
    let outputIsTerminal = Terminal.isTerminal(1)
    private(set) var quitRequested = false
    /// Set by the REPL to answer `.history`.
    var historyProvider: () -> [String] = { [] }

    /// A file results go to (`.output`, `.once`), instead of standard output.
    struct OutputFile {
        var path: String
        var descriptor: Int32
    }
    private var outputFile: OutputFile?
    /// Opened for `.output`/`.once`, used once the session's `.sendOutput` request comes.
    private var openedFile: OutputFile?
    /// A result could not be written to its file during the current input.
    private var writeFailed = false

    init(session: Session) {
        self.session = session
        session.readFile = { path throws(Diagnostic) in
            switch Terminal.readFile(path) {
            case .success(let bytes): return bytes
            case .failure(let problem): throw Diagnostic(message: "cannot read '\(problem.path)': \(problem.reason)")
            }
        }
        session.openOutputFile = { [unowned self] path throws(Diagnostic) in
            switch Terminal.openForWriting(path) {
            case .success(let descriptor):
                if let unused = openedFile { Terminal.close(unused.descriptor) }
                openedFile = OutputFile(path: path, descriptor: descriptor)
            case .failure(let problem):
                throw Diagnostic(message: "cannot write to '\(problem.path)': \(problem.reason)")
            }
        }
        session.availableMemory = MemoryLimit.available
        connectFileKeeping()
    }

    /// The REPL stays after a `.quit` it asked about (unsaved changes): input runs again.
    func resumeAfterQuit() {
        quitRequested = false
        session.resumeAfterQuit()
    }

    /// Errors fit the terminal they are shown on (read each time: the window may have changed).
    var errorRenderer: DiagnosticRenderer {
        DiagnosticRenderer(useColor: colorErrors, width: Terminal.windowSize(2)?.columns)
    }

    /// Runs one input; false if any statement failed, or its results could not be written.
    @discardableResult
    func run(_ source: SourceFile) -> Bool {
        writeFailed = false
        let succeeded = session.run(source) { event in handle(event) }
        return succeeded && !writeFailed
    }

    /// Runs a file read piece by piece, so a large fact file is never held whole in memory.
    /// `-` is standard input, as for every Unix tool.
    func runFile(_ path: String) -> Bool {
        if path == "-" { return runStandardInput() }
        switch Terminal.openFile(path) {
        case .success(let descriptor):
            defer { Terminal.close(descriptor) }
            let reading = Terminal.PieceReading(descriptor: descriptor, path: path)
            writeFailed = false
            let succeeded = session.run(fileNamed: path, size: Terminal.fileSize(descriptor), emit: { handle($0) }) {
                buffer throws(Diagnostic) in
                switch reading.read(into: buffer) {
                case .success(let count): return count
                case .failure(let problem): throw Diagnostic(message: "cannot read '\(problem.path)': \(problem.reason)")
                }
            }
            return succeeded && !writeFailed
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
            write(formatter.render(result))
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
            write(formatter.render(.text(text)))
        case .request(.sendOutput(to: let destination)):
            send(to: destination)
        }
    }

    /// How results are drawn where they go now: fitted to the terminal, in colour if it may,
    /// only when that is standard output and a terminal.
    private var formatter: ResultFormatter {
        let toTerminal = outputFile == nil && outputIsTerminal
        return ResultFormatter(
            format: session.format, useColor: outputFile == nil && colorOutput, forTerminal: toTerminal,
            width: toTerminal ? Terminal.windowSize(1)?.columns : nil)
    }

    private func send(to destination: OutputDestination) {
        if let current = outputFile { Terminal.close(current.descriptor) }
        outputFile = nil
        guard case .file(let path) = destination else { return }
        if let opened = openedFile, opened.path == path {
            outputFile = opened
            openedFile = nil
        } else {
            switch Terminal.openForWriting(path) {
            case .success(let descriptor): outputFile = OutputFile(path: path, descriptor: descriptor)
            case .failure(let problem):
                report(Diagnostic(message: "cannot write to '\(problem.path)': \(problem.reason)"))
                writeFailed = true
            }
        }
    }

    /// Writes a result: to the `.output` file, or to standard output, through the pager when
    /// that is a terminal and the result is taller than it (or `.pager on`).
    private func write(_ text: String) {
        if text.isEmpty { return }
        if let file = outputFile {
            guard let error = Terminal.writeAll(text, to: file.descriptor) else { return }
            report(
                Diagnostic(
                    message: "cannot write to '\(file.path)': \(Terminal.errorText(error))",
                    notes: ["results go to standard output again"]))
            send(to: .standardOutput)
            writeFailed = true
            return
        }
        if let pager = pagerCommand(for: text), Terminal.page(text, through: pager) { return }
        Terminal.write(text, to: 1)
    }

    /// The pager to show `text` through, or nil to write it as it is: only on a terminal, with
    /// `.pager on`, or `auto` and more lines than the terminal has rows (leaving one for the
    /// prompt). `$PAGER`, as psql reads it; set to nothing, it means no pager.
    private func pagerCommand(for text: String) -> String? {
        guard outputIsTerminal, session.pager != .off, let size = Terminal.windowSize(1) else { return nil }
        if session.pager == .auto {
            var lines = 0
            for byte in text.utf8 where byte == UInt8(ascii: "\n") {
                lines += 1
                if lines >= size.rows { break }
            }
            guard lines >= size.rows else { return nil }
        }
        let command = Terminal.environment("PAGER") ?? "less -FRSX"
        return command.allSatisfy({ $0 == " " }) ? nil : command
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
