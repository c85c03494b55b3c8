/// Recursive-descent parser: one function per grammar rule (see `grammar/factql.ebnf`), each with
/// its rule in the doc comment. It reports every error of a script in one run by skipping to the
/// next statement after an error.
public struct Parser {
    // The limits on nesting, chains and errors are in ParserLimits.swift.

    private let source: SourceFile
    private let tokens: [Token]
    private var index = 0
    private var depth = 0
    /// The height of the set or condition the last rule returned (a name or a comparison is 1).
    private var height = 0
    private let vocabulary: Vocabulary
    public private(set) var diagnostics: [Diagnostic]
    /// The lexer's diagnostics, by position, to find the one for an invalid token quickly.
    private let lexerDiagnostics: [Diagnostic]

    /// Example names from the fact base, so that errors can say what was expected in words
    /// ("a role such as members, leaders").
    public struct Vocabulary: Sendable {
        public var roles: [String]
        public var kinds: [String]
        public var entities: [String]
        public var attributes: [String]

        public init(roles: [String] = [], kinds: [String] = [], entities: [String] = [], attributes: [String] = []) {
            self.roles = roles
            self.kinds = kinds
            self.entities = entities
            self.attributes = attributes
        }
    }

    public init(source: SourceFile, range: Range<Int>? = nil, vocabulary: Vocabulary = Vocabulary()) {
        let lexer = Lexer(bytes: source.bytes, range: range)
        self.source = source
        self.tokens = lexer.tokens
        self.lexerDiagnostics = lexer.diagnostics.map { $0.located(in: source) }.sorted {
            ($0.span?.start ?? 0) < ($1.span?.start ?? 0)
        }
        self.diagnostics = lexerDiagnostics
        self.vocabulary = vocabulary
    }

