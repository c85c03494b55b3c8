import Foundation

/// Runs the built `factql` binary, as a user would, and captures what it prints.
struct BinaryRunner {
    struct Outcome: Equatable, CustomStringConvertible {
        var status: Int32
        var standardOutput: String
        var standardError: String

        var description: String { "exit \(status)\n--- stdout\n\(standardOutput)--- stderr\n\(standardError)" }
    }

    /// The package root, found from this file's place in it.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$FACTQL_BINARY`, else the debug build next to the test bundle.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["FACTQL_BINARY"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("factql")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/factql")
    }()

    static func run(
        _ arguments: [String], input: String? = nil, directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        try run(arguments, inputBytes: input.map { Array($0.utf8) }, directory: directory, environment: environment)
    }

    /// A shell command line (for redirections a pipe cannot give: `> /dev/full`, `>&-`).
    static func shell(_ commandLine: String) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", commandLine]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let result = try ProcessOutput.collect(process) {}
        return Outcome(status: result.status, standardOutput: result.output, standardError: result.error)
    }

    /// The same, with standard input given as bytes (for input that is not valid UTF-8).
    static func run(
        _ arguments: [String], inputBytes: [UInt8]?, directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment["NO_COLOR"] = "1"
        for (key, value) in environment { processEnvironment[key] = value }
        process.environment = processEnvironment
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        let result = try ProcessOutput.collect(process) {
            if let inputBytes { inputPipe.fileHandleForWriting.write(Data(inputBytes)) }
            try inputPipe.fileHandleForWriting.close()
        }
        return Outcome(status: result.status, standardOutput: result.output, standardError: result.error)
    }
}
