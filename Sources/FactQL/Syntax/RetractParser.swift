/// The statement that changes facts already stated (grammar: "Changing facts").
extension Parser {
    /// `retract_statement = "retract" "fact" name name name [ attribute_block ]`
    mutating func parseRetractStatement() throws(Diagnostic) -> RetractStatement {
        let start = advance().span
        guard match(.keyword(.fact)) else {
            throw expected("'fact' after 'retract', as in retract fact Armenia member_of EU")
        }
        let subject = try parseName(expected: "the fact's subject, as in retract fact Armenia member_of EU")
        let relation = try parseName(expected: "a relation after the subject, as in retract fact Armenia member_of EU")
        let object = try parseName(expected: "the fact's object after the relation, as in retract fact Armenia member_of EU")
        var end = object.span
        var attributes: [AttributeAssignment] = []
        if check(.leftBrace) {
            let block = try parseAttributeBlock()
            attributes = block.attributes
            end = block.span
        }
        if check(.keyword(.cites)) {
            throw Diagnostic(
                message: "a retract names no citations", span: current.span,
                notes: ["the fact goes with all its citations: write it without 'cites ...'"])
        }
        return RetractStatement(
            subject: subject, relation: relation, object: object, attributes: attributes, span: start.union(end))
    }
}
