/// The query rules of the grammar: questions, sets, conditions. Definitions and names are in
/// Parser.swift; each function here carries its rule from `grammar/factql.ebnf`.
extension Parser {
    // MARK: Statements that ask

    /// `show_statement = "show" name`
    mutating func parseShowStatement() throws(Diagnostic) -> ShowStatement {
        let start = advance().span
        let entity = try parseName(
            expected: "an entity after 'show', such as \(vocabulary.entities.first.map(FactBase.nameLiteral) ?? "Armenia")")
        return ShowStatement(entity: entity, span: start.union(entity.span))
    }

    /// `question = [ "why" ] "is" name ( "in" set_query | [ ARTICLE ] set_query ) [ as_of_clause ]`
    mutating func parseQuestion() throws(Diagnostic) -> Question {
        let start = current.span
        let explains = match(.keyword(.why))
        advance()  // is
        let entity = try parseName(
            expected: "an entity after 'is', as in is \(vocabulary.entities.first.map(FactBase.nameLiteral) ?? "Armenia") a member of CSTO")
        var connector = Question.Connector.none
        if match(.keyword(.in)) {
            connector = .in
            if isAtStatementEnd { throw expected("a set after 'in', as in is \(entity.text) in (members of CSTO)") }
        } else if let article = articleAhead {
            advance()
            connector = article
        } else if isArticle(current), peek(1).kind == .newline || peek(1).kind == .semicolon || peek(1).kind == .endOfInput {
            advance()
            throw expected("a kind or a role after the article, as in is \(entity.text) a country or is \(entity.text) a member of CSTO")
        }
        if isAtStatementEnd {
            throw expected(
                "what to ask about \(entity.text): a role and 'of' (a member of CSTO), a kind (a country) or 'in' and a set")
        }
        let set = try parseSetQuery()
        var asOf: AsOfClause?
        if check(.keyword(.as)) {
            asOf = try parseAsOfClause()
            if check(.keyword(.where)) {
                throw Diagnostic(
                    message: "'where' comes before 'as of'", span: current.span,
                    notes: ["a question reads: is NAME a ROLE of SET where CONDITION as of DATE"])
            }
        }
        return Question(
            explains: explains, entity: entity, connector: connector, set: set, asOf: asOf,
            span: start.union(asOf?.span ?? set.span))
    }

    /// `a` or `an` here is an article when a set follows it (`is Armenia a member of CSTO`); alone
    /// at the end it is a name (`is X a`, where `a` is an entity).
    private var articleAhead: Question.Connector? {
        guard isArticle(current) else { return nil }
        let word = source.text(of: current.span).lowercased()
        let next = peek(1).kind
        guard next == .word || next == .string || next == .leftParen || next == .keyword(.facts) else { return nil }
        return word == "a" ? .a : .an
    }

    private func isArticle(_ token: Token) -> Bool {
        guard token.kind == .word else { return false }
        let word = source.text(of: token.span).lowercased()
        return word == "a" || word == "an"
    }

