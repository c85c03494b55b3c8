/// The statement that changes facts already stated (grammar: "Changing facts").
extension Parser {
    /// `retract_statement = "retract" "fact" fact_body`
    mutating func parseRetractStatement() throws(Diagnostic) -> RetractStatement {
        let start = advance().span
        guard match(.keyword(.fact)) else {
            throw expected("'fact' after 'retract', as in retract fact Armenia member_of EU")
        }
        let (subject, relation, object, attributes, end) = try parseFactBody(
            after: "'retract fact'", example: "retract fact Armenia member_of EU")
        if check(.keyword(.cites)) {
            throw Diagnostic(
                message: "a retract names no citations", span: current.span,
                notes: ["the fact goes with all its citations: write it without 'cites ...'"])
        }
        return RetractStatement(
            subject: subject, relation: relation, object: object, attributes: attributes, span: start.union(end))
    }
}
