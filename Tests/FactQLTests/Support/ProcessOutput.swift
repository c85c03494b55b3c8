import Foundation

/// Runs a configured process to its end, reading standard output and standard error at the same
/// time so that a full pipe never blocks the child. `afterStart` feeds standard input, if any.
enum ProcessOutput {
    static func collect(
        _ process: Process, afterStart: () throws -> Void = {}
    ) throws -> (output: String, error: String, status: Int32) {
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outputData = Data()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            outputData = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errorData = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        try afterStart()
        process.waitUntilExit()
        group.wait()
        return (
            String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self),
            process.terminationStatus
        )
    }
}