    /// `query = [ "count" | "why" ] set_query [ with_clause ] [ as_of_clause ] [ order_clause ] [ limit_clause ]`
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
        var columns: WithClause?
        if check(.keyword(.with)) {
            let clause = try parseWithClause()
            columns = clause
            end = clause.span
            if check(.keyword(.where)) {
                throw Diagnostic(
                    message: "'where' comes before 'with'", span: current.span,
                    notes: ["a query reads: SET where CONDITION with ATTRIBUTES as of DATE order by ... limit ..."])
            }
        }
        var asOf: AsOfClause?
        if check(.keyword(.as)) {
            let clause = try parseAsOfClause()
            asOf = clause
            end = clause.span
            if check(.keyword(.where)) || check(.keyword(.with)) {
                throw Diagnostic(
                    message: "'\(source.text(of: current.span))' comes before 'as of'", span: current.span,
                    notes: ["a query reads: SET where CONDITION with ATTRIBUTES as of DATE order by ... limit ..."])
            }
        }
        var order: OrderClause?
        if check(.keyword(.order)) {
            let clause = try parseOrderClause()
            order = clause
            end = clause.span
        }
        var limit: LimitClause?
        if check(.keyword(.limit)) {
            let clause = try parseLimitClause()
            limit = clause
            end = clause.span
        }
        if check(.keyword(.as)) {
            let clash = asOf != nil && order == nil && limit == nil
            throw Diagnostic(
                message: clash ? "'as of' is given twice" : "'as of' comes before '\(order != nil ? "order by" : "limit")'",
                span: current.span,
                notes: ["a query reads: SET where CONDITION with ATTRIBUTES as of DATE order by ... limit ..."])
        }
        return Query(
            form: form, set: set, columns: columns, asOf: asOf, order: order, limit: limit, span: start.union(end))
    }

    /// `as_of_clause = "as" "of" ( DATE | YEAR )`
    mutating func parseAsOfClause() throws(Diagnostic) -> AsOfClause {
        let asToken = advance()
        guard match(.keyword(.of)) else { throw expected("'of' after 'as', as in as of 2022") }
        let token = current
        let text = source.text(of: token.span)
        let date: DateValue?
        switch token.kind {
        case .date: date = DateValue(parsing: text)
        case .integer where text.utf8.count == 4 && !text.hasPrefix("-"): date = Int32(text).map { DateValue(year: $0) }
        default:
            throw expected("a date after 'as of': a year (2022), a month (2023-09) or a day (2023-09-19)")
        }
        guard let date else {
            throw Diagnostic(
                message: "'\(text)' is not a valid date", span: token.span,
                notes: ["dates are written YYYY, YYYY-MM or YYYY-MM-DD, with a real month and day"])
        }
        advance()
        return AsOfClause(date: date, span: asToken.span.union(token.span))
    }

    /// `with_clause = "with" attribute_name { "," attribute_name }`
    mutating func parseWithClause() throws(Diagnostic) -> WithClause {
        let withToken = advance()
        if isAtStatementEnd {
            throw Diagnostic(
                message: "expected an attribute after 'with', found \(current.kind.description)", span: withToken.span,
                notes: ["'with' names the columns to show beside the answer, as in members of ICC with since"])
        }
        var attributes: [Name] = []
        repeat {
            attributes.append(try parseAttributeName(expected: "an attribute to show, such as since or status"))
        } while match(.comma)
        return WithClause(attributes: attributes, span: withToken.span.union(attributes.last?.span ?? withToken.span))
    }

    /// `order_clause = "order" "by" attribute_name [ "asc" | "desc" ]`
    mutating func parseOrderClause() throws(Diagnostic) -> OrderClause {
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
        return OrderClause(column: column, descending: descending, span: orderStart.union(clauseEnd))
    }

    /// `limit_clause = "limit" DIGITS`
    mutating func parseLimitClause() throws(Diagnostic) -> LimitClause {
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
        return LimitClause(count: count, span: limitStart.union(numberToken.span))
    }

    // MARK: Sets

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

    /// `navigation = "facts" [ "of" navigation ] | role "of" ( group | navigation ) | atom`
    mutating func parseNavigation() throws(Diagnostic) -> SetExpression {
        if check(.keyword(.facts)) {
            let factsToken = advance()
            guard match(.keyword(.of)) else {
                height = 1
                return .facts(of: nil, span: factsToken.span)
            }
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseNavigation() }
            return .facts(of: inner, span: factsToken.span.union(inner.span))
        }
        if let (relation, role) = try parseRole() {
            let start = relation?.span ?? role.span
            if check(.keyword(.each)) {
                let group = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseGroup() }
                return .navigation(role: role, of: group, relation: relation, span: start.union(group.span))
            }
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseNavigation() }
            return .navigation(role: role, of: inner, relation: relation, span: start.union(inner.span))
        }
        return try parseAtom()
    }

    /// `role = [ name ] name`
    ///
    /// Read only when 'of' follows, which it consumes; the first name, when there are two, is the
    /// relation (`member_of organizations of Armenia`).
    mutating func parseRole() throws(Diagnostic) -> (relation: Name?, role: Name)? {
        if isName(current), peek(1).kind == .keyword(.of) {
            let role = try parseName(expected: "a role")
            advance()  // of
            return (nil, role)
        }
        if isName(current), isName(peek(1)), peek(2).kind == .keyword(.of) {
            let relation = try parseName(expected: "a relation")
            let role = try parseName(expected: "a role")
            advance()  // of
            return (relation, role)
        }
        return nil
    }

    /// `group = "each" ( name | "(" set_query ")" )`
    mutating func parseGroup() throws(Diagnostic) -> SetExpression {
        let eachToken = advance()
        if check(.leftParen) {
            let open = advance()
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseSetQuery() }
            guard check(.rightParen) else { throw unclosed(open, expected: "')' to close the '(' here") }
            let close = advance()
            return .each(.parenthesized(inner, span: open.span.union(close.span)), span: eachToken.span.union(close.span))
        }
        let kind = try parseName(expected: "a kind after 'each', such as organization, or a set in brackets")
        height = 1
        return .each(.name(kind), span: eachToken.span.union(kind.span))
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

    // MARK: Conditions

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

    /// `primary_condition = "(" condition ")" | role "of" navigation | comparison`
    /// `comparison = attribute_name - "not" ( compare_operator value
    ///     | [ "not" ] "in" "(" value { "," value } ")" | "contains" value )`
    mutating func parsePrimaryCondition() throws(Diagnostic) -> Condition {
        if check(.leftParen) {
            let open = advance()
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseCondition() }
            guard check(.rightParen) else { throw unclosed(open, expected: "')' to close the '(' here") }
            return .parenthesized(inner, span: open.span.union(advance().span))
        }
        if let (relation, role) = try parseRole() {
            let set = try nested { (parser: inout Parser) throws(Diagnostic) in try parser.parseNavigation() }
            return .roleTest(role: role, of: set, relation: relation, span: (relation?.span ?? role.span).union(set.span))
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
}
