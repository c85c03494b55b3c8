#if canImport(Glibc)
    import Glibc
#endif

/// How much more memory this process may take: the address-space limit (`ulimit -v`) less what
/// is mapped now, and what the system has available. A load the session estimates to need more
/// is refused with a clear error, because a failed allocation in Swift ends the process with a
/// runtime trap, and nothing of the session survives it.
enum MemoryLimit {
    /// Bytes still available, or nil when neither limit can be read.
    static func available() -> Int? {
        var limits: [Int] = []
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
            let mapped = mappedBytes()
        {
            limits.append(max(0, Int(clamping: limit.rlim_cur) - mapped))
        }
        if let system = systemAvailableBytes() { limits.append(system) }
        return limits.min()
    }

    /// The process's virtual size, from /proc/self/statm (its first field, in pages).
    private static func mappedBytes() -> Int? {
        guard let text = readSmallFile("/proc/self/statm"), let pages = text.split(separator: " ").first.flatMap({ Int($0) })
        else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// MemAvailable and SwapFree of /proc/meminfo.
    private static func systemAvailableBytes() -> Int? {
        guard let text = readSmallFile("/proc/meminfo") else { return nil }
        var total = 0
        var found = false
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") || line.hasPrefix("SwapFree:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kibibytes = Int(fields[1]) {
                total += kibibytes * 1024
                found = true
            }
        }
        return found ? total : nil
    }

    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 16 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
