/// The syntax tree. Every node keeps the span of source it was parsed from, so analysis and
/// evaluation errors can point at the exact text.

/// A name as written: a bare word or a quoted string.
public struct Name: Hashable, Sendable {
    public var text: String
    public var span: SourceSpan
    public var isQuoted: Bool

    public init(text: String, span: SourceSpan, isQuoted: Bool = false) {
        self.text = text
        self.span = span
        self.isQuoted = isQuoted
    }
}

public enum Statement: Sendable {
    case source(SourceDefinition)
    case kind(KindDefinition)
    case entity(EntityDefinition)
    case relation(RelationDefinition)
    case fact(FactDefinition)
    /// `retract fact Armenia member_of EU`
    case retract(RetractStatement)
    case query(Query)
    case show(ShowStatement)
    /// `is Armenia a member of CSTO`, `why is ...`
    case question(Question)

    public var span: SourceSpan {
        switch self {
        case .source(let definition): return definition.span
        case .kind(let definition): return definition.span
        case .entity(let definition): return definition.span
        case .relation(let definition): return definition.span
        case .fact(let definition): return definition.span
        case .retract(let retraction): return retraction.span
        case .query(let query): return query.span
        case .show(let show): return show.span
        case .question(let question): return question.span
        }
    }

    /// Definitions (and retracts) change the fact base; queries only read it.
    public var isDefinition: Bool {
        switch self {
        case .source, .kind, .entity, .relation, .fact, .retract: return true
        case .query, .show, .question: return false
        }
    }
}

/// `source p2s3 "text"`
public struct SourceDefinition: Sendable {
    public var identifier: Name
    public var text: String
    public var span: SourceSpan
}

/// `kind alliance : organization plural alliances`
public struct KindDefinition: Sendable {
    public var name: Name
    public var parent: Name?
    public var plural: Name?
    public var span: SourceSpan
}

/// `entity "Vladimir Putin" : person aka Putin { born: 1952 }`
public struct EntityDefinition: Sendable {
    public var name: Name
    public var kind: Name
    public var aliases: [Name]
    public var attributes: [AttributeAssignment]
    public var span: SourceSpan
}

/// `relation ties_with (partner, partner) symmetric`
public struct RelationDefinition: Sendable {
    public var name: Name
    public var subjectRole: Name
    public var objectRole: Name
    public var isSymmetric: Bool
    public var span: SourceSpan
}

/// `fact Armenia member_of CSTO { status: frozen } cites p2s3 "“frozen” its participation", p3s4`
public struct FactDefinition: Sendable {
    public var subject: Name
    public var relation: Name
    public var object: Name
    public var attributes: [AttributeAssignment]
    public var citations: [Name]
    /// For each citation, the words of its sentence that state the fact, when given.
    public var quotes: [Quote?] = []
    public var span: SourceSpan
}

/// `retract fact Armenia member_of EU { since: 2019 }`: the fact to remove, written as it was
/// stated, without its citations. Without attributes it names every fact of that subject,
/// relation and object; with them, the one fact with exactly those attributes.
public struct RetractStatement: Sendable {
    public var subject: Name
    public var relation: Name
    public var object: Name
    public var attributes: [AttributeAssignment]
    public var span: SourceSpan
}

/// The words of a cited sentence that state a fact: `cites p2s3 "“frozen” its participation"`.
public struct Quote: Sendable {
    public var text: String
    public var span: SourceSpan
}

/// `status: frozen` inside `{ ... }`
public struct AttributeAssignment: Sendable {
    public var name: Name
    public var value: ValueLiteral
    public var span: SourceSpan { name.span.union(value.span) }
}

/// A value as written in the source.
public struct ValueLiteral: Sendable {
    public enum Kind: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case decimal(Double)
        case date(DateValue)
        case boolean(Bool)
        /// A bare word or quoted name used as a value: a symbol (`frozen`) or an entity.
        case name(String, isQuoted: Bool)
    }

    public var kind: Kind
    public var span: SourceSpan
}

/// `show Armenia`
public struct ShowStatement: Sendable {
    public var entity: Name
    public var span: SourceSpan
}

