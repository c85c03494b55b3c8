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
        case conditionStart
        /// In `facts where`: the fact's ends, its relation and its attributes.
        case factConditionStart
        case afterAttribute
        case value(attribute: String)
        case afterValue
        case column
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
        let tokens = lexer.tokens.dropLast().filter { $0.kind != .newline }
        let expectation = expectation(after: Array(tokens), in: bytes)
        let candidates = Self.matching(words(for: expectation), prefix: typed)
        return Completion(wordStart: wordStart, candidates: candidates)
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

    func expectation(after tokens: [Token], in bytes: [UInt8]) -> Expectation {
        // Only the current statement matters.
        var statement: [Token] = []
        for token in tokens {
            if token.kind == .semicolon { statement.removeAll() } else { statement.append(token) }
        }
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
        let setStart = statement.firstIndex { ![TokenKind.keyword(.count), .keyword(.why), .keyword(.is)].contains($0.kind) } ?? 0
        let isFacts = statement.indices.contains(setStart) && statement[setStart].kind == .keyword(.facts)
        let counts = statement[0].kind == .keyword(.count)
        // Inside a query: find whether the cursor is in a condition, a `with` list, after `order`, or in a set.
        var inCondition = false
        var withIndex: Int?
        var parenthesesInCondition: [Bool] = []
        for (index, token) in statement.enumerated() {
            switch token.kind {
            case .keyword(.where): inCondition = true
            case .keyword(.with) where parenthesesInCondition.isEmpty:
                inCondition = false
                withIndex = index
            case .keyword(.as), .keyword(.order), .keyword(.limit): withIndex = nil
            case .leftParen: parenthesesInCondition.append(inCondition)
            case .rightParen: inCondition = parenthesesInCondition.popLast() ?? inCondition
            default: break
            }
        }
        // In `facts where`, unless inside a bracket that began a set (`facts of (members of X where`).
        let inFactCondition = isFacts && parenthesesInCondition.allSatisfy { $0 }
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
            return .set(keywords: counts && !inCondition && !isFacts ? ["each"] : [])
        case .keyword(.each):
            return .group
        case .keyword(.facts):
            return .afterFacts
        case .leftParen:
            if inCondition {
                // `in (` expects values; otherwise a nested condition or set.
                if statement.count >= 3, statement[statement.count - 2].kind == .keyword(.in) {
                    return .value(attribute: text(statement[statement.count - 3]))
                }
                return inFactCondition ? .factConditionStart : .conditionStart
            }
            return .set(keywords: [])
        case .keyword(.where), .keyword(.and), .keyword(.or), .keyword(.not):
            return inFactCondition ? .factConditionStart : .conditionStart
        case .keyword(.order): return .by
        case .keyword(.by): return .column
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
                return last.kind == .rightParen ? .afterValue : .afterAttribute
            default:
                return isQuestion ? .afterQuestionValue : .afterValue
            }
        default:
            return .none
        }
    }

    /// The attributes a `with` may name: those of the set written before it (its connecting facts'
    /// and the entities'), or of facts; every attribute when that set does not resolve yet.
    private func attributeWords(before withIndex: Int, in statement: [Token], from setStart: Int, _ bytes: [UInt8]) -> [String] {
        guard setStart < withIndex else { return attributeWords }
        let setText = String(decoding: bytes[statement[setStart].span.start..<statement[withIndex].span.start], as: UTF8.self)
        var parser = Parser(source: SourceFile(name: nil, text: setText))
        guard case .query(let query)? = parser.parseScript().first, parser.diagnostics.isEmpty,
            let set = try? Analyzer(factBase: factBase).resolve(query.set)
        else { return attributeWords }
        if set.isFactSet { return factAttributeWords }
        var names = ["name", "kind"]
        for relation in set.connectingRelations {
            names += factBase.relations[Int(relation)].attributes.map { factBase.attributeNames[Int($0)] }
        }
        names += factBase.entityAttributeIDs.sorted().map { factBase.attributeNames[Int($0)] }
        return names.map(FactBase.nameLiteral)
    }

    func words(for expectation: Expectation) -> [String] {
        switch expectation {
        case .statementStart:
            return ["count", "why", "show", "is", "facts", "entity", "fact", "relation", "kind", "source"] + setWords
        case .set(let keywords): return keywords + setWords
        case .entity: return entityWords
        case .relation: return factBase.relations.map(\.name)
        case .kind: return factBase.kinds.map { FactBase.nameLiteral($0.name) }
        case .source: return factBase.sources.map(\.identifier)
        case .afterSet: return ["where", "with", "as", "order", "limit", "of"]
        case .conditionStart:
            // A membership test reads best with the singular (`where member of CSTO`); plurals
            // work too but would double the list (and `allies` is not `ally` + s).
            return ["not"] + attributeWords + singularRoles
        case .factConditionStart: return ["not"] + factAttributeWords
        case .afterAttribute: return ["in", "contains", "not", "of"]
        case .value(let attribute): return values(of: attribute)
        case .afterValue: return ["and", "or", "with", "as", "order", "limit"]
        case .column: return ["name"] + attributeWords
        case .withColumn(let attributes): return attributes
        case .afterWithColumn: return ["as", "order", "limit"]
        case .by: return ["by"]
        case .afterOrder: return ["asc", "desc", "limit"]
        case .group: return factBase.kinds.map { FactBase.nameLiteral($0.name) }
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
    private var singularRoles: [String] {
        var roles: [String] = []
        var seen: Set<String> = []
        for relation in factBase.relations {
            for role in relation.roles where seen.insert(FactBase.fold(role)).inserted { roles.append(FactBase.nameLiteral(role)) }
        }
        return roles
    }

    /// What may follow `is NAME a`: a role (`a member of ...`) or a kind (`an organization`).
    private var questionNouns: [String] {
        singularRoles + factBase.kinds.map { FactBase.nameLiteral($0.name) }
    }

    /// In `facts where` and `facts ... with`: a fact's ends, its relation, and any fact's attribute.
    private var factAttributeWords: [String] {
        // `relation` is a keyword, and an attribute's name may be one: it stays bare.
        var names: [String] = []
        for relation in factBase.relations { names += relation.attributes.map { factBase.attributeNames[Int($0)] } }
        return ["subject", "relation", "object"] + Analyzer.unique(names).map(FactBase.nameLiteral)
    }

    private var setWords: [String] {
        factBase.roleNouns.map(FactBase.nameLiteral) + factBase.kindPlurals.map(FactBase.nameLiteral) + entityWords
    }

    private var entityWords: [String] {
        factBase.entityNamesAndAliases.map(FactBase.nameLiteral)
    }

    private var attributeWords: [String] {
        ["name", "kind"] + factBase.attributeNames.map(FactBase.nameLiteral)
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
        if folded == "kind" { return factBase.kinds.map { FactBase.nameLiteral($0.name) } }
        if folded == "name" { return entityWords }
        guard let attribute = factBase.attribute(named: attributeName) else {
            // In `facts where`, the fact's ends and relation.
            if folded == "subject" || folded == "object" { return entityWords }
            if folded == "relation" { return factBase.relations.map { FactBase.nameLiteral($0.name) } }
            return []
        }
        var found: Set<String> = []
        for value in factBase.distinctValues(of: attribute, limit: 500) { found.insert(factBase.literal(value)) }
        for list in factBase.entityAttributes.values {
            for entry in list where entry.attribute == attribute { found.insert(factBase.literal(entry.value)) }
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
