/// One interpreter session: a fact base, settings, and the loop that runs input through lexer,
/// parser, analysis and evaluation. Script files, `-e`, piped input, `.load` and the REPL all come
/// through `run`, so they behave the same.
///
/// A class: the REPL, nested `.load`s and meta-commands share and change one session.
public final class Session {
    public internal(set) var factBase: FactBase
    public var format: OutputFormat = .table
    /// Keep running a script's statements after one fails (exit status is still 1).
    public var keepGoing = false
    public var showTimer = false
    /// `.trace on`: report each evaluation step, as it runs, with its row count.
    public var traceSteps = false
    /// Polled by long-running work; returning true interrupts it.
    public var shouldStop: () -> Bool = { false }
    /// Bytes of memory the process may still take, or nil when unknown (the host reads its limits;
    /// see MemoryBudget.swift).
    public var availableMemory: () -> Int? = { nil }
    /// Queries that run longer stop with an error (`.timeout`, `--timeout`); nil for no limit.
    public var timeLimit: TimeLimit?
    /// Where `.load` reads files from; the host supplies it so the library stays free of I/O policy.
    public var readFile: (String) throws(Diagnostic) -> [UInt8] = { path throws(Diagnostic) in
        throw Diagnostic(message: "cannot read '\(path)': no file access in this session")
    }
    /// True in the REPL: a meta-command that adds to the fact base (`.import`) says what it added.
    public var interactive = false
    /// `.pager on|off|auto`: whether the host pages results taller than its terminal.
    public var pager: PagerMode = .auto
    /// Opens FILE for `.output` and `.once` (the host does the file I/O, as for `readFile`); the
    /// output moves there with the `.sendOutput` request that follows.
    public var openOutputFile: (String) throws(Diagnostic) -> Void = { path throws(Diagnostic) in
        throw Diagnostic(message: "cannot write to '\(path)': no file access in this session")
    }
    /// Set by `.once FILE` until the next query or meta-command that prints has run (OutputCommands.swift).
    var onceOutput: OnceOutput?
    /// The file `.open` named, and the host's file access for `.open` and `.save` (KeepCommands.swift).
    public var keeping = FileKeeping()
    /// The database `.open` or `--database` opened, which every change is written to
    /// (DatabaseSession.swift); nil while the fact base lives in memory only.
    var database: FactDatabase?
    /// How deep inside `run` the session is: only the outermost input writes to the database.
    var inputDepth = 0
    /// How many queries and questions the database's engine answered (the rest ran in memory).
    var engineAnswerCount = 0
    /// How long a write waits for another process's lock on the database, in milliseconds.
    public var databaseBusyTimeout: Int32 = FactDatabase.defaultBusyTimeout
    /// Set by `.quit` and `.exit`: the rest of the input (and of any file loading it) is not run.
    public internal(set) var quitRequested = false
    var loadDepth = 0
    /// The folder of the file being run, against which its `.load`s resolve relative paths (as
    /// C's `#include` and psql's `\ir` do); nil for the REPL, `-e` and standard input, whose
    /// `.load`s resolve against the current directory.
    public internal(set) var fileDirectory: String?
    /// Set by the REPL: a `.load` typed there says what it added (a script's `.load` is quiet, as
    /// sqlite3's `.read` is).
    public var announcesLoads = false
    /// Input at least this large runs its statements as they are parsed, keeping no syntax trees
    /// (checking it first costs a second parse, which small input need not pay).
    public var streamingThreshold = 1 << 20
    /// Input at least this large is first tried with the bulk loader (see BulkLoading.swift).
    public var bulkLoadThreshold = Session.defaultBulkLoadThreshold
    /// How much of a file `run(fileNamed:)` reads at a time (tests make it tiny).
    public var fileChunkSize = Session.defaultFileChunkSize
    static let loadDepthLimit = 16
    /// With `keepGoing`, one input stops after this many failed statements: reporting every error of a
    /// huge bad input would take long and help nobody.
    public static let failureLimit = 100
    /// Failed statements and meta-commands in the current top-level input (nested `.load`s included).
    private var failures = 0
    /// Set when Ctrl-C stopped the input between statements: even with `keepGoing`, nothing it
    /// defined is kept.
    private var interrupted = false

    /// What running input produces, in order.
    public enum Event: Sendable {
        case result(StatementResult)
        case diagnostic(Diagnostic)
        /// Something only the host can do (`.quit`, `.history`).
        case request(HostRequest)
    }

