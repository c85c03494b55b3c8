import Testing

@testable import FactQL

/// A reader's questions about the article, asked of the built-in fact base.
///
/// Each question is written first in plain English, as a reader of the article would ask it, then
/// as a FactQL query, with the answer the article gives (the sentence that gives it in brackets).
/// Where the article leaves a question open, the answer must be `unknown`, or say that the base
/// does not know; never a bare "no".
@Suite struct ReaderQuestionsTests {
    let session = Session()

    // MARK: Helpers

    private func run(_ query: String) -> (results: [StatementResult], diagnostics: [Diagnostic]) {
        TestSession.run(query, in: session)
    }

    /// The first column of the query's table.
    private func answers(_ query: String) -> [String] {
        guard case .table(let table)? = run(query).results.first else { return ["<no table>"] }
        return table.rows.map { $0.first?.displayText ?? "" }
    }

    private func rows(_ query: String) -> [[String]] {
        guard case .table(let table)? = run(query).results.first else { return [["<no table>"]] }
        return table.rows.map { $0.map(\.displayText) }
    }

    /// yes, no or unknown.
    private func answer(_ question: String) -> String {
        guard case .verdict(let verdict)? = run(question).results.first else { return "<no verdict>" }
        return verdict.answer.map { $0 ? "yes" : "no" } ?? "unknown"
    }

    private func verdict(_ question: String) -> Verdict? {
        guard case .verdict(let verdict)? = run(question).results.first else { return nil }
        return verdict
    }

    /// The warnings and notes a query gives.
    private func remarks(_ query: String) -> [String] {
        run(query).diagnostics.map { "\($0.severity.rawValue): \($0.message)" }
    }

    /// Every source cited in the proof of `why QUERY`, for each answer.
    private func sources(_ query: String) -> [String: Set<String>] {
        guard case .explanations(_, let explanations)? = run(query).results.first else { return [:] }
        func cited(_ steps: [ProofStep]) -> Set<String> {
            steps.reduce(into: Set<String>()) { found, step in
                found.formUnion(step.citations.map(\.identifier))
                found.formUnion(cited(step.premises))
            }
        }
        return Dictionary(uniqueKeysWithValues: explanations.map { ($0.answer, cited($0.steps)) })
    }

    /// The quotes of the proof of `why QUERY`, all answers together.
    private func quotes(_ query: String) -> [String] {
        guard case .explanations(_, let explanations)? = run(query).results.first else { return [] }
        func quoted(_ steps: [ProofStep]) -> [String] {
            steps.flatMap { $0.citations.compactMap(\.quote) + quoted($0.premises) }
        }
        return explanations.flatMap { quoted($0.steps) }
    }

    // MARK: Look-up

    @Test func lookUps() {
        // Which countries are members of the CSTO? Russia, Belarus, Kazakhstan, Tajikistan and
        // Kyrgyzstan (p1s2), and Armenia, whose participation is frozen (p2s3).
        #expect(answers("members of CSTO") == ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"])
        // Who leads Armenia? Prime Minister Nikol Pashinyan (p1s3).
        #expect(answers("leader of Armenia") == ["Nikol Pashinyan"])
        // Who is the President of Russia? Vladimir Putin (p2s5).
        #expect(answers("leader of Russia where title = \"President\"") == ["Vladimir Putin"])
        // Who leads the CSTO? Russia: it is "a Russian-led security alliance" (p1s1).
        #expect(answers("leader of CSTO") == ["Russia"])
        // With which Western countries has Pashinyan worked to deepen ties? France, the U.S. and India (p1s3).
        #expect(answers("western_partners of Pashinyan") == ["France", "India", "United States"])
        // What are the parts of the West, as the article counts them? France, the U.S. and India (p1s3).
        #expect(answers("parts of West") == ["France", "India", "United States"])
        // Who attacked Armenia? Azerbaijan (p2s2).
        #expect(answers("aggressors of Armenia") == ["Azerbaijan"])
        // Whom has Armenia accused, and of what? Russia, of being an unreliable partner (p2s4).
        #expect(rows("accused of Armenia with charge") == [["Russia", "unreliable partner"]])
        // Who has criticized Armenia? The Kremlin (p2s5), and Russia (p5s1).
        #expect(answers("critics of Armenia") == ["Kremlin", "Russia"])
        // Whom is Armenia obliged to arrest? Vladimir Putin (p2s5).
        #expect(answers("arrestees of Armenia") == ["Vladimir Putin"])
        // What is the government of Russia? The Kremlin: "The Russian government confirmed" (p2s1),
        // "The Kremlin's confirmation" (p5s2).
        #expect(answers("government of Russia") == ["Kremlin"])
        // Whom has Armenia a rift with, calling the two by their capitals? Yerevan's rift is with Moscow (p1s4).
        #expect(answers("parties of Yerevan") == ["Russia"])
        // Who takes part in the conflict with Moscow? Armenia and Russia (p3s2, p5s3).
        #expect(answers("participants of \"conflict with Moscow\"") == ["Armenia", "Russia"])
    }

