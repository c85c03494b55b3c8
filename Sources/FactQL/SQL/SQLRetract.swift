/// `.sql retract fact ...`: the statements that make the same change to the tables of
/// `.dump sql` (docs/SQL.md, "Retracting a fact"). The fact is found by what it says, not by its
/// id, so the SQL holds however the two bases were numbered since.
extension SQLTranslator {
    /// Names are resolved in the fact base, as the retract itself would (an unknown entity is an
    /// error); a fact that is not there gives statements that delete nothing.
    func translate(retract statement: RetractStatement) throws(Diagnostic) -> String {
        let target = try factBase.retractionTarget(statement)
        var parts = [
            "relation = " + SQLText.literal(factBase.relations[Int(target.relation)].name),
            "subject = " + SQLText.literal(factBase.entityNames[Int(target.subject)]),
            "object = " + SQLText.literal(factBase.entityNames[Int(target.object)]),
        ]
        guard !statement.attributes.isEmpty else {
            // Every fact of the three parts: children first, for the foreign keys.
            let facts = "SELECT id FROM facts WHERE " + parts.joined(separator: " AND ")
            return [
                "DELETE FROM citations WHERE fact IN (\(facts));",
                "DELETE FROM fact_attributes WHERE fact IN (\(facts));",
                "DELETE FROM facts WHERE " + parts.joined(separator: " AND ") + ";",
            ].joined(separator: "\n")
        }
        // The fact with exactly these attributes: as many as given, each with its value.
        parts.append("(SELECT COUNT(*) FROM fact_attributes WHERE fact_attributes.fact = facts.id) = \(statement.attributes.count)")
        for (assignment, stored) in zip(statement.attributes, target.values) {
            let name = stored.map { factBase.attributeNames[Int($0.attribute)] } ?? assignment.name.text
            let (type, display) = stored.map { (Self.typeName(of: $0.value), factBase.display($0.value)) }
                ?? Self.typeAndDisplay(of: assignment.value)
            parts.append(
                "EXISTS (SELECT 1 FROM fact_attributes JOIN attribute_values ON attribute_values.id = fact_attributes.value"
                    + " WHERE fact_attributes.fact = facts.id AND fact_attributes.attribute = \(SQLText.literal(name))"
                    + " AND attribute_values.type = \(SQLText.literal(type)) AND attribute_values.display = \(SQLText.literal(display)))")
        }
        // The attributes decide which facts go, so those are set aside before any row is deleted.
        return [
            "CREATE TEMPORARY TABLE retracted AS SELECT id FROM facts WHERE " + parts.joined(separator: "\n    AND ") + ";",
            "DELETE FROM citations WHERE fact IN (SELECT id FROM retracted);",
            "DELETE FROM fact_attributes WHERE fact IN (SELECT id FROM retracted);",
            "DELETE FROM facts WHERE id IN (SELECT id FROM retracted);",
            "DROP TABLE retracted;",
        ].joined(separator: "\n")
    }

    /// The `attribute_values.type` of a stored value.
    static func typeName(of value: Value) -> String {
        switch value {
        case .integer: return "integer"
        case .decimal: return "decimal"
        case .string: return "string"
        case .symbol: return "symbol"
        case .date: return "date"
        case .boolean: return "boolean"
        case .entity: return "entity"
        }
    }

    /// The type and display a written value would have, for one the base never stored.
    static func typeAndDisplay(of literal: ValueLiteral) -> (String, String) {
        switch literal.kind {
        case .string(let text): return ("string", text)
        case .name(let text, _): return ("symbol", text)
        case .integer(let number): return ("integer", String(number))
        case .decimal(let number): return ("decimal", FactBase.format(decimal: number))
        case .date(let date): return ("date", date.description)
        case .boolean(let flag): return ("boolean", flag ? "true" : "false")
        }
    }
}