    /// Parses a whole script. Statements with errors are left out; `diagnostics` says why (at most
    /// `errorLimit` of them, then one saying that more were left out).
    ///
    /// `script = { TERMINATOR } [ statement { TERMINATOR { TERMINATOR } statement } ] { TERMINATOR }`
    public mutating func parseScript() -> [Statement] {
        var statements: [Statement] = []
        var parserErrors = 0
        while true {
            skipTerminators()
            if check(.endOfInput) || parserErrors > Self.errorLimit { break }
            do throws(Diagnostic) {
                let statement = try parseStatement()
                try expectStatementEnd()
                statements.append(statement)
            } catch {
                // One error per statement: what follows the first is usually its echo. The lexer's
                // own diagnostics are already in the list.
                let fromLexer = error.span.flatMap { lexerDiagnostic(startingAt: $0.start) }
                if fromLexer?.span != error.span || fromLexer?.message != error.message {
                    diagnostics.append(error.located(in: source))
                    parserErrors += 1
                }
                skipToNextStatement()
            }
        }
        diagnostics.sort { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
        if diagnostics.count > Self.errorLimit {
            diagnostics.removeSubrange(Self.errorLimit...)
            diagnostics.append(Self.tooManyErrors(in: source))
        }
        return statements
    }

    /// `statement = source_definition | kind_definition | entity_definition | relation_definition
    ///             | fact_definition | show_statement | query`
    mutating func parseStatement() throws(Diagnostic) -> Statement {
        if case .invalid = current.kind { throw lexerDiagnostic(at: current) }
        switch current.kind {
        case .keyword(.source): return .source(try parseSourceDefinition())
        case .keyword(.kind): return .kind(try parseKindDefinition())
        case .keyword(.entity): return .entity(try parseEntityDefinition())
        case .keyword(.relation): return .relation(try parseRelationDefinition())
        case .keyword(.fact): return .fact(try parseFactDefinition())
        case .keyword(.show): return .show(try parseShowStatement())
        default: return .query(try parseQuery())
        }
    }

    // MARK: Definitions

    /// `source_definition = "source" name STRING`
    mutating func parseSourceDefinition() throws(Diagnostic) -> SourceDefinition {
        let start = advance().span
        let identifier = try parseName(expected: "a source id such as p2s3 after 'source'")
        guard check(.string) else { throw expected("the sentence in double quotes after the source id") }
        let textToken = advance()
        return SourceDefinition(
            identifier: identifier, text: Lexer.stringValue(of: textToken.span, in: source.bytes),
            span: start.union(textToken.span))
    }

    /// `kind_definition = "kind" name [ ":" name ] [ "plural" name ]`
    mutating func parseKindDefinition() throws(Diagnostic) -> KindDefinition {
        let start = advance().span
        let name = try parseName(expected: "a kind name such as country after 'kind'")
        var end = name.span
        var parent: Name?
        if match(.colon) {
            let parentName = try parseName(expected: "the kind this one belongs to after ':'")
            parent = parentName
            end = parentName.span
        }
        var plural: Name?
        if match(.keyword(.plural)) {
            let pluralName = try parseName(expected: "the plural after 'plural', such as people")
            plural = pluralName
            end = pluralName.span
        }
        return KindDefinition(name: name, parent: parent, plural: plural, span: start.union(end))
    }

    /// `entity_definition = "entity" name ":" name [ "aka" name { "," name } ] [ attribute_block ]`
    mutating func parseEntityDefinition() throws(Diagnostic) -> EntityDefinition {
        let start = advance().span
        let name = try parseName(expected: "the entity's name after 'entity'")
        guard match(.colon) else { throw expected("':' and the entity's kind, as in entity Armenia : country") }
        let kind = try parseName(expected: "the entity's kind after ':', such as country")
        var end = kind.span
        var aliases: [Name] = []
        if match(.keyword(.aka)) {
            repeat {
                let alias = try parseName(expected: "another name after 'aka'")
                aliases.append(alias)
                end = alias.span
            } while match(.comma)
        }
        var attributes: [AttributeAssignment] = []
        if check(.leftBrace) {
            let block = try parseAttributeBlock()
            attributes = block.attributes
            end = block.span
        }
        return EntityDefinition(name: name, kind: kind, aliases: aliases, attributes: attributes, span: start.union(end))
    }

    /// `relation_definition = "relation" name "(" name "," name ")" [ "symmetric" ]`
    mutating func parseRelationDefinition() throws(Diagnostic) -> RelationDefinition {
        let start = advance().span
        let name = try parseName(expected: "the relation's name after 'relation'")
        guard match(.leftParen) else {
            throw expected("'(' and the relation's two roles, as in relation member_of (member, organization)")
        }
        let subjectRole = try parseName(expected: "the first role's name, such as member")
        guard match(.comma) else { throw expected("',' and the second role") }
        let objectRole = try parseName(expected: "the second role's name, such as organization")
        guard check(.rightParen) else { throw expected("')' after the two roles") }
        var end = advance().span
        var isSymmetric = false
        if check(.keyword(.symmetric)) {
            end = advance().span
            isSymmetric = true
        }
        return RelationDefinition(
            name: name, subjectRole: subjectRole, objectRole: objectRole, isSymmetric: isSymmetric,
            span: start.union(end))
    }

    /// `fact_definition = "fact" name name name [ attribute_block ] [ "cites" name { "," name } ]`
    mutating func parseFactDefinition() throws(Diagnostic) -> FactDefinition {
        let start = advance().span
        let subject = try parseName(expected: "the fact's subject after 'fact', as in fact Armenia member_of CSTO")
        let relation = try parseName(expected: "a relation after the subject, as in fact Armenia member_of CSTO")
        let object = try parseName(expected: "the fact's object after the relation, as in fact Armenia member_of CSTO")
        var end = object.span
        var attributes: [AttributeAssignment] = []
        if check(.leftBrace) {
            let block = try parseAttributeBlock()
            attributes = block.attributes
            end = block.span
        }
        var citations: [Name] = []
        if match(.keyword(.cites)) {
            repeat {
                let citation = try parseName(expected: "a source id such as p2s3 after 'cites'")
                citations.append(citation)
                end = citation.span
            } while match(.comma)
        }
        return FactDefinition(
            subject: subject, relation: relation, object: object, attributes: attributes, citations: citations,
            span: start.union(end))
    }

    /// `attribute_block = "{" [ attribute { "," attribute } [ "," ] ] "}"`
    /// `attribute = attribute_name ":" value`
    mutating func parseAttributeBlock() throws(Diagnostic) -> (attributes: [AttributeAssignment], span: SourceSpan) {
        let start = advance().span
        var attributes: [AttributeAssignment] = []
        while !check(.rightBrace) {
            let name = try parseAttributeName(expected: "an attribute name such as status, or '}'")
            guard match(.colon) else { throw expected("':' between the attribute's name and its value") }
            let value = try parseValue()
            attributes.append(AttributeAssignment(name: name, value: value))
            if !match(.comma) { break }
        }
        guard check(.rightBrace) else { throw expected("',' or '}' after the attribute") }
        return (attributes, start.union(advance().span))
    }

    // MARK: Queries

    /// `show_statement = "show" name`
    mutating func parseShowStatement() throws(Diagnostic) -> ShowStatement {
        let start = advance().span
        let entity = try parseName(
            expected: "an entity after 'show', such as \(vocabulary.entities.first.map(FactBase.nameLiteral) ?? "Armenia")")
        return ShowStatement(entity: entity, span: start.union(entity.span))
    }

    /// `query = [ "count" | "why" ] set_query [ "order" "by" attribute_name [ "asc" | "desc" ] ] [ "limit" DIGITS ]`
    mutating func parseQuery() throws(Diagnostic) -> Query {
        let start = current.span
        var form = Query.Form.list
        if match(.keyword(.count)) {
            form = .count
        } else if match(.keyword(.why)) {
            form = .why
        }
        let set = try parseSetQuery()
        var end = set.span
        var order: OrderClause?
        if check(.keyword(.order)) {
            let orderStart = advance().span
            guard match(.keyword(.by)) else { throw expected("'by' after 'order'") }
            let column = try parseAttributeName(expected: "a column to order by after 'order by'")
            var clauseEnd = column.span
            var descending = false
            if check(.keyword(.desc)) {
                descending = true
                clauseEnd = advance().span
            } else if check(.keyword(.asc)) {
                clauseEnd = advance().span
            }
            order = OrderClause(column: column, descending: descending, span: orderStart.union(clauseEnd))
            end = clauseEnd
        }
        var limit: LimitClause?
        if check(.keyword(.limit)) {
            let limitStart = advance().span
            guard check(.integer) else { throw expected("a whole number after 'limit'") }
            let numberToken = advance()
            let digits = source.text(of: numberToken.span)
            guard let count = Int(digits), count >= 0 else {
                if digits.allSatisfy(\.isNumber) {
                    throw Diagnostic(
                        message: "number too large", span: numberToken.span,
                        notes: ["a limit goes up to \(Int.max)"])
                }
                throw Diagnostic(message: "the limit must be a whole number from 0 up", span: numberToken.span)
            }
            limit = LimitClause(count: count, span: limitStart.union(numberToken.span))
            end = numberToken.span
        }
        return Query(form: form, set: set, order: order, limit: limit, span: start.union(end))
    }

    /// `set_query = navigation { "where" condition }`
    mutating func parseSetQuery() throws(Diagnostic) -> SetExpression {
        var set = try parseNavigation()
        var setHeight = height
        while check(.keyword(.where)) {
            let whereToken = advance()
            if isAtStatementEnd {
                throw Diagnostic(
                    message: "expected a condition after 'where', found \(current.kind.description)", span: whereToken.span,
                    notes: ["a condition looks like status = frozen, since >= 2024 or member of CSTO"])
            }
            let condition = try parseCondition()
            setHeight = try Self.chained(setHeight, height, at: whereToken)
            set = .filter(set, where: condition, span: set.span.union(condition.span))
        }
        height = setHeight
        return set
    }

    /// `navigation = name "of" navigation | atom`
    mutating func parseNavigation() throws(Diagnostic) -> SetExpression {
        if isName(current), peek(1).kind == .keyword(.of) {
            let role = try parseName(expected: "a role")
            advance()  // of
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseNavigation() }
            return .navigation(role: role, of: inner, span: role.span.union(inner.span))
        }
        return try parseAtom()
    }

