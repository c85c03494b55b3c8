/// Reads the fact base a database holds, table by table, through the same definitions a fact
/// file makes (so every check of a fact file holds for a database too: a file changed by hand
/// into something inconsistent is refused, not half read).
///
/// Values come back with their stored type: a name that was an entity stays one, and a symbol
/// stays a symbol even where an entity of that name exists (`FactBase.readsStoredNames`).
struct DatabaseReader<Connection: DatabaseConnection> {
    let connection: Connection
    let shouldStop: () -> Bool
    private var base = FactBase()
    /// Every definition made from a row has this place: there is no text to point into.
    private static var nowhere: SourceSpan { SourceSpan(start: 0, end: 0) }

    init(connection: Connection, shouldStop: @escaping () -> Bool) {
        self.connection = connection
        self.shouldStop = shouldStop
    }

    func read() throws(Diagnostic) -> FactBase {
        var reader = self
        reader.base.readsStoredNames = true
        try reader.readSources()
        try reader.readKinds()
        try reader.readRelations()
        try reader.readEntities()
        try reader.readFacts()
        reader.base.readsStoredNames = false
        return reader.base
    }

    private static func name(_ text: String?, quoted: Bool = false) -> Name {
        Name(text: text ?? "", span: nowhere, isQuoted: quoted)
    }

    /// A definition from the row of `table`; its error says which row was refused.
    private mutating func define(_ statement: Statement, row: String, of table: String) throws(Diagnostic) {
        do throws(Diagnostic) {
            try base.define(statement)
        } catch {
            throw Diagnostic(
                message: "the database '\(connection.path)' holds a row of \(table) FactQL refuses (\(row)): \(error.message)",
                notes: ["the file was not changed; was it edited by hand?"])
        }
    }

    private mutating func readSources() throws(Diagnostic) {
        var definitions: [SourceDefinition] = []
        try connection.forEachRow("SELECT id, text FROM sources ORDER BY ordinal", []) { row in
            definitions.append(SourceDefinition(identifier: Self.name(row.text(0)), text: row.text(1) ?? "", span: Self.nowhere))
        }
        for definition in definitions { try define(.source(definition), row: definition.identifier.text, of: "sources") }
    }

    private mutating func readKinds() throws(Diagnostic) {
        var definitions: [KindDefinition] = []
        try connection.forEachRow("SELECT name, plural, parent FROM kinds ORDER BY ordinal", []) { row in
            definitions.append(
                KindDefinition(
                    name: Self.name(row.text(0)), parent: row.text(2).map { Self.name($0) }, plural: Self.name(row.text(1)),
                    span: Self.nowhere))
        }
        // Every kind first, then the parents: a parent may come later in id order.
        for definition in definitions {
            var bare = definition
            bare.parent = nil
            try define(.kind(bare), row: definition.name.text, of: "kinds")
        }
        for definition in definitions where definition.parent != nil {
            try define(.kind(definition), row: definition.name.text, of: "kinds")
        }
    }

    private mutating func readRelations() throws(Diagnostic) {
        var definitions: [RelationDefinition] = []
        try connection.forEachRow("SELECT name, subject_role, object_role, is_symmetric FROM relations ORDER BY ordinal", []) { row in
            definitions.append(
                RelationDefinition(
                    name: Self.name(row.text(0)), subjectRole: Self.name(row.text(1)), objectRole: Self.name(row.text(2)),
                    isSymmetric: row.boolean(3) == true, span: Self.nowhere))
        }
        for definition in definitions { try define(.relation(definition), row: definition.name.text, of: "relations") }
    }

    /// A stored value (the columns of `attribute_values` from `type` on) as the literal that
    /// makes it again.
    private static func literal(_ row: Connection.Row, from column: Int) -> ValueLiteral {
        let type = row.text(column) ?? ""
        let display = row.text(column + 1) ?? ""
        let kind: ValueLiteral.Kind
        switch type {
        case "string": kind = .string(display)
        case "integer": kind = .integer(Int(row.integer(column + 2) ?? 0))
        case "decimal": kind = .decimal(row.real(column + 2) ?? Double(display) ?? .nan)
        case "boolean": kind = .boolean(row.boolean(column + 3) == true)
        case "date":
            let date = DateValue(parsing: display) ?? Int32(display).map { DateValue(year: $0) }
            kind = date.map(ValueLiteral.Kind.date) ?? .name(display, isQuoted: false)
        case "entity": kind = .name(row.text(column + 4) ?? display, isQuoted: true)
        default: kind = .name(display, isQuoted: false)
        }
        return ValueLiteral(kind: kind, span: nowhere)
    }

