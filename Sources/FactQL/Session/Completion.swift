/// Tab completion that knows the language: what may stand at the cursor, from the grammar's point
/// of view (a set, a role, an attribute, a value, a keyword), filled in from the fact base.
public struct Completer {
    let factBase: FactBase
    /// Lists the files a `.load` path may complete to; supplied by the host.
    let listFiles: (String) -> [String]

    public init(factBase: FactBase, listFiles: @escaping (String) -> [String] = { _ in [] }) {
        self.factBase = factBase
        self.listFiles = listFiles
    }

    public struct Completion: Equatable, Sendable {
        /// Byte offset, in the text before the cursor, where the word being completed starts.
        public var wordStart: Int
        /// Full replacements for that word, sorted, without duplicates.
        public var candidates: [String]
    }

    /// What the grammar allows next, in the terms completion cares about.
    enum Expectation {
        case statementStart
        /// A set, and the keywords that may also start one here (`facts`, `each`, `is`).
        case set(keywords: [String])
        case entity
        case relation
        case kind
        case source
        case afterSet
        /// After `where`, `and`, `or`, `not`: what may be tested on the set being filtered
        /// (nil when it does not resolve: then every attribute and role).
        case conditionStart(SetPlan?)
        /// In `facts where`: the fact's ends, its relation and its attributes.
        case factConditionStart
        /// After the first word of a condition: `of` after a role, `in`, `contains`, `not`
        /// after an attribute.
        case afterConditionWord(String)
        case value(attribute: String)
        case afterValue
        /// After `order by`: the columns it may name (nil when the query before does not plan).
        case orderColumn([String]?)
        /// After `with` or a `,` in its list: the attributes the set before `with` has.
        case withColumn([String])
        case afterWithColumn
        case by
        case afterOrder
        /// After `each`: a kind (singular), or a set in brackets.
        case group
        /// After `is NAME`: an article, `in`, or the role or kind itself.
        case questionConnector
        /// After `is NAME a` or `an`: a role or a kind.
        case questionNoun
        case afterFacts
        /// A question ends at its set: no columns, order or limit.
        case afterQuestionSet
        case afterQuestionValue
        /// After `as`: `of`.
        case asOf
        /// After `as of`: the dates the fact base's `since`, `until` and `date` take.
        case date
        /// After `as of DATE` in a query: `order` and `limit`.
        case afterDate
        case none
    }

    public func complete(_ textBeforeCursor: String) -> Completion {
        let bytes = Array(textBeforeCursor.utf8)
        var first = 0
        while first < bytes.count && (bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")) { first += 1 }
        if first < bytes.count && bytes[first] == UInt8(ascii: ".") {
            return completeMetaCommand(bytes, from: first)
        }
        let wordStart = Self.startOfWord(in: bytes)
        let typed = String(decoding: bytes[wordStart...], as: UTF8.self)
        let lexer = Lexer(bytes: bytes, range: 0..<wordStart)
        let statement = Self.currentStatement(Array(lexer.tokens.dropLast()))
        var words = words(for: expectation(after: statement, in: bytes))
        if Self.countsOneRow(statement) {
            // A count without `each` is one row: nothing to order, cut or add columns to.
            words.removeAll { ["with", "order", "limit"].contains($0) }
        }
        return Completion(wordStart: wordStart, candidates: Self.matching(words, prefix: typed))
    }

    /// The tokens of the statement the cursor is in: those after the last `;` or statement-ending
    /// newline.
    static func currentStatement(_ tokens: [Token]) -> [Token] {
        guard let end = tokens.lastIndex(where: { $0.kind == .semicolon || $0.kind == .newline }) else { return tokens }
        return Array(tokens[(end + 1)...])
    }

    static func countsOneRow(_ statement: [Token]) -> Bool {
        statement.first?.kind == .keyword(.count) && !statement.contains { $0.kind == .keyword(.each) }
    }

    /// The word under the cursor starts after the last space or punctuation, or at an open quote.
    static func startOfWord(in bytes: [UInt8]) -> Int {
        // Inside an open string: the word starts at its quote.
        var quote: Int?
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") {
            quote = quote == nil ? index : nil
        }
        if let quote { return quote }
        var start = bytes.count
        while start > 0 {
            let byte = bytes[start - 1]
            let isWordByte =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte >= 0x80
            if !isWordByte { break }
            start -= 1
        }
        return start
    }