    public enum HostRequest: Sendable, Equatable {
        case quit
        case showHistory
        /// `.output`, `.once`: results from here on go to standard output or to a file that
        /// `openOutputFile` opened.
        case sendOutput(to: OutputDestination)
    }

    /// A session over the built-in fact base (the article's), or an empty one.
    public init(builtInFacts: Bool = true) {
        factBase = FactBase()
        if builtInFacts {
            let source = SourceFile(name: "<built-in>", bytes: PackageResources.article_facts)
            // The built-in base is checked by the test suite; a failure here would be a build defect.
            _ = run(source) { _ in }
        }
    }

    /// A session over a copy of `factBase` (what the session defines stays its own).
    public init(factBase: FactBase) {
        self.factBase = factBase
    }

    /// Runs every statement and meta-command of `source` in order, passing each result and
    /// diagnostic to `emit` as it is produced. Returns false if anything failed.
    ///
    /// A syntax error anywhere means nothing runs (all syntax errors are reported). An error while
    /// running stops the input unless `keepGoing`; definitions made by input that failed are undone,
    /// so a failed load adds nothing.
    @discardableResult
    public func run(_ source: SourceFile, emit: (Event) -> Void) -> Bool {
        keepingDatabase(emit: emit) { runSource(source, emit: emit) }
    }

    private func runSource(_ source: SourceFile, emit: (Event) -> Void) -> Bool {
        if let offset = source.firstInvalidUTF8Offset() {
            emit(.diagnostic(SourceFile.invalidUTF8Diagnostic(in: source.bytes, at: offset).located(in: source)))
            return false
        }
        if source.bytes.count >= bulkLoadThreshold {
            if let problem = memoryProblem(named: source.name, size: source.bytes.count, perByte: Self.bulkMemoryPerInputByte, bulk: true) {
                emit(.diagnostic(problem))
                return false
            }
            switch loadInBulk(source.bytes) {
            case .loaded: return true
            case .interrupted:
                emit(.diagnostic(Self.loadInterrupted))
                return false
            case .needsGeneralPath: break
            }
        }
        if let problem = memoryProblem(named: source.name, size: source.bytes.count, perByte: Self.generalMemoryPerInputByte, bulk: false) {
            emit(.diagnostic(problem))
            return false
        }
        let segments = Self.segments(of: source)
        // A large input keeps no syntax trees: its statements are checked for syntax errors first
        // (none may run if there is one), then parsed again one at a time as they run.
        let streams = source.bytes.count >= streamingThreshold
        var parsed: [(segment: Segment, statements: [Statement])] = []
        var syntaxErrors: [Diagnostic] = []
        for segment in segments {
            guard case .statements(let range) = segment else {
                parsed.append((segment, []))
                continue
            }
            var parser = Parser(source: source, range: range)
            var statements: [Statement] = []
            if streams {
                // Only checked now; parsed again, statement by statement, as it runs.
                parser.parseStatements { _ in true }
            } else {
                statements = parser.parseScript()
            }
            if !parser.diagnostics.isEmpty {
                // Parse again with the fact base's names, so the messages can give examples.
                var explainingParser = Parser(source: source, range: range, vocabulary: vocabulary)
                _ = explainingParser.parseScript()
                syntaxErrors += Hints(factBase: factBase).amend(explainingParser.diagnostics)
            }
            parsed.append((segment, statements))
        }
        if !syntaxErrors.isEmpty {
            syntaxErrors.prefix(Parser.errorLimit).forEach { emit(.diagnostic($0)) }
            if syntaxErrors.count > Parser.errorLimit {
                emit(.diagnostic(Parser.tooManyErrors(in: source)))
            }
            return false
        }
        if loadDepth == 0 {
            failures = 0
            interrupted = false
        }
        let before = factBase
        var succeeded = true
        for (index, (segment, statements)) in parsed.enumerated() {
            // Ctrl-C stops a long input between its parts (a part's statements poll themselves).
            if index > 0 && shouldStop() {
                emit(.diagnostic(Self.loadInterrupted))
                succeeded = false
                interrupted = true
                break
            }
            let segmentSucceeded: Bool
            switch segment {
            case .metaCommand(let range):
                segmentSucceeded = runMetaCommandEndingOnce(source: source, range: range, emit: emit)
                if !segmentSucceeded { countFailure(in: source, emit: emit) }
            case .statements(let range):
                if streams {
                    var parser = Parser(source: source, range: range)
                    var runner = StatementRunner()
                    parser.parseStatements { statement in runOne(statement, &runner, source: source, emit: emit) }
                    segmentSucceeded = runner.succeeded
                } else {
                    segmentSucceeded = run(statements, source: source, emit: emit)
                }
            }
            if !segmentSucceeded {
                succeeded = false
                if !keepGoing || failures >= Self.failureLimit { break }
            }
            if quitRequested { break }
        }
        if !succeeded && (!keepGoing || interrupted) { factBase = before }
        return succeeded
    }

