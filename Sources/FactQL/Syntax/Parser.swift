/// Recursive-descent parser: one function per grammar rule (see `grammar/factql.ebnf`), each with
/// its rule in the doc comment. It reports every error of a script in one run by skipping to the
/// next statement after an error.
public struct Parser {
    // The limits on nesting, chains and errors are in ParserLimits.swift.

    let source: SourceFile
    let tokens: [Token]
    var index = 0
    var depth = 0
    /// The height of the set or condition the last rule returned (a name or a comparison is 1).
    var height = 0
    let vocabulary: Vocabulary
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
        parseStatements { statement in
            statements.append(statement)
            return true
        }
        return statements
    }

    /// Parses the script as `parseScript` does, handing each statement to `body` as soon as it is
    /// parsed, so a large input never holds all its syntax trees at once; `body` returns false
    /// to stop.
    ///
    /// `script = { TERMINATOR } [ statement { TERMINATOR { TERMINATOR } statement } ] { TERMINATOR }`
    public mutating func parseStatements(_ body: (Statement) -> Bool) {
        var parserErrors = 0
        while true {
            skipTerminators()
            if check(.endOfInput) || parserErrors > Self.errorLimit { break }
            do throws(Diagnostic) {
                let statement = try parseStatement()
                try expectStatementEnd()
                if !body(statement) { break }
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
    }

    /// `statement = source_definition | kind_definition | entity_definition | relation_definition
    ///             | fact_definition | retract_statement | show_statement | question | query`
    mutating func parseStatement() throws(Diagnostic) -> Statement {
        if case .invalid = current.kind { throw lexerDiagnostic(at: current) }
        switch current.kind {
        case .keyword(.source): return .source(try parseSourceDefinition())
        case .keyword(.kind): return .kind(try parseKindDefinition())
        case .keyword(.entity): return .entity(try parseEntityDefinition())
        case .keyword(.relation): return .relation(try parseRelationDefinition())
        case .keyword(.fact): return .fact(try parseFactDefinition())
        case .keyword(.retract): return .retract(try parseRetractStatement())
        case .keyword(.show): return .show(try parseShowStatement())
        case .keyword(.is): return .question(try parseQuestion())
        case .keyword(.why) where peek(1).kind == .keyword(.is): return .question(try parseQuestion())
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

    /// `fact_body = name name name [ attribute_block ]`
    /// What `fact` and `retract fact` share: the subject, relation, object and attributes, with
    /// the span where they end. `keyword` and `example` make the errors name the statement.
    mutating func parseFactBody(after keyword: String, example: String) throws(Diagnostic)
        -> (subject: Name, relation: Name, object: Name, attributes: [AttributeAssignment], end: SourceSpan)
    {
        let subject = try parseName(expected: "the fact's subject after \(keyword), as in \(example)")
        let relation = try parseName(expected: "a relation after the subject, as in \(example)")
        let object = try parseName(expected: "the fact's object after the relation, as in \(example)")
        guard check(.leftBrace) else { return (subject, relation, object, [], object.span) }
        let block = try parseAttributeBlock()
        return (subject, relation, object, block.attributes, block.span)
    }

    /// `fact_definition = "fact" fact_body [ "cites" citation { "," citation } ]`
    mutating func parseFactDefinition() throws(Diagnostic) -> FactDefinition {
        let start = advance().span
        let (subject, relation, object, attributes, partsEnd) = try parseFactBody(
            after: "'fact'", example: "fact Armenia member_of CSTO")
        var end = partsEnd
        var citations: [Name] = []
        var quotes: [Quote?] = []
        if match(.keyword(.cites)) {
            repeat {
                let (citation, quote) = try parseCitation()
                citations.append(citation)
                quotes.append(quote)
                end = quote?.span ?? citation.span
            } while match(.comma)
        }
        return FactDefinition(
            subject: subject, relation: relation, object: object, attributes: attributes, citations: citations,
            quotes: quotes, span: start.union(end))
    }

    /// `citation = name [ STRING ]`
    mutating func parseCitation() throws(Diagnostic) -> (source: Name, quote: Quote?) {
        let source = try parseName(expected: "a source id such as p2s3 after 'cites'")
        guard check(.string) else { return (source, nil) }
        let token = advance()
        return (source, Quote(text: Lexer.stringValue(of: token.span, in: self.source.bytes), span: token.span))
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
            guard let value = Lexer.decimalValue(text) else {
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

    var current: Token { tokens[min(index, tokens.count - 1)] }

    func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    func isName(_ token: Token) -> Bool { token.kind == .word || token.kind == .string }

    var isAtStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .endOfInput: return true
        default: return false
        }
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    mutating func skipTerminators() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    mutating func skipToNextStatement() {
        while !isAtStatementEnd { advance() }
    }

    mutating func expectStatementEnd() throws(Diagnostic) {
        if isAtStatementEnd { return }
        if case .invalid = current.kind { throw lexerDiagnostic(at: current) }
        if check(.rightParen) {
            throw Diagnostic(message: "unexpected ')': there is no '(' for it to close", span: current.span)
        }
        throw expected("the end of the statement (a new line or ';')")
    }

    /// Runs a rule one level deeper, refusing to go past `nestingLimit`.
    mutating func nested<Result>(
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

    func expected(_ expectation: String) -> Diagnostic {
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

    func unclosed(_ open: Token, expected expectation: String) -> Diagnostic {
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
    func lexerDiagnostic(at token: Token) -> Diagnostic {
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
