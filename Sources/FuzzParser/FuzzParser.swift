import FactQL
import FuzzSupport

#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer target for the front end: arbitrary bytes through the lexer and the parser, as a
/// script and as a REPL line (the continuation check), plus the diagnostics' rendering.
///
/// Built by `fuzz/run.sh` with `--sanitize=fuzzer -Xswiftc -DFUZZING`, libFuzzer supplies `main`.
/// In an ordinary build the target gets the small `main` below, which replays input files, so a
/// crash found by the fuzzer can be reproduced under a debugger or a sanitizer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = SourceFile(name: "fuzz.fq", bytes: bytes)
    var parser = Parser(source: source)
    _ = parser.parseScript()
    let renderer = DiagnosticRenderer(useColor: size % 2 == 0)
    for diagnostic in parser.diagnostics.prefix(8) {
        _ = renderer.render(diagnostic)
    }
    _ = Lexer(bytes: bytes).isIncomplete
    return 0
}

#if !FUZZING
    @main
    enum FuzzParserReplay {
        static func main() {
            exit(FuzzReplay.run(CommandLine.arguments.dropFirst(), through: fuzzParser))
        }
    }
#endif
