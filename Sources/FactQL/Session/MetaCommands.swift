/// Dot-commands, as in sqlite3's shell: one table of name, arguments, help and handler. `.help` is
/// generated from it, and they work in the REPL, in scripts and with `-e` alike.
public struct MetaCommand: Sendable {
    public var name: String
    public var arguments: String
    public var summary: String
    let handler: @Sendable (Session, MetaCommandCall, (Session.Event) -> Void) throws(Diagnostic) -> Void

    /// The usage line: `.mode table|csv|json`.
    public var usage: String { arguments.isEmpty ? "." + name : ".\(name) \(arguments)" }
}

/// One use of a meta-command: its arguments and where they were written.
public struct MetaCommandCall: Sendable {
    public var arguments: String
    public var argumentSpan: SourceSpan
    public var source: SourceFile

    /// An error pointing at the arguments (or at the command, when there are none).
    func error(_ message: String, notes: [String] = [], suggestions: [String] = []) -> Diagnostic {
        Diagnostic(message: message, source: source, span: argumentSpan, notes: notes, suggestions: suggestions)
    }
}

extension MetaCommand {
    /// Every meta-command, in the order `.help` lists them. Each family lives in its own file.
    public static let all: [MetaCommand] = sessionCommands + keepCommands + importCommands + outputCommands + stageCommands + safetyCommands + sqlCommands

    /// Loading, output, listing the fact base, leaving.
    static let sessionCommands: [MetaCommand] = [
        MetaCommand(name: "help", arguments: "[COMMAND]", summary: "list the meta-commands, or explain one (or a topic: .help as)") {
            session, call, emit throws(Diagnostic) in
            emit(.result(.text(try helpText(for: call))))
        },
        loadCommand,
        MetaCommand(name: "mode", arguments: OutputFormat.usage, summary: "choose the output format (line: one column | value line per cell)") {
            session, call, emit throws(Diagnostic) in
            guard !call.arguments.isEmpty else {
                emit(.result(.text("current mode: \(session.format.rawValue)")))
                return
            }
            guard let format = OutputFormat(rawValue: call.arguments.lowercased()) else {
                throw call.error(
                    "unknown output mode '\(call.arguments)'", notes: ["the modes are \(OutputFormat.spelledOut)"],
                    suggestions: Suggestions.nearest(to: call.arguments, among: OutputFormat.allCases.map(\.rawValue)))
            }
            session.format = format
        },
        MetaCommand(
            name: "timer", arguments: "on|off", summary: "show how long each query and .load takes to run; without argument, show the setting"
        ) { session, call, emit throws(Diagnostic) in
            guard !call.arguments.isEmpty else { return emit(.result(.text("timer: \(session.showTimer ? "on" : "off")"))) }
            session.showTimer = try onOff(call)
        },
        MetaCommand(name: "schema", arguments: "", summary: "kinds, relations with their roles and attributes, and counts")
        { session, call, emit throws(Diagnostic) in
            emit(.result(.text(session.factBase.schemaText)))
        },
        MetaCommand(name: "entities", arguments: "[KIND]", summary: "list the entities, or those of one kind") {
            session, call, emit throws(Diagnostic) in
            var kind: KindID?
            if !call.arguments.isEmpty {
                let name = unquoted(call.arguments)
                guard let found = session.factBase.kind(named: name) ?? session.factBase.kind(plural: name) else {
                    throw call.error(
                        "unknown kind '\(name)'",
                        suggestions: Suggestions.nearest(to: name, among: session.factBase.kinds.map(\.name)))
                }
                kind = found
            }
            emit(.result(.table(session.factBase.entityTable(ofKind: kind))))
        },
        MetaCommand(name: "sources", arguments: "", summary: "list the sources (the article's sentences) with their ids") {
            session, call, emit throws(Diagnostic) in
            let rows = session.factBase.sources.map { [Cell.text($0.identifier), Cell.text($0.text)] }
            emit(.result(.table(ResultTable(columns: ["source", "text"], rows: rows))))
        },
        MetaCommand(name: "history", arguments: "", summary: "show the statements entered in the REPL") {
            session, call, emit throws(Diagnostic) in
            emit(.request(.showHistory))
        },
        MetaCommand(name: "quit", arguments: "", summary: "leave factql (so does .exit, or Ctrl-D)") {
            session, call, emit throws(Diagnostic) in
            session.quitRequested = true
            emit(.request(.quit))
        },
        MetaCommand(name: "exit", arguments: "", summary: "leave factql") { session, call, emit throws(Diagnostic) in
            session.quitRequested = true
            emit(.request(.quit))
        },
    ]

