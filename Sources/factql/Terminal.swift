#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few system calls the tool needs, without Foundation (it costs milliseconds of start-up).
enum Terminal {
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static func wantsColor(_ descriptor: Int32) -> Bool {
        isTerminal(descriptor) && environment("NO_COLOR").map(\.isEmpty) ?? true
    }

    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Reads a whole file; the error says why in the words of the system (`No such file or directory`).
    static func readFile(_ path: String) -> Result<[UInt8], FileError> {
        switch openFile(path) {
        case .success(let descriptor):
            defer { close(descriptor) }
            return readAll(descriptor, path: path)
        case .failure(let problem):
            return .failure(problem)
        }
    }

    /// Opens a file for reading; a directory is an error.
    static func openFile(_ path: String) -> Result<Int32, FileError> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(FileError(path: path, reason: systemError())) }
        var information = stat()
        if fstat(descriptor, &information) == 0 && (information.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            return .failure(FileError(path: path, reason: "it is a directory"))
        }
        return .success(descriptor)
    }

    static func close(_ descriptor: Int32) { _ = Glibc.close(descriptor) }

    /// The size of a regular file, nil for anything else (a pipe, a terminal).
    static func fileSize(_ descriptor: Int32) -> Int? {
        var information = stat()
        guard fstat(descriptor, &information) == 0, (information.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(information.st_size)
    }

    /// Reads what comes next into `buffer`: the byte count, 0 at the end of the file.
    static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) -> Result<Int, FileError> {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return .success(count) }
            if errno != EINTR { return .failure(FileError(path: path, reason: systemError())) }
        }
    }

    static func readAll(_ descriptor: Int32, path: String) -> Result<[UInt8], FileError> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileError(path: path, reason: systemError()))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if chunk.count < (1 << 22) && bytes.count >= chunk.count * 4 {
                chunk = [UInt8](repeating: 0, count: chunk.count * 4)
            }
        }
        return .success(bytes)
    }

    struct FileError: Error {
        var path: String
        var reason: String
    }

    static func systemError() -> String {
        guard let message = strerror(errno) else { return "error \(errno)" }
        return String(cString: message)
    }
}