    private func run(_ statements: [Statement], source: SourceFile, emit: (Event) -> Void) -> Bool {
        var runner = StatementRunner()
        for statement in statements where !runOne(statement, &runner, source: source, emit: emit) { break }
        return runner.succeeded
    }

    /// Where a run of statements stands.
    struct StatementRunner {
        var index = 0
        var succeeded = true
    }

    /// Runs one statement of a run; false when the run stops here (an error without
    /// `keepGoing`, too many errors, or Ctrl-C).
    private func runOne(_ statement: Statement, _ runner: inout StatementRunner, source: SourceFile, emit: (Event) -> Void)
        -> Bool
    {
        defer { runner.index += 1 }
        // Ctrl-C between statements (the first is the statement typed, which polls itself).
        if runner.index > 0 && shouldStop() {
            emit(.diagnostic(Self.loadInterrupted))
            interrupted = true
            runner.succeeded = false
            return false
        }
        defer { if !statement.isDefinition { finishedOutput(printed: true, emit: emit) } }
        let clock = ContinuousClock()
        let started = clock.now
        do throws(Diagnostic) {
            let result = try withoutActuallyEscaping(emit) { (emit) throws(Diagnostic) in
                let trace: ((String, Int) -> Void)? =
                    traceSteps ? { step, rows in emit(.result(.trace(step: step, rows: rows))) } : nil
                return try execute(statement, trace: trace) { warning in emit(.diagnostic(warning.located(in: source))) }
            }
            emit(.result(result))
        } catch {
            emit(.diagnostic(Hints(factBase: factBase).amend(error.located(in: source))))
            runner.succeeded = false
            countFailure(in: source, emit: emit)
            if !keepGoing || failures >= Self.failureLimit { return false }
        }
        if showTimer && !statement.isDefinition {
            emit(.result(.timer(clock.now - started)))
        }
        return true
    }

    /// Counts a failure; at the limit, says that the input stops here.
    private func countFailure(in source: SourceFile, emit: (Event) -> Void) {
        failures += 1
        if failures == Self.failureLimit && keepGoing {
            emit(
                .diagnostic(
                    Diagnostic(
                        message: "too many errors: stopping after \(Self.failureLimit) failed statements",
                        source: source, notes: ["--keep-going goes on after an error, but not after this many"])))
        }
    }

    /// Runs one parsed statement against the fact base; `trace` hears of each evaluation step,
    /// `warn` of what analysis found that does not stop the statement.
    public func execute(
        _ statement: Statement, trace: ((String, Int) -> Void)? = nil, warn: (Diagnostic) -> Void = { _ in }
    ) throws(Diagnostic) -> StatementResult {
        switch statement {
        case .question(let question):
            factBase.prepareIndexes()
            let plan = try Analyzer(factBase: factBase).plan(question)
            plan.warnings.forEach(warn)
            if let answer = try answerFromEngine(plan, at: question.span, tracing: trace != nil) { return answer }
            return try evaluate(span: question.span, asOf: question.asOf?.span, trace: trace, warn: warn) {
                (evaluator) throws(Diagnostic) in try evaluator.answer(plan)
            }
        case .query(let query):
            factBase.prepareIndexes()
            let plan = try Analyzer(factBase: factBase).plan(query)
            plan.warnings.forEach(warn)
            if let answer = try answerFromEngine(plan, at: query.span, tracing: trace != nil) { return answer }
            return try evaluate(span: query.span, asOf: query.asOf?.span, trace: trace, warn: warn) {
                (evaluator) throws(Diagnostic) in try evaluator.run(plan)
            }
        case .show(let show):
            factBase.prepareIndexes()
            let entity = try Analyzer(factBase: factBase).entity(for: show.entity)
            let table = factBase.show(entity)
            trace?("look-up  \(SyntaxPrinter.print(statement))", table.rows.count)
            return .table(table)
        default:
            if case .entity(let definition) = statement, let warning = newKindWarning(definition) { warn(warning) }
            try factBase.define(statement)
            return .defined
        }
    }