    /// Candidates that start with what was typed, compared case-insensitively and ignoring quotes.
    static func matching(_ words: [String], prefix typed: String) -> [String] {
        let folded = FactBase.fold(typed.filter { $0 != "\"" })
        var seen: Set<String> = []
        var result: [String] = []
        for word in words {
            let bare = FactBase.fold(word.filter { $0 != "\"" })
            guard bare.hasPrefix(folded), seen.insert(word).inserted else { continue }
            result.append(word)
        }
        return result.sorted { FactBase.fold($0) < FactBase.fold($1) }
    }

    // MARK: Expectations

    func expectation(after statement: [Token], in bytes: [UInt8]) -> Expectation {
        guard let last = statement.last else { return .statementStart }
        func text(_ token: Token) -> String { String(decoding: bytes[token.span.start..<token.span.end], as: UTF8.self) }
        if case .keyword(let first) = statement[0].kind {
            switch first {
            case .show: return statement.count == 1 ? .entity : .none
            case .entity: return statement.count >= 2 && last.kind == .colon ? .kind : .none
            case .kind: return last.kind == .colon ? .kind : .none
            case .fact:
                if last.kind == .keyword(.cites) || last.kind == .comma && statement.contains(where: { $0.kind == .keyword(.cites) }) {
                    return .source
                }
                switch statement.count {
                case 1, 3: return .entity
                case 2: return .relation
                default: return .none
                }
            case .relation, .source: return .none
            default: break
            }
        }
        // `[why] is NAME ...`: the words right after `is` are the question's own.
        let questionStart = statement.firstIndex { $0.kind == .keyword(.is) }
        let isQuestion = questionStart.map { $0 == 0 || $0 == 1 && statement[0].kind == .keyword(.why) } ?? false
        // `as of DATE` ends a question, and in a query only `order by` and `limit` may follow it.
        let count = statement.count
        if last.kind == .keyword(.as) { return .asOf }
        if last.kind == .keyword(.of) && count >= 2 && statement[count - 2].kind == .keyword(.as) { return .date }
        if count >= 3 && statement[count - 2].kind == .keyword(.of) && statement[count - 3].kind == .keyword(.as)
            && [TokenKind.date, .integer].contains(last.kind)
        {
            return isQuestion ? .none : .afterDate
        }
        if isQuestion, let questionStart {
            let position = statement.count - 1 - questionStart
            switch position {
            case 0: return .entity
            case 1: return .questionConnector
            case 2 where last.kind == .keyword(.in): return .set(keywords: [])
            case 2 where last.kind == .word && ["a", "an"].contains(text(last).lowercased()): return .questionNoun
            default: break
            }
        }
        let setStart = Self.setStart(of: statement, questionStart: isQuestion ? questionStart : nil) {
            $0.kind == .keyword(.in) || $0.kind == .word && ["a", "an"].contains(text($0).lowercased())
        }
        let counts = statement[0].kind == .keyword(.count)
        // Each bracket that opens a set starts a scope of its own: the set a condition filters
        // is the one written from the scope's start up to its last `where`.
        struct Scope {
            var setStart: Int
            var lastWhere: Int?
            var inCondition = false
        }
        var scopes = [Scope(setStart: setStart)]
        var withIndex: Int?
        for (index, token) in statement.enumerated() {
            let current = scopes[scopes.count - 1]
            switch token.kind {
            case .keyword(.where):
                scopes[scopes.count - 1].lastWhere = index
                scopes[scopes.count - 1].inCondition = true
            case .keyword(.with) where scopes.count == 1:
                scopes[0].inCondition = false
                withIndex = index
            case .keyword(.as), .keyword(.order), .keyword(.limit): withIndex = nil
            case .leftParen:
                let previous = index > 0 ? statement[index - 1].kind : .newline
                let opensCondition = [TokenKind.keyword(.where), .keyword(.and), .keyword(.or), .keyword(.not), .leftParen, .keyword(.in)]
                    .contains(previous)
                // `where (a or b)` and `in (x, y)` stay in the condition; `of (`, `each (` open a set.
                scopes.append(current.inCondition && opensCondition ? current : Scope(setStart: index + 1))
            case .rightParen:
                if scopes.count > 1 { scopes.removeLast() }
            default: break
            }
        }
        let scope = scopes[scopes.count - 1]
        let inCondition = scope.inCondition
        func filteredSet() -> Expectation {
            guard let lastWhere = scope.lastWhere, scope.setStart < lastWhere else { return .conditionStart(nil) }
            let range = statement[scope.setStart].span.start..<statement[lastWhere].span.start
            if let set = resolvedSet(in: bytes, range) { return set.isFactSet ? .factConditionStart : .conditionStart(set) }
            // Not resolved: still, `facts ... where` tests facts.
            return statement[scope.setStart].kind == .keyword(.facts) ? .factConditionStart : .conditionStart(nil)
        }
        if let withIndex {
            switch last.kind {
            case .keyword(.with), .comma: return .withColumn(attributeWords(before: withIndex, in: statement, from: setStart, bytes))
            case .word, .string, .keyword: return .afterWithColumn
            default: return .none
            }
        }
        switch last.kind {
        case .keyword(.count):
            return .set(keywords: ["facts"])
        case .keyword(.why):
            return .set(keywords: ["facts", "is"])
        case .keyword(.of):
            let isFacts = statement.indices.contains(setStart) && statement[setStart].kind == .keyword(.facts)
            return .set(keywords: counts && !inCondition && !isFacts ? ["each"] : [])
        case .keyword(.each):
            return .group
        case .keyword(.facts):
            return .afterFacts
        case .leftParen:
            if inCondition {
                // `in (` expects values; otherwise a nested condition.
                if statement.count >= 3, statement[statement.count - 2].kind == .keyword(.in) {
                    return .value(attribute: text(statement[statement.count - 3]))
                }
                return filteredSet()
            }
            return .set(keywords: [])
        case .keyword(.where), .keyword(.and), .keyword(.or), .keyword(.not):
            return filteredSet()
        case .keyword(.order): return .by
        case .keyword(.by):
            guard let order = statement.lastIndex(where: { $0.kind == .keyword(.order) }), order > 0 else { return .orderColumn(nil) }
            return .orderColumn(orderColumns(in: bytes, statement[0].span.start..<statement[order].span.start))
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .keyword(.contains):
            if statement.count >= 2 { return .value(attribute: text(statement[statement.count - 2])) }
            return .none
        case .comma where inCondition:
            // Inside `in (a, b, ...`: find the attribute before `in`.
            if let inIndex = statement.lastIndex(where: { $0.kind == .keyword(.in) }), inIndex > 0 {
                return .value(attribute: text(statement[inIndex - 1]))
            }
            return .none
        case .word, .string, .integer, .decimal, .date, .keyword(.true), .keyword(.false), .rightParen:
            if statement.count >= 2, statement[statement.count - 2].kind == .keyword(.by) { return .afterOrder }
            guard inCondition else { return isQuestion ? .afterQuestionSet : .afterSet }
            let previous = statement.count >= 2 ? statement[statement.count - 2].kind : .newline
            switch previous {
            case .keyword(.where), .keyword(.and), .keyword(.or), .keyword(.not), .leftParen:
                if last.kind == .rightParen { return .afterValue }
                return .afterConditionWord(last.kind == .string ? Lexer.stringValue(of: last.span, in: bytes) : text(last))
            default:
                return isQuestion ? .afterQuestionValue : .afterValue
            }
        default:
            return .none
        }
    }

