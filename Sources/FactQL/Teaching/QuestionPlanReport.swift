/// `.plan` for a yes/no question (`is Belarus a member of CSTO`). The evaluator answers from the
/// entity's side, never listing the set's members: it looks the entity up, reads its own facts in
/// the role the question names, and tests the entity at the other end of each against the rest of
/// the question, depth first. The steps follow that order.
///
/// A step's rows are totals over every entity it tested: for a join, the facts read; for a test or
/// a filter, the rows that passed it (an entity with the fact that brought it there).
///
/// Under `as of`, the evaluator tests a fact's dates after its other end: a `time` step follows the
/// test of the other ends, keeping the facts known to hold on the date.
extension PlanReport {
    /// What one step of the membership test found: its number, and for each entity tested the facts
    /// through which it passed (`Evaluator.noFact` for one that passed without a fact).
    struct MembershipStep {
        var step: Int
        var witnesses: [[FactID]]
        var estimated: Double
    }

    static func table(for question: QuestionPlan, factBase: FactBase, shouldStop: @escaping () -> Bool) throws(Diagnostic)
        -> ResultTable
    {
        var report = PlanReport(factBase: factBase, asOf: question.asOf)
        var evaluator = Evaluator(factBase: factBase, shouldStop: shouldStop)
        evaluator.time = question.asOf.map { TimeFilter(date: $0, factBase: factBase) }
        let name = FactBase.nameLiteral(factBase.entityNames[Int(question.entity)])
        report.steps.append(Step(operation: "look-up", detail: "\(name), from the name index", estimated: 1, actual: 1))
        let test = try report.addMembership(
            question.set, of: [question.entity], testing: "#1", input: 1, estimated: 1, evaluator: &evaluator)
        // Sets that role tests in a `where` name are computed whole, as in a query.
        try report.runSteps(groups: [], evaluator: &evaluator)
        var detail = "yes if #\(test.step) has a row, else no"
        if question.asOf != nil {
            detail = "yes if #\(test.step) has a row; else unknown if facts whose dates do not settle it could give one, else no"
        }
        if question.explains { detail += "; with why, the proof of yes, or what failed and the facts nearest to holding" }
        // The evaluator's own answer: one row, whatever it is.
        _ = try evaluator.answer(question)
        report.steps.append(Step(operation: "answer", detail: detail, estimated: 1, actual: 1))
        return report.table
    }

    /// Adds the steps testing whether each of `entities` (described by `subject`, the rows of step
    /// `input`) belongs to `set`, as `Evaluator.witnesses` does.
    mutating func addMembership(
        _ set: SetPlan, of entities: [EntityID], testing subject: String, input: Int, estimated: Double,
        evaluator: inout Evaluator
    ) throws(Diagnostic) -> MembershipStep {
        switch set {
        case .entity(let named, let name):
            let witnesses = entities.map { $0 == named ? [Evaluator.noFact] : [] }
            return addTest("\(subject) is \(FactBase.nameLiteral(name))", set, witnesses, estimated: estimated)
        case .kind(let kind, _):
            let witnesses = entities.map { factBase.kind(factBase.entityKinds[Int($0)], isA: kind) ? [Evaluator.noFact] : [] }
            let kindName = factBase.kinds[Int(kind)].name
            let article = EnglishParaphrase.article(before: kindName)
            return addTest("\(subject) is \(article) \(kindName) (or of a sub-kind), by its declaration", set, witnesses, estimated: estimated)
        case .each, .facts:
            // The analyzer keeps these out of questions; nothing belongs to them here.
            let witnesses = entities.map { _ in [FactID]() }
            return addTest("\(subject) is in \(PlanText.text(set, factBase: factBase))", set, witnesses, estimated: estimated)
        case .navigate(let roles, _, let source):
            var ends: [EntityID] = []
            var facts: [FactID] = []
            var owners: [Int] = []
            for (owner, entity) in entities.enumerated() {
                try evaluator.checkForStop()
                for connection in evaluator.connections(of: entity, roles) {
                    ends.append(connection.other)
                    facts.append(connection.fact)
                    owners.append(owner)
                }
            }
            // From the entity's end of the facts: the other way round from a navigation.
            let directions = estimator.directions(roles).map {
                CardinalityEstimator.Direction(relation: $0.relation, sourcePosition: 1 - $0.sourcePosition)
            }
            let joinEstimate =
                input == 1
                ? estimator.postingLengths(of: entities, directions: directions) : estimated * estimator.fanOut(directions)
            let role = roles.first.map { factBase.relations[Int($0.relation)].roles[$0.position] } ?? "part"
            steps.append(
                Step(
                    operation: "join", detail: "the facts in which \(subject) is \(role), via \(via(roles))",
                    estimated: joinEstimate, actual: facts.count))
            let join = steps.count
            let inner = try addMembership(
                source, of: ends, testing: "the other end of each of #\(join)", input: join, estimated: joinEstimate,
                evaluator: &evaluator)
            var witnesses = [[FactID]](repeating: [], count: entities.count)
            var leftOut = 0
            for index in facts.indices where !inner.witnesses[index].isEmpty {
                switch time?.status(of: facts[index], in: factBase) ?? .holds {
                case .holds: witnesses[owners[index]].append(facts[index])
                case .unknown: leftOut += 1
                case .doesNotHold: break
                }
            }
            guard let time else { return MembershipStep(step: inner.step, witnesses: witnesses, estimated: inner.estimated) }
            var detail = "the facts of #\(join) whose other end passed #\(inner.step), as of \(time.date): those known to hold then"
            if leftOut > 0 { detail += " (\(leftOut) left out: dates do not settle it)" }
            let estimate = inner.estimated * estimator.timeShare(of: Array(Set(roles.map(\.relation))))
            steps.append(
                Step(operation: "time", detail: detail, estimated: estimate, actual: witnesses.reduce(0) { $0 + $1.count }))
            return MembershipStep(step: steps.count, witnesses: witnesses, estimated: estimate)
        case .filter(let inner, let condition):
            let candidates = try addMembership(
                inner, of: entities, testing: subject, input: input, estimated: estimated, evaluator: &evaluator)
            var conditionText = addSteps(of: condition)
            if time != nil && condition.testsRoles { conditionText += "; unknown does not pass" }
            let test = try evaluator.compile(condition)
            var witnesses: [[FactID]] = []
            for (index, entity) in entities.enumerated() {
                // Three-valued under `as of`: a role test that is unknown does not pass.
                witnesses.append(candidates.witnesses[index].filter { evaluator.truth(test, entity: entity, fact: $0) == true })
            }
            let estimate = candidates.estimated * estimator.selectivity(condition, in: inner)
            steps.append(
                Step(
                    operation: PlanText.operation(set), detail: "#\(candidates.step) where \(conditionText)",
                    estimated: estimate, actual: witnesses.reduce(0) { $0 + $1.count }))
            return MembershipStep(step: steps.count, witnesses: witnesses, estimated: estimate)
        }
    }

    /// A test of each entity on its own; the share expected to pass is the set's share of all entities.
    private mutating func addTest(_ detail: String, _ set: SetPlan, _ witnesses: [[FactID]], estimated: Double)
        -> MembershipStep
    {
        let entities = Double(factBase.entityCount)
        let share = entities > 0 ? min(1, estimator.estimate(set) / entities) : 0
        let passed = witnesses.reduce(0) { $0 + $1.count }
        steps.append(Step(operation: "test", detail: detail, estimated: estimated * share, actual: passed))
        return MembershipStep(step: steps.count, witnesses: witnesses, estimated: estimated * share)
    }
}