    public static func named(_ name: String) -> MetaCommand? {
        all.first { $0.name == name.lowercased() }
    }

    static func helpText(for call: MetaCommandCall) throws(Diagnostic) -> String {
        if !call.arguments.isEmpty {
            if let topic = HelpTopic.all.first(where: { $0.name == call.arguments.lowercased() }) { return topic.text }
            let name = call.arguments.hasPrefix(".") ? String(call.arguments.dropFirst()) : call.arguments
            guard let command = named(name) else {
                let hint = Hints.metaCommand(named: name, among: all.map(\.name))
                throw call.error("unknown meta-command '.\(name)'", notes: hint.notes.filter { !$0.hasPrefix("type .help") }, suggestions: hint.suggestions)
            }
            return "\(command.usage)\n    \(command.summary)"
        }
        let width = all.map(\.usage.count).max() ?? 0
        var lines = ["Meta-commands (they start with a dot, one per line):"]
        for command in all {
            lines.append("  " + command.usage + String(repeating: " ", count: width - command.usage.count + 2) + command.summary)
        }
        lines.append("")
        lines.append("Queries: members of CSTO where status = frozen | count members of CSTO | show Armenia")
        lines.append("         why members of CSTO where status = frozen | countries where not member of CSTO")
        lines.append("Columns: members of ICC with since | leader of Armenia with title, since | capital of Armenia")
        lines.append("Yes/no:  is Belarus a member of CSTO | is CSTO an organization | why is Armenia a member of EU")
        lines.append("         is Armenia in (members of CSTO where status = frozen)")
        lines.append("Groups:  count members of each organization")
        lines.append("         count members of each (organizations where kind = alliance)")
        lines.append("Facts:   facts of Armenia | facts where date >= 2023-09 | facts of Armenia where relation = member_of")
        // A role noun several relations share (organization) is kept to one by naming its relation.
        lines.append("Roles:   member_of organizations of Armenia")
        lines.append("Time:    members of ICC as of 2024 | is Armenia a member of ICC as of 2023 | leader of Armenia as of 2019")
        lines.append("Changes: fact Armenia member_of EU { since: 2030 } | retract fact Armenia member_of EU")
        lines.append("Statements end at a newline or ';'. Comments start with # or --.")
        lines.append("")
        for topic in HelpTopic.all { lines.append(".help \(topic.name): \(topic.summary)") }
        return lines.joined(separator: "\n")
    }

    static func onOff(_ call: MetaCommandCall) throws(Diagnostic) -> Bool {
        switch call.arguments.lowercased() {
        case "on": return true
        case "off": return false
        default: throw call.error("expected on or off, found '\(call.arguments)'")
        }
    }

