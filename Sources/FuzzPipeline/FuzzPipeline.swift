import FactQL
import FuzzSupport

#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer target for the whole statement pipeline: arbitrary bytes run as a script (parse,
/// analyse, evaluate, meta-commands) in a session over the built-in fact base, every result rendered
/// in every output format and every diagnostic rendered; then the same bytes through tab completion.
///
/// Each input starts from the same pristine fact base, so a crash does not depend on the inputs run
/// before it and replays alone. See `FuzzParser.swift` for how the target is built.
let pristineFactBase = Session(builtInFacts: true).factBase

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let session = Session(factBase: pristineFactBase)
    // Keep going after errors, so one input exercises every statement in it.
    session.keepGoing = size % 3 == 0
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(2)
    session.shouldStop = { clock.now >= deadline }
    // Every other input as if on a terminal of some width: fitted tables, expanded display, wrapping.
    let width = size % 2 == 0 ? 20 + size % 61 : nil
    let formatters = OutputFormat.allCases.map {
        ResultFormatter(format: $0, useColor: size % 2 == 0, forTerminal: size % 4 < 2, width: width)
    }
    let renderer = DiagnosticRenderer(useColor: size % 2 == 1, width: width)
    var diagnosticsRendered = 0
    session.run(SourceFile(name: size % 5 == 0 ? nil : "fuzz.fq", bytes: bytes)) { event in
        switch event {
        case .result(let result):
            for formatter in formatters { _ = formatter.render(result) }
        case .diagnostic(let diagnostic):
            // A few are enough: rendering a diagnostic over a long line costs the length of the line.
            if diagnosticsRendered < 8 { _ = renderer.render(diagnostic) }
            diagnosticsRendered += 1
        case .request:
            break
        }
    }
    // What the REPL's tab completion sees when this is typed.
    _ = Completer(factBase: pristineFactBase).complete(String(decoding: bytes.prefix(512), as: UTF8.self))
    return 0
}

#if !FUZZING
    @main
    enum FuzzPipelineReplay {
        static func main() {
            exit(FuzzReplay.run(CommandLine.arguments.dropFirst(), through: fuzzPipeline))
        }
    }
#endif