    @Test func rolesReadAsTheQuestionMeans() {
        // Which organizations is Armenia a member of? The CSTO and the ICC, not the EU, which it
        // only considers and seeks to join (p3s4, p4s2); and no warning about mixed relations.
        #expect(answers("organizations of Armenia") == ["CSTO", "ICC"])
        #expect(remarks("organizations of Armenia").isEmpty)
        // Which organization is Armenia considering, and seeking, to join? The EU (p3s4, p4s2).
        #expect(answers("considered of Armenia") == ["EU"])
        #expect(answers("sought of Armenia") == ["EU"])
        // Who are Armenia's partners? France, the U.S. and India (p1s3), and Russia: its
        // "historical ties" (p4s4), the security partnerships Armenia seeks "beyond Russia" (p3s2).
        #expect(answers("partners of Armenia") == ["France", "India", "Russia", "United States"])
        // Who is Russia's former ally? Armenia: "its previous alliance with Russia within the CSTO" (p4s1).
        #expect(answers("former_allies of Russia") == ["Armenia"])
        #expect(rows("former_allies of Russia with within") == [["Armenia", "CSTO"]])
        // Who are Russia's allies? The article calls none so; Armenia's alliance is "previous".
        // There is no such role, rather than an answer through Russia's non-intervention.
        #expect(run("allies of Russia").diagnostics.first?.message == "unknown role 'allies'")
        // A role that is a participle has no made-up plural: 'leds' is no role.
        #expect(run("leds of Pashinyan").diagnostics.first?.message == "unknown role 'leds'")
        #expect(answers("led of Pashinyan") == ["Armenia", "Armenian government"])
    }

    // MARK: Attributes

    @Test func attributes() {
        // Since when has Pashinyan been in power, and as what? Since 2018, as Prime Minister (p1s3).
        #expect(rows("leader of Armenia with title, since") == [["Nikol Pashinyan", "Prime Minister", "2018"]])
        // What is Pashinyan's title? Prime Minister (p1s3, p3s2).
        #expect(answers("title of leaders of Armenia") == ["Prime Minister"])
        // Since when is Armenia a member of the ICC? January 2024 (p2s5).
        #expect(rows("members of ICC with since") == [["Armenia", "2024-01"]])
        // How many other countries are in the ICC with Armenia? 123 (p2s5).
        #expect(answers("other_members of members of ICC") == ["123"])
        // What status does the article give the CSTO's members? Frozen, for Armenia (p2s3);
        // for the others, none: the article only says they are members.
        #expect(answers("status of members of CSTO") == ["frozen"])
        // On what condition would Armenia arrest Putin? If he enters Armenian territory (p2s5, p4s3).
        #expect(answers("condition of arrestees of Armenia") == ["if he enters Armenian territory"])
        // What is the rift between Yerevan and Moscow over? The situation in Nagorno-Karabakh (p1s4).
        #expect(answers("over of parties of Armenia") == ["Nagorno-Karabakh"])
        // What is Armenia's capital? Yerevan, the name the article gives Armenia as an actor (p1s4, p3s3).
        #expect(answers("capital of Armenia") == ["Yerevan"])
        // What kind of organization is the CSTO? A Russian-led security alliance (p1s1).
        #expect(rows("CSTO with description") == [["CSTO", "Russian-led security alliance"]])
        // On what condition did Armenia threaten to leave the CSTO? If its concerns regarding
        // collective security were not addressed (p1s4).
        #expect(answers("condition of threatened of Armenia") == ["if its concerns regarding collective security were not addressed"])
    }

