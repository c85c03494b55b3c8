public typealias EntityID = Int32
public typealias KindID = Int32
public typealias RelationID = Int32
public typealias FactID = Int32
public typealias SourceID = Int32
public typealias AttributeID = Int32
public typealias TextID = Int32

/// A date of year, month or day precision: `2018`, `2024-01`, `2023-09-19`.
public struct DateValue: Hashable, Sendable, CustomStringConvertible {
    public var year: Int32
    /// 1...12, or 0 when the date has year precision.
    public var month: UInt8
    /// 1...31, or 0 when the date has month or year precision.
    public var day: UInt8

    public init(year: Int32, month: UInt8 = 0, day: UInt8 = 0) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM` or `YYYY-MM-DD`, rejecting months and days that do not exist.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 4, let year = Int32(parts[0]),
            parts[1].count == 2, let month = UInt8(parts[1]), (1...12).contains(month)
        else { return nil }
        var day: UInt8 = 0
        if parts.count == 3 {
            guard parts[2].count == 2, let parsedDay = UInt8(parts[2]),
                parsedDay >= 1, parsedDay <= DateValue.daysIn(month: month, year: year)
            else { return nil }
            day = parsedDay
        }
        self.init(year: year, month: month, day: day)
    }

    static func daysIn(month: UInt8, year: Int32) -> UInt8 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Compares at the coarser of the two precisions: `2024-01` equals `2024`, and is before `2024-02`.
    static func compare(_ left: DateValue, _ right: DateValue) -> Int {
        if left.year != right.year { return left.year < right.year ? -1 : 1 }
        if left.month == 0 || right.month == 0 { return 0 }
        if left.month != right.month { return left.month < right.month ? -1 : 1 }
        if left.day == 0 || right.day == 0 { return 0 }
        if left.day != right.day { return left.day < right.day ? -1 : 1 }
        return 0
    }

    public var description: String {
        var text = String(year)
        while text.count < 4 { text = "0" + text }
        if month > 0 { text += (month < 10 ? "-0" : "-") + String(month) }
        if day > 0 { text += (day < 10 ? "-0" : "-") + String(day) }
        return text
    }
}

/// A value stored in the fact base. Texts and entities are interned ids, so a value is a few
/// bytes with no reference counting; `FactBase.display(_:)` turns it back into text.
public enum Value: Hashable, Sendable {
    case integer(Int)
    case decimal(Double)
    /// Exact text, compared case-sensitively (except by `contains`).
    case string(TextID)
    /// A bare word such as `frozen`; symbols match case-insensitively, so they are interned folded.
    case symbol(TextID)
    case date(DateValue)
    case boolean(Bool)
    case entity(EntityID)
}

/// One `name: value` pair of a fact or an entity.
public struct AttributeValue: Hashable, Sendable {
    public var attribute: AttributeID
    public var value: Value
}

