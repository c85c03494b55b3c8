import Foundation
import Testing

/// The README's tour shows real output: every `factql> STATEMENT` in the code blocks of its
/// sections "A tour" and "Time" is run, after the statements before it in the same block, and
/// what it prints (standard error, then standard output) must be what the README shows. A line `...` in the
/// README stands for the rest of the output; the lines before it must match exactly.
@Suite struct ReadmeTourTests {
    struct Example: CustomStringConvertible {
        var statements: [String]
        var shown: [String]
        var description: String { statements.last ?? "" }
    }

    static func tourExamples(in title: String = "A tour") throws -> [Example] {
        let readme = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "\n## \(title)\n") else { return [] }
        let rest = readme[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var examples: [Example] = []
        var inBlock = false
        var statements: [String] = []
        for line in section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                inBlock.toggle()
                statements = []
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("factql> ") {
                statements.append(String(line.dropFirst("factql> ".count)))
                examples.append(Example(statements: statements, shown: []))
            } else if !examples.isEmpty {
                examples[examples.count - 1].shown.append(line)
            }
        }
        return examples
    }

    @Test func theTourHasExamplesOfEveryForm() throws {
        let statements = try Self.tourExamples().map(\.description)
        #expect(statements.count >= 15)
        for form in [" with ", "capital of ", "is ", "why is ", " of each ", "facts ", "member_of organizations", " as of "] {
            #expect(statements.contains { $0.hasPrefix(form) || $0.contains(form) }, "the tour shows no '\(form)'")
        }
    }

    @Test func theTimeSectionShowsEachIdea() throws {
        let statements = try Self.tourExamples(in: "Time").map(\.description)
        for form in [" as of ", "not member of", ".mode json", "order by since"] {
            #expect(statements.contains { $0.contains(form) }, "the section on time shows no '\(form)'")
        }
    }

    @Test(arguments: ["A tour", "Time"])
    func everyTourExampleShowsItsRealOutput(_ section: String) throws {
        let examples = try Self.tourExamples(in: section)
        #expect(!examples.isEmpty, "README has no section '\(section)' with examples")
        for example in examples {
            let arguments = example.statements.flatMap { ["-e", $0] }
            let before = try BinaryRunner.run(Array(arguments.dropLast(2)))
            let outcome = try BinaryRunner.run(arguments)
            let error = String(outcome.standardError.dropFirst(before.standardError.count))
            let output = String(outcome.standardOutput.dropFirst(before.standardOutput.count))
            var printed = (error + output).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if printed.last == "" { printed.removeLast() }
            if let cut = example.shown.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "..." }) {
                #expect(Array(printed.prefix(cut)) == Array(example.shown.prefix(cut)), "README tour: \(example)")
                #expect(printed.count > cut, "README tour: \(example) prints less than the README shows")
            } else {
                #expect(printed == example.shown, "README tour: \(example)")
            }
        }
    }
}
