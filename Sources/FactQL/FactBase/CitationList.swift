/// The sources a fact cites, each once, in the order first given, with the first quote given
/// for each: what `fact` lines, the bulk loader and a fact stated again all build. A long list is
/// searched through a dictionary (a fact citing 100,000 sources was quadratic).
struct CitationList {
    private(set) var sources: [SourceID] = []
    private(set) var quotes: [String?] = []
    private var positions: [SourceID: Int] = [:]

    init(sources: [SourceID] = [], quotes: [String?] = []) {
        self.sources = sources
        self.quotes = quotes
        if sources.count > AttributePositions.linearSearchLimit { indexSources() }
    }

    private mutating func indexSources() {
        for (position, source) in sources.enumerated() { positions[source] = position }
    }

    /// Adds a citation; true when it changed the list: a new source, or a quote for one that had
    /// none.
    @discardableResult
    mutating func add(_ source: SourceID, quote: String?) -> Bool {
        let known = positions.isEmpty ? sources.firstIndex(of: source) : positions[source]
        if let known {
            guard quotes[known] == nil, let quote else { return false }
            quotes[known] = quote
            return true
        }
        sources.append(source)
        quotes.append(quote)
        if !positions.isEmpty {
            positions[source] = sources.count - 1
        } else if sources.count > AttributePositions.linearSearchLimit {
            indexSources()
        }
        return true
    }
}
