/// The limits that keep what any input costs the parser, and everything that recurses over the
/// trees it builds, bounded; and their errors, which name the limit.
extension Parser {
    /// Brackets, `of` chains and `not` chains nest at most this deep, so no input can exhaust the stack.
    public static let nestingLimit = 64
    /// The syntax tree of a set or condition is at most this deep. `a and b and c` is read as
    /// `(a and b) and c`, so each link of an `and`, `or` or `where` chain is one more level; the
    /// analysis and the evaluator recurse over the tree, and this keeps them within the stack.
    public static let chainLimit = 256
    /// A script reports at most this many syntax errors, as compilers do: past the first few, errors
    /// are mostly echoes, and reporting every one of a huge bad input would take long.
    public static let errorLimit = 20

    static func nestingTooDeep(at span: SourceSpan) -> Diagnostic {
        Diagnostic(
            message: "nesting too deep: brackets, 'of' chains and 'not' chains nest at most \(nestingLimit) levels",
            span: span)
    }

    /// The height of a tree after a node is built over a subtree `chainHeight` high and one
    /// `operandHeight` high (a chain's next link, or a bracket, `of` or `not` around one subtree).
    static func chained(_ chainHeight: Int, _ operandHeight: Int, at link: Token) throws(Diagnostic) -> Int {
        let newHeight = max(chainHeight, operandHeight) + 1
        guard newHeight <= chainLimit else {
            throw Diagnostic(
                message: "too many conditions chained: 'and', 'or' and 'where' chains nest at most \(chainLimit) levels deep",
                span: link.span,
                notes: [
                    "a and b and c is read as (a and b) and c, so each link is one more level",
                    "to test many values at once, write name in (A, B, C)",
                ])
        }
        return newHeight
    }

    /// Said after the first `errorLimit` syntax errors of `source`.
    public static func tooManyErrors(in source: SourceFile) -> Diagnostic {
        Diagnostic(
            message: "too many errors: only the first \(errorLimit) are shown", source: source,
            notes: ["nothing was run; correct these and try again"])
    }
}
