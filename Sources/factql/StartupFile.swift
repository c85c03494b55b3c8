#if canImport(Glibc)
    import Glibc
#endif

/// The file the REPL runs before its first prompt, as sqlite3 runs `~/.sqliterc` and psql
/// `~/.psqlrc`. Only the REPL reads it: scripts, `-e` and piped input behave the same on every
/// machine.
enum StartupFile {
    /// Which file to run, given `--init` / `--no-init` and the environment:
    ///
    /// 1. none with `--no-init`;
    /// 2. the `--init` file (it must exist: a missing one is reported);
    /// 3. `$XDG_CONFIG_HOME/factql/factqlrc` when `$XDG_CONFIG_HOME` is an absolute path (the XDG
    ///    spec says to ignore a relative one), else `~/.config/factql/factqlrc`, if it exists;
    /// 4. `~/.factqlrc`, if it exists.
    static func path(initFile: String?, noInit: Bool, environment: [String: String], exists: (String) -> Bool) -> String? {
        if noInit { return nil }
        if let initFile { return initFile }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        var candidates: [String] = []
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            candidates.append(config + "/factql/factqlrc")
        } else if let home {
            candidates.append(home + "/.config/factql/factqlrc")
        }
        if let home { candidates.append(home + "/.factqlrc") }
        return candidates.first(where: exists)
    }

    /// The file to run in this process's environment.
    static func path(initFile: String?, noInit: Bool) -> String? {
        var environment: [String: String] = [:]
        for name in ["XDG_CONFIG_HOME", "HOME"] {
            if let value = Terminal.environment(name) { environment[name] = value }
        }
        return path(initFile: initFile, noInit: noInit, environment: environment) { candidate in
            var information = stat()
            return stat(candidate, &information) == 0
        }
    }
}
