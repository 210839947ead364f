/// The static type of a value, as far as the validator can know it before a run.
public enum ValueType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Any value; nothing is known statically.
    case any
    case null
    case bool
    case int
    /// A number that may have a fraction.
    case number
    case string
    /// An EC2 instance id such as `i-0123456789abcdef0` (a string at run time).
    case instanceID = "instance-id"
    /// A duration such as `30s`, `2m`, `1h30m` (a string at run time).
    case duration
    case list
    case object

    public var description: String { rawValue }

    /// Whether a value of type `other` may be used where `self` is expected.
    ///
    /// `any` is compatible both ways; ints are numbers; instance ids and durations are strings
    /// at run time, so a string may flow into them (the format is checked when known).
    ///
    /// - Parameter other: The type offered.
    /// - Returns: `true` when the use is allowed.
    public func accepts(_ other: ValueType) -> Bool {
        if self == other || self == .any || other == .any { return true }
        switch (self, other) {
        case (.number, .int): return true
        case (.string, .instanceID), (.string, .duration): return true
        case (.instanceID, .string), (.duration, .string): return true
        default: return false
        }
    }

    /// Whether values of this type are strings at run time.
    public var isStringLike: Bool { self == .string || self == .instanceID || self == .duration }
}
