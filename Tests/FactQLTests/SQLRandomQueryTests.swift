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
        fact anna lives_in Lyon { since: 2018-05, until: 2019 }
        fact Zoe lives_in Paris { until: 2018-05 }
        fact "O'Brien" member_of Readers { since: 2016, until: 2021-02-03 }
        fact Paris twinned Europe { date: 2018 }
        fact Lyon borders Paris { date: 2019-05-17 }
        fact anna member_of Runners { date: 2020-06 }
        """#

    @Test func articleQueriesAgree() throws {
        let session = Session()
        let differential = try Self.compare(on: session, count: 320, seed: 0x5EED_FAC7)
        Self.check(differential, on: "the article")
    }

    @Test func cornerCaseQueriesAgree() throws {
        let session = Session(builtInFacts: false)
        #expect(session.run(SourceFile(name: "corners", text: Self.cornerCases)) { _ in })
        let differential = try Self.compare(on: session, count: 320, seed: 0xC0FFEE)
        Self.check(differential, on: "the corner cases")
    }

    /// All compared queries agree, enough of them have answers, and every form of version 2 was
    /// compared several times.
    static func check(_ differential: SQLDifferential, on base: String) {
        #expect(differential.compared >= 300, "queries compared on \(base): \(differential.compared)")
        #expect(differential.withAnswers >= 200, "queries with answers on \(base): \(differential.withAnswers)")
        for form in versionTwoForms {
            let count = differential.comparedByForm[form, default: 0]
            #expect(count >= 5, "\(form): \(count) compared on \(base)")
        }
        print("Random queries on \(base): \(differential.compared) compared, \(differential.withAnswers) with answers; "
            + differential.comparedByForm.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        for mismatch in differential.mismatches.prefix(10) { Issue.record("\(mismatch)") }
        #expect(differential.mismatches.isEmpty, "\(differential.mismatches.count) disagreements")
    }

    /// The forms of version 2 each random run must include.
    static let versionTwoForms = [
        "with", "attribute values", "facts", "facts where subject, relation or object", "count per group",
        "relation-named role", "order by desc", "question yes", "question no", "as of",
        "as of with a role test",
    ]

    /// Generates queries until `count` are accepted by FactQL (or twenty times as many were
    /// tried), and compares them all. Queries without answers prove little (many translations
    /// give nothing), so only one in five of them is kept.
    static func compare(on session: Session, count: Int, seed: UInt64) throws -> SQLDifferential {
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
        return differential
    }

    @Test func theGeneratorIsDeterministicAndVaried() {
        let factBase = Session().factBase
        var first = QueryGenerator(factBase: factBase, seed: 7)
        var second = QueryGenerator(factBase: factBase, seed: 7)
        let queries = (0..<400).map { _ in first.query() }
        #expect(queries == (0..<400).map { _ in second.query() })
        let constructs = [
            " of ", " where ", " not ", " and ", " or ", " in (", " contains ", "count ", "why ", " order by ", " limit ", " desc",
            " with ", "facts ", "facts where ", "subject ", "relation ", "object ", " of each ", "is ", " a ",
            " in ", "capital of ", "member_of member", "order by count desc", " as of ",
        ]
        for construct in constructs {
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
    /// While writing the condition of `facts where`: no role tests, and subject, relation and
    /// object in place of name and kind.
    var inFactRows = false
    /// The dates `as of` is written with: those of `since`, `until` and `date` with their near
    /// misses (a year, a month, a day), as the grammar allows them.
    let asOfDates: [String]

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
        let written = ["since", "until", "date"].flatMap { values[$0] ?? [] }.filter(Self.isAsOfDate)
        asOfDates = written.isEmpty ? ["2020"] : Set(written).sorted()
    }

    /// A year or a date as `as of` takes it: `2018`, `2018-05`, `2018-05-17`.
    static func isAsOfDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4 else { return false }
        return parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && parts.dropFirst().allSatisfy { $0.count == 2 }
    }

    /// ` as of DATE` one time in five, one in three after a `where` (for role tests under it).
    mutating func asOf(after text: String = "") -> String {
        guard chance(text.contains(" where ") ? 33 : 20), let date = pick(asOfDates) else { return "" }
        return " as of " + date
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

    /// `query = [ "count" | "why" ] set_query [ with_clause ] [ order_clause ] [ limit_clause ]`, and
    /// one time in three a form of version 2: a question, facts as rows, a count per group, an
    /// attribute's values.
    mutating func query() -> String {
        let shape = Int.random(in: 0..<100, using: &random)
        if shape < 9 { return question() }
        if shape < 18 { return factsQuery() }
        if shape < 26 { return groupCount() }
        if shape < 34 { return attributeValues() }
        let set = setQuery(depth: 3)
        var text = set.text
        let form = Int.random(in: 0..<100, using: &random)
        if form < 12 { return "count " + text + asOf(after: text) }
        if form < 22 { text = "why " + text }
        if chance(20), !set.attributes.isEmpty {
            let count = Int.random(in: 1...2, using: &random)
            let columns = (0..<count).compactMap { _ in pick(set.attributes + ["kind"]) }
            text += " with " + Self.unique(columns).joined(separator: ", ")
        }
        text += asOf(after: text)
        if chance(35), let column = pick(set.attributes + ["name", "kind"]) {
            text += " order by " + column + (pick(["", " asc", " desc"]) ?? "")
        }
        if chance(30) { text += " limit \(Int.random(in: 0...4, using: &random))" }
        return text
    }

    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert(FactBase.fold($0)).inserted }
    }

    /// `question = [ "why" ] "is" name ( "in" set_query | [ ARTICLE ] set_query )`, the entity
    /// taken from the set half the time so that about half the answers are yes.
    mutating func question() -> String {
        let text = questionWithoutDate()
        return text + asOf(after: text)
    }

    private mutating func questionWithoutDate() -> String {
        let choice = Int.random(in: 0..<100, using: &random)
        if choice < 25, let kind = pick(Array(0..<KindID(factBase.kinds.count))) {
            let members = (0..<EntityID(factBase.entityCount)).filter { factBase.kind(factBase.entityKinds[Int($0)], isA: kind) }
            let entity = questionEntity(among: Set(members))
            let written = chance(80) ? factBase.kinds[Int(kind)].name : factBase.kinds[Int(kind)].plural
            return "is \(name(entity)) \(pick(["a ", "an ", ""]) ?? "")\(name(written))"
        }
        if choice < 65 {
            let set = role(of: navigation(depth: 2))
            return "is \(name(questionEntity(among: set.members))) \(pick(["a ", "an ", ""]) ?? "")\(set.text)"
        }
        let set = setQuery(depth: 2)
        let written = chance(50) ? "(" + set.text + ")" : set.text
        return "is \(name(questionEntity(among: set.members))) in \(written)"
    }

    /// A member of `members` half the time, else any entity (or alias).
    mutating func questionEntity(among members: Set<EntityID>) -> String {
        if chance(50), let member = pick(members.sorted()) { return factBase.entityNames[Int(member)] }
        return pick(entityNames) ?? "x"
    }

    /// The attributes some fact has, for `facts ...`.
    var factAttributeNames: [String] {
        Self.unique(factBase.relations.flatMap { $0.attributes.map { factBase.attributeNames[Int($0)] } })
    }

    /// `"facts" [ "of" navigation ] { "where" condition }`, with `with`, `order by`, `limit`, or
    /// as a count.
    mutating func factsQuery() -> String {
        var text = "facts"
        if chance(70) { text += " of " + navigation(depth: 2).text }
        let attributes = ["subject", "relation", "object"] + factAttributeNames
        inFactRows = true
        if chance(65) { text += " where " + condition(depth: 2, attributes: attributes) }
        inFactRows = false
        if chance(15) { return "count " + text + asOf() }
        if chance(25) {
            let count = Int.random(in: 1...2, using: &random)
            text += " with " + Self.unique((0..<count).compactMap { _ in pick(factAttributeNames) }).joined(separator: ", ")
        }
        text += asOf()
        if chance(35), let column = pick(attributes) { text += " order by " + column + (pick(["", " asc", " desc"]) ?? "") }
        if chance(30) { text += " limit \(Int.random(in: 0...4, using: &random))" }
        return text
    }

    /// `count ROLE of each KIND`, `count ROLE of ROLE of each (SET)`, with `where`, `order by`
    /// (the count or the group) and `limit`.
    mutating func groupCount() -> String {
        var groups: GeneratedSet
        var groupColumn = ""
        if chance(60), let kind = pick(Array(0..<KindID(factBase.kinds.count))) {
            let members = (0..<EntityID(factBase.entityCount)).filter { factBase.kind(factBase.entityKinds[Int($0)], isA: kind) }
            groupColumn = factBase.kinds[Int(kind)].name
            let written = chance(50) ? factBase.kinds[Int(kind)].name : factBase.kinds[Int(kind)].plural
            groups = GeneratedSet(text: "each " + name(written), members: Set(members), attributes: entityAttributeNames)
        } else {
            let inner = setQuery(depth: 1)
            groups = GeneratedSet(text: "each (" + inner.text + ")", members: inner.members, attributes: inner.attributes)
        }
        var set = role(of: groups)
        if chance(25) { set = role(of: set) }
        var text = "count " + set.text
        if chance(30) { text += " where " + condition(depth: 1, attributes: set.attributes) }
        text += asOf(after: text)
        if chance(45) {
            let column = chance(75) || groupColumn.isEmpty ? "count" : name(groupColumn)
            text += " order by " + column + (pick(["", " asc", " desc"]) ?? "")
        }
        if chance(30) { text += " limit \(Int.random(in: 0...4, using: &random))" }
        return text
    }

    /// `ATTRIBUTE of SET`: the attribute's values as the answer (or their count).
    mutating func attributeValues() -> String {
        let set = setQuery(depth: 2)
        let candidates = set.attributes.filter { factBase.roles(noun: $0).isEmpty } + ["name", "kind"]
        let attribute = pick(candidates) ?? "name"
        let inner = set.text.contains(" where ") || chance(30) ? "(" + set.text + ")" : set.text
        var text = name(attribute) + " of " + inner + asOf(after: inner)
        if chance(20) { return "count " + text }
        if chance(35) { text += " order by " + name(attribute) + (pick(["", " asc", " desc"]) ?? "") }
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

    /// `role "of" navigation`, the role noun chosen to lead somewhere from `source` most times,
    /// and now and then preceded by its relation's name (`member_of members of CSTO`).
    mutating func role(of source: GeneratedSet) -> GeneratedSet {
        let leading = roleNouns.filter { !members(ofRole: $0, from: source.members).isEmpty }
        guard let noun = chance(85) && !leading.isEmpty ? pick(leading) : pick(roleNouns) else { return source }
        var relation: RelationID?
        var text = name(noun)
        if chance(15), let role = pick(factBase.roles(noun: noun)) {
            relation = role.relation
            text = name(factBase.relations[Int(role.relation)].name) + " " + text
        }
        return GeneratedSet(
            text: text + " of " + source.text, members: members(ofRole: noun, from: source.members, relation: relation),
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
    func members(ofRole noun: String, from sources: Set<EntityID>, relation: RelationID? = nil) -> Set<EntityID> {
        var found: Set<EntityID> = []
        for role in factBase.roles(noun: noun) where relation == nil || role.relation == relation {
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
        if choice < 25 && !inFactRows {
            // A role test: ROLE of SET, the same production as navigation.
            return role(of: navigation(depth: max(depth - 1, 0))).text
        }
        return comparison(attributes: attributes)
    }

    /// `comparison = attribute_name ( compare_operator value | [ "not" ] "in" "(" value { "," value } ")" | "contains" value )`
    mutating func comparison(attributes: [String]) -> String {
        let builtIn = chance(15)
        let builtInNames = inFactRows ? ["subject", "relation", "object"] : ["name", "kind"]
        let attribute = builtIn ? (pick(builtInNames) ?? "name") : (pick(attributes) ?? "name")
        var candidates = valuesByAttribute[attribute] ?? []
        if attribute == "kind" { candidates = factBase.kinds.map { name($0.name) } + kindPlurals.map(name) }
        if ["name", "subject", "object"].contains(attribute) { candidates = entityNames.map(FactBase.quote) + entityNames.map(name) }
        if attribute == "relation" { candidates = factBase.relations.map { name($0.name) } }
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
        let operators = attribute == "kind" || attribute == "relation" ? ["=", "!="] : ["=", "!=", "<", "<=", ">", ">="]
        return "\(attribute) \(pick(operators) ?? "=") \(value)"
    }
}