    // MARK: Yes or no

    @Test func yesOrNo() {
        // Is Belarus a member of the CSTO? Yes (p1s2).
        #expect(answer("is Belarus a member of CSTO") == "yes")
        // Has Armenia frozen its participation in the CSTO? Yes (p2s3, p3s4).
        #expect(answer("is Armenia in (members of CSTO where status = frozen)") == "yes")
        // Is Armenia a member of the EU? No: it considers and seeks EU membership (p3s4, p4s2).
        #expect(answer("is Armenia a member of EU") == "no")
        // Is the CSTO an organization? Yes, an alliance (p1s1).
        #expect(answer("is CSTO an organization") == "yes")
        // Did Russia stand by during Azerbaijan's offensive? Yes: "Russia's lack of intervention" (p3s3).
        #expect(answer("is Russia a bystander of offensive") == "yes")
        // Is Putin someone Armenia is obliged to arrest? Yes, if he enters Armenian territory (p2s5).
        #expect(answer("is Putin an arrestee of Armenia") == "yes")
        // Is Azerbaijan a member of the CSTO? No: the article lists the members, and not it (p1s2).
        #expect(answer("is Azerbaijan a member of CSTO") == "no")
    }

    @Test func openQuestionsAreNotAnsweredNo() throws {
        // Has Belarus frozen its participation in the CSTO? The article does not say: it names
        // Belarus a member and nothing more. The base says it has no status, not that it is active.
        let belarus = try #require(verdict("why is Belarus in (members of CSTO where status = frozen)"))
        #expect(belarus.reasons == ["Belarus is a member of CSTO, but it has no status"])
        // Which members did not freeze their participation? Those the article gives no freeze:
        // the five others (p1s2), without a status.
        #expect(answers("members of CSTO where not status = frozen") == ["Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"])
        // Did Armenia have ties with France in 2020? The article dates the work to deepen the ties
        // from 2018, not the ties themselves: unknown.
        #expect(answer("is France a partner of Armenia as of 2020") == "unknown")
        // Was Belarus a CSTO member in 2015? The article gives no date: unknown.
        #expect(answer("is Belarus a member of CSTO as of 2015") == "unknown")
        // Was Armenia's participation frozen in 2022? The article does not date the freeze: unknown.
        #expect(answer("is Armenia in (members of CSTO where status = frozen) as of 2022") == "unknown")
    }

    // MARK: Counts per group

    @Test func countsPerGroup() {
        // How many members does each organization have? The CSTO six (p1s2, p2s3), the ICC one
        // that the article names (p2s5), the EU none that it names.
        #expect(rows("count members of each organization") == [["CSTO", "6"], ["EU", "0"], ["ICC", "1"]])
        // How many members does the ICC have? The base names one, Armenia; the article says it
        // joined 123 others (p2s5), and the one answer says so.
        #expect(answers("count members of ICC") == ["1"])
        #expect(rows("members of ICC with other_members") == [["Armenia", "123"]])
        // How many causes does the article give for each situation? The strain four (p2s2, p3s1),
        // the rift, the conflict, the breakdown and the displeasure one each.
        #expect(rows("count causes of each situation order by count desc limit 1") == [["strain in Armenia-Russia relations", "4"]])
        #expect(answers("count causes of \"rift between Yerevan and Moscow\"") == ["1"])
        // How many people does the article name? Two: Pashinyan and Putin.
        #expect(answers("count people") == ["2"])
        // How many organizations? Three, the CSTO an alliance among them.
        #expect(answers("count organizations") == ["3"])
    }

