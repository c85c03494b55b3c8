/// `.import FILE.csv RELATION`: a relation's facts from a CSV file, all or nothing.
///
/// The header names the columns: the relation's two roles first (its subject's, then its
/// object's), then one attribute per column. A role may carry a kind (`member:country`): names the
/// fact base does not know then become new entities of that kind; without one, an unknown name is
/// an error with the nearest known names. Cells are read as the values of a fact file
/// (`CSVImport.value(of:)`), and an empty cell is an attribute the fact does not have.
extension MetaCommand {
    static let importCommands: [MetaCommand] = [
        MetaCommand(
            name: "import", arguments: "FILE.csv RELATION",
            summary: "add RELATION's facts from a CSV file (header: its two roles, then attributes); if any row fails, nothing is kept"
        ) { session, call, emit throws(Diagnostic) in
            try session.importCSV(call, emit: emit)
        }
    ]
}

extension Session {
    func importCSV(_ call: MetaCommandCall, emit: (Event) -> Void) throws(Diagnostic) {
        let (pathName, relationName) = try CSVImport.arguments(of: call)
        let path = pathName.text
        guard let relation = factBase.relation(named: relationName.text) else {
            throw Diagnostic(
                message: "unknown relation '\(relationName.text)'", source: call.source, span: relationName.span,
                notes: ["declare it first: relation \(FactBase.nameLiteral(relationName.text)) (ROLE, ROLE)"],
                suggestions: Suggestions.nearest(to: relationName.text, among: factBase.relations.map(\.name)))
        }
        let bytes: [UInt8]
        do throws(Diagnostic) {
            bytes = try readFile(path)
        } catch {
            throw Diagnostic(message: error.message, source: call.source, span: pathName.span, notes: error.notes)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let file = SourceFile(name: path, bytes: bytes)
        let before = factBase
        var importer = CSVImport(file: file, relation: relation, shouldStop: shouldStop)
        importer.run(into: &factBase)
        importer.diagnostics.forEach { emit(.diagnostic($0)) }
        guard !importer.failed else {
            factBase = before
            throw Diagnostic(
                message: "'\(path)' was not imported: nothing in it was kept", source: call.source, span: pathName.span)
        }
        if interactive {
            let relationText = FactBase.nameLiteral(factBase.relations[Int(relation)].name)
            var line = "imported \(CSVImport.counted(importer.factsAdded, "fact")) of \(relationText)"
            if importer.entitiesCreated > 0 { line += " and \(CSVImport.counted(importer.entitiesCreated, "new entity", plural: "new entities"))" }
            emit(.result(.text(line + " in \(Self.milliseconds(clock.now - started)) ms")))
        }
    }
}

/// One import of a CSV file into a relation: the header checked against the relation, then each
/// row made a fact. Errors are collected (up to `Parser.errorLimit`), each on its row's line and
/// column; the caller keeps the fact base as it was when any was found.
struct CSVImport {
    let file: SourceFile
    let relation: RelationID
    let shouldStop: () -> Bool
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var failed = false
    private(set) var factsAdded = 0
    private(set) var entitiesCreated = 0

    /// One column after the roles: the attribute it names.
    private struct AttributeColumn {
        var name: String
        var span: SourceSpan
    }

    /// A role's column: the role's name, and the kind its unknown names are made, if the header gives one.
    private struct RoleColumn {
        var role: String
        var kind: String?
    }

    init(file: SourceFile, relation: RelationID, shouldStop: @escaping () -> Bool) {
        self.file = file
        self.relation = relation
        self.shouldStop = shouldStop
    }

