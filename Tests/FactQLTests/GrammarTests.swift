import Foundation
import Testing

@testable import FactQL

/// Keeps `grammar/factql.ebnf` true to the lexer and the parser, in both directions:
/// - its quoted words are exactly the lexer's keywords;
/// - every parse function quotes its rule from the grammar, word for word, in its doc comment, so
///   a rule added to the parser only (or changed there only) fails here;
/// - statements generated at random from the grammar all parse, and print back to the same tree.
@Suite struct GrammarTests {
    let grammar: Grammar

    init() throws {
        grammar = try Grammar.load()
    }

    /// The parser's files: the rules of definitions and names, and the rules of queries.
    static var parserSource: String {
        get throws {
            var text = ""
            for file in ["Parser.swift", "QueryParser.swift", "RetractParser.swift"] {
                let url = BinaryRunner.packageRoot.appendingPathComponent("Sources/FactQL/Syntax/" + file)
                text += try String(contentsOf: url, encoding: .utf8) + "\n"
            }
            return text
        }
    }

    /// Rules the parser reads inline, with no parse function of their own.
    static let inlineRules: Set<String> = ["compare_operator", "keyword"]

    // MARK: The grammar itself

    @Test func everyNameTheGrammarUsesIsDefined() {
        for name in grammar.ruleNames {
            for reference in grammar.rules[name]?.references ?? [] {
                let isTokenClass = reference == reference.uppercased()
                if isTokenClass {
                    #expect(StatementGenerator.tokenClasses.contains(reference), "\(name) uses an unknown token \(reference)")
                } else {
                    #expect(grammar.rules[reference] != nil, "\(name) refers to an undefined rule \(reference)")
                }
            }
        }
        #expect(grammar.ruleNames.first == "script")
        #expect(grammar.rules.count >= 20)
    }

    @Test func everyRuleIsReachableFromScript() {
        var reached: Set<String> = ["script"]
        var pending = ["script"]
        while let name = pending.popLast() {
            for reference in grammar.rules[name]?.references ?? [] where grammar.rules[reference] != nil {
                if reached.insert(reference).inserted { pending.append(reference) }
            }
        }
        let unreached = Set(grammar.ruleNames).subtracting(reached)
        #expect(unreached.isEmpty, "rules nothing uses: \(unreached.sorted())")
    }

    // MARK: The railroad diagrams

