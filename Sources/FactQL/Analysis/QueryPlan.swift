/// A query with every name resolved against the fact base: what the evaluator runs, and what
/// `.plan` and `.explain` show.
public struct QueryPlan: Sendable {
    public var form: Query.Form
    public var set: SetPlan
    public var columns: [OutputColumn]
    /// Index into `columns` to sort by, and the direction; nil sorts by all columns in order.
    public var orderColumn: Int?
    public var descending: Bool
    public var limit: Int?
    /// `capital of Armenia`: the rows are the values of the one attribute column; members that
    /// lack it give no row.
    public var answersAreValues = false
    /// `count ROLE of each GROUP`: one row per member of the group set.
    public var grouping: GroupPlan?
    /// `as of DATE`: only the facts known to hold on the date.
    public var asOf: DateValue?
    /// What analysis found worth saying that does not stop the query (a value that occurs
    /// nowhere, a role noun several relations share).
    public var warnings: [Diagnostic] = []

    /// `facts [of SET] [where ...]`: the rows are facts.
    public var answersAreFacts: Bool { self.set.isFactSet }
}

/// `count members of each organization`: the groups, and the name of their column.
public struct GroupPlan: Sendable {
    public var groups: SetPlan
    public var column: String
}

/// `is NAME [a|an|in] SET`, resolved.
public struct QuestionPlan: Sendable {
    public var entity: EntityID
    public var set: SetPlan
    public var explains: Bool
    /// The question as a sentence (`Armenia is a member of CSTO`), for answers and `.explain`,
    /// and its denial (`Armenia is not a member of CSTO`).
    public var sentence: String
    public var denial: String
    public var asOf: DateValue?
    public var warnings: [Diagnostic] = []
}

public struct OutputColumn: Sendable {
    public enum Content: Sendable {
        /// The answer entity itself.
        case answer
        /// An attribute, read from the connecting fact first, then from the entity.
        case attribute(AttributeTarget)
        /// All of a fact's attributes, as one text (`facts of Armenia`).
        case factAttributes
    }

    public var name: String
    public var content: Content
}

/// Where `where` reads a name from.
public enum AttributeTarget: Sendable, Equatable {
    /// A declared attribute of the connecting fact or the entity.
    case attribute(AttributeID, name: String)
    /// The entity's canonical name.
    case entityName
    /// The entity's kind (matching sub-kinds too: an alliance is an organization).
    case entityKind
    /// In `facts`: the fact's own attribute (never the entity's), its subject, relation, object.
    case factAttribute(AttributeID, name: String)
    case factSubject
    case factRelation
    case factObject

    public var name: String {
        switch self {
        case .attribute(_, let name), .factAttribute(_, let name): return name
        case .entityName: return "name"
        case .entityKind: return "kind"
        case .factSubject: return "subject"
        case .factRelation: return "relation"
        case .factObject: return "object"
        }
    }
}

public indirect enum SetPlan: Sendable {
    case entity(EntityID, name: String)
    /// All entities of a kind and its sub-kinds.
    case kind(KindID, plural: String)
    /// `ROLE of SET`: for each role (relation, position), the facts whose other role is in the set.
    case navigate(roles: [FactBase.RoleReference], noun: String, source: SetPlan)
    case filter(SetPlan, ConditionPlan)
    /// `facts [of SET]`: facts in which a member of the set (any entity, without one) takes
    /// either role. Its bindings are facts; the entity beside each is the fact's subject.
    case facts(of: SetPlan?)
    /// The group being counted in `count ROLE of each GROUP`: one member at a time.
    case each(SetPlan)

    /// The relations whose facts connect this set's members (for attribute scoping); empty for
    /// sets with no connecting fact.
    var connectingRelations: [RelationID] {
        switch self {
        case .entity, .kind, .facts, .each: return []
        case .navigate(let roles, _, _): return Array(Set(roles.map(\.relation))).sorted()
        case .filter(let inner, _): return inner.connectingRelations
        }
    }

    /// A set of facts (`facts ...`), not of entities.
    public var isFactSet: Bool {
        switch self {
        case .facts: return true
        case .filter(let inner, _): return inner.isFactSet
        default: return false
        }
    }
}

/// A value written in a query, prepared for fast comparison with stored values.
public struct Operand: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case integer(Int)
        case decimal(Double)
        case date(DateValue)
        case boolean(Bool)
        /// A quoted string: equal to strings exactly, to symbols and entities case-insensitively.
        case string(String)
        /// A bare name: a symbol or an entity, matched case-insensitively.
        case name(String)
    }

    public var kind: Kind
    /// The written text, as shown by `.explain` and `.plan`.
    public var text: String
    /// Pre-resolved ids, so `status = frozen` compares integers in the inner loop.
    public var symbol: TextID?
    public var entity: EntityID?
    /// Folded text for case-insensitive comparisons.
    public var folded: String
}

public indirect enum ConditionPlan: Sendable {
    case and(ConditionPlan, ConditionPlan)
    case or(ConditionPlan, ConditionPlan)
    case not(ConditionPlan)
    case compare(AttributeTarget, ComparisonOperator, Operand)
    case oneOf(AttributeTarget, [Operand], negated: Bool)
    case contains(AttributeTarget, Operand)
    /// The entity is a member of the set (`member of CSTO`).
    case member(SetPlan, noun: String)

    /// Whether a role test is in it: under `as of`, its membership may be unknown.
    var testsRoles: Bool {
        switch self {
        case .and(let left, let right), .or(let left, let right): return left.testsRoles || right.testsRoles
        case .not(let inner): return inner.testsRoles
        case .member: return true
        case .compare, .oneOf, .contains: return false
        }
    }

    /// The attributes the condition reads, in order of first mention (they become output columns).
    var attributes: [AttributeTarget] {
        var found: [AttributeTarget] = []
        collectAttributes(into: &found)
        return found
    }

    private func collectAttributes(into found: inout [AttributeTarget]) {
        switch self {
        case .and(let left, let right), .or(let left, let right):
            left.collectAttributes(into: &found)
            right.collectAttributes(into: &found)
        case .not(let inner): inner.collectAttributes(into: &found)
        case .compare(let target, _, _), .oneOf(let target, _, _), .contains(let target, _):
            if !found.contains(target) { found.append(target) }
        case .member: break
        }
    }
}
