/// `.dump sql`: the whole fact base as SQL (schema and data) that loads unchanged into SQLite
/// and PostgreSQL. docs/SQL.md documents the schema; `SQLTranslator` writes queries against it.
///
/// Names are the keys (`facts.subject = 'Armenia'`), so the tables read like the fact file. The
/// columns FactQL's comparisons need are computed here, once, by FactQL itself: `folded` (the
/// case-folded text), `date_from`/`date_to` (a date as the span of days it covers), `sort_rank`
/// (the value's place in FactQL's result order), and on each fact the day spans of its `since`,
/// `until` and `date` for `as of` (`SQLFactTimes`). The SQL side then never needs engine-specific
/// functions such as `lower()`, which fold only ASCII in SQLite.
public struct SQLDump {
    let factBase: FactBase

    public init(factBase: FactBase) {
        self.factBase = factBase
    }

    /// The schema: every `CREATE` statement, in an order that satisfies the foreign keys.
    public static let schema = """
        CREATE TABLE kinds (
            name TEXT PRIMARY KEY,
            folded TEXT NOT NULL UNIQUE,
            plural TEXT NOT NULL,
            parent TEXT REFERENCES kinds (name),
            ordinal INTEGER NOT NULL
        );
        CREATE TABLE sub_kinds (
            kind TEXT NOT NULL REFERENCES kinds (name),
            sub_kind TEXT NOT NULL REFERENCES kinds (name),
            PRIMARY KEY (kind, sub_kind)
        );
        CREATE TABLE entities (
            name TEXT PRIMARY KEY,
            folded TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL REFERENCES kinds (name),
            ordinal INTEGER NOT NULL
        );
        CREATE TABLE aliases (
            alias TEXT PRIMARY KEY,
            folded TEXT NOT NULL UNIQUE,
            entity TEXT NOT NULL REFERENCES entities (name),
            ordinal INTEGER NOT NULL
        );
        CREATE TABLE relations (
            name TEXT PRIMARY KEY,
            folded TEXT NOT NULL,
            subject_role TEXT NOT NULL,
            object_role TEXT NOT NULL,
            is_symmetric BOOLEAN NOT NULL,
            ordinal INTEGER NOT NULL
        );
        CREATE TABLE roles (
            noun TEXT NOT NULL,
            relation TEXT NOT NULL REFERENCES relations (name),
            side TEXT NOT NULL CHECK (side IN ('subject', 'object')),
            PRIMARY KEY (noun, relation, side)
        );
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            ordinal INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            relation TEXT NOT NULL REFERENCES relations (name),
            subject TEXT NOT NULL REFERENCES entities (name),
            object TEXT NOT NULL REFERENCES entities (name),
            attributes TEXT,
            attributes_rank INTEGER,
            since_from BIGINT,
            until_from BIGINT,
            event_from BIGINT,
            event_to BIGINT
        );
        CREATE TABLE attribute_values (
            id INTEGER PRIMARY KEY,
            attribute TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('string', 'symbol', 'integer', 'decimal', 'boolean', 'date', 'entity')),
            display TEXT NOT NULL,
            folded TEXT NOT NULL,
            number NUMERIC,
            flag BOOLEAN,
            date_from BIGINT,
            date_to BIGINT,
            entity TEXT REFERENCES entities (name),
            sort_rank INTEGER NOT NULL
        );
        CREATE TABLE entity_attributes (
            entity TEXT NOT NULL REFERENCES entities (name),
            attribute TEXT NOT NULL,
            value INTEGER NOT NULL REFERENCES attribute_values (id),
            ordinal INTEGER NOT NULL,
            PRIMARY KEY (entity, attribute)
        );
        CREATE TABLE fact_attributes (
            fact INTEGER NOT NULL REFERENCES facts (id),
            attribute TEXT NOT NULL,
            value INTEGER NOT NULL REFERENCES attribute_values (id),
            ordinal INTEGER NOT NULL,
            PRIMARY KEY (fact, attribute)
        );
        CREATE TABLE citations (
            fact INTEGER NOT NULL REFERENCES facts (id),
            source TEXT NOT NULL REFERENCES sources (id),
            ordinal INTEGER NOT NULL,
            quote TEXT,
            PRIMARY KEY (fact, source)
        );
        CREATE INDEX facts_by_subject ON facts (relation, subject);
        CREATE INDEX facts_by_object ON facts (relation, object);
        CREATE INDEX entities_by_kind ON entities (kind);
        """

