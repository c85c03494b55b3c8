/// How completion writes a name, and what is in scope at the cursor: the set a `where` filters and
/// the columns an `order by` may name, worked out by the parser and the analyzer themselves.
extension Completer {
    // MARK: Writing names

    /// Where a name stands: most names are WORD or STRING, but an attribute (in a condition,
    /// after `with` or `order by`) may also be a keyword other than `not`.
    enum NamePosition {
        case name
        case attribute
    }

    /// A name as completion inserts it: bare exactly when the lexer reads it as one WORD (one
    /// keyword, where an attribute may be one), so `Zürich` stays bare and `Nagorno-Karabakh`,
    /// `zz rel` or `order` come quoted. Every kind of name goes through here: entities,
    /// aliases, kinds, relations, roles, attributes, symbols and source ids. A name holding a
    /// character that must not reach the terminal raw (a control, an invisible or bidi
    /// character) is quoted with that character escaped, so the line shows what it holds.
    static func spelling(of name: String, as position: NamePosition = .name) -> String {
        if position == .attribute, let keyword = Keyword.lookup(Array(name.utf8)[...]), keyword != .not { return name }
        return FactBase.nameLiteral(name)
    }

    /// A stored value as a query writes it: symbols and entities as names, strings quoted.
    func spelling(of value: Value) -> String {
        switch value {
        case .string(let id): return FactBase.quote(factBase.texts[Int(id)])
        case .symbol(let id): return Self.spelling(of: factBase.texts[Int(id)])
        case .entity(let id): return Self.spelling(of: factBase.entityNames[Int(id)])
        default: return factBase.literal(value)
        }
    }

    // MARK: Scope

    /// The set written in `bytes[range]`, resolved as the analyzer resolves it; nil when it does
    /// not parse or does not resolve (completion then offers the whole fact base's names).
    func resolvedSet(in bytes: [UInt8], _ range: Range<Int>) -> SetPlan? {
        guard let query = parsedQuery(in: bytes, range) else { return nil }
        return try? Analyzer(factBase: factBase).resolve(query.set)
    }

    func parsedQuery(in bytes: [UInt8], _ range: Range<Int>) -> Query? {
        guard range.lowerBound < range.upperBound, range.upperBound <= bytes.count else { return nil }
        let text = String(decoding: bytes[range], as: UTF8.self)
        var parser = Parser(source: SourceFile(name: nil, text: text))
        guard case .query(let query)? = parser.parseScript().first, parser.diagnostics.isEmpty else { return nil }
        return query
    }

    /// After `SET where`: `not`, the attributes the analyzer accepts for the set, and the role
    /// tests of its connecting facts (`members of CSTO where member of ICC`: member_of's roles);
    /// a set with no connecting fact (a kind, an entity) may be tested for any role.
    func conditionWords(for set: SetPlan) -> [String] {
        let attributes = Analyzer(factBase: factBase).attributeNamesInScope(of: set).map { Self.spelling(of: $0, as: .attribute) }
        if set.isFactSet { return ["not"] + attributes }
        let relations = set.connectingRelations
        guard !relations.isEmpty else { return ["not"] + attributes + singularRoles }
        let roles = relations.flatMap { factBase.relations[Int($0)].roles }
        return ["not"] + attributes + Analyzer.unique(roles).map { Self.spelling(of: $0) }
    }

    /// After `order by`: the columns the query shows (its answer column among them), then, where the
    /// analyzer lets `order by` add one, `name` and the attributes in scope. Nothing for a count
    /// of one row; nil when the query before `order` does not plan.
    func orderColumns(in bytes: [UInt8], _ range: Range<Int>) -> [String]? {
        guard let query = parsedQuery(in: bytes, range) else { return nil }
        let analyzer = Analyzer(factBase: factBase)
        guard let plan = try? analyzer.plan(query) else { return nil }
        if plan.form == .count && plan.grouping == nil { return [] }
        var names = plan.columns.map(\.name)
        if plan.grouping == nil && !plan.answersAreValues {
            names += ["name"] + analyzer.attributeNamesInScope(of: plan.set)
        }
        return Analyzer.unique(names).map { Self.spelling(of: $0, as: .attribute) }
    }
}

extension Completer {
    /// `.help completion`: what Tab offers, and how names come written.
    static let helpTopic = HelpTopic(
        name: "completion", summary: "what Tab offers in the REPL, in scope, and how names come quoted",
        text: """
            Tab completes the word before the cursor with what is valid there, from the fact base:
                at the start, after of    a set: role nouns, kind plurals, entities and aliases
                after where, and, or, not the attributes and roles the set being filtered has:
                                          members of CSTO where  offers status, since, member, ...
                                          (a kind or an entity may be tested for any role)
                after status =            the values status takes
                after order by            the query's columns (the answer column too) and the
                                          attributes order by may add
                after with                the attributes of the set before it
                in definitions            entity, relation, kind and source names
                after .                   meta-commands and their arguments
            On a continuation line the lines before count. When the statement so far does not
            resolve, every attribute and role is offered.

            A name is inserted bare when it is one word (show Zü gives show Zürich), else quoted
            (show Nag gives show "Nagorno-Karabakh"); an invisible character in it is escaped.
            One candidate completes the word and adds a space; several extend it to their common
            prefix, and a second Tab lists them (asking first when there are more than 40).
            """)
}
