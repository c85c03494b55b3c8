/// Taking facts out of the fact base (`retract`, and the duplicates a bulk load appended), and
/// merging the citations of a fact stated again. Afterwards the base is the one that never had
/// the removed facts: ids are renumbered, the attribute tables hold the same columns in the same
/// order, and the navigation index is rebuilt on the next query.
extension FactBase {
    /// Removes `removed` (increasing, no repeats). `areKeyed` says whether they are in the key
    /// table (the bulk loader's duplicates never were).
    mutating func removeFacts(_ removed: [FactID], areKeyed: Bool = true) {
        guard !removed.isEmpty else { return }
        if areKeyed {
            for fact in removed where Int(fact) < factKeys.keyedFacts {
                factKeys.remove(fact, tag: FactKeys.tag(contentHash(ofFact: fact)))
            }
        }
        factKeys.renumber(removing: removed)
        factKeys.keyedFacts -= Self.count(of: removed, below: FactID(factKeys.keyedFacts))

        var rowsByRelation = [[Int32]](repeating: [], count: relations.count)
        for fact in removed { rowsByRelation[Int(factRelations[Int(fact)])].append(row(ofFact: fact)) }
        // A table whose removed rows include the first value of some column is built again, so
        // that its columns come in the order a base without those facts would have.
        let rebuilt = rowsByRelation.indices.filter { relation in
            !rowsByRelation[relation].isEmpty && removesFirstValue(rowsByRelation[relation], of: attributeTables[relation])
        }

        var next = 0
        var write = 0
        for read in 0..<factCount {
            if next < removed.count && Int(removed[next]) == read {
                next += 1
                continue
            }
            factRelations[write] = factRelations[read]
            factSubjects[write] = factSubjects[read]
            factObjects[write] = factObjects[read]
            write += 1
        }
        factRelations.removeSubrange(write...)
        factSubjects.removeSubrange(write...)
        factObjects.removeSubrange(write...)

        for relation in attributeTables.indices {
            attributeTables[relation].remove(rows: rowsByRelation[relation], removedFacts: removed)
        }
        for relation in rebuilt {
            let table = attributeTables[relation]
            var fresh = AttributeTable()
            for row in 0..<table.rowCount {
                _ = fresh.append(fact: table.fact(atRow: row), table.attributes(ofRow: Int32(row)))
            }
            attributeTables[relation] = fresh
            relations[relation].attributes = fresh.attributes
        }
        if !factRows.isEmpty {
            factRows = [Int32](repeating: 0, count: factCount)
            for table in attributeTables {
                for row in 0..<table.rowCount { factRows[Int(table.fact(atRow: row))] = Int32(row) }
            }
        }
        removeCitations(of: removed)
        index = NavigationIndex()
        revision &+= 1
    }

    /// True when some column's first value is in one of `rows` (increasing).
    private func removesFirstValue(_ rows: [Int32], of table: AttributeTable) -> Bool {
        let removed = Set(rows)
        for cells in table.columns {
            var slot = 0
            while slot < cells.slotCount && cells.value(atSlot: slot) == nil { slot += 1 }
            if slot < cells.slotCount && removed.contains(Int32(cells.row(ofSlot: slot))) { return true }
        }
        return false
    }

    /// Drops the citations of `removed` and renumbers those of the facts after them.
    private mutating func removeCitations(of removed: [FactID]) {
        guard !citedFacts.isEmpty else { return }
        var facts: [FactID] = []
        var starts: [Int32] = [0]
        var pool: [SourceID] = []
        var quotes: [String?] = []
        for (entry, fact) in citedFacts.enumerated() {
            let below = Self.count(of: removed, below: fact)
            if below < removed.count && removed[below] == fact { continue }
            let range = Int(citationStarts[entry])..<Int(citationStarts[entry + 1])
            facts.append(fact - FactID(below))
            pool.append(contentsOf: citationPool[range])
            quotes.append(contentsOf: citationQuotes[range])
            starts.append(Int32(pool.count))
        }
        (citedFacts, citationStarts, citationPool, citationQuotes) = (facts, starts, pool, quotes)
    }

    /// Adds to `fact` the citations it does not have yet (a quote fills in one it lacked); true
    /// when it gained any.
    mutating func mergeCitations(into fact: FactID, _ citations: [SourceID], quotes: [String?]) -> Bool {
        var list = CitationList(sources: Array(self.citations(ofFact: fact)), quotes: Array(citationQuotes(ofFact: fact)))
        var changed = false
        for (index, source) in citations.enumerated() {
            if list.add(source, quote: index < quotes.count ? quotes[index] : nil) { changed = true }
        }
        let (sources, words) = (list.sources, list.quotes)
        guard changed else { return false }
        let entry = Self.count(of: citedFacts, below: fact)
        if entry < citedFacts.count && citedFacts[entry] == fact {
            let range = Int(citationStarts[entry])..<Int(citationStarts[entry + 1])
            let growth = Int32(sources.count - range.count)
            citationPool.replaceSubrange(range, with: sources)
            citationQuotes.replaceSubrange(range, with: words)
            for later in (entry + 1)..<citationStarts.count { citationStarts[later] += growth }
        } else {
            let start = Int(citationStarts[entry])
            citedFacts.insert(fact, at: entry)
            citationPool.insert(contentsOf: sources, at: start)
            citationQuotes.insert(contentsOf: words, at: start)
            citationStarts.insert(Int32(start), at: entry)
            for later in (entry + 1)..<citationStarts.count { citationStarts[later] += Int32(sources.count) }
        }
        revision &+= 1
        return true
    }
}