    /// The whole dump: a comment, then schema and data inside one transaction.
    public var text: String { dump(shouldStop: { false }) ?? "" }

    /// The dump, asking `shouldStop` every 500 rows (Ctrl-C stops `.dump sql` of a large base).
    public func text(shouldStop: @escaping () -> Bool) throws(Diagnostic) -> String {
        guard let text = dump(shouldStop: shouldStop) else { throw Diagnostic(message: ".dump sql interrupted") }
        return text
    }

    private func dump(shouldStop: @escaping () -> Bool) -> String? {
        var lines = [
            "-- FactQL fact base: \(factBase.entityCount) entities, \(factBase.factCount) facts, \(factBase.sources.count) sources.",
            "-- The schema is documented in docs/SQL.md. Load with: sqlite3 kb.db < kb.sql, or psql -f kb.sql",
            "BEGIN;",
            Self.schema,
        ]
        var rows = SQLInserts(shouldStop: shouldStop)
        appendRows(to: &rows)
        if rows.wasStopped { return nil }
        lines += rows.allStatements
        lines.append("COMMIT;")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Rows

    private func literal(_ text: String) -> SQLCell { .text(text) }

    /// Every row of the base, table by table in an order that satisfies the foreign keys, into
    /// `rows`: SQL text for `.dump sql`, bound parameters for a database (`DatabaseWriter`).
    func appendRows(to rows: inout some SQLRowSink) {
        appendKinds(to: &rows)
        appendEntities(to: &rows)
        appendRelations(to: &rows)
        appendSources(to: &rows)
        appendFacts(to: &rows)
    }

    /// Parents before their sub-kinds, so the foreign key on `parent` holds row by row; then
    /// every kind with each of its sub-kinds. Both walk each kind's chain of parents once (at
    /// most `FactBase.kindNestingLimit` long), so the work is linear in the number of kinds:
    /// asking `kindAndDescendants` of every kind would scan all kinds once per kind.
    private func appendKinds(to rows: inout some SQLRowSink) {
        let kinds = factBase.kinds
        // Each kind's ancestors, nearest first (the guard stops a cycle, which the loader refuses).
        var depths = [Int](repeating: 0, count: kinds.count)
        var descendants = [[KindID]](repeating: [], count: kinds.count)
        for member in 0..<KindID(kinds.count) {
            descendants[Int(member)].append(member)
            var steps = 0
            var current = kinds[Int(member)].parent
            while let parent = current, steps < kinds.count {
                steps += 1
                descendants[Int(parent)].append(member)
                current = kinds[Int(parent)].parent
            }
            depths[Int(member)] = steps
        }
        let ordered = (0..<KindID(kinds.count)).sorted { (depths[Int($0)], $0) < (depths[Int($1)], $1) }
        for id in ordered {
            let kind = kinds[Int(id)]
            let parent = kind.parent.map { literal(kinds[Int($0)].name) } ?? .null
            rows.add("kinds", [literal(kind.name), literal(FactBase.fold(kind.name)), literal(kind.plural), parent, .integer(Int64(id) + 1)])
        }
        // Members were appended in increasing order, so each list is sorted, as `kindAndDescendants` is.
        for ancestor in 0..<kinds.count {
            let name = literal(kinds[ancestor].name)
            for member in descendants[ancestor] {
                rows.add("sub_kinds", [name, literal(kinds[Int(member)].name)])
            }
        }
    }

    private func appendEntities(to rows: inout some SQLRowSink) {
        for entity in 0..<EntityID(factBase.entityCount) {
            let name = factBase.entityNames[Int(entity)]
            let kind = factBase.kinds[Int(factBase.entityKinds[Int(entity)])].name
            rows.add("entities", [literal(name), literal(FactBase.fold(name)), literal(kind), .integer(Int64(entity) + 1)])
        }
        var ordinal: Int64 = 0
        for entity in 0..<EntityID(factBase.entityCount) {
            for alias in factBase.entityAliases[entity] ?? [] {
                ordinal += 1
                rows.add("aliases", [literal(alias), literal(FactBase.fold(alias)), literal(factBase.entityNames[Int(entity)]), .integer(ordinal)])
            }
        }
    }

    private func appendRelations(to rows: inout some SQLRowSink) {
        for (ordinal, relation) in factBase.relations.enumerated() {
            rows.add(
                "relations",
                [
                    literal(relation.name), literal(FactBase.fold(relation.name)), literal(relation.roles[0]),
                    literal(relation.roles[1]), .boolean(relation.isSymmetric), .integer(Int64(ordinal) + 1),
                ])
        }
        // Every noun that names a role, as `roles(noun:)` finds it: singular and plural, folded.
        var seen: Set<[String]> = []
        for relation in factBase.relations {
            for (position, role) in relation.roles.enumerated() {
                for noun in English.roleNouns(of: role).map(FactBase.fold) {
                    let row = [noun, relation.name, position == 0 ? "subject" : "object"]
                    if seen.insert(row).inserted { rows.add("roles", row.map(literal)) }
                }
            }
        }
    }

    private func appendSources(to rows: inout some SQLRowSink) {
        for (ordinal, source) in factBase.sources.enumerated() {
            rows.add("sources", [literal(source.identifier), .integer(Int64(ordinal + 1)), literal(source.text)])
        }
    }

    private func appendFacts(to rows: inout some SQLRowSink) {
        let values = SQLValueTable(factBase: factBase)
        for row in values.rows { rows.add("attribute_values", row) }
        var ordinal: Int64 = 0
        for entity in 0..<EntityID(factBase.entityCount) {
            for entry in factBase.entityAttributes[entity] ?? [] {
                ordinal += 1
                let name = factBase.entityNames[Int(entity)]
                let attribute = factBase.attributeNames[Int(entry.attribute)]
                rows.add("entity_attributes", [literal(name), literal(attribute), .integer(Int64(values.id(of: entry.value, for: entry.attribute))), .integer(ordinal)])
            }
        }
        let blocks = SQLAttributeBlocks(factBase: factBase)
        let times = SQLFactTimes(factBase: factBase)
        for fact in 0..<FactID(factBase.factCount) {
            let index = Int(fact)
            rows.add(
                "facts",
                [
                    .integer(Int64(fact) + 1), literal(factBase.relations[Int(factBase.factRelations[index])].name),
                    literal(factBase.entityNames[Int(factBase.factSubjects[index])]),
                    literal(factBase.entityNames[Int(factBase.factObjects[index])]),
                    blocks.texts[index].map(literal) ?? .null, blocks.ranks[index].map { .integer(Int64($0)) } ?? .null,
                ] + times.columns(of: fact))
        }
        for fact in 0..<FactID(factBase.factCount) {
            for entry in factBase.attributes(ofFact: fact) {
                ordinal += 1
                let attribute = factBase.attributeNames[Int(entry.attribute)]
                rows.add("fact_attributes", [.integer(Int64(fact) + 1), literal(attribute), .integer(Int64(values.id(of: entry.value, for: entry.attribute))), .integer(ordinal)])
            }
        }
        for fact in 0..<FactID(factBase.factCount) {
            let quotes = Array(factBase.citationQuotes(ofFact: fact))
            for (ordinal, source) in factBase.citations(ofFact: fact).enumerated() {
                let quote = ordinal < quotes.count ? quotes[ordinal].map(literal) ?? .null : .null
                rows.add(
                    "citations",
                    [.integer(Int64(fact) + 1), literal(factBase.sources[Int(source)].identifier), .integer(Int64(ordinal + 1)), quote])
            }
        }
    }
}

/// A value of one cell of a row the dump writes.
enum SQLCell: Equatable {
    case null
    case integer(Int64)
    /// A decimal (finite: the value table writes NULL for infinity and not-a-number).
    case decimal(Double)
    case text(String)
    case boolean(Bool)