    /// The file name and the relation of `.import FILE RELATION`, each with its span; either may
    /// be quoted (`"my file.csv"`, `'my file.csv'`).
    static func arguments(of call: MetaCommandCall) throws(Diagnostic) -> (path: Name, relation: Name) {
        let usage = "write .import FILE.csv RELATION, as in .import members.csv member_of"
        guard !call.arguments.isEmpty else { throw call.error(".import needs a CSV file and a relation", notes: [usage]) }
        let bytes = Array(call.arguments.utf8)
        var words: [(text: String, span: SourceSpan)] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
                index += 1
                continue
            }
            let start = index
            var end: Int
            let quote = bytes[index]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"), let close = bytes[(index + 1)...].firstIndex(of: quote) {
                end = close + 1
            } else {
                end = index
                while end < bytes.count && bytes[end] != UInt8(ascii: " ") && bytes[end] != UInt8(ascii: "\t") { end += 1 }
            }
            let text = MetaCommand.unquoted(String(decoding: bytes[start..<end], as: UTF8.self))
            let offset = call.argumentSpan.start
            words.append((text, SourceSpan(start: offset + start, end: offset + end)))
            index = end
        }
        guard words.count >= 2 else {
            throw call.error(".import needs a relation after the file name", notes: [usage])
        }
        guard words.count == 2 else {
            throw Diagnostic(
                message: ".import takes a file and a relation, found \(words.count) words", source: call.source,
                span: words[2].span.union(words[words.count - 1].span),
                notes: [usage, "quote a file name that has spaces: .import \"my members.csv\" member_of"])
        }
        return (Name(text: words[0].text, span: words[0].span), Name(text: words[1].text, span: words[1].span))
    }

    /// Reads the whole file into `factBase`; on any error, `failed` is set and the diagnostics say why.
    mutating func run(into factBase: inout FactBase) {
        if let offset = file.firstInvalidUTF8Offset() {
            fail(SourceFile.invalidUTF8Diagnostic(in: file.bytes, at: offset))
            return
        }
        var reader = CSVReader(bytes: file.bytes)
        var fields: [CSVReader.Field] = []
        do throws(Diagnostic) {
            guard try reader.nextRecord(into: &fields) else {
                fail(
                    Diagnostic(
                        message: "the file is empty: expected a header naming the columns", span: SourceSpan(start: 0, end: 0),
                        notes: [headerNote(factBase)]))
                return
            }
            let (roles, attributes) = try header(fields, reader: reader, factBase: factBase)
            var rowCount = 0
            while try reader.nextRecord(into: &fields) {
                rowCount += 1
                if rowCount % 4096 == 0 && shouldStop() {
                    fail(Diagnostic(message: "import interrupted", span: fields.first?.span))
                    return
                }
                do throws(Diagnostic) {
                    try add(fields, reader: reader, roles: roles, attributes: attributes, to: &factBase)
                } catch {
                    fail(error)
                    if diagnostics.count > Parser.errorLimit { return }
                }
            }
        } catch {
            // The reader stops at a malformed field: what follows cannot be split into fields.
            fail(error)
        }
    }

    private mutating func fail(_ diagnostic: Diagnostic) {
        failed = true
        if diagnostics.count == Parser.errorLimit {
            diagnostics.append(
                Diagnostic(
                    message: "too many bad rows: only the first \(Parser.errorLimit) are shown", source: file,
                    notes: ["nothing was imported; correct these and try again"]))
            return
        }
        if diagnostics.count < Parser.errorLimit { diagnostics.append(diagnostic.located(in: file)) }
    }

    private func headerNote(_ factBase: FactBase) -> String {
        let roles = factBase.relations[Int(relation)].roles
        return "the header is \(roles[0]),\(roles[1]) (the roles of \(factBase.relations[Int(relation)].name)), then one name per attribute, as in \(roles[0]),\(roles[1]),since"
    }

    /// The header's role columns, checked against the relation's roles, and its attribute columns.
    private mutating func header(
        _ fields: [CSVReader.Field], reader: CSVReader, factBase: FactBase
    ) throws(Diagnostic) -> ([RoleColumn], [AttributeColumn]) {
        let relationInfo = factBase.relations[Int(relation)]
        let signature = "\(relationInfo.name) (\(relationInfo.roles.joined(separator: ", ")))"
        guard fields.count >= 2 else {
            throw Diagnostic(
                message: "the header names 1 column: expected the two roles of \(signature) first",
                span: fields[0].span, notes: [headerNote(factBase)])
        }
        var roles: [RoleColumn] = []
        for position in 0..<2 {
            let written = reader.text(of: fields[position])
            var role = written
            var kind: String?
            if let colon = written.firstIndex(of: ":") {
                role = Self.trimmed(String(written[..<colon]))
                kind = Self.trimmed(String(written[written.index(after: colon)...]))
            }
            let expected = relationInfo.roles[position]
            guard FactBase.fold(role) == FactBase.fold(expected) else {
                let side = position == 0 ? "subject" : "object"
                var notes = ["the first two columns are the subject and the object, named by the relation's roles in order"]
                if FactBase.fold(role) == FactBase.fold(relationInfo.roles[1 - position]) {
                    notes.insert("the roles are in the other order: put the \(relationInfo.roles[0]) column first", at: 0)
                }
                throw Diagnostic(
                    message: "column \(position + 1) of the header is '\(role)': expected \(expected), the \(side)'s role in \(signature)",
                    span: fields[position].span, notes: notes)
            }
            if let name = kind {
                guard !name.isEmpty else {
                    throw Diagnostic(
                        message: "no kind after '\(role):' in the header", span: fields[position].span,
                        notes: ["write \(role):KIND to create the unknown \(role)s as entities of KIND, or \(role) alone"])
                }
                if factBase.kind(named: name) == nil, let warning = newKindWarning(name, at: fields[position].span, in: factBase) {
                    diagnostics.append(warning)
                }
            }
            roles.append(RoleColumn(role: expected, kind: kind))
        }
        var attributes: [AttributeColumn] = []
        for (index, field) in fields.enumerated().dropFirst(2) {
            let name = reader.text(of: field)
            guard !name.isEmpty else {
                throw Diagnostic(
                    message: "column \(index + 1) of the header is empty: every column after the roles names an attribute",
                    span: field.span)
            }
            if let earlier = attributes.firstIndex(where: { FactBase.fold($0.name) == FactBase.fold(name) }) {
                throw Diagnostic(
                    message: "column \(index + 1) of the header repeats the attribute '\(name)' of column \(earlier + 3)",
                    span: field.span)
            }
            attributes.append(AttributeColumn(name: name, span: field.span))
        }
        return (roles, attributes)
    }

    /// A new kind whose name is a typo away from a known one (`member:contry`).
    private func newKindWarning(_ name: String, at span: SourceSpan, in factBase: FactBase) -> Diagnostic? {
        let nearest = Suggestions.nearest(to: name, among: factBase.kinds.map(\.name))
        guard !nearest.isEmpty else { return nil }
        return Diagnostic(
            .warning, message: "'\(name)' is a new kind", source: file, span: span,
            notes: ["the names this file adds become entities of a new kind '\(name)'"], suggestions: nearest)
    }

    /// One row made a fact (and the entities its roles name, where the header gives a kind).
    private mutating func add(
        _ fields: [CSVReader.Field], reader: CSVReader, roles: [RoleColumn], attributes: [AttributeColumn],
        to factBase: inout FactBase
    ) throws(Diagnostic) {
        let expected = 2 + attributes.count
        if fields.count < expected {
            let end = fields[fields.count - 1].span.end
            let missing = (roles.map(\.role) + attributes.map(\.name))[fields.count...]
            throw Diagnostic(
                message: "this row has \(fields.count) \(fields.count == 1 ? "column" : "columns"), the header \(expected): no \(missing.joined(separator: ", "))",
                span: SourceSpan(start: end, end: end),
                notes: ["a missing attribute is an empty cell: leave it empty, but keep its comma"])
        }
        if fields.count > expected {
            throw Diagnostic(
                message: "this row has \(fields.count) columns, the header \(expected)",
                span: fields[expected].span.union(fields[fields.count - 1].span),
                notes: ["a cell that holds a comma is written in quotes: \"Yerevan, Armenia\""])
        }
        var names: [Name] = []
        for position in 0..<2 {
            let field = fields[position]
            let written = reader.text(of: field)
            let role = roles[position]
            guard !written.isEmpty else {
                throw Diagnostic(
                    message: "the \(role.role) is empty: every row names its \(roles[0].role) and its \(roles[1].role)",
                    span: field.span)
            }
            if let entity = factBase.entity(named: written) {
                names.append(Name(text: factBase.entityNames[Int(entity)], span: field.span))
                continue
            }
            guard let kind = role.kind else {
                throw Diagnostic(
                    message: "unknown entity '\(written)' as the \(role.role)", span: field.span,
                    notes: [
                        "declare it first (entity \(FactBase.nameLiteral(written)) : KIND), or name a kind in the header to create the unknown \(role.role)s: \(role.role):KIND"
                    ],
                    suggestions: Suggestions.nearest(to: written, among: factBase.entityNamesAndAliases))
            }
            // No name or alias has it (looked up above): a new entity, as `entity NAME : KIND` makes.
            let kindID = factBase.kind(named: kind) ?? factBase.addKind(kind)
            factBase.addEntity(written, kind: kindID)
            entitiesCreated += 1
            names.append(Name(text: written, span: field.span))
        }
        var assignments: [AttributeAssignment] = []
        for (offset, column) in attributes.enumerated() {
            let field = fields[2 + offset]
            guard field.content.count > 0 else { continue }
            let value = try Self.value(of: field, in: reader)
            assignments.append(AttributeAssignment(name: Name(text: column.name, span: field.span), value: value))
        }
        let relationName = factBase.relations[Int(relation)].name
        let rowSpan = fields[0].span.union(fields[fields.count - 1].span)
        try factBase.define(
            .fact(
                FactDefinition(
                    subject: names[0], relation: Name(text: relationName, span: fields[0].span), object: names[1],
                    attributes: assignments, citations: [], span: rowSpan)))
        factsAdded += 1
    }

    /// A cell read as a fact file reads a value: a whole number (`12`, `-3`), a decimal (`1.5`),
    /// a date (`2024-01`, `2023-09-19`), `true` or `false`, a plain word (a symbol such as
    /// `frozen`, or the entity of that name); any other text is a string, exactly as written.
    /// Quotes around a cell are CSV's, not the language's: `"12"` is the number 12.
    static func value(of field: CSVReader.Field, in reader: CSVReader) throws(Diagnostic) -> ValueLiteral {
        let span = field.span
        // A cell with a doubled quote holds a quote: text, whatever else it holds.
        let shape = reader.withContent(of: field) { CellShape($0) } ?? .text
        let text = reader.text(of: field)
        switch shape {
        case .integer:
            guard let number = Int(text) else {
                throw Diagnostic(
                    message: "number too large: \(text)", span: span, notes: ["whole numbers range from \(Int.min) to \(Int.max)"])
            }
            return ValueLiteral(kind: .integer(number), span: span)
        case .decimal:
            guard let number = Double(text), number.isFinite else {
                throw Diagnostic(message: "decimal number out of range: \(text)", span: span)
            }
            return ValueLiteral(kind: .decimal(number), span: span)
        case .date:
            guard let date = DateValue(parsing: text) else {
                throw Diagnostic(
                    message: "'\(text)' is not a valid date", span: span,
                    notes: ["dates are written YYYY-MM or YYYY-MM-DD, with a real month and day"])
            }
            return ValueLiteral(kind: .date(date), span: span)
        case .word:
            var word = text
            switch word.withUTF8({ Keyword.lookup($0) }) {
            case .true?: return ValueLiteral(kind: .boolean(true), span: span)
            case .false?: return ValueLiteral(kind: .boolean(false), span: span)
            case nil: return ValueLiteral(kind: .name(text, isQuoted: false), span: span)
            default: return ValueLiteral(kind: .string(text), span: span)  // a keyword is no name
            }
        case .text:
            return ValueLiteral(kind: .string(text), span: span)
        }
    }

    /// What a cell looks like, by the lexer's rules for numbers, dates and words.
    enum CellShape {
        case integer, decimal, date, word, text

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
            func digits(from start: Int) -> Int {
                var end = start
                while end < bytes.count && isDigit(bytes[end]) { end += 1 }
                return end - start
            }
            guard let first = bytes.first else {
                self = .text
                return
            }
            if isDigit(first) || (first == UInt8(ascii: "-") && bytes.count > 1 && isDigit(bytes[1])) {
                let start = first == UInt8(ascii: "-") ? 1 : 0
                let whole = digits(from: start)
                var end = start + whole
                if end == bytes.count {
                    self = .integer
                    return
                }
                if start == 0 && whole == 4 && bytes[end] == UInt8(ascii: "-") && digits(from: end + 1) == 2 {
                    end += 3
                    if end == bytes.count {
                        self = .date
                        return
                    }
                    if bytes[end] == UInt8(ascii: "-") && digits(from: end + 1) == 2 && end + 3 == bytes.count {
                        self = .date
                        return
                    }
                }
                if bytes[start + whole] == UInt8(ascii: ".") && digits(from: start + whole + 1) > 0
                    && start + whole + 1 + digits(from: start + whole + 1) == bytes.count
                {
                    self = .decimal
                    return
                }
                self = .text
                return
            }
            let isNameStart = { (byte: UInt8) -> Bool in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || byte == UInt8(ascii: "_") || (byte >= 0xC2 && byte <= 0xF4)
            }
            guard isNameStart(first) else {
                self = .text
                return
            }
            for byte in bytes where !(isNameStart(byte) || isDigit(byte) || (byte >= 0x80 && byte <= 0xBF)) {
                self = .text
                return
            }
            self = .word
        }
    }

    static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// `3 facts`, `1 fact`, with thousands separated: `1,000,000 facts`.
    static func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        var digits = String(count)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped + " " + (count == 1 ? singular : plural ?? singular + "s")
    }
}