    static func unquoted(_ text: String) -> String {
        // "file" or 'file', as a shell would take it.
        if text.count >= 2, (text.hasPrefix("\"") && text.hasSuffix("\"")) || (text.hasPrefix("'") && text.hasSuffix("'")) {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}

/// A part of the language `.help TOPIC` explains: what the one-line examples of `.help` cannot say.
struct HelpTopic: Sendable {
    var name: String
    var summary: String
    var text: String

    static let all: [HelpTopic] = [
        HelpTopic(
            name: "as", summary: "as of DATE: what since, until and date mean, facts without dates, yes/no/unknown",
            text: """
                as of DATE    members of ICC as of 2024 | is Armenia a member of ICC as of 2023
                    Keeps only the facts known to hold on DATE: a year (2022), a month (2023-09) or a
                    day (2023-09-19). It comes after 'with' and before 'order by' and 'limit', and at
                    the end of a question.

                Three attributes of a fact say when it holds:
                    since   it holds from this date on
                    until   it holds up to this date, not on it nor after it
                    date    it is an event: it holds on this date and on no other
                Dates compare at the coarser precision: as of 2024, a fact since 2024-01 holds.

                A fact without dates is unknown on any date: the fact base says that it holds, not
                when. 'as of' leaves it out, and a note says how many facts were left out. The same
                goes for a fact whose only date is an 'until' still to come. (.schema shows which
                relations' facts carry since, until or date.)

                A yes/no question answers yes, no or unknown: unknown when no fact known to hold says
                yes, but a fact whose dates do not settle it could. 'not' follows Kleene's logic: not
                unknown is unknown (and false and unknown is false, true or unknown is true), so
                'countries where not member of CSTO as of 2022' keeps neither the members known then
                nor those whose membership is unknown.
                """),
        HelpTopic.retract,
        HelpTopic.databases,
        Completer.helpTopic,
    ]
}

extension Session {
    /// Runs the meta-command written on `range` of `source`.
    func runMetaCommand(source: SourceFile, range: Range<Int>, emit: (Event) -> Void) -> Bool {
        let bytes = source.bytes
        var nameEnd = range.lowerBound + 1
        while nameEnd < range.upperBound && bytes[nameEnd] != UInt8(ascii: " ") && bytes[nameEnd] != UInt8(ascii: "\t") {
            nameEnd += 1
        }
        let name = String(decoding: bytes[(range.lowerBound + 1)..<nameEnd], as: UTF8.self)
        var argumentStart = nameEnd
        while argumentStart < range.upperBound && (bytes[argumentStart] == UInt8(ascii: " ") || bytes[argumentStart] == UInt8(ascii: "\t")) {
            argumentStart += 1
        }
        var argumentEnd = range.upperBound
        while argumentEnd > argumentStart
            && [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ";")].contains(bytes[argumentEnd - 1])
        {
            argumentEnd -= 1
        }
        let commandSpan = SourceSpan(start: range.lowerBound, end: nameEnd)
        guard let command = MetaCommand.named(name) else {
            let hint = Hints.metaCommand(named: name, among: MetaCommand.all.map(\.name))
            emit(
                .diagnostic(
                    Diagnostic(
                        message: "unknown meta-command '.\(name)'", source: source, span: commandSpan, notes: hint.notes,
                        suggestions: hint.suggestions)))
            return false
        }
        let hasArguments = argumentEnd > argumentStart
        let call = MetaCommandCall(
            arguments: String(decoding: bytes[argumentStart..<argumentEnd], as: UTF8.self),
            argumentSpan: hasArguments ? SourceSpan(start: argumentStart, end: argumentEnd) : commandSpan, source: source)
        do throws(Diagnostic) {
            try command.handler(self, call, emit)
            return true
        } catch {
            emit(.diagnostic(error.located(in: source)))
            return false
        }
    }
}

extension FactBase {
    /// `.schema`: kinds with counts, relations with roles, attributes and counts, and which of the
    /// attributes `as of` reads (since, until, date) their facts carry.
    public var schemaText: String {
        var kindCounts = [Int](repeating: 0, count: kinds.count)
        for kind in entityKinds { kindCounts[Int(kind)] += 1 }
        var relationCounts = [Int](repeating: 0, count: relations.count)
        for relation in factRelations { relationCounts[Int(relation)] += 1 }
        let time = timeAttributesByRelation()
        var lines: [String] = ["-- kinds (entities, sub-kinds included, as the kind's plural counts them)"]
        for (index, kind) in kinds.enumerated() {
            var line = "kind \(Self.nameLiteral(kind.name))"
            if let parent = kind.parent { line += " : \(Self.nameLiteral(kinds[Int(parent)].name))" }
            line += " plural \(Self.nameLiteral(kind.plural))"
            let total = kindAndDescendants(KindID(index)).reduce(0) { $0 + kindCounts[Int($1)] }
            lines.append(line + "   -- \(total)" + (total == kindCounts[index] ? "" : " (\(kindCounts[index]) of its own)"))
        }
        // Entity attributes, with how many entities have each (they cite no source).
        var entityAttributeCounts: [AttributeID: Int] = [:]
        var entityAttributeOrder: [AttributeID] = []
        for entity in entityAttributes.keys.sorted() {
            for entry in entityAttributes[entity] ?? [] {
                if entityAttributeCounts[entry.attribute] == nil { entityAttributeOrder.append(entry.attribute) }
                entityAttributeCounts[entry.attribute, default: 0] += 1
            }
        }
        if !entityAttributeOrder.isEmpty {
            lines.append("-- entity attributes (entities; not cited)")
            for attribute in entityAttributeOrder {
                let count = entityAttributeCounts[attribute] ?? 0
                lines.append("\(Self.nameLiteral(attributeNames[Int(attribute)]))   -- \(count)")
            }
        }
        lines.append("-- relations (facts)")
        for (index, relation) in relations.enumerated() {
            var line = "relation \(Self.nameLiteral(relation.name)) (\(relation.roles.map(Self.nameLiteral).joined(separator: ", ")))"
            if relation.isSymmetric { line += " symmetric" }
            line += "   -- \(relationCounts[index])"
            if !relation.attributes.isEmpty {
                line += "; attributes: " + relation.attributes.map { attributeNames[Int($0)] }.joined(separator: ", ")
            }
            if !time.carried[index].isEmpty {
                line += "; time: " + time.carried[index].joined(separator: ", ")
                let undated = time.undated[index]
                if undated > 0 { line += " (\(undated) of \(relationCounts[index]) without dates)" }
            }
            lines.append(line)
        }
        if time.carried.contains(where: { !$0.isEmpty }) {
            lines.append("-- time: the dates 'as of DATE' reads; it leaves out the facts without them (.help as)")
        }
        lines += sharedRoleLines()
        // The figures stay last: the REPL's banner repeats them.
        lines.append("-- \(entityCount) entities, \(factCount) facts, \(sources.count) sources")
        return lines.joined(separator: "\n")
    }