    /// Where the statement's set starts: after `count` or `why`, or after a question's
    /// `is NAME` and its article or `in`.
    static func setStart(of statement: [Token], questionStart: Int?, isConnector: (Token) -> Bool) -> Int {
        guard let questionStart else {
            return statement.firstIndex { ![TokenKind.keyword(.count), .keyword(.why)].contains($0.kind) } ?? 0
        }
        var start = questionStart + 2
        if start < statement.count, isConnector(statement[start]) { start += 1 }
        return max(0, min(start, statement.count - 1))
    }

    /// The attributes a `with` may name: those of the set written before it (its connecting facts'
    /// and the entities'), or of facts; every attribute when that set does not resolve yet.
    private func attributeWords(before withIndex: Int, in statement: [Token], from setStart: Int, _ bytes: [UInt8]) -> [String] {
        guard setStart < withIndex,
            let set = resolvedSet(in: bytes, statement[setStart].span.start..<statement[withIndex].span.start)
        else { return attributeWords }
        return Analyzer(factBase: factBase).attributeNamesInScope(of: set).map { Self.spelling(of: $0, as: .attribute) }
    }

    func words(for expectation: Expectation) -> [String] {
        switch expectation {
        case .statementStart:
            return ["count", "why", "show", "is", "facts", "entity", "fact", "relation", "kind", "source"] + setWords
        case .set(let keywords): return keywords + setWords
        case .entity: return entityWords
        case .relation: return factBase.relations.map { Self.spelling(of: $0.name) }
        case .kind: return kindWords
        case .source: return factBase.sources.map { Self.spelling(of: $0.identifier) }
        case .afterSet: return ["where", "with", "as", "order", "limit", "of"]
        case .conditionStart(let set?): return conditionWords(for: set)
        case .conditionStart(nil):
            // A membership test reads best with the singular (`where member of CSTO`); plurals
            // work too but would double the list (and `allies` is not `ally` + s).
            return ["not"] + attributeWords + singularRoles
        case .factConditionStart: return ["not"] + factAttributeWords
        case .afterConditionWord(let word):
            let folded = FactBase.fold(word)
            let isRole = !factBase.roles(noun: word).isEmpty
            let isAttribute =
                factBase.attribute(named: word) != nil || ["name", "kind", "subject", "relation", "object"].contains(folded)
            return (isAttribute || !isRole ? ["in", "contains", "not"] : []) + (isRole || !isAttribute ? ["of"] : [])
        case .value(let attribute): return values(of: attribute)
        case .afterValue: return ["and", "or", "with", "as", "order", "limit"]
        case .orderColumn(let columns?): return columns
        case .orderColumn(nil): return ["name"] + attributeWords
        case .withColumn(let attributes): return attributes
        case .afterWithColumn: return ["as", "order", "limit"]
        case .by: return ["by"]
        case .afterOrder: return ["asc", "desc", "limit"]
        case .group: return kindWords
        case .questionConnector: return ["a", "an", "in"] + questionNouns
        case .questionNoun: return questionNouns
        case .afterFacts: return ["of", "where", "with", "as", "order", "limit"]
        case .afterQuestionSet: return ["where", "of", "as"]
        case .afterQuestionValue: return ["and", "or", "as"]
        case .asOf: return ["of"]
        case .date: return dateWords
        case .afterDate: return ["order", "limit"]
        case .none: return []
        }
    }

