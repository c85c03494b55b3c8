import Foundation
import Testing

@testable import FactQL

/// Queries generated at random from the grammar over a fact base's own vocabulary, run by FactQL
/// and by SQLite on the SQL translation: both must give the same rows in the same order.
@Suite struct SQLRandomQueryTests {
    /// A fact base with the corners the article lacks: a symmetric relation with two role names,
    /// a role noun in two relations at different sides, a kind two levels down, an attribute
    /// with values of every type, day dates, negative and decimal numbers, booleans, entity
    /// values named by alias, a fact attribute hiding an entity attribute, upper-case non-ASCII
    /// text, LIKE's special characters and quotes in strings, and a fact joining an entity to itself.
    static let cornerCases = #"""
        source s1 "It's \"quoted\"; 100% sure_thing!"
        source s2 "Second source"
        kind place
        kind region : place
        kind city : region plural cities
        kind person plural people
        kind club
        entity Paris : city aka "City of Light", Lutetia { founded: -250, population: 2.1, capital: true, motto: "Fluctuat nec mergitur", rank: 1 }
        entity Lyon : city { founded: 43, population: 0.5, capital: false, rank: 2.5, motto: "Avant, avant" }
        entity "Île-de-France" : region { rank: high, note: "ÉCOLE 100%" }
        entity Europe : place { rank: "High", note: "under_score!" }
        entity "O'Brien" : person aka Obi { born: 1970-05-17, rank: 2024 }
        entity Zoe : person { born: 1999-12, rank: 2024-01 }
        entity anna : person { born: 2001 }
        entity Runners : club { founded: 2010-03-01, rank: true }
        entity Readers : club { note: "readers' club" }
        relation twinned (elder, younger) symmetric
        relation borders (neighbour, neighbour) symmetric
        relation lives_in (resident, home)
        relation member_of (member, club)
        relation founded (founder, club)
        relation located_in (part, whole)
        fact Paris twinned Lyon { since: 1990 } cites s1
        fact Lyon twinned Europe { since: 2020-06-01 }
        fact Paris borders "Île-de-France" { length: 12.5 } cites s2
        fact Lyon borders Lyon { note: "itself" }
        fact "O'Brien" lives_in Paris { since: 2019-05, rank: 3 } cites s1, s2
        fact Zoe lives_in Lyon { since: 2020 }
        fact anna lives_in Paris
        fact "O'Brien" member_of Runners { since: 2015, status: active, role: "Captain" } cites s2
        fact Zoe member_of Runners { since: 2021-02-03, status: Frozen }
        fact Zoe member_of Readers { status: "frozen", since: 2022 }
        fact anna member_of Readers { status: active, paid: false }
        fact Runners founded Readers { since: 2012, patron: "City of Light" }
        fact anna founded Runners { since: 2010-03-01, patron: Lutetia }
        fact Paris located_in "Île-de-France" { rank: 1.5 }
        fact "Île-de-France" located_in Europe { rank: "first" }
        """#

    @Test func articleQueriesAgree() throws {
        let session = Session()
        let (compared, withAnswers, mismatches) = try Self.compareRandomQueries(on: session, count: 320, seed: 0x5EED_FAC7)
        #expect(compared >= 300, "queries compared on the article: \(compared)")
        #expect(withAnswers >= 200, "queries with answers: \(withAnswers)")
        for mismatch in mismatches.prefix(10) { Issue.record("\(mismatch)") }
        #expect(mismatches.isEmpty, "\(mismatches.count) disagreements")
    }

    @Test func cornerCaseQueriesAgree() throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "corners", text: Self.cornerCases)) { _ in })
        let (compared, withAnswers, mismatches) = try Self.compareRandomQueries(on: session, count: 320, seed: 0xC0FFEE)
        #expect(compared >= 300, "queries compared on the corner cases: \(compared)")
        #expect(withAnswers >= 200, "queries with answers: \(withAnswers)")
        for mismatch in mismatches.prefix(10) { Issue.record("\(mismatch)") }
        #expect(mismatches.isEmpty, "\(mismatches.count) disagreements")
    }

    /// Generates queries until `count` are accepted by FactQL (or twenty times as many were
    /// tried), and compares them all. Queries without answers prove little (many translations
    /// give nothing), so only one in five of them is kept.
    static func compareRandomQueries(
        on session: Session, count: Int, seed: UInt64
    ) throws -> (compared: Int, withAnswers: Int, mismatches: [SQLDifferential.Mismatch]) {
        session.factBase.prepareIndexes()
        var generator = QueryGenerator(factBase: session.factBase, seed: seed)
        let differential = SQLDifferential(session: session)
        var accepted = 0
        var attempts = 0
        while accepted < count && attempts < count * 20 {
            attempts += 1
            let keepEmpty = generator.chance(20)
            if differential.add(generator.query(), keepEmpty: keepEmpty) { accepted += 1 }
        }
        try differential.flush()
        return (differential.compared, differential.withAnswers, differential.mismatches)
    }

    @Test func theGeneratorIsDeterministicAndVaried() {
        let factBase = Session().factBase
        var first = QueryGenerator(factBase: factBase, seed: 7)
        var second = QueryGenerator(factBase: factBase, seed: 7)
        let queries = (0..<200).map { _ in first.query() }
        #expect(queries == (0..<200).map { _ in second.query() })
        for construct in [" of ", " where ", " not ", " and ", " or ", " in (", " contains ", "count ", "why ", " order by ", " limit ", " desc"] {
            #expect(queries.contains { $0.contains(construct) }, "no generated query uses '\(construct)'")
        }
    }
}

/// SplitMix64: a small seeded generator, so the test runs the same queries everywhere.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Writes random queries from the grammar's productions (grammar/factql.ebnf) using the names,
/// attributes and values of a fact base, with bounded nesting.
struct QueryGenerator {
    let factBase: FactBase
    var random: SeededGenerator
    let entityNames: [String]
    let kindPlurals: [String]
    let roleNouns: [String]
    /// Every attribute with the values it takes, written as FactQL literals, plus near misses.
    let valuesByAttribute: [String: [String]]
    let allValues: [String]

    init(factBase: FactBase, seed: UInt64) {
        self.factBase = factBase
        random = SeededGenerator(state: seed)
        entityNames = factBase.entityNamesAndAliases.sorted()
        kindPlurals = factBase.kindPlurals
        roleNouns = factBase.roleNouns
        var values: [String: Set<String>] = [:]
        func record(_ attribute: AttributeID, _ value: Value) {
            let name = factBase.attributeNames[Int(attribute)]
            values[name, default: []].formUnion(Self.variants(of: value, in: factBase))
        }
        for entity in 0..<EntityID(factBase.entityCount) {
            for entry in factBase.entityAttributes[entity] ?? [] { record(entry.attribute, entry.value) }
        }
        for fact in 0..<FactID(factBase.factCount) {
            for entry in factBase.attributes(ofFact: fact) { record(entry.attribute, entry.value) }
        }
        valuesByAttribute = values.mapValues { $0.sorted() }
        allValues = Set(values.values.flatMap { $0 }).sorted()
    }

    /// A value as written, and values near it: other spellings, other precisions, neighbours.
    static func variants(of value: Value, in factBase: FactBase) -> [String] {
        let literal = factBase.literal(value)
        switch value {
        case .integer(let number): return [literal, String(number + 1), String(number - 1), "\(number).0"]
        case .decimal(let number): return [literal, String(Int(number.rounded(.down))), FactBase.format(decimal: number + 0.25)]
        case .date(let date):
            var written = [literal, String(date.year), String(date.year + 1)]
            written.append(DateValue(year: date.year, month: max(date.month, 1)).description)
            written.append(DateValue(year: date.year, month: max(date.month, 1), day: max(date.day, 15)).description)
            return written
        case .symbol(let id):
            let text = factBase.texts[Int(id)]
            return [literal, FactBase.quote(text), FactBase.nameLiteral(text.uppercased())]
        case .string(let id):
            let text = factBase.texts[Int(id)]
            return [literal, FactBase.quote(text.lowercased()), FactBase.nameLiteral(text)]
        case .entity(let id):
            let name = factBase.entityNames[Int(id)]
            let aliases = factBase.entityAliases[id] ?? []
            return [literal, FactBase.quote(name.lowercased())] + aliases.map(FactBase.quote)
        case .boolean(let flag): return [literal, String(!flag)]
        }
    }

    mutating func pick<T>(_ items: [T]) -> T? { items.randomElement(using: &random) }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    func name(_ text: String) -> String { FactBase.nameLiteral(text) }

    /// `query = [ "count" | "why" ] set_query [ "order" "by" attribute_name [ "asc" | "desc" ] ] [ "limit" INTEGER ]`
    mutating func query() -> String {
        let set = setQuery(depth: 3)
        var text = set.text
        let form = Int.random(in: 0..<100, using: &random)
        if form < 12 { return "count " + text }
        if form < 22 { text = "why " + text }
        if chance(35), let column = pick(set.attributes + ["name", "kind"]) {
            text += " order by " + column + (pick(["", " asc", " desc"]) ?? "")
        }
        if chance(30) { text += " limit \(Int.random(in: 0...4, using: &random))" }
        return text
    }

    /// A generated set: its text, the entities it may hold (`where` ignored, so a superset) and
    /// the attribute names in scope for a `where` after it.
    struct GeneratedSet {
        var text: String
        var members: Set<EntityID>
        var attributes: [String]
    }

    /// `set_query = navigation { "where" condition }`
    mutating func setQuery(depth: Int) -> GeneratedSet {
        var set = navigation(depth: depth)
        let filters = depth > 0 && chance(55) ? Int.random(in: 1...2, using: &random) : 0
        for _ in 0..<filters {
            set.text += " where " + condition(depth: depth - 1, attributes: set.attributes)
        }
        return set
    }

    /// `navigation = name "of" navigation | atom`. Prefers role nouns that lead from the source
    /// set to some entity, so that most queries have answers.
    mutating func navigation(depth: Int) -> GeneratedSet {
        guard depth > 0 && chance(60) else { return atom(depth: depth) }
        return role(of: navigation(depth: depth - 1))
    }

    /// `name "of" navigation`, the role noun chosen to lead somewhere from `source` most times.
    mutating func role(of source: GeneratedSet) -> GeneratedSet {
        let leading = roleNouns.filter { !members(ofRole: $0, from: source.members).isEmpty }
        guard let noun = chance(85) && !leading.isEmpty ? pick(leading) : pick(roleNouns) else { return source }
        return GeneratedSet(
            text: name(noun) + " of " + source.text, members: members(ofRole: noun, from: source.members),
            attributes: scope(ofRole: noun))
    }

    /// `atom = name | "(" set_query ")"`
    mutating func atom(depth: Int) -> GeneratedSet {
        if depth > 0 && chance(20) {
            var inner = setQuery(depth: depth - 1)
            inner.text = "(" + inner.text + ")"
            return inner
        }
        if chance(50), let kind = pick(Array(0..<KindID(factBase.kinds.count))) {
            let members = factBase.kindAndDescendants(kind).flatMap { kind in
                (0..<EntityID(factBase.entityCount)).filter { factBase.entityKinds[Int($0)] == kind }
            }
            return GeneratedSet(text: name(factBase.kinds[Int(kind)].plural), members: Set(members), attributes: entityAttributeNames)
        }
        let written = pick(entityNames) ?? "x"
        let members = factBase.entity(named: written).map { Set([$0]) } ?? []
        return GeneratedSet(text: name(written), members: members, attributes: entityAttributeNames)
    }

    /// The entities in role `noun` of facts whose other side is in `sources` (both ways round for
    /// a symmetric relation with two role names).
    func members(ofRole noun: String, from sources: Set<EntityID>) -> Set<EntityID> {
        var found: Set<EntityID> = []
        for role in factBase.roles(noun: noun) {
            let relation = factBase.relations[Int(role.relation)]
            let reversible = relation.isSymmetric && FactBase.fold(relation.roles[0]) != FactBase.fold(relation.roles[1])
            for fact in 0..<FactID(factBase.factCount) where factBase.factRelations[Int(fact)] == role.relation {
                if sources.contains(factBase.entity(ofFact: fact, at: 1 - role.position)) {
                    found.insert(factBase.entity(ofFact: fact, at: role.position))
                }
                if reversible && sources.contains(factBase.entity(ofFact: fact, at: role.position)) {
                    found.insert(factBase.entity(ofFact: fact, at: 1 - role.position))
                }
            }
        }
        return found
    }

    var entityAttributeNames: [String] {
        factBase.entityAttributeIDs.sorted().map { factBase.attributeNames[Int($0)] }
    }

    func scope(ofRole noun: String) -> [String] {
        var names = entityAttributeNames
        for role in factBase.roles(noun: noun) {
            names += factBase.relations[Int(role.relation)].attributes.map { factBase.attributeNames[Int($0)] }
        }
        return names
    }

    /// `condition = conjunction { "or" conjunction }`, `conjunction = negation { "and" negation }`,
    /// `negation = "not" negation | primary_condition`
    mutating func condition(depth: Int, attributes: [String]) -> String {
        let choice = Int.random(in: 0..<100, using: &random)
        if depth > 0 && choice < 12 {
            return condition(depth: depth - 1, attributes: attributes) + " or " + condition(depth: depth - 1, attributes: attributes)
        }
        if depth > 0 && choice < 24 {
            return condition(depth: depth - 1, attributes: attributes) + " and " + condition(depth: depth - 1, attributes: attributes)
        }
        if depth > 0 && choice < 36 { return "not " + primary(depth: depth - 1, attributes: attributes) }
        return primary(depth: depth, attributes: attributes)
    }

    /// `primary_condition = "(" condition ")" | name "of" navigation | comparison`
    mutating func primary(depth: Int, attributes: [String]) -> String {
        let choice = Int.random(in: 0..<100, using: &random)
        if depth > 0 && choice < 10 { return "(" + condition(depth: depth - 1, attributes: attributes) + ")" }
        if choice < 25 {
            // A role test: ROLE of SET, the same production as navigation.
            return role(of: navigation(depth: max(depth - 1, 0))).text
        }
        return comparison(attributes: attributes)
    }

    /// `comparison = attribute_name ( compare_operator value | [ "not" ] "in" "(" value { "," value } ")" | "contains" value )`
    mutating func comparison(attributes: [String]) -> String {
        let builtIn = chance(15)
        let attribute = builtIn ? (pick(["name", "kind"]) ?? "name") : (pick(attributes) ?? "name")
        var candidates = valuesByAttribute[attribute] ?? []
        if attribute == "kind" { candidates = factBase.kinds.map { name($0.name) } + kindPlurals.map(name) }
        if attribute == "name" { candidates = entityNames.map(FactBase.quote) + entityNames.map(name) }
        if chance(10) || candidates.isEmpty { candidates = allValues }
        var value: String { candidates.randomElement(using: &random) ?? "x" }
        let choice = Int.random(in: 0..<100, using: &random)
        if choice < 15 {
            let count = Int.random(in: 1...3, using: &random)
            let values = (0..<count).map { _ in value }.joined(separator: ", ")
            return "\(attribute) \(chance(40) ? "not in" : "in") (\(values))"
        }
        if choice < 28 {
            let whole = value.filter { $0 != "\"" }
            let start = Int.random(in: 0...max(whole.count - 1, 0), using: &random)
            let fragment = String(whole.dropFirst(start).prefix(Int.random(in: 0...4, using: &random)))
            return "\(attribute) contains \(FactBase.quote(chance(50) ? fragment.uppercased() : fragment))"
        }
        let operators = attribute == "kind" ? ["=", "!="] : ["=", "!=", "<", "<=", ">", ">="]
        return "\(attribute) \(pick(operators) ?? "=") \(value)"
    }
}