/// A question: `[count | why] SET [with ATTR, ...] [order by COLUMN [asc|desc]] [limit N]`.
public struct Query: Sendable {
    public enum Form: String, Sendable {
        case list
        case count
        case why
    }

    public var form: Form
    public var set: SetExpression
    public var columns: WithClause?
    public var asOf: AsOfClause?
    public var order: OrderClause?
    public var limit: LimitClause?
    public var span: SourceSpan

    public init(
        form: Form, set: SetExpression, columns: WithClause? = nil, asOf: AsOfClause? = nil, order: OrderClause? = nil,
        limit: LimitClause? = nil, span: SourceSpan
    ) {
        self.form = form
        self.set = set
        self.columns = columns
        self.asOf = asOf
        self.order = order
        self.limit = limit
        self.span = span
    }
}

/// `with since, title`: attributes shown as columns beside the answer.
public struct WithClause: Sendable {
    public var attributes: [Name]
    public var span: SourceSpan
}

/// `as of 2022`: only the facts known to hold on that date.
public struct AsOfClause: Sendable {
    public var date: DateValue
    public var span: SourceSpan
}

/// A yes/no question: `[why] is NAME [a|an] SET` or `[why] is NAME in SET`, `[as of DATE]`.
public struct Question: Sendable {
    /// How the entity is joined to the set, as written (kept for printing).
    public enum Connector: String, Sendable {
        case none = ""
        case a
        case an
        case `in`
    }

    public var explains: Bool
    public var entity: Name
    public var connector: Connector
    public var set: SetExpression
    public var asOf: AsOfClause?
    public var span: SourceSpan
}

public struct OrderClause: Sendable {
    public var column: Name
    public var descending: Bool
    public var span: SourceSpan
}

public struct LimitClause: Sendable {
    public var count: Int
    public var span: SourceSpan
}

/// An expression whose value is a set of entities.
public indirect enum SetExpression: Sendable {
    /// An entity (`Armenia`, `"Nikol Pashinyan"`) or a kind's plural (`countries`).
    case name(Name)
    /// `members of CSTO`: the entities in role `members` of the facts whose other role is in the set.
    /// `member_of organizations of Armenia` names the relation too, where several share the role.
    /// Where `role` names no role but an attribute (`capital of Armenia`), the answer is the
    /// attribute's values.
    case navigation(role: Name, of: SetExpression, relation: Name?, span: SourceSpan)
    /// `SET where CONDITION`
    case filter(SetExpression, where: Condition, span: SourceSpan)
    case parenthesized(SetExpression, span: SourceSpan)
    /// `facts [of SET]`: the facts themselves, as rows (only at the start of a query).
    case facts(of: SetExpression?, span: SourceSpan)
    /// `each organization`, `each (SET)`: one group per member (only inside `count ... of`).
    case each(SetExpression, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .name(let name): return name.span
        case .navigation(_, _, _, let span), .filter(_, _, let span), .parenthesized(_, let span),
            .facts(_, let span), .each(_, let span):
            return span
        }
    }
}

public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A test applied to each member of a set by `where`.
public indirect enum Condition: Sendable {
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition, span: SourceSpan)
    /// `status = frozen`, `since >= 2024`
    case comparison(attribute: Name, ComparisonOperator, ValueLiteral)
    /// `status in (frozen, suspended)`, `status not in (...)`
    case oneOf(attribute: Name, values: [ValueLiteral], negated: Bool, span: SourceSpan)
    /// `title contains "Minister"`
    case contains(attribute: Name, ValueLiteral)
    /// `member of CSTO`: membership in the set `members of CSTO`.
    case roleTest(role: Name, of: SetExpression, relation: Name?, span: SourceSpan)
    case parenthesized(Condition, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .and(let left, let right), .or(let left, let right): return left.span.union(right.span)
        case .not(_, let span), .oneOf(_, _, _, let span), .roleTest(_, _, _, let span), .parenthesized(_, let span):
            return span
        case .comparison(let attribute, _, let value), .contains(let attribute, let value):
            return attribute.span.union(value.span)
        }
    }
}
