import FactQL
import FuzzSupport

#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer target for the fact-file loader: arbitrary bytes loaded as a fact file three ways,
/// through the general lexer and parser, through the bulk loader (which gives up on what it does
/// not take, and the general path runs instead), and streamed to the bulk loader in small
/// pieces. The three must agree: whether the load succeeded, the diagnostics, and what the fact
/// base then holds. A disagreement aborts, so libFuzzer keeps the input.
///
/// Each input starts from an empty session, so a crash replays alone. See `FuzzParser.swift` for
/// how the target is built.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let general = load(bytes, bulkThreshold: Int.max, streamed: false)
    let bulk = load(bytes, bulkThreshold: 0, streamed: false)
    let streamed = load(bytes, bulkThreshold: 0, streamed: true)
    for other in [bulk, streamed] where other != general {
        let message = Array("the bulk loader and the general path disagree:\n\(general)\n---\n\(other)\n".utf8)
        _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }
    return 0
}

/// What a load did, compared across the paths.
struct Outcome: Equatable, CustomStringConvertible {
    var succeeded: Bool
    var diagnostics: [String]
    var holds: [String]

    var description: String {
        "succeeded: \(succeeded)\n" + diagnostics.joined(separator: "\n") + "\n" + holds.joined(separator: "\n")
    }
}

/// What the fact base says about itself after a load: its schema, counts and every fact.
let observations = [".schema", ".sources", "count facts", "facts", ".entities"]

func load(_ bytes: [UInt8], bulkThreshold: Int, streamed: Bool) -> Outcome {
    let session = Session(builtInFacts: false)
    session.bulkLoadThreshold = bulkThreshold
    let renderer = DiagnosticRenderer(useColor: false)
    var diagnostics: [String] = []
    let emit: (Session.Event) -> Void = { event in
        if case .diagnostic(let diagnostic) = event { diagnostics.append(renderer.render(diagnostic)) }
    }
    let succeeded: Bool
    if streamed {
        // Pieces of 5 bytes: lines cross every boundary.
        session.fileChunkSize = 5
        // The file itself is read again when the bulk loader gives up; any other file (a `.load`
        // in the input) is missing, as in the other two loads.
        session.readFile = { path throws(Diagnostic) in
            guard path == "fuzz.facts" else { throw Diagnostic(message: "cannot read '\(path)': no file access in this session") }
            return bytes
        }
        let file = ByteFeeder(bytes)
        succeeded = session.run(fileNamed: "fuzz.facts", size: bytes.count, emit: emit) { buffer in file.read(into: buffer) }
    } else {
        succeeded = session.run(SourceFile(name: "fuzz.facts", bytes: bytes), emit: emit)
    }
    let formatter = ResultFormatter(format: .csv, useColor: false, forTerminal: false, width: nil)
    var holds: [String] = []
    for query in observations {
        session.run(SourceFile(name: nil, text: query)) { event in
            if case .result(let result) = event { holds.append(formatter.render(result)) }
        }
    }
    return Outcome(succeeded: succeeded, diagnostics: diagnostics, holds: holds)
}

#if !FUZZING
    @main
    enum FuzzLoaderReplay {
        static func main() {
            exit(FuzzReplay.run(CommandLine.arguments.dropFirst(), through: fuzzLoader))
        }
    }
#endif
