/// `.plan`: the evaluation plan of a query as numbered steps, in the order they run, each with the
/// rows it was estimated to produce before running and the rows it actually produced.
///
/// ```
///  step | operation | detail                                           | estimated | actual
/// ------+-----------+--------------------------------------------------+-----------+--------
///     1 | look-up   | CSTO, from the name index                        |         1 |      1
///     2 | join      | members of #1, via member_of facts from their... |         9 |      6
/// ```
///
/// Rows are bindings: an entity with the fact that brought it, so a step may count an entity once
/// per fact. The last step shapes the answer (distinct rows, order, limit; a count; proofs).
///
/// In a count per group (`count members of each organization`) the steps after `each` run once
/// per group: their estimated and actual rows are totals over all the groups.
///
/// Under `as of DATE` the evaluator tests each fact's dates as it reads it. The plan shows that as
/// two steps: the join with every fact it reads, then a `time` step with the facts known to hold on
/// the date, which says how many it left out because their dates do not settle it.
struct PlanReport {
    struct Step {
        var operation: String
        var detail: String
        var estimated: Double
        /// The set this step computes, evaluated on its own for the actual count.
        var set: SetPlan?
        var actual: Int?
        /// Runs once per group of a count per group (its rows are summed over the groups).
        var runsPerGroup = false
        var counts: Counting = .rows
    }

    /// What a step's actual count counts.
    enum Counting {
        /// The rows of its set.
        case rows
        /// Under `as of`, a join's facts before the date keeps some (its inputs are as of the date).
        case factsBeforeTime
        /// Under `as of`, the rows of its set; its detail also gets the facts left out.
        case rowsAfterTime
        /// Under `as of`, the rows of a role test's set with the facts whose dates do not settle
        /// it let in: who may be in the set, so that the test is unknown for them.
        case rowsAdmittingUnknown
    }

    let factBase: FactBase
    let estimator: CardinalityEstimator
    /// `as of DATE`: which facts hold on the date.
    let time: TimeFilter?
    var steps: [Step] = []
    /// The step computing the groups of a count per group.
    private var groupStep: Int?

    /// `factBase` must have current indexes.
    init(factBase: FactBase, asOf: DateValue? = nil) {
        self.factBase = factBase
        self.estimator = CardinalityEstimator(factBase: factBase, appliesTime: asOf != nil)
        self.time = asOf.map { TimeFilter(date: $0, factBase: factBase) }
    }

    /// The steps of `plan`, then runs them for their actual row counts.
    static func table(for plan: QueryPlan, factBase: FactBase, shouldStop: @escaping () -> Bool) throws(Diagnostic)
        -> ResultTable
    {
        var report = PlanReport(factBase: factBase, asOf: plan.asOf)
        let last = report.add(plan.set)
        report.addOutput(of: plan, input: last)
        var evaluator = Evaluator(factBase: factBase, shouldStop: shouldStop)
        evaluator.time = plan.asOf.map { TimeFilter(date: $0, factBase: factBase) }
        // `each` stands for one group at a time: the steps that use it run with each group set.
        var groups: [EntityID] = []
        if let grouping = plan.grouping { groups = evaluator.distinct(try evaluator.evaluate(grouping.groups).entities) }
        try report.runSteps(groups: groups, evaluator: &evaluator)
        switch try evaluator.run(plan) {
        case .table(let table): report.steps[report.steps.count - 1].actual = table.rows.count
        case .explanations(_, let explanations): report.steps[report.steps.count - 1].actual = explanations.count
        case .noAnswers: report.steps[report.steps.count - 1].actual = 0
        case .verdict: report.steps[report.steps.count - 1].actual = 1
        case .text, .trace, .timer, .defined: break
        }
        return report.table
    }

    /// `show ENTITY`: the entity, the facts it takes part in, and the rows shown.
    static func table(forShow entity: EntityID, factBase: FactBase) -> ResultTable {
        var report = PlanReport(factBase: factBase)
        let name = FactBase.nameLiteral(factBase.entityNames[Int(entity)])
        let facts = (0..<2).reduce(0) { $0 + factBase.index.facts(with: entity, at: $1).count }
        let shown = factBase.show(entity).rows.count
        report.steps.append(Step(operation: "look-up", detail: "\(name), from the name index", estimated: 1, actual: 1))
        report.steps.append(
            Step(
                operation: "join", detail: "facts of #1, from the facts-by-subject and facts-by-object indexes",
                estimated: Double(facts), actual: shown - 1))
        report.steps.append(
            Step(
                operation: "output", detail: "the declaration of #1 and the facts of #2 with their sources, sorted",
                estimated: Double(facts + 1), actual: shown))
        return report.table
    }