    /// Each role once, in the singular, in the order the relations declare them.
    var singularRoles: [String] {
        var roles: [String] = []
        var seen: Set<String> = []
        for relation in factBase.relations {
            for role in relation.roles where seen.insert(FactBase.fold(role)).inserted { roles.append(Self.spelling(of: role)) }
        }
        return roles
    }

    /// What may follow `is NAME a`: a role (`a member of ...`) or a kind (`an organization`).
    private var questionNouns: [String] {
        singularRoles + kindWords
    }

    /// In `facts where` and `facts ... with`: a fact's ends, its relation, and any fact's attribute.
    private var factAttributeWords: [String] {
        // `relation` is a keyword, and an attribute's name may be one: it stays bare.
        var names: [String] = []
        for relation in factBase.relations { names += relation.attributes.map { factBase.attributeNames[Int($0)] } }
        return ["subject", "relation", "object"] + Analyzer.unique(names).map { Self.spelling(of: $0, as: .attribute) }
    }

    private var kindWords: [String] {
        factBase.kinds.map { Self.spelling(of: $0.name) }
    }

    private var setWords: [String] {
        (factBase.roleNouns + factBase.kindPlurals).map { Self.spelling(of: $0) } + entityWords
    }

    private var entityWords: [String] {
        factBase.entityNamesAndAliases.map { Self.spelling(of: $0) }
    }