    /// The cell as an SQL literal.
    var literal: String {
        switch self {
        case .null: return "NULL"
        case .integer(let number): return String(number)
        case .decimal(let number): return SQLText.literal(decimal: number) ?? "NULL"
        case .text(let text): return SQLText.literal(text)
        case .boolean(let flag): return SQLText.literal(flag)
        }
    }
}

/// Where the dump's rows go, table by table.
protocol SQLRowSink {
    mutating func add(_ table: String, _ values: [SQLCell])
}

/// INSERT statements, up to 500 rows each: one statement per row loads ten times slower into
/// PostgreSQL. Multi-row VALUES is standard SQL, and SQLite has read it since 3.7.11.
struct SQLInserts: SQLRowSink {
    private(set) var statements: [String] = []
    private var table = ""
    private var pending: [String] = []
    static let rowsPerStatement = 500
    /// Asked at every statement; once it says stop, rows are no longer kept.
    let shouldStop: () -> Bool
    private(set) var wasStopped = false

    init(shouldStop: @escaping () -> Bool = { false }) {
        self.shouldStop = shouldStop
    }

    mutating func add(_ table: String, _ values: [SQLCell]) {
        if wasStopped { return }
        if table != self.table || pending.count == Self.rowsPerStatement {
            flush()
            if shouldStop() {
                wasStopped = true
                return
            }
        }
        self.table = table
        pending.append("(" + values.map(\.literal).joined(separator: ", ") + ")")
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        statements.append("INSERT INTO \(table) VALUES\n" + pending.joined(separator: ",\n") + ";")
        pending = []
    }