    /// Runs each step not yet run, for its actual count; a step inside a count per group once per group.
    mutating func runSteps(groups: [EntityID], evaluator: inout Evaluator) throws(Diagnostic) {
        for index in steps.indices where steps[index].actual == nil {
            guard let set = steps[index].set else { continue }
            let runs = steps[index].runsPerGroup ? groups : [evaluator.currentGroup]
            var total = 0
            var leftOut = 0
            for group in runs {
                evaluator.currentGroup = group
                switch steps[index].counts {
                case .rows:
                    total += try evaluator.evaluate(set).entities.count
                case .factsBeforeTime:
                    total += try factsRead(by: set, evaluator: &evaluator).count
                case .rowsAfterTime:
                    total += try evaluator.evaluate(set).entities.count
                    leftOut += try factsRead(by: set, evaluator: &evaluator).filter { time?.status(of: $0, in: factBase) == .unknown }.count
                case .rowsAdmittingUnknown:
                    evaluator.time?.admitsUnknown = true
                    defer { evaluator.time?.admitsUnknown = false }
                    total += try evaluator.evaluate(set).entities.count
                }
            }
            evaluator.currentGroup = -1
            steps[index].actual = total
            if leftOut > 0 { steps[index].detail += " (\(leftOut) left out: dates do not settle it)" }
        }
    }

    /// The facts a join or `facts` step reads, whatever their dates, from its input as the
    /// evaluator computes it (as of the date): one per row it would give without `as of`.
    private func factsRead(by set: SetPlan, evaluator: inout Evaluator) throws(Diagnostic) -> [FactID] {
        switch set {
        case .navigate(let roles, _, let source):
            let sources = evaluator.distinct(try evaluator.evaluate(source).entities)
            var facts: [FactID] = []
            for role in roles {
                let relation = factBase.relations[Int(role.relation)]
                var positions = [1 - role.position]
                // A symmetric relation with two role names is read both ways round.
                if relation.isSymmetric && FactBase.fold(relation.roles[0]) != FactBase.fold(relation.roles[1]) {
                    positions.append(role.position)
                }
                for position in positions {
                    for source in sources {
                        try evaluator.checkForStop()
                        facts += factBase.index.facts(with: source, at: position).filter { factBase.factRelations[Int($0)] == role.relation }
                    }
                }
            }
            return facts
        case .facts(let source):
            guard let source else { return Array(0..<FactID(factBase.factCount)) }
            let sources = evaluator.distinct(try evaluator.evaluate(source).entities)
            var seen: Set<FactID> = []
            return sources.flatMap { source in (0..<2).flatMap { factBase.index.facts(with: source, at: $0) } }
                .filter { seen.insert($0).inserted }
        case .entity, .kind, .each, .filter:
            return []
        }
    }

    var table: ResultTable {
        let rows: [[Cell]] = steps.enumerated().map { index, step in
            [
                .integer(index + 1), .text(step.operation), .text(step.detail),
                .integer(CardinalityEstimator.rounded(step.estimated)), step.actual.map(Cell.integer) ?? .null,
            ]
        }
        return ResultTable(columns: ["step", "operation", "detail", "estimated", "actual"], rows: rows)
    }

    // MARK: Steps

    /// Adds the steps computing `plan`, inputs first; returns the number of its own step.
    @discardableResult
    mutating func add(_ plan: SetPlan) -> Int {
        switch plan {
        case .entity(_, let name):
            return append("look-up", "\(FactBase.nameLiteral(name)), from the name index", plan)
        case .kind(let kind, let plural):
            let subKinds = factBase.kindAndDescendants(kind).filter { $0 != kind }.map { factBase.kinds[Int($0)].plural }
            let including = subKinds.isEmpty ? "" : " (with \(Analyzer.list(subKinds)))"
            return append("look-up", "all \(plural)\(including), from the kind index", plan)
        case .navigate(let roles, let noun, let source):
            let input = add(source)
            return addTimeStep(
                after: append("join", "\(PlanText.role(noun, roles, factBase: factBase)) of #\(input), via \(via(roles))", plan),
                plan)
        case .facts(let source):
            guard let source else { return addTimeStep(after: append("scan", "every fact, in order", plan), plan) }
            let input = add(source)
            return addTimeStep(
                after: append("join", "facts of #\(input), from the facts-by-subject and facts-by-object indexes", plan), plan)
        case .each(let group):
            let input = add(group)
            groupStep = input
            return append("look-up", "each member of #\(input) in turn, as the group (the steps using it run once per group)", plan)
        case .filter(let inner, let condition):
            let input = add(inner)
            let conditionText = addSteps(of: condition)
            // Kleene's logic: a role test that is unknown on the date is neither true nor false.
            let unknown = time != nil && condition.testsRoles ? "; unknown does not pass" : ""
            return append(PlanText.operation(plan), "#\(input) where \(conditionText)\(unknown)", plan)
        }
    }

    /// Adds the steps of the sets the condition's role tests use; returns the condition as text,
    /// each such set followed by its step (`member of CSTO (#3)`).
    mutating func addSteps(of condition: ConditionPlan) -> String {
        var memberSteps: [String] = []
        collectMemberSets(condition, into: &memberSteps)
        var remaining = memberSteps[...]
        let factBase = self.factBase
        return PlanText.text(condition, factBase: factBase) { set in
            let reference = remaining.popFirst() ?? "?"
            return "\(PlanText.text(set, factBase: factBase)) (\(reference))"
        }
    }