    private var attributeWords: [String] {
        ["name", "kind"] + factBase.attributeNames.map { Self.spelling(of: $0, as: .attribute) }
    }

    /// The dates facts hold from, until or on, as `as of` takes them: a year stays a year.
    private var dateWords: [String] {
        var found: Set<String> = []
        for name in ["since", "until", "date"] {
            guard let attribute = factBase.attribute(named: name) else { continue }
            for value in factBase.distinctValues(of: attribute, limit: 500) {
                switch value {
                case .date, .integer: found.insert(factBase.literal(value))
                default: continue
                }
            }
        }
        return Array(found)
    }

    /// The values an attribute takes anywhere in the fact base, as they would be written.
    func values(of attributeName: String) -> [String] {
        let folded = FactBase.fold(attributeName)
        if folded == "kind" { return kindWords }
        if folded == "name" { return entityWords }
        guard let attribute = factBase.attribute(named: attributeName) else {
            // In `facts where`, the fact's ends and relation.
            if folded == "subject" || folded == "object" { return entityWords }
            if folded == "relation" { return factBase.relations.map { Self.spelling(of: $0.name) } }
            return []
        }
        var found: Set<String> = []
        for value in factBase.distinctValues(of: attribute, limit: 500) { found.insert(spelling(of: value)) }
        for list in factBase.entityAttributes.values {
            for entry in list where entry.attribute == attribute { found.insert(spelling(of: entry.value)) }
        }
        return Array(found)
    }

    // MARK: Meta-commands

    func completeMetaCommand(_ bytes: [UInt8], from start: Int) -> Completion {
        var nameEnd = start + 1
        while nameEnd < bytes.count && bytes[nameEnd] != UInt8(ascii: " ") { nameEnd += 1 }
        if nameEnd == bytes.count {
            let typed = String(decoding: bytes[start...], as: UTF8.self)
            let names = MetaCommand.all.map { "." + $0.name }
            return Completion(wordStart: start, candidates: Self.matching(names, prefix: typed))
        }
        let name = String(decoding: bytes[(start + 1)..<nameEnd], as: UTF8.self)
        var argumentStart = nameEnd
        while argumentStart < bytes.count && bytes[argumentStart] == UInt8(ascii: " ") { argumentStart += 1 }
        let argument = String(decoding: bytes[argumentStart...], as: UTF8.self)
        switch name.lowercased() {
        case "load":
            return Completion(wordStart: argumentStart, candidates: listFiles(argument).sorted())
        case "mode":
            return Completion(wordStart: argumentStart, candidates: Self.matching(OutputFormat.allCases.map(\.rawValue), prefix: argument))
        case "help":
            let names = MetaCommand.all.map(\.name) + HelpTopic.all.map(\.name)
            return Completion(wordStart: argumentStart, candidates: Self.matching(names, prefix: argument))
        case "entities":
            return Completion(wordStart: argumentStart, candidates: Self.matching(factBase.kinds.map(\.name), prefix: argument))
        default:
            if let command = MetaCommand.named(name), command.arguments == "on|off" {
                return Completion(wordStart: argumentStart, candidates: Self.matching(["on", "off"], prefix: argument))
            }
            // Commands that take a query complete it like a statement.
            let wordStart = Self.startOfWord(in: bytes)
            let queryBytes = Array(bytes[argumentStart...])
            let inner = complete(String(decoding: queryBytes, as: UTF8.self))
            return Completion(wordStart: max(wordStart, argumentStart + inner.wordStart), candidates: inner.candidates)
        }
    }
}