    /// The statements, the last batch included.
    var allStatements: [String] {
        var copy = self
        copy.flush()
        return copy.statements
    }
}

/// The distinct values of each attribute of a fact base, numbered, with the typed columns of the
/// `attribute_values` table. A value is listed once per attribute that takes it; its `sort_rank`
/// is its place among all the values of the base in FactQL's result order (`ResultOrdering`),
/// which is one total order over every type, so `ORDER BY sort_rank` sorts any column as FactQL
/// does, and two values share a rank exactly when FactQL shows them as the same cell.
struct SQLValueTable {
    struct Key: Hashable {
        var attribute: AttributeID
        var value: Value
        /// -0.0 equals 0.0 as a `Value` but shows and sorts as a value of its own.
        var negativeZero: Bool

        init(attribute: AttributeID, value: Value) {
            self.attribute = attribute
            self.value = value
            if case .decimal(let number) = value { negativeZero = number == 0 && number.sign == .minus } else { negativeZero = false }
        }
    }

    private(set) var keys: [Key] = []
    private var ids: [Key: Int] = [:]
    private var ranks: [Int] = []
    let factBase: FactBase

    init(factBase: FactBase) {
        self.factBase = factBase
        for entity in 0..<EntityID(factBase.entityCount) {
            for entry in factBase.entityAttributes[entity] ?? [] { add(Key(attribute: entry.attribute, value: entry.value)) }
        }
        for entry in factBase.attributePool { add(Key(attribute: entry.attribute, value: entry.value)) }
        rankValues()
    }

    private mutating func add(_ key: Key) {
        if ids[key] == nil {
            keys.append(key)
            ids[key] = keys.count
        }
    }

    /// Dense ranks from 1 in FactQL's result order, equal cells sharing a rank.
    private mutating func rankValues() {
        let cells = keys.map { cell($0.value) }
        let ordered = cells.indices.sorted { ResultOrdering.compare(cells[$0], cells[$1]) < 0 }
        ranks = [Int](repeating: 0, count: keys.count)
        var rank = 0
        for (position, index) in ordered.enumerated() {
            if position == 0 || ResultOrdering.compare(cells[ordered[position - 1]], cells[index]) != 0 { rank += 1 }
            ranks[index] = rank
        }
    }

