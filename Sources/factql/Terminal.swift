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

    /// The first error writing to standard output (a full disk, a closed descriptor), so the tool
    /// can say so and exit 1 instead of reporting success over lost output. Only the main
    /// thread writes.
    nonisolated(unsafe) static var standardOutputError: Int32?

    static func write(_ text: String, to descriptor: Int32) {
        if let error = writeAll(text, to: descriptor), descriptor == 1 && standardOutputError == nil {
            standardOutputError = error
        }
    }

    /// Writes all of `text`; the error number if a write failed.
    static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    }

    /// Writes all of `buffer`, again after an interrupted or short write; the error number if a
    /// write failed.
    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// The terminal's size in columns and rows, nil when `descriptor` is not a terminal (or the
    /// terminal does not say).
    static func windowSize(_ descriptor: Int32) -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard isTerminal(descriptor), ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else {
            return nil
        }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Opens (creates or empties) a file for `.output` and `.once`.
    static func openForWriting(_ path: String) -> Result<Int32, FileError> {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return .failure(FileError(path: path, reason: systemError())) }
        return .success(descriptor)
    }

    /// Shows `text` through a pager (`sh -c COMMAND`, as psql runs $PAGER) and waits for it to
    /// end; false if the pager could not be started. Quitting the pager early is not an error.
    static func page(_ text: String, through command: String) -> Bool {
        guard let pipe = popen(command, "w") else { return false }
        // A pager that quits before reading everything closes the pipe: that must not end factql.
        let previous = signal(SIGPIPE, SIG_IGN)
        _ = writeAll(text, to: fileno(pipe))
        let status = pclose(pipe)
        signal(SIGPIPE, previous)
        // sh answers 127 when it cannot find the command.
        return !(status != -1 && (status >> 8) & 0xFF == 127)
    }

    /// The system's words for an error number (`No space left on device`).
    static func errorText(_ number: Int32) -> String {
        guard let text = strerror(number) else { return "error \(number)" }
        return String(cString: text)
    }

    /// Files larger than this are refused rather than read into memory.
    static let maximumFileSize = 256 << 20

    /// Reads a whole text file. The error says why in plain words: the system's
    /// (`No such file or directory`, `Permission denied`), or ours for a directory, a device, a file
    /// too large, or a binary file (one with a NUL byte).
    static func readFile(_ path: String) -> Result<[UInt8], FileError> {
        switch openFile(path) {
        case .success(let descriptor):
            defer { close(descriptor) }
            return readAll(descriptor, path: path)
        case .failure(let problem):
            return .failure(problem)
        }
    }

    /// Opens a file for reading, refusing what `readFile` refuses before reading: a directory, a
    /// device, a regular file too large.
    static func openFile(_ path: String) -> Result<Int32, FileError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileError(path: path, reason: systemError())) }
        var information = stat()
        var refusal: String?
        if fstat(descriptor, &information) != 0 {
            refusal = systemError()
        } else {
            switch information.st_mode & S_IFMT {
            case S_IFDIR: refusal = "it is a directory"
            case S_IFREG: if information.st_size > maximumFileSize { refusal = tooLarge }
            case S_IFIFO: break  // a pipe, as in `factql <(generate-queries)`
            default: refusal = "it is not a regular file"
            }
        }
        if let refusal {
            close(descriptor)
            return .failure(FileError(path: path, reason: refusal))
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

    /// Reads an open file piece by piece with `readAll`'s rules (at most `maximumFileSize` bytes,
    /// no NUL), for `Session.run(fileNamed:)`. A class because the session calls it from its
    /// loading thread; it is called from one thread at a time.
    final class PieceReading: @unchecked Sendable {
        let descriptor: Int32
        let path: String
        private var offset = 0

        init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
        }

        /// Fills `buffer` as far as one read does: the byte count, 0 at the end of the file.
        func read(into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, FileError> {
            var count = 0
            while true {
                count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
                if count >= 0 { break }
                if errno != EINTR { return .failure(FileError(path: path, reason: systemError())) }
            }
            if offset + count > maximumFileSize { return .failure(FileError(path: path, reason: tooLarge)) }
            if count > 0, let base = buffer.baseAddress, let nul = memchr(base, 0, count) {
                return .failure(FileError(path: path, reason: notText(nulAt: offset + base.distance(to: nul))))
            }
            offset += count
            return .success(count)
        }
    }

    /// Reads everything from `descriptor` (a file, a pipe, standard input), refusing more than
    /// `maximumFileSize` bytes and anything that is not text.
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
            if bytes.count + count > maximumFileSize { return .failure(FileError(path: path, reason: tooLarge)) }
            bytes.append(contentsOf: chunk[0..<count])
            if chunk.count < (1 << 22) && bytes.count >= chunk.count * 4 {
                chunk = [UInt8](repeating: 0, count: chunk.count * 4)
            }
        }
        // Text never holds NUL; a file that does is binary (an image, a program, a database).
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(FileError(path: path, reason: notText(nulAt: nul)))
        }
        return .success(bytes)
    }

    static var tooLarge: String { "it is too large (more than \(maximumFileSize >> 20) MiB)" }

    static func notText(nulAt offset: Int) -> String { "it is not a text file (byte \(offset) is NUL)" }

    struct FileError: Error {
        var path: String
        var reason: String
    }

    static func systemError() -> String {
        guard let message = strerror(errno) else { return "error \(errno)" }
        return String(cString: message)
    }
}