    /// `atom = name | "(" set_query ")"`
    mutating func parseAtom() throws(Diagnostic) -> SetExpression {
        if check(.leftParen) {
            let open = advance()
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseSetQuery() }
            guard check(.rightParen) else { throw unclosed(open, expected: "')' to close the '(' here") }
            return .parenthesized(inner, span: open.span.union(advance().span))
        }
        if isName(current) {
            height = 1
            return .name(try parseName(expected: "a set"))
        }
        throw expected(setExpectation)
    }

    private var setExpectation: String {
        let kind = vocabulary.kinds.first ?? "countries"
        let entity = vocabulary.entities.first.map(FactBase.nameLiteral) ?? "Armenia"
        let role = vocabulary.roles.first ?? "members"
        return "a set, such as a kind (\(kind)), an entity (\(entity)) or a role followed by 'of' (\(role) of ...)"
    }

    /// `condition = conjunction { "or" conjunction }`
    mutating func parseCondition() throws(Diagnostic) -> Condition {
        var condition = try parseConjunction()
        var conditionHeight = height
        while check(.keyword(.or)) {
            let orToken = advance()
            let right = try parseConjunction()
            conditionHeight = try Self.chained(conditionHeight, height, at: orToken)
            condition = .or(condition, right)
        }
        height = conditionHeight
        return condition
    }

    /// `conjunction = negation { "and" negation }`
    mutating func parseConjunction() throws(Diagnostic) -> Condition {
        var condition = try parseNegation()
        var conditionHeight = height
        while check(.keyword(.and)) {
            let andToken = advance()
            let right = try parseNegation()
            conditionHeight = try Self.chained(conditionHeight, height, at: andToken)
            condition = .and(condition, right)
        }
        height = conditionHeight
        return condition
    }

    /// `negation = "not" negation | primary_condition`
    mutating func parseNegation() throws(Diagnostic) -> Condition {
        if check(.keyword(.not)) {
            let notToken = advance()
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseNegation() }
            return .not(inner, span: notToken.span.union(inner.span))
        }
        return try parsePrimaryCondition()
    }

    /// `primary_condition = "(" condition ")" | name "of" navigation | comparison`
    /// `comparison = attribute_name - "not" ( compare_operator value
    ///     | [ "not" ] "in" "(" value { "," value } ")" | "contains" value )`
    mutating func parsePrimaryCondition() throws(Diagnostic) -> Condition {
        if check(.leftParen) {
            let open = advance()
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseCondition() }
            guard check(.rightParen) else { throw unclosed(open, expected: "')' to close the '(' here") }
            return .parenthesized(inner, span: open.span.union(advance().span))
        }
        if isName(current), peek(1).kind == .keyword(.of) {
            let role = try parseName(expected: "a role")
            advance()  // of
            let set = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseNavigation() }
            return .roleTest(role: role, of: set, span: role.span.union(set.span))
        }
        let attribute = try parseAttributeName(
            expected: "a condition such as status = frozen, since >= 2024 or member of CSTO")
        let operatorToken = current
        let comparison: ComparisonOperator?
        switch operatorToken.kind {
        case .equal: comparison = .equal
        case .notEqual: comparison = .notEqual
        case .less: comparison = .less
        case .lessEqual: comparison = .lessOrEqual
        case .greater: comparison = .greater
        case .greaterEqual: comparison = .greaterOrEqual
        default: comparison = nil
        }
        height = 1
        if let comparison {
            advance()
            let value = try parseValue()
            return .comparison(attribute: attribute, comparison, value)
        }
        if check(.keyword(.contains)) {
            advance()
            let value = try parseValue()
            return .contains(attribute: attribute, value)
        }
        var negated = false
        if check(.keyword(.not)), peek(1).kind == .keyword(.in) {
            advance()
            negated = true
        }
        if match(.keyword(.in)) {
            guard check(.leftParen) else { throw expected("'(' and a list of values after 'in'") }
            let open = advance()
            var values: [ValueLiteral] = []
            repeat {
                values.append(try parseValue())
            } while match(.comma)
            guard check(.rightParen) else { throw unclosed(open, expected: "',' or ')' to close the list") }
            return .oneOf(attribute: attribute, values: values, negated: negated, span: attribute.span.union(advance().span))
        }
        throw expected("a comparison after '\(attribute.text)': =, !=, <, <=, >, >=, in (...) or contains")
    }

    // MARK: Names and values

    /// `value = STRING | INTEGER | DECIMAL | DATE | "true" | "false" | WORD`
    mutating func parseValue() throws(Diagnostic) -> ValueLiteral {
        let token = current
        let text = source.text(of: token.span)
        switch token.kind {
        case .string:
            advance()
            return ValueLiteral(kind: .string(Lexer.stringValue(of: token.span, in: source.bytes)), span: token.span)
        case .integer:
            guard let value = Int(text) else {
                throw Diagnostic(
                    message: "number too large", span: token.span,
                    notes: ["whole numbers range from \(Int.min) to \(Int.max)"])
            }
            advance()
            return ValueLiteral(kind: .integer(value), span: token.span)
        case .decimal:
            guard let value = Double(text), value.isFinite else {
                throw Diagnostic(message: "decimal number out of range", span: token.span)
            }
            advance()
            return ValueLiteral(kind: .decimal(value), span: token.span)
        case .date:
            guard let date = DateValue(parsing: text) else {
                throw Diagnostic(
                    message: "'\(text)' is not a valid date", span: token.span,
                    notes: ["dates are written YYYY-MM or YYYY-MM-DD, with a real month and day"])
            }
            advance()
            return ValueLiteral(kind: .date(date), span: token.span)
        case .keyword(.true):
            advance()
            return ValueLiteral(kind: .boolean(true), span: token.span)
        case .keyword(.false):
            advance()
            return ValueLiteral(kind: .boolean(false), span: token.span)
        case .word:
            advance()
            return ValueLiteral(kind: .name(text, isQuoted: false), span: token.span)
        case .invalid:
            throw lexerDiagnostic(at: token)
        default:
            throw expected("a value: a string, a number, a date such as 2024-01, true, false or a name")
        }
    }

    /// `name = WORD | STRING`
    mutating func parseName(expected expectation: String) throws(Diagnostic) -> Name {
        let token = current
        switch token.kind {
        case .word:
            advance()
            return Name(text: source.text(of: token.span), span: token.span)
        case .string:
            advance()
            return Name(text: Lexer.stringValue(of: token.span, in: source.bytes), span: token.span, isQuoted: true)
        case .invalid:
            throw lexerDiagnostic(at: token)
        case .keyword(let keyword):
            throw Diagnostic(
                message: "expected \(expectation), found the keyword '\(keyword.rawValue)'", span: token.span,
                notes: ["a name that is also a keyword is written in double quotes: \"\(source.text(of: token.span))\""])
        default:
            throw expected(expectation)
        }
    }

    /// `attribute_name = WORD | STRING | keyword` (a keyword such as `kind` may name an attribute)
    mutating func parseAttributeName(expected expectation: String) throws(Diagnostic) -> Name {
        if case .keyword = current.kind, !isAtStatementEnd {
            let token = advance()
            return Name(text: source.text(of: token.span).lowercased(), span: token.span)
        }
        return try parseName(expected: expectation)
    }

    // MARK: Helpers

    private var current: Token { tokens[min(index, tokens.count - 1)] }

    private func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    private func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    private func isName(_ token: Token) -> Bool { token.kind == .word || token.kind == .string }

    private var isAtStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .endOfInput: return true
        default: return false
        }
    }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    private mutating func skipTerminators() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    private mutating func skipToNextStatement() {
        while !isAtStatementEnd { advance() }
    }

    private mutating func expectStatementEnd() throws(Diagnostic) {
        if isAtStatementEnd { return }
        if case .invalid = current.kind { throw lexerDiagnostic(at: current) }
        if check(.rightParen) {
            throw Diagnostic(message: "unexpected ')': there is no '(' for it to close", span: current.span)
        }
        throw expected("the end of the statement (a new line or ';')")
    }

    /// Runs a rule one level deeper, refusing to go past `nestingLimit`.
    private mutating func nested<Result>(
        _ rule: (inout Parser) throws(Diagnostic) -> Result
    ) throws(Diagnostic) -> Result {
        guard depth < Self.nestingLimit else {
            // Point at what opened the level too many: the bracket, 'of' or 'not' just read.
            throw Self.nestingTooDeep(at: tokens[max(0, min(index, tokens.count) - 1)].span)
        }
        depth += 1
        defer { depth -= 1 }
        let start = current
        let result = try rule(&self)
        // The node built around what the rule returned is one level higher.
        height = try Self.chained(height, 0, at: start)
        return result
    }

    private func expected(_ expectation: String) -> Diagnostic {
        let token = current
        if case .invalid = token.kind { return lexerDiagnostic(at: token) }
        let found: String
        switch token.kind {
        case .word, .integer, .decimal, .date: found = "'\(source.text(of: token.span))'"
        case .string: found = "the string \(source.text(of: token.span))"
        default: found = token.kind.description
        }
        return Diagnostic(message: "expected \(expectation), found \(found)", span: token.span)
    }

    private func unclosed(_ open: Token, expected expectation: String) -> Diagnostic {
        if case .invalid = current.kind { return lexerDiagnostic(at: current) }
        var diagnostic = expected(expectation)
        if current.kind == .endOfInput || current.kind == .newline || current.kind == .semicolon {
            diagnostic = Diagnostic(
                message: "unclosed '\(source.text(of: open.span))'", span: open.span,
                notes: ["expected \(expectation) before \(current.kind.description)"])
        }
        return diagnostic
    }

    /// The lexer already reported the problem with this token; reuse its diagnostic.
    private func lexerDiagnostic(at token: Token) -> Diagnostic {
        lexerDiagnostic(startingAt: token.span.start)
            ?? Diagnostic(message: "unexpected \(token.kind.description)", span: token.span)
    }

    /// The first of the lexer's diagnostics that starts at `offset` (a binary search).
    private func lexerDiagnostic(startingAt offset: Int) -> Diagnostic? {
        var low = 0
        var high = lexerDiagnostics.count
        while low < high {
            let middle = (low + high) / 2
            if (lexerDiagnostics[middle].span?.start ?? 0) < offset { low = middle + 1 } else { high = middle }
        }
        guard low < lexerDiagnostics.count, lexerDiagnostics[low].span?.start == offset else { return nil }
        return lexerDiagnostics[low]
    }

}