    /// The columns of a value after its attribute's name, as `literal(_:from:)` reads them.
    private static var valueColumns: String { "v.type, v.display, v.number, v.flag, v.entity" }

    private mutating func readEntities() throws(Diagnostic) {
        var entities: [EntityDefinition] = []
        try connection.forEachRow("SELECT name, kind FROM entities ORDER BY ordinal", []) { row in
            entities.append(
                EntityDefinition(name: Self.name(row.text(0)), kind: Self.name(row.text(1)), aliases: [], attributes: [], span: Self.nowhere))
        }
        var positions: [String: Int] = [:]
        for (position, entity) in entities.enumerated() {
            try define(.entity(entity), row: entity.name.text, of: "entities")
            positions[entity.name.text] = position
        }
        // Aliases and attributes, each entity's in their order, made once all entities exist
        // (an attribute may name an entity made after its own).
        try connection.forEachRow("SELECT entity, alias FROM aliases ORDER BY ordinal", []) { row in
            if let position = positions[row.text(0) ?? ""] { entities[position].aliases.append(Self.name(row.text(1))) }
        }
        try connection.forEachRow(
            "SELECT a.entity, a.attribute, \(Self.valueColumns) FROM entity_attributes a JOIN attribute_values v ON v.id = a.value ORDER BY a.ordinal", []
        ) { row in
            guard let position = positions[row.text(0) ?? ""] else { return }
            entities[position].attributes.append(AttributeAssignment(name: Self.name(row.text(1)), value: Self.literal(row, from: 2)))
        }
        for entity in entities where !entity.aliases.isEmpty || !entity.attributes.isEmpty {
            try define(.entity(entity), row: entity.name.text, of: "entities")
        }
    }

    private mutating func readFacts() throws(Diagnostic) {
        // The three tables in fact order, read side by side.
        let facts = "SELECT id, subject, relation, object FROM facts ORDER BY id"
        let attributes = """
            SELECT a.fact, a.attribute, \(Self.valueColumns) FROM fact_attributes a JOIN attribute_values v ON v.id = a.value
            ORDER BY a.fact, a.ordinal
            """
        var attributesByFact: [Int64: [AttributeAssignment]] = [:]
        try connection.forEachRow(attributes, []) { row in
            attributesByFact[row.integer(0) ?? 0, default: []].append(
                AttributeAssignment(name: Self.name(row.text(1)), value: Self.literal(row, from: 2)))
        }
        var citationsByFact: [Int64: [(source: String, quote: String?)]] = [:]
        try connection.forEachRow("SELECT fact, source, quote FROM citations ORDER BY fact, ordinal", []) { row in
            citationsByFact[row.integer(0) ?? 0, default: []].append((row.text(1) ?? "", row.text(2)))
        }
        var definitions: [(id: Int64, FactDefinition)] = []
        try connection.forEachRow(facts, []) { row in
            let id = row.integer(0) ?? 0
            let citations = citationsByFact[id] ?? []
            definitions.append(
                (
                    id,
                    FactDefinition(
                        subject: Self.name(row.text(1)), relation: Self.name(row.text(2)), object: Self.name(row.text(3)),
                        attributes: attributesByFact[id] ?? [], citations: citations.map { Self.name($0.source) },
                        quotes: citations.map { $0.quote.map { Quote(text: $0, span: Self.nowhere) } }, span: Self.nowhere)
                ))
        }
        for (index, (id, definition)) in definitions.enumerated() {
            if index % 4096 == 4095 && shouldStop() { throw Diagnostic(message: "interrupted: the database was not opened") }
            try define(.fact(definition), row: "fact \(id)", of: "facts")
        }
    }
}
