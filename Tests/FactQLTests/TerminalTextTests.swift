import Foundation
import Testing

@testable import FactQL

/// Invisible characters in names (line and paragraph separators, spaces other than the ASCII one,
/// format characters such as the bidi controls and zero-width joiners) reach the terminal
/// escaped, as control characters do, on every output path.
@Suite struct TerminalTextTests {
    @Test func invisibleCharactersAreEscaped() {
        let escaped: [(Unicode.Scalar, String)] = [
            ("\u{2028}", "\\u{2028}"), ("\u{2029}", "\\u{2029}"), ("\u{a0}", "\\u{a0}"), ("\u{202f}", "\\u{202f}"),
            ("\u{2009}", "\\u{2009}"), ("\u{3000}", "\\u{3000}"), ("\u{200b}", "\\u{200b}"), ("\u{200d}", "\\u{200d}"),
            ("\u{200e}", "\\u{200e}"), ("\u{202e}", "\\u{202e}"), ("\u{2066}", "\\u{2066}"), ("\u{feff}", "\\u{feff}"),
            ("\u{ad}", "\\u{ad}"), ("\u{e0041}", "\\u{e0041}"), ("\u{1b}", "\\u{1b}"), ("\u{85}", "\\u{85}"),
        ]
        for (scalar, shown) in escaped {
            #expect(TerminalText.escape("a\(Character(scalar))b") == "a\(shown)b", "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func visibleTextIsLeftAlone() {
        for text in ["Zürich", "a b", "東京", "Σίσυφος", "e\u{301}", "🇦🇲", "«quoted»", "x_y-z"] {
            #expect(TerminalText.escape(text) == text, "\(text)")
        }
        #expect(TerminalText.escape("a\tb") == "a    b")
    }

    @Test func jsonEscapesThemToo() {
        #expect(ResultFormatter.jsonString("a\u{a0}b\u{2028}") == "\"a\\u00a0b\\u2028\"")
        // Beyond U+FFFF, as a UTF-16 surrogate pair: still valid JSON.
        let json = ResultFormatter.jsonString("x\u{e0041}")
        #expect(json == "\"x\\udb40\\udc41\"")
        let decoded = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == "x\u{e0041}")
    }

    static let invisibleNames = """
        kind place
        entity "Zü\\u{a0}rich" : place
        entity "Line\\u{2028}Break" : place
        entity "Para\\u{2029}graph" : place
        entity "Tag\\u{e0041}" : place
        """

    @Test func namesWithInvisibleCharactersAreShownEscapedInEveryOutput() throws {
        let directory = try BadInputCase.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.invisibleNames.write(to: directory.appendingPathComponent("places.facts"), atomically: true, encoding: .utf8)
        let outcome = try BinaryRunner.run(
            ["--empty", "--facts", "places.facts", "--keep-going", "-e", "places", "-e", ".entities", "-e", "show Zürich"],
            directory: directory)
        for raw in ["\u{a0}", "\u{2028}", "\u{2029}", "\u{e0041}"] {
            #expect(!outcome.standardOutput.contains(raw))
            #expect(!outcome.standardError.contains(raw))
        }
        #expect(outcome.standardOutput.contains("Zü\\u{a0}rich"))
        #expect(outcome.standardOutput.contains("Line\\u{2028}Break"))
        #expect(outcome.standardOutput.contains("Para\\u{2029}graph"))
        #expect(outcome.standardOutput.contains("Tag\\u{e0041}"))
        // The error's suggestion names the entity escaped too.
        #expect(outcome.standardError.contains("Zü\\u{a0}rich"))
        let json = try BinaryRunner.run(["--empty", "--facts", "places.facts", "--format", "json", "-e", "places"], directory: directory)
        #expect(json.status == 0)
        #expect(json.standardOutput.contains("Z\u{fc}\\u00a0rich") && !json.standardOutput.contains("\u{a0}"))
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let rows = object?["rows"] as? [[String]]
        #expect(rows?.contains(["Tag\u{e0041}"]) == true)
    }
}
