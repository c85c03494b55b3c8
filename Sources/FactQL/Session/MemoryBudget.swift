/// Loads that would not fit in memory are refused before they start: in Swift a failed
/// allocation ends the process with a runtime trap, and the whole session with it.
extension Session {
    /// Bytes of address space a load takes at most per byte of input (measured, see
    /// docs/ROBUSTNESS.md: 2.3 for the bulk loader's columns and name tables; 23 to 27 for the
    /// general path's tokens, syntax trees and definitions, all made before anything runs, with
    /// arrays that double as they grow), with a margin.
    static let bulkMemoryPerInputByte = 4
    static let generalMemoryPerInputByte = 32
    /// Smaller input is not checked: it fits wherever factql itself starts.
    static let memoryCheckThreshold = 1 << 20

    /// The error for input of `size` bytes that needs about `perByte` bytes of memory each, when
    /// that is more than the host says is available; nil when it fits.
    func memoryProblem(named name: String?, size: Int, perByte: Int, bulk: Bool) -> Diagnostic? {
        guard size >= Self.memoryCheckThreshold, let available = availableMemory() else { return nil }
        let (needed, overflow) = size.multipliedReportingOverflow(by: perByte)
        guard overflow || needed > available else { return nil }
        let what = name.map { "'\($0)'" } ?? "the input"
        var notes = [
            "this process may use about \(Self.megabytes(available)) more (the address-space limit, ulimit -v, or the memory the system has free)"
        ]
        if !bulk {
            notes.append(
                "in the bulk form (one source, kind, relation, entity NAME : KIND or fact per line) a file takes about \(Self.bulkMemoryPerInputByte) bytes per byte"
            )
        }
        return Diagnostic(
            message: "cannot load \(what) (\(Self.megabytes(size))): it needs about \(overflow ? "more memory than there is" : Self.megabytes(needed))",
            notes: notes)
    }

    /// `7.5 MB`, `1,234 MB`.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = bytes / 100_000
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10) MB" }
        return "\(grouped(bytes / 1_000_000)) MB"
    }
}