    /// Role nouns that several relations share, and how a query keeps one of them.
    private func sharedRoleLines() -> [String] {
        var byRole: [(role: String, relations: [String])] = []
        for relation in relations {
            for role in Set(relation.roles.map(Self.fold)).sorted() {
                if let index = byRole.firstIndex(where: { $0.role == role }) {
                    if !byRole[index].relations.contains(relation.name) { byRole[index].relations.append(relation.name) }
                } else {
                    byRole.append((role, [relation.name]))
                }
            }
        }
        let shared = byRole.filter { $0.relations.count > 1 }
        guard let first = shared.first else { return [] }
        var lines = ["-- roles of several relations: name the relation before the role to keep one (\(first.relations[0]) \(English.roleNouns(of: first.role).last ?? first.role) of ...)"]
        for entry in shared {
            lines.append("--   \(entry.role): \(entry.relations.joined(separator: ", "))")
        }
        return lines
    }

    /// Per relation: which of since, until and date its facts carry, and how many facts have none.
    private func timeAttributesByRelation() -> (carried: [[String]], undated: [Int]) {
        let names = ["since", "until", "date"]
        let attributes = names.map { attribute(named: $0) }
        var carries = [[Bool]](repeating: [Bool](repeating: false, count: names.count), count: relations.count)
        var undated = [Int](repeating: 0, count: relations.count)
        for fact in 0..<FactID(factCount) {
            let relation = Int(factRelations[Int(fact)])
            var dated = false
            for (position, attribute) in attributes.enumerated() {
                guard let attribute, value(of: attribute, inFact: fact) != nil else { continue }
                carries[relation][position] = true
                dated = true
            }
            if !dated { undated[relation] += 1 }
        }
        let carried = carries.map { flags in names.indices.filter { flags[$0] }.map { names[$0] } }
        return (carried, undated)
    }

    /// `.entities [KIND]`: name, kind and aliases, sorted by name.
    public func entityTable(ofKind kind: KindID?) -> ResultTable {
        var rows: [[Cell]] = []
        for entity in 0..<EntityID(entityCount) {
            let entityKind = entityKinds[Int(entity)]
            if let kind, !self.kind(entityKind, isA: kind) { continue }
            let aliases = entityAliases[entity] ?? []
            rows.append([
                .text(entityNames[Int(entity)]), .text(kinds[Int(entityKind)].name),
                aliases.isEmpty ? .null : .text(aliases.joined(separator: ", ")),
            ])
        }
        ResultOrdering.sort(&rows, by: nil, descending: false)
        return ResultTable(columns: ["entity", "kind", "aliases"], rows: rows)
    }
}