    /// 64-bit FNV-1a, as grammar/railroad.py computes it.
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func theRailroadDiagramsAreDrawnFromTheCurrentGrammar() throws {
        let root = BinaryRunner.packageRoot.appendingPathComponent("grammar")
        let grammarBytes = try Data(contentsOf: root.appendingPathComponent("factql.ebnf"))
        let page = try String(contentsOf: root.appendingPathComponent("railroad.html"), encoding: .utf8)
        #expect(
            page.contains("<meta name=\"grammar-fnv1a\" content=\"\(Self.fnv1a(Array(grammarBytes)))\">"),
            "grammar/railroad.html is older than grammar/factql.ebnf: run python3 grammar/railroad.py")
        for name in grammar.ruleNames {
            #expect(page.contains("<h2 id=\"\(name)\">"), "no diagram for \(name)")
        }
        #expect(page.components(separatedBy: "<svg").count - 1 == grammar.ruleNames.count)
        #expect(Self.fnv1a(Array("a".utf8)) == "af63dc4c8601ec8c")
    }

    // MARK: Keywords

    /// Problems with the keywords: words quoted in the grammar's rules that are no keyword, and
    /// keywords that no rule uses; the same for the `keyword` list.
    static func keywordProblems(grammar: Grammar, keywords: [String]) -> [String] {
        let known = Set(keywords)
        var inRules: Set<String> = []
        for name in grammar.ruleNames where name != "keyword" {
            for literal in grammar.rules[name]?.literals ?? [] where literal.first?.isLetter == true {
                inRules.insert(literal)
            }
        }
        let listed = grammar.rules["keyword"]?.literals ?? []
        var problems: [String] = []
        for word in inRules.subtracting(known).sorted() { problems.append("'\(word)' is quoted in the grammar but is no keyword of the lexer") }
        for word in known.subtracting(inRules).sorted() { problems.append("keyword '\(word)' is used by no rule of the grammar") }
        if Set(listed) != known || listed.count != known.count {
            problems.append("the keyword rule lists \(listed.sorted()), the lexer knows \(known.sorted())")
        }
        return problems
    }

    @Test func quotedWordsAreExactlyTheLexersKeywords() {
        let problems = Self.keywordProblems(grammar: grammar, keywords: Keyword.allCases.map(\.rawValue))
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func aKeywordOnOneSideOnlyIsCaught() throws {
        let keywords = Keyword.allCases.map(\.rawValue)
        #expect(!Self.keywordProblems(grammar: grammar, keywords: keywords + ["unless"]).isEmpty)
        #expect(!Self.keywordProblems(grammar: grammar, keywords: keywords.filter { $0 != "symmetric" }).isEmpty)
    }

    @Test func quotedSymbolsAreSingleTokensOfTheLexer() {
        let symbols = Set(grammar.ruleNames.flatMap { grammar.rules[$0]?.literals ?? [] }).filter { $0.first?.isLetter != true }
        #expect(symbols.count >= 10)
        for symbol in symbols {
            let tokens = Lexer(bytes: Array(symbol.utf8)).tokens
            #expect(tokens.count == 2 && tokens[0].kind != .invalid, "'\(symbol)' is not one token")
        }
    }

    // MARK: The parser's doc comments

    /// The rules each parse function quotes in its doc comment: `` `name = expression` ``.
    static func documentedRules(in parserSource: String) -> (rules: [(function: String, name: String, body: String)], undocumented: [String]) {
        let lines = parserSource.components(separatedBy: "\n")
        var rules: [(String, String, String)] = []
        var undocumented: [String] = []
        let function = try? NSRegularExpression(pattern: #"func (parse[A-Z]\w*)\("#)
        let rule = try? NSRegularExpression(pattern: #"`([a-z_]+) = ([^`]*)`"#)
        for (index, line) in lines.enumerated() {
            let range = NSRange(line.startIndex..., in: line)
            guard let match = function?.firstMatch(in: line, range: range), let nameRange = Range(match.range(at: 1), in: line) else {
                continue
            }
            let functionName = String(line[nameRange])
            var docLines: [String] = []
            var above = index - 1
            while above >= 0 {
                let trimmed = lines[above].trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("///") {
                    docLines.insert(String(trimmed.dropFirst(3)), at: 0)
                } else if !trimmed.hasPrefix("@") {
                    break
                }
                above -= 1
            }
            let doc = docLines.joined(separator: " ")
            let matches = rule?.matches(in: doc, range: NSRange(doc.startIndex..., in: doc)) ?? []
            if matches.isEmpty { undocumented.append(functionName) }
            for found in matches {
                guard let name = Range(found.range(at: 1), in: doc), let body = Range(found.range(at: 2), in: doc) else { continue }
                rules.append((functionName, String(doc[name]), String(doc[body])))
            }
        }
        return (rules, undocumented)
    }

    /// Problems between the parser's doc comments and the grammar: parse functions without a rule,
    /// rules the grammar lacks or states otherwise, and grammar rules no parse function implements.
    static func parserProblems(parserSource: String, grammar: Grammar) -> [String] {
        let documented = documentedRules(in: parserSource)
        var problems = documented.undocumented.map { "\($0) quotes no grammar rule in its doc comment" }
        for (function, name, body) in documented.rules {
            guard let expected = grammar.rules[name] else {
                problems.append("\(function) implements rule \(name), which the grammar lacks")
                continue
            }
            do {
                let quoted = try Grammar.expression(body)
                if quoted != expected {
                    problems.append("\(function) quotes \(name) = \(quoted), the grammar says \(name) = \(expected)")
                }
            } catch {
                problems.append("\(function) quotes an unreadable rule \(name) = \(body): \(error)")
            }
        }
        let implemented = Set(documented.rules.map(\.name))
        for name in grammar.ruleNames where !implemented.contains(name) && !inlineRules.contains(name) {
            problems.append("no parse function implements rule \(name)")
        }
        return problems
    }

    @Test func everyParseFunctionQuotesItsRuleFromTheGrammar() throws {
        let source = try Self.parserSource
        let documented = Self.documentedRules(in: source)
        #expect(documented.rules.count >= 20)
        let problems = Self.parserProblems(parserSource: source, grammar: grammar)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func aRuleInTheParserOnlyIsCaught() throws {
        let source = try Self.parserSource
        let newRule = """
                /// `as_of_clause = "as" "of" DATE`
                mutating func parseAsOfClause() throws(Diagnostic) {}
            """
        #expect(Self.parserProblems(parserSource: source + "\n" + newRule, grammar: grammar).contains {
            $0.contains("as_of_clause")
        })
        let undocumented = "    mutating func parseGroupBy() throws(Diagnostic) {}"
        #expect(Self.parserProblems(parserSource: source + "\n" + undocumented, grammar: grammar).contains {
            $0.contains("parseGroupBy")
        })
        let changed = source.replacingOccurrences(of: #"[ limit_clause ]`"#, with: #"[ limit_clause ] [ offset_clause ]`"#)
        #expect(changed != source)
        #expect(Self.parserProblems(parserSource: changed, grammar: grammar).contains { $0.contains("parseQuery") })
    }

    // MARK: Generated statements

    func parse(_ text: String) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        var parser = Parser(source: SourceFile(name: nil, text: text))
        let statements = parser.parseScript()
        return (statements, parser.diagnostics)
    }

    /// Parses `text` (which must parse cleanly), prints the tree, parses that, and compares.
    func checkRoundTrip(_ text: String, expectedStatements: Int?) {
        let first = parse(text)
        let errors = first.diagnostics.map { "\($0.locationText ?? ""): \($0.message)" }
        #expect(errors.isEmpty, "generated from the grammar but rejected:\n\(text)")
        guard errors.isEmpty else { return }
        if let expectedStatements {
            #expect(first.statements.count == expectedStatements, "\(text)")
        }
        let printed = SyntaxPrinter.print(first.statements)
        let second = parse(printed)
        let printedErrors = second.diagnostics.map { "\($0.locationText ?? ""): \($0.message)" }
        #expect(printedErrors.isEmpty, "the printed tree does not parse:\n\(printed)")
        let firstTree = SyntaxTreeDump.render(first.statements, source: nil)
        let secondTree = SyntaxTreeDump.render(second.statements, source: nil)
        #expect(firstTree == secondTree, "printing changed the tree of:\n\(text)\nprinted as:\n\(printed)")
        #expect(SyntaxPrinter.print(second.statements) == printed)
    }

    @Test func generatedStatementsParseAndRoundTrip() {
        var generator = StatementGenerator(grammar: grammar, seed: 0x00FA_C701)
        for _ in 0..<400 {
            checkRoundTrip(StatementGenerator.text(generator.generate("statement")), expectedStatements: 1)
        }
        for _ in 0..<60 {
            checkRoundTrip(StatementGenerator.text(generator.generate("script")), expectedStatements: nil)
        }
        // The generator reached the whole grammar: every rule but the start, every quoted token.
        let unusedRules = Set(grammar.ruleNames).subtracting(generator.usedRules).subtracting(["script"])
        #expect(unusedRules.isEmpty, "rules never generated: \(unusedRules.sorted())")
        let allLiterals = Set(grammar.ruleNames.flatMap { grammar.rules[$0]?.literals ?? [] })
        let unusedLiterals = allLiterals.subtracting(generator.usedLiterals)
        #expect(unusedLiterals.isEmpty, "tokens never generated: \(unusedLiterals.sorted())")
    }

    @Test func deepStatementsStillParse() {
        var generator = StatementGenerator(grammar: grammar, seed: 7, depthLimit: 14)
        for _ in 0..<60 {
            checkRoundTrip(StatementGenerator.text(generator.generate("query")), expectedStatements: 1)
        }
    }

    @Test func aRuleInTheGrammarOnlyIsCaughtByGeneration() throws {
        // A grammar that promises `limit` may take a negative number: the parser refuses it.
        let text = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent("grammar/factql.ebnf"), encoding: .utf8)
        let loosened = try Grammar(text: text.replacingOccurrences(of: #"limit_clause        = "limit" DIGITS ;"#, with: #"limit_clause        = "limit" INTEGER ;"#))
        var generator = StatementGenerator(grammar: loosened, seed: 3)
        var rejected = 0
        for _ in 0..<400 {
            let statement = StatementGenerator.text(generator.generate("query"))
            if !parse(statement).diagnostics.isEmpty { rejected += 1 }
        }
        #expect(rejected > 0)
    }
}
