import FactQL

#if canImport(Glibc)
    import Glibc
#endif

/// The host's side of `.open` and `.save`: reading the start of a file, writing a whole file so
/// that it is replaced at once, and asking before the REPL leaves unsaved changes behind.
enum FileKeepingAccess {
    /// Up to `count` bytes from the start of `path`; nil when there is no such file in a folder that
    /// exists (a new file, which `.save` will create).
    static func readStart(_ path: String, count: Int) -> Result<[UInt8]?, Terminal.FileError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let problem = errno
            if problem == ENOENT {
                let folder = folder(of: path)
                var information = stat()
                guard stat(folder, &information) == 0, (information.st_mode & S_IFMT) == S_IFDIR else {
                    return .failure(Terminal.FileError(path: path, reason: "there is no folder \(folder)"))
                }
                return .success(nil)
            }
            return .failure(Terminal.FileError(path: path, reason: Terminal.errorText(problem)))
        }
        defer { Terminal.close(descriptor) }
        var information = stat()
        if fstat(descriptor, &information) == 0 && (information.st_mode & S_IFMT) == S_IFDIR {
            return .failure(Terminal.FileError(path: path, reason: "it is a directory"))
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress.map { $0 + filled }, count - filled) }
            if read < 0 {
                if errno == EINTR { continue }
                return .failure(Terminal.FileError(path: path, reason: Terminal.systemError()))
            }
            if read == 0 { break }
            filled += read
        }
        return .success(Array(bytes[0..<filled]))
    }

    /// Writes `bytes` to a temporary file in the folder of `path`, flushes it to the disk, and
    /// renames it over `path`: a reader sees the old file or the new one, never part of one, and a
    /// failure leaves the old file as it was. An existing file keeps its mode (a new one gets the
    /// usual 0666 less the umask); a symbolic link is followed, so the file it names is replaced.
    static func writeAtomically(_ bytes: [UInt8], to path: String) -> Result<Void, Terminal.FileError> {
        var target = path
        var information = stat()
        if lstat(path, &information) == 0 && (information.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        var mode: mode_t
        if stat(target, &information) == 0 {
            switch information.st_mode & S_IFMT {
            case S_IFREG: mode = information.st_mode & 0o7777
            case S_IFDIR: return .failure(Terminal.FileError(path: path, reason: "it is a directory"))
            default: return .failure(Terminal.FileError(path: path, reason: "it is not a regular file"))
            }
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        let name = target.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? target
        var template = Array("\(folder(of: target))/.\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { return .failure(Terminal.FileError(path: path, reason: Terminal.systemError())) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: Int32?
        if fchmod(descriptor, mode) != 0 { failure = errno }
        if failure == nil {
            failure = bytes.withUnsafeBytes { Terminal.writeAll($0, to: descriptor) }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = errno }
        if Glibc.close(descriptor) != 0 && failure == nil { failure = errno }
        if failure == nil && rename(temporary, target) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            return .failure(Terminal.FileError(path: path, reason: Terminal.errorText(failure)))
        }
        return .success(())
    }

    /// The folder a path is in: `.` for a bare name, `/` for a file at the root.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}

extension Host {
    /// Gives the session the file access `.open` and `.save` need.
    func connectFileKeeping() {
        session.keeping.writeFile = { path, bytes throws(Diagnostic) in
            if case .failure(let problem) = FileKeepingAccess.writeAtomically(bytes, to: path) {
                throw Diagnostic(message: "cannot write '\(problem.path)': \(problem.reason)")
            }
        }
        session.keeping.readFileStart = { path, count throws(Diagnostic) in
            switch FileKeepingAccess.readStart(path, count: count) {
            case .success(let bytes): return bytes
            case .failure(let problem): throw Diagnostic(message: "cannot open '\(problem.path)': \(problem.reason)")
            }
        }
    }
}

extension REPL {
    /// Whether the REPL may leave now. With unsaved changes it says so and stays, once: leaving
    /// again (Ctrl-D, `.quit`) with nothing changed since goes without saving.
    func mayLeave(afterEndOfInput: Bool) -> Bool {
        guard let warning = host.session.unsavedChangesWarning() else { return true }
        // Ctrl-D leaves the cursor after the prompt.
        if afterEndOfInput { Terminal.write("\n", to: 1) }
        host.report(warning)
        return false
    }
}
