#if canImport(Glibc)
    import Glibc
#endif

/// Runs saved fuzz inputs (crash files, corpus entries) through a fuzz target without libFuzzer,
/// so a crash can be reproduced in an ordinary debug build, under a debugger or a sanitizer.
public enum FuzzReplay {
    /// Replays each file in `paths`; returns the exit status for the process.
    public static func run(_ paths: ArraySlice<String>, through target: (UnsafePointer<UInt8>, Int) -> CInt) -> Int32 {
        guard !paths.isEmpty else {
            print("usage: \(CommandLine.arguments.first ?? "fuzz-target") FILE...")
            print("Replays fuzz inputs. Built with fuzz/run.sh, this program is a libFuzzer target instead.")
            return 2
        }
        for path in paths {
            guard var bytes = read(path) else {
                print("cannot read \(path)")
                return 1
            }
            let size = bytes.count
            bytes.append(0)  // never empty, so the buffer has an address even for an empty input
            _ = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { target($0, size) }
            }
            print("ran \(path) (\(size) bytes)")
        }
        return 0
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
