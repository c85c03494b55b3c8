/// The fast way to read a database: its rows written out as a fact file, which the session loads
/// through its bulk loader (ten times faster per fact than a definition per row). Only for files
/// whose text reads back unambiguously: nil when a symbol has an entity's name, or a value is a
/// symbol or entity that is no bare word (`DatabaseReader` reads those row by row instead).
struct DatabaseFactText {
    let connection: SQLiteConnection

    /// The fact file, or nil when it would not read back as the same fact base.
    func text() throws(Diagnostic) -> String? {
        let clash = """
            SELECT 1 FROM attribute_values v WHERE v.type = 'symbol'
            AND (v.folded IN (SELECT folded FROM entities) OR v.folded IN (SELECT folded FROM aliases)) LIMIT 1
            """
        if try connection.integer(clash) != nil { return nil }
        var out = ""
        try connection.forEachRow("SELECT id, text FROM sources ORDER BY ordinal") { row in
            out += "source \(FactBase.nameLiteral(row.text(0) ?? "")) \(FactBase.quote(row.text(1) ?? ""))\n"
        }
        var parents: [(String, String)] = []
        try connection.forEachRow("SELECT name, plural, parent FROM kinds ORDER BY ordinal") { row in
            let name = row.text(0) ?? ""
            let plural = row.text(1) ?? ""
            out += "kind \(FactBase.nameLiteral(name))"
            if plural != English.plural(of: name) { out += " plural \(FactBase.nameLiteral(plural))" }
            out += "\n"
            if let parent = row.text(2) { parents.append((name, parent)) }
        }
        for (name, parent) in parents { out += "kind \(FactBase.nameLiteral(name)) : \(FactBase.nameLiteral(parent))\n" }
        try connection.forEachRow("SELECT name, subject_role, object_role, is_symmetric FROM relations ORDER BY ordinal") { row in
            out += "relation \(FactBase.nameLiteral(row.text(0) ?? "")) (\(FactBase.nameLiteral(row.text(1) ?? "")), "
                + "\(FactBase.nameLiteral(row.text(2) ?? "")))\(row.integer(3) == 1 ? " symmetric" : "")\n"
        }
        var kinds: [String: String] = [:]
        try connection.forEachRow("SELECT name, kind FROM entities ORDER BY ordinal") { row in
            let name = row.text(0) ?? ""
            let kind = FactBase.nameLiteral(row.text(1) ?? "")
            out += "entity \(FactBase.nameLiteral(name)) : \(kind)\n"
            kinds[name] = kind
        }
        var unreadable = false
        // An entity as a value is a bare word: its name, or else its first alias that is one.
        var valueWords: [String: String] = [:]
        try connection.forEachRow("SELECT entity, alias FROM aliases ORDER BY ordinal") { row in
            let entity = row.text(0) ?? ""
            let alias = row.text(1) ?? ""
            out += "entity \(FactBase.nameLiteral(entity)) : \(kinds[entity] ?? "") aka \(FactBase.nameLiteral(alias))\n"
            if valueWords[entity] == nil && Self.isBare(alias) { valueWords[entity] = alias }
        }
        let value = { (row: SQLiteConnection.Row, column: Int) -> String? in Self.value(row, from: column, words: valueWords) }
        try connection.forEachRow(
            "SELECT a.entity, a.attribute, v.type, v.display, v.number, v.flag, v.entity FROM entity_attributes a JOIN attribute_values v ON v.id = a.value ORDER BY a.ordinal"
        ) { row in
            let entity = row.text(0) ?? ""
            guard let value = value(row, 2) else { return unreadable = true }
            out += "entity \(FactBase.nameLiteral(entity)) : \(kinds[entity] ?? "") { \(FactBase.nameLiteral(row.text(1) ?? "")): \(value) }\n"
        }
        if unreadable { return nil }
        var attributes: [Int64: String] = [:]
        try connection.forEachRow(
            "SELECT a.fact, a.attribute, v.type, v.display, v.number, v.flag, v.entity FROM fact_attributes a JOIN attribute_values v ON v.id = a.value ORDER BY a.ordinal"
        ) { row in
            let fact = row.integer(0) ?? 0
            guard let value = value(row, 2) else { return unreadable = true }
            let pair = "\(FactBase.nameLiteral(row.text(1) ?? "")): \(value)"
            if let known = attributes[fact] { attributes[fact] = known + ", " + pair } else { attributes[fact] = pair }
        }
        if unreadable { return nil }
        var citations: [Int64: String] = [:]
        try connection.forEachRow("SELECT fact, source, quote FROM citations ORDER BY fact, ordinal") { row in
            let fact = row.integer(0) ?? 0
            var citation = FactBase.nameLiteral(row.text(1) ?? "")
            if let quote = row.text(2) { citation += " " + FactBase.quote(quote) }
            if let known = citations[fact] { citations[fact] = known + ", " + citation } else { citations[fact] = citation }
        }
        try connection.forEachRow("SELECT id, subject, relation, object FROM facts ORDER BY id") { row in
            let id = row.integer(0) ?? 0
            out += "fact \(FactBase.nameLiteral(row.text(1) ?? "")) \(FactBase.nameLiteral(row.text(2) ?? "")) \(FactBase.nameLiteral(row.text(3) ?? ""))"
            if let list = attributes[id] { out += " { \(list) }" }
            if let list = citations[id] { out += " cites \(list)" }
            out += "\n"
        }
        return out
    }

    /// A stored value as a literal (columns type, display, number, flag, entity from `column`),
    /// or nil when no literal reads back as it.
    private static func isBare(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { FactBase.isBareWord($0) }
    }

    private static func value(_ row: SQLiteConnection.Row, from column: Int, words: [String: String]) -> String? {
        let display = row.text(column + 1) ?? ""
        switch row.text(column) {
        case "string": return FactBase.quote(display)
        case "integer": return row.integer(column + 2).map { String($0) }
        case "decimal": return row.real(column + 2).map(FactFileWriter.plainDecimal)
        case "boolean": return row.integer(column + 3) == 1 ? "true" : "false"
        case "date": return display
        case "symbol": return isBare(display) ? display : nil
        case "entity":
            let name = row.text(column + 4) ?? display
            return isBare(name) ? name : words[name]
        default: return nil
        }
    }
}