    /// `entity Foo : contry` makes a new kind; when its name is a typo away from a kind that
    /// exists, say so (the bulk loader leaves such a line to the general path, see
    /// `FactBase.kindsNear`).
    private func newKindWarning(_ definition: EntityDefinition) -> Diagnostic? {
        let written = definition.kind.text
        let nearest = factBase.kindsNear(newKind: written)
        guard !nearest.isEmpty else { return nil }
        return Diagnostic(
            .warning, message: "'\(written)' is a new kind", span: definition.kind.span,
            notes: ["an entity's kind is made when first named; declare it with 'kind \(written)' to say it is meant"],
            suggestions: nearest)
    }

    /// Runs an evaluation under the time limit, then notes what `as of` left out.
    private func evaluate(
        span: SourceSpan, asOf: SourceSpan?, trace: ((String, Int) -> Void)?, warn: (Diagnostic) -> Void,
        _ body: (inout Evaluator) throws(Diagnostic) -> StatementResult
    ) throws(Diagnostic) -> StatementResult {
        let factBase = factBase
        var time: TimeFilter?
        let result = try underTimeLimit(span: span) { stop throws(Diagnostic) in
            var evaluator = Evaluator(factBase: factBase, shouldStop: stop)
            evaluator.trace = trace
            defer { time = evaluator.time }
            return try body(&evaluator)
        }
        return Self.noting(time, in: result, at: asOf, warn: warn)
    }

    /// Under `as of`: says on standard error how many facts were left out, and puts the count in
    /// the result (JSON's `facts_left_out`).
    static func noting(
        _ time: TimeFilter?, in result: StatementResult, at span: SourceSpan?, warn: (Diagnostic) -> Void
    ) -> StatementResult {
        guard let time else { return result }
        if let note = time.note() { warn(Diagnostic(.note, message: note, span: span)) }
        let leftOut = time.unknownFacts.count
        switch result {
        case .table(var table):
            table.factsLeftOut = leftOut
            return .table(table)
        case .verdict(var verdict):
            verdict.factsLeftOut = leftOut
            return .verdict(verdict)
        default:
            return result
        }
    }

    /// Example names for "expected ..." messages.
    var vocabulary: Parser.Vocabulary {
        let roles = factBase.relations.prefix(3).map { English.roleNouns(of: $0.roles[0]).last ?? $0.roles[0] }
        return Parser.Vocabulary(
            roles: roles, kinds: Array(factBase.kindPlurals.prefix(2)), entities: Array(factBase.entityNames.prefix(2)),
            attributes: Array(factBase.attributeNames.prefix(2)))
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let whole = microseconds / 1000
        let fraction = microseconds % 1000
        return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
    }

    // MARK: Segments

    /// A run of statement lines, or one meta-command line (its first non-blank character is '.').
    enum Segment {
        case statements(Range<Int>)
        case metaCommand(Range<Int>)
    }

    static func segments(of source: SourceFile) -> [Segment] {
        let bytes = source.bytes
        var segments: [Segment] = []
        var statementStart: Int?
        var lineStart = 0
        var bracketDepth = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd && (bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")) { first += 1 }
            if bracketDepth == 0 && first < lineEnd && bytes[first] == UInt8(ascii: ".") {
                if let start = statementStart { segments.append(.statements(start..<lineStart)) }
                statementStart = nil
                segments.append(.metaCommand(first..<lineEnd))
            } else {
                if statementStart == nil { statementStart = lineStart }
                bracketDepth = max(0, bracketDepth + bracketBalance(bytes[lineStart..<lineEnd]))
            }
            lineStart = lineEnd + 1
        }
        if let start = statementStart { segments.append(.statements(start..<bytes.count)) }
        return segments
    }

    /// Opening minus closing brackets outside strings and comments, so a line starting with '.'
    /// inside an open bracket is not taken for a meta-command.
    private static func bracketBalance(_ line: ArraySlice<UInt8>) -> Int {
        var balance = 0
        var inString = false
        var previous: UInt8 = 0
        var escaped = false
        for byte in line {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "#"): return balance
                case UInt8(ascii: "-") where previous == UInt8(ascii: "-"): return balance
                case UInt8(ascii: "("), UInt8(ascii: "{"): balance += 1
                case UInt8(ascii: ")"), UInt8(ascii: "}"): balance -= 1
                default: break
                }
            }
            previous = byte
        }
        return balance
    }
}
