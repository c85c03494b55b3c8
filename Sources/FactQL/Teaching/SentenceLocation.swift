/// What a source id of the form `pXsY` means: paragraph X, sentence Y of the article, both counted
/// from 1. Ids of other forms are simply ids.
public struct SentenceLocation: Sendable, Equatable, CustomStringConvertible {
    public var paragraph: Int
    public var sentence: Int

    public init(paragraph: Int, sentence: Int) {
        self.paragraph = paragraph
        self.sentence = sentence
    }

    /// `p2s3` → paragraph 2, sentence 3; nil for any other form.
    public init?(identifier: String) {
        let lower = identifier.lowercased()
        guard lower.hasPrefix("p"), let separator = lower.firstIndex(of: "s") else { return nil }
        let paragraphDigits = lower[lower.index(after: lower.startIndex)..<separator]
        let sentenceDigits = lower[lower.index(after: separator)...]
        guard !paragraphDigits.isEmpty, !sentenceDigits.isEmpty, paragraphDigits.count <= 6, sentenceDigits.count <= 6,
            paragraphDigits.allSatisfy(\.isASCIIDigit), sentenceDigits.allSatisfy(\.isASCIIDigit),
            let paragraph = Int(paragraphDigits), let sentence = Int(sentenceDigits)
        else { return nil }
        self.init(paragraph: paragraph, sentence: sentence)
    }

    public var description: String { "paragraph \(paragraph), sentence \(sentence)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