    // MARK: Joins

    @Test func joins() {
        // Who leads the members of the CSTO whose participation is frozen? Pashinyan (p2s3, p1s3).
        #expect(answers("leaders of (members of CSTO where status = frozen)") == ["Nikol Pashinyan"])
        // Which of those who stood by during Azerbaijan's offensive are CSTO members? Russia (p3s3, p1s2).
        #expect(answers("bystanders of offensive where member of CSTO") == ["Russia"])
        // What caused the situations Russia is in with Armenia? (p2s2, p3s1, p3s2, p3s3)
        #expect(answers("causes of (situations of Russia)") == [
            "distancing from the CSTO", "diversification of security partnerships", "non-intervention of Russia",
            "non-intervention of the CSTO", "strengthening ties with the West", "withdrawal of the peacekeepers",
        ])
        // What shows what Armenia's shift towards the West led to? The Kremlin's confirmation of
        // the withdrawal and its condemnation of the ICC membership indicate its displeasure (p5s2).
        #expect(answers("signs of effects of shift") == ["condemnation of the ICC membership", "confirmation of the withdrawal"])
        // Who leads Armenia's partners? Of them, the article names only Russia's leader, Putin (p2s5).
        #expect(answers("leaders of partners of Armenia") == ["Vladimir Putin"])
        // Who leads the government that sought to diversify Armenia's partnerships? Pashinyan (p3s2).
        #expect(answers("leaders of pursuers of diversification") == ["Nikol Pashinyan"])
    }

    // MARK: Time

    @Test func time() {
        // What happened in September 2023? Azerbaijan's offensive against Armenia, during which
        // the CSTO did not intervene (p2s2).
        #expect(rows("facts where date = 2023-09").map { Array($0.prefix(3)) } == [
            ["Azerbaijan", "offensive_against", "Armenia"], ["CSTO", "did_not_intervene_in", "offensive against Armenia"],
        ])
        // Was Armenia a member of the ICC in 2023? No: it joined in January 2024 (p2s5). In 2024? Yes.
        #expect(answer("is Armenia a member of ICC as of 2023") == "no")
        #expect(answer("is Armenia a member of ICC as of 2024") == "yes")
        // Who led Armenia in 2019? Pashinyan, in power since 2018 (p1s3). In 2017? Not he.
        #expect(answers("leader of Armenia as of 2019") == ["Nikol Pashinyan"])
        #expect(answers("leader of Armenia as of 2017").isEmpty)
        // Who were the CSTO's members in 2020? The article gives no dates: none are known, and a
        // note says how many facts were left out.
        #expect(answers("members of CSTO as of 2020").isEmpty)
        #expect(remarks("members of CSTO as of 2020").first?.hasPrefix("note: 6 facts without dates were left out") == true)
    }

    // MARK: Causes

    @Test func causes() {
        // What strained relations between Armenia and Russia? The withdrawal of the peacekeepers,
        // as the CSTO did not intervene (p2s2); the distancing from the CSTO and the
        // strengthening of ties with the West (p3s1).
        #expect(answers("causes of \"strain in Armenia-Russia relations\"") == [
            "distancing from the CSTO", "non-intervention of the CSTO", "strengthening ties with the West", "withdrawal of the peacekeepers",
        ])
        // What exacerbated the rift between Yerevan and Moscow? Russia's lack of intervention (p3s3).
        #expect(rows("causes of \"rift between Yerevan and Moscow\" with how") == [["non-intervention of Russia", "exacerbated"]])
        // What did the diversification of Armenia's partnerships lead to? Conflict with Moscow (p3s2).
        #expect(answers("effects of diversification") == ["conflict between Armenia and Russia"])
        // What led to the breakdown in trust and cooperation? The conflict between Armenia and Russia (p5s3).
        #expect(answers("causes of \"breakdown in trust and cooperation\"") == ["conflict between Armenia and Russia"])
        // Why did Armenia freeze its participation? The alliance's failure to uphold its objectives (p2s3).
        #expect(answers("causes of freeze") == ["failure to uphold the alliance's objectives"])
        // What was Russia's response a response to, and what did it include? Armenia's actions;
        // the withdrawal of the peacekeepers and criticism of Armenia's decisions (p5s1).
        #expect(answers("causes of \"response of Russia\"") == ["actions of Armenia"])
        // Which of Armenia's actions does the article list? Refusing to finance the CSTO,
        // withdrawing from participation, seeking EU membership; they signal a move towards
        // greater independence (p4s2).
        #expect(answers("parts of \"actions of Armenia\"") == [
            "freeze of participation in the CSTO", "refusal to finance the CSTO", "seeking EU membership",
        ])
        #expect(answers("indicated of \"actions of Armenia\"") == ["move towards greater independence"])
        #expect(answers("parts of \"response of Russia\"") == ["criticism of Armenia's decisions", "withdrawal of the peacekeepers"])
        // What does Russia's response reflect? The strain in their bilateral relationship (p5s1).
        #expect(answers("indicated of \"response of Russia\"") == ["strain in Armenia-Russia relations"])
        // What is the Kremlin displeased with? Armenia's moves towards the West (p5s2).
        #expect(answers("causes of \"displeasure of the Kremlin\"") == ["shift towards the West"])
        // What did the rift between Yerevan and Moscow precede? Armenia's threat to leave the CSTO (p1s4).
        #expect(answers("effects of \"rift between Yerevan and Moscow\"") == ["threat to leave the CSTO"])
        // What did Pashinyan's work to deepen ties with the West draw? Criticism from Russia (p1s3).
        #expect(rows("facts where over = deepening_ties").map { Array($0.prefix(3)) } == [["Russia", "criticized", "Nikol Pashinyan"]])
    }

    // MARK: Provenance

    @Test func provenance() {
        // Which sentences say Armenia froze its participation, and in which words? p2s3
        // ("frozen" its participation) and p3s4 (the decision to freeze it).
        #expect(sources("why members of CSTO where status = frozen") == ["Armenia": ["p2s3", "p3s4"]])
        #expect(quotes("why members of CSTO where status = frozen").contains("Armenia had “frozen” its participation in the CSTO"))
        // Which sentence dates Azerbaijan's offensive? p2s2.
        #expect(sources("why aggressors of Armenia") == ["Azerbaijan": ["p2s2"]])
        // Who stated that Armenia had frozen its participation, and when? Pashinyan, previously (p2s3).
        #expect(rows("speaker of freeze with timing") == [["Nikol Pashinyan", "previously"]])
        // Who announced that Armenia will not finance the CSTO? Armenia, recently (p1s1).
        #expect(rows("announcer of refusal with timing") == [["Armenia", "recently"]])
        // Who confirmed the withdrawal of the peacekeepers? The Russian government, the Kremlin (p2s1, p5s2).
        #expect(answers("confirmer of withdrawal") == ["Kremlin"])
        #expect(sources("why confirmer of withdrawal") == ["Kremlin": ["p2s1", "p5s2"]])
        // Where does the rift tie to Nagorno-Karabakh? Only p1s4 says it is over Nagorno-Karabakh.
        #expect(sources("why parties of Armenia") == ["Russia": ["p1s4"]])
    }

    // MARK: Why not

    @Test func whyNot() throws {
        // Why is Armenia not a member of the EU? No membership fact joins them; the nearest facts
        // are that it considers and seeks EU membership (p3s4, p4s2).
        let eu = try #require(verdict("why is Armenia a member of EU"))
        #expect(eu.answer == false)
        #expect(eu.reasons.first == "no member_of fact joins Armenia and EU")
        #expect(eu.nearest.map(\.fact).prefix(2) == ["Armenia considers_joining EU { act: \"considering EU membership\" }", "Armenia seeks_to_join EU { act: \"seeking EU membership\" }"])
        // Why is Russia not among the CSTO members whose participation is frozen? It is a member,
        // and the article gives it no status (p1s2).
        let russia = try #require(verdict("why is Russia in (members of CSTO where status = frozen)"))
        #expect(russia.reasons == ["Russia is a member of CSTO, but it has no status"])
    }

    // MARK: Events

    @Test func events() {
        // Who withdrew peacekeepers from where, and how far had it gone? Russia, from
        // Nagorno-Karabakh; it has begun (p2s1).
        #expect(rows("withdrawers of \"Nagorno-Karabakh\" with status") == [["Russia", "begun"]])
        // Who did not intervene during Azerbaijan's offensive, and when? The CSTO, in September
        // 2023 (p2s2); Russia, on a date the article does not give (p3s3).
        #expect(rows("bystanders of offensive with date") == [["CSTO", "2023-09"], ["Russia", ""]])
        // Where did Azerbaijan's offensive take place? In Nagorno-Karabakh (p3s3).
        #expect(answers("place of offensive") == ["Nagorno-Karabakh"])
        // Who joined what, and when? Armenia joined the ICC in January 2024 (p2s5).
        #expect(rows("facts where relation = joined with date") == [["Armenia", "joined", "ICC", "2024-01"]])
        // What did the Kremlin do? It confirmed the withdrawal (p2s1, p5s2), criticized and
        // condemned Armenia's ICC membership (p2s5, p5s2).
        #expect(rows("facts of Kremlin where subject = Kremlin").map { $0[1] } == ["condemned", "confirmed", "criticized", "government_of"])
        #expect(rows("facts of Kremlin where relation = condemned with over") == [["Kremlin", "condemned", "Armenia", "joining the ICC"]])
        // What is Nagorno-Karabakh part of in the article? The rift is over it (p1s4), the
        // offensive took place in it (p3s3), Russia withdraws its peacekeepers from it (p2s1).
        guard case .table(let shown)? = run("show \"Nagorno-Karabakh\"").results.first else {
            Issue.record("no table")
            return
        }
        #expect(shown.rows.dropFirst().map { $0[0].displayText } == [
            "Armenia rift_with Russia { over: \"Nagorno-Karabakh\" }", "\"offensive against Armenia\" took_place_in \"Nagorno-Karabakh\"",
            "Russia withdraws_peacekeepers_from \"Nagorno-Karabakh\" { status: begun, act: \"withdrawal of the peacekeepers\" }",
        ])
    }

    // MARK: The base itself

    @Test func everyFactOfTheBuiltInBaseCitesAndQuotesItsSentences() {
        let base = session.factBase
        #expect(base.factCount > 0)
        // More facts than entities, and more than 64: counting them is counting facts, not entities.
        #expect(answers("count facts") == [String(base.factCount)])
        for fact in 0..<FactID(base.factCount) {
            let described = base.describe(fact: fact)
            #expect(!base.citations(ofFact: fact).isEmpty, "\(described) cites no sentence")
            for (source, quote) in zip(base.citations(ofFact: fact), base.citationQuotes(ofFact: fact)) {
                let sentence = base.sources[Int(source)]
                #expect(quote != nil, "\(described) cites \(sentence.identifier) without its words")
                if let quote { #expect(sentence.text.contains(quote)) }
            }
        }
    }

    @Test func showMarksUncitedEntityAttributes() throws {
        guard case .table(let shown)? = run("show CSTO").results.first else {
            Issue.record("no table")
            return
        }
        #expect(shown.rows.first?[1] == .text(FactBase.uncitedAttributesNote))
        guard case .table(let plain)? = run("show Belarus").results.first else {
            Issue.record("no table")
            return
        }
        #expect(plain.rows.first?[1] == .null)
    }

    @Test func schemaCountsSubKindsAndListsEntityAttributes() throws {
        guard case .text(let schema)? = run(".schema").results.first else {
            Issue.record("no schema")
            return
        }
        #expect(schema.contains("kind organization plural organizations   -- 3 (2 of its own)"))
        #expect(schema.contains("-- entity attributes (entities; not cited)\ncapital   -- 2\ndescription   -- 1"))
    }
}