    func id(of value: Value, for attribute: AttributeID) -> Int { ids[Key(attribute: attribute, value: value)] ?? 0 }

    /// The cell FactQL shows for a value.
    func cell(_ value: Value) -> Cell { Cell(value, in: factBase) }

    /// `INSERT` values for each value: id, attribute, type, display, folded, number, flag,
    /// date_from, date_to, entity, sort_rank.
    var rows: [[SQLCell]] {
        keys.enumerated().map { index, key in
            let value = key.value
            let display = factBase.display(value)
            var type = ""
            var number = SQLCell.null
            var flag = SQLCell.null
            var interval: (from: Int64, to: Int64)?
            var entity = SQLCell.null
            switch value {
            case .string: type = "string"
            case .symbol: type = "symbol"
            case .integer(let integer):
                type = "integer"
                number = .integer(Int64(integer))
                interval = Int32(exactly: integer).map { SQLDates.interval(ofYear: $0) }
            case .decimal(let decimal):
                type = "decimal"
                number = decimal.isFinite ? .decimal(decimal) : .null
            case .boolean(let value):
                type = "boolean"
                flag = .boolean(value)
            case .date(let date):
                type = "date"
                interval = SQLDates.interval(of: date)
            case .entity(let id):
                type = "entity"
                entity = .text(factBase.entityNames[Int(id)])
            }
            return [
                .integer(Int64(index + 1)), .text(factBase.attributeNames[Int(key.attribute)]), .text(type),
                .text(display), .text(FactBase.fold(display)), number, flag,
                interval.map { .integer($0.from) } ?? .null, interval.map { .integer($0.to) } ?? .null, entity,
                .integer(Int64(ranks[index])),
            ]
        }
    }
}

/// Each fact's attribute block as `facts ...` shows it (`status: frozen, since: 2024-01`, nil
/// for none), with its rank in FactQL's result order. Written by FactQL once, because SQLite and
/// PostgreSQL share no string aggregate that keeps the attributes in order.
struct SQLAttributeBlocks {
    private(set) var texts: [String?] = []
    private(set) var ranks: [Int?] = []

    init(factBase: FactBase) {
        let evaluator = Evaluator(factBase: factBase)
        for fact in 0..<FactID(factBase.factCount) {
            if case .text(let text) = evaluator.attributesCell(of: fact) { texts.append(text) } else { texts.append(nil) }
        }
        let distinct = Array(Set(texts.compactMap { $0 })).sorted { ResultOrdering.compare(.text($0), .text($1)) < 0 }
        var rankOf: [String: Int] = [:]
        var rank = 0
        for (position, text) in distinct.enumerated() {
            if position == 0 || ResultOrdering.compare(.text(distinct[position - 1]), .text(text)) != 0 { rank += 1 }
            rankOf[text] = rank
        }
        ranks = texts.map { $0.flatMap { rankOf[$0] } }
    }
}

/// Dates as the span of days they cover, as integers `YYYYMMDD`: `2024` is 20240000…20249999,
/// `2024-01` is 20240100…20240199, `2024-01-15` is 20240115…20240115. Two such spans are either
/// nested or apart, so "equal at the coarser precision" is "the spans overlap", and "before" is
/// "ends before the other starts".
enum SQLDates {
    static func interval(of date: DateValue) -> (from: Int64, to: Int64) {
        let year = Int64(date.year) * 10_000
        if date.month == 0 { return (year, year + 9_999) }
        let month = year + Int64(date.month) * 100
        if date.day == 0 { return (month, month + 99) }
        return (month + Int64(date.day), month + Int64(date.day))
    }

    static func interval(ofYear year: Int32) -> (from: Int64, to: Int64) {
        interval(of: DateValue(year: year))
    }
}