    /// Adds the steps of the sets that role tests use, in the order the evaluator computes them.
    private mutating func collectMemberSets(_ condition: ConditionPlan, into references: inout [String]) {
        switch condition {
        case .and(let left, let right), .or(let left, let right):
            collectMemberSets(left, into: &references)
            collectMemberSets(right, into: &references)
        case .not(let inner):
            collectMemberSets(inner, into: &references)
        case .member(let set, _):
            let known = add(set)
            guard time != nil, PlanText.readsFacts(set) else {
                references.append("#\(known)")
                return
            }
            let possible = append(
                "time", "#\(known) again, letting in the facts whose dates do not settle it: who may be in it then", set,
                counts: .rowsAdmittingUnknown)
            steps[possible - 1].estimated = estimator.estimateBeforeTime(set) * (set.countedGroup.map(estimator.estimate) ?? 1)
            references.append("#\(known); unknown if only in #\(possible)")
        case .compare, .oneOf, .contains:
            break
        }
    }

    /// `member_of facts from their organization`; a symmetric relation reads from either end.
    func via(_ roles: [FactBase.RoleReference]) -> String {
        var parts: [String] = []
        var seen: Set<RelationID> = []
        for role in roles where seen.insert(role.relation).inserted {
            let relation = factBase.relations[Int(role.relation)]
            let positions = roles.filter { $0.relation == role.relation }.map(\.position)
            let bothWays = relation.isSymmetric || positions.count > 1
            if bothWays {
                let end = FactBase.fold(relation.roles[0]) == FactBase.fold(relation.roles[1]) ? relation.roles[0] : "end"
                parts.append("\(relation.name) facts from either \(end)")
            } else {
                parts.append("\(relation.name) facts from their \(relation.roles[1 - role.position])")
            }
        }
        return Analyzer.list(parts)
    }

    private mutating func addOutput(of plan: QueryPlan, input: Int) {
        let estimate = estimator.estimate(plan.set)
        if let grouping = plan.grouping {
            var detail = "per member of #\(groupStep ?? input), the distinct entities of #\(input), 0 for none"
            if let column = plan.orderColumn, plan.columns.indices.contains(column) {
                detail += ", sorted by \(plan.columns[column].name)\(plan.descending ? " descending" : "")"
            } else {
                detail += ", sorted"
            }
            if let limit = plan.limit { detail += ", the first \(limit)" }
            let groups = estimator.estimate(grouping.groups)
            steps.append(Step(operation: "count", detail: detail, estimated: plan.limit.map { min(Double($0), groups) } ?? groups))
            return
        }
        let things =
            plan.answersAreFacts ? "facts" : plan.answersAreValues ? "values of \(plan.columns.first?.name ?? "the attribute")" : "entities"
        switch plan.form {
        case .count:
            steps.append(Step(operation: "count", detail: "the distinct \(things) of #\(input)", estimated: 1))
        case .why:
            var detail = "each distinct answer of #\(input) with the facts and sentences behind it"
            if plan.answersAreFacts { detail = "each distinct fact of #\(input) with the sentences it cites" }
            if plan.answersAreValues {
                detail = "each distinct value of #\(input) with the fact or declaration that holds it, and how its entity got there"
            }
            if let limit = plan.limit { detail += ", the first \(limit)" }
            steps.append(
                Step(operation: "proof", detail: detail, estimated: plan.limit.map { min(Double($0), estimate) } ?? estimate))
        case .list:
            let columns = plan.columns.map(\.name).joined(separator: ", ")
            var detail = "distinct rows (\(columns)) of #\(input)"
            if plan.answersAreValues { detail = "the \(plan.columns.first?.name ?? "value") of each of #\(input), where it has one; distinct" }
            if let column = plan.orderColumn, plan.columns.indices.contains(column) {
                detail += ", sorted by \(plan.columns[column].name)\(plan.descending ? " descending" : "")"
            } else {
                detail += ", sorted"
            }
            if let limit = plan.limit { detail += ", the first \(limit)" }
            steps.append(
                Step(operation: "output", detail: detail, estimated: plan.limit.map { min(Double($0), estimate) } ?? estimate))
        }
    }

    /// Under `as of`, the step after a join that keeps the facts known to hold on the date; returns
    /// its number (the join's without `as of`).
    private mutating func addTimeStep(after join: Int, _ set: SetPlan) -> Int {
        guard let time else { return join }
        steps[join - 1].counts = .factsBeforeTime
        steps[join - 1].estimated = estimator.estimateBeforeTime(set) * (set.countedGroup.map(estimator.estimate) ?? 1)
        return append("time", "#\(join) as of \(time.date): facts known to hold then", set, counts: .rowsAfterTime)
    }

    private mutating func append(_ operation: String, _ detail: String, _ set: SetPlan, counts: Counting = .rows) -> Int {
        var step = Step(operation: operation, detail: detail, estimated: estimator.estimate(set), set: set, counts: counts)
        if let groups = set.countedGroup {
            // Run once per group: the estimate for one group, times the groups expected.
            step.runsPerGroup = true
            step.estimated *= estimator.estimate(groups)
        }
        steps.append(step)
        return steps.count
    }
}
