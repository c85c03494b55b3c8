/// `.load FILE`: where a relative FILE is found, all or nothing, and what the REPL says it added.
extension MetaCommand {
    static let loadCommand = MetaCommand(
        name: "load", arguments: "FILE",
        summary: "run a fact file or script (in a file, FILE is found beside it); if any statement fails, nothing it defined is kept"
    ) { session, call, emit throws(Diagnostic) in
        guard !call.arguments.isEmpty else { throw call.error(".load needs a file name") }
        guard session.loadDepth < Session.loadDepthLimit else {
            throw call.error(".load nests too deep (at most \(Session.loadDepthLimit) files): does a file load itself?")
        }
        let path = session.resolvedLoadPath(unquoted(call.arguments))
        let clock = ContinuousClock()
        let started = clock.now
        let bytes: [UInt8]
        do throws(Diagnostic) {
            bytes = try session.readFile(path)
        } catch {
            throw call.error(error.message, notes: error.notes)
        }
        let announce = session.announcesLoads && session.loadDepth == 0
        let entitiesBefore = session.factBase.entityCount
        let factsBefore = session.factBase.factCount
        let outerDirectory = session.fileDirectory
        session.loadDepth += 1
        session.fileDirectory = Session.directory(of: path)
        defer {
            session.loadDepth -= 1
            session.fileDirectory = outerDirectory
        }
        // All or nothing, even with --keep-going (which only decides whether errors after the
        // first are reported too).
        let before = session.factBase
        if !session.run(SourceFile(name: path, bytes: bytes), emit: emit) {
            session.factBase = before
            throw Diagnostic(message: "'\(path)' was not loaded: nothing it defined was kept", source: call.source, span: call.argumentSpan)
        }
        let elapsed = clock.now - started
        if announce {
            emit(
                .result(
                    .text(
                        Session.loadSummary(
                            entities: session.factBase.entityCount - entitiesBefore, facts: session.factBase.factCount - factsBefore,
                            elapsed: elapsed))))
        }
        if session.showTimer { emit(.result(.timer(elapsed))) }
    }
}

extension Session {
    /// A relative path in a file resolves against that file's folder; typed in the REPL or given
    /// with `-e`, against the current directory. An absolute path is kept.
    func resolvedLoadPath(_ path: String) -> String {
        guard !path.hasPrefix("/"), !path.isEmpty, let directory = fileDirectory else { return path }
        return directory == "/" ? "/" + path : directory + "/" + path
    }

    /// The folder part of a file's path; nil for a file named without one (in the current
    /// directory).
    static func directory(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// `loaded 200,001 entities and 200,000 facts in 0.25 s`: what a `.load` typed in the REPL
    /// added (a file that retracts facts can leave fewer).
    static func loadSummary(entities: Int, facts: Int, elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        let hundredths = seconds * 100 + attoseconds / 10_000_000_000_000_000
        let time =
            hundredths == 0
            ? "under 0.01 s" : "\(hundredths / 100)." + (hundredths % 100 < 10 ? "0" : "") + "\(hundredths % 100) s"
        if entities == 0 && facts == 0 { return "loaded nothing new in \(time)" }
        let entityText = "\(grouped(max(entities, 0))) \(entities == 1 ? "entity" : "entities")"
        let factText = facts >= 0 ? "\(grouped(facts)) \(facts == 1 ? "fact" : "facts")" : "\(grouped(-facts)) \(facts == -1 ? "fact" : "facts") fewer"
        return "loaded \(entityText) and \(factText) in \(time)"
    }

    /// 200000 as `200,000`.
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number.magnitude))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return (number < 0 ? "-" : "") + text
    }
}
