/// A declared input of a runbook, given at run time by `--param name=value` or a flag.
public struct Parameter: Hashable, Sendable {
    /// The parameter's name, as referenced by `params.<name>`.
    public var name: String
    /// Its type.
    public var type: ParameterType
    /// Whether a run must supply it (a parameter with a default never must).
    public var required: Bool
    /// The value used when none is given; may interpolate `run.*`.
    public var defaultValue: ValueTemplate?
    /// The only values allowed, when the runbook restricts them.
    public var allowedValues: [Value]?
    /// Whether the value is secret: redacted in the audit store, logs and reports.
    public var secret: Bool
    /// What the parameter is for.
    public var description: String?
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a parameter.
    public init(name: String, type: ParameterType, required: Bool = false, defaultValue: ValueTemplate? = nil,
                allowedValues: [Value]? = nil, secret: Bool = false, description: String? = nil, location: SourceLocation) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.allowedValues = allowedValues
        self.secret = secret
        self.description = description
        self.location = location
    }
}

/// The types a parameter may have.
public enum ParameterType: String, Hashable, Sendable, CaseIterable {
    case string
    case int
    case bool
    /// An EC2 instance id: `i-` and hexadecimal digits.
    case instanceID = "instance-id"
    /// A duration such as `30s`.
    case duration
    /// A list of strings (given on the command line comma-separated).
    case list

    /// The static type of the parameter's value.
    public var valueType: ValueType {
        switch self {
        case .string: .string
        case .int: .int
        case .bool: .bool
        case .instanceID: .instanceID
        case .duration: .duration
        case .list: .list
        }
    }

    /// Converts command-line text to a value of this type.
    ///
    /// - Parameter text: What the user typed.
    /// - Returns: The value, or a message saying what was expected.
    public func parse(_ text: String) -> Result<Value, ParameterValueError> {
        switch self {
        case .string:
            return .success(.string(text))
        case .int:
            guard let int = Int(text) else { return .failure(.init("expected a whole number, got '\(text)'")) }
            return .success(.int(int))
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .success(.bool(true))
            case "false", "no", "0": return .success(.bool(false))
            default: return .failure(.init("expected true or false, got '\(text)'"))
            }
        case .instanceID, .duration:
            return check(.string(text)).map { _ in .string(text) }
        case .list:
            let items = text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.map(Value.string)
            return .success(.list(items))
        }
    }

    /// Checks that a value fits this type.
    ///
    /// - Parameter value: The value to check.
    /// - Returns: The value, or a message saying what was expected.
    public func check(_ value: Value) -> Result<Value, ParameterValueError> {
        switch (self, value) {
        case (.string, .string), (.int, .int), (.bool, .bool), (.list, .list):
            return .success(value)
        case (.instanceID, .string(let text)):
            return ResourceIdentifier.isInstanceID(text) ? .success(value)
                : .failure(.init("'\(text)' is not an instance id; expected 'i-' followed by hexadecimal digits, e.g. i-0abc1234"))
        case (.duration, .string(let text)):
            return RunbookDuration(parsing: text) != nil ? .success(value)
                : .failure(.init("'\(text)' is not a duration; write e.g. 30s, 2m, 1h30m"))
        default:
            return .failure(.init("expected \(rawValue), got \(value.type) \(value)"))
        }
    }
}

/// Why a parameter value does not fit its type; the message is safe to print.
public struct ParameterValueError: Error, Hashable, Sendable {
    /// What was expected and what was given.
    public var message: String
    init(_ message: String) { self.message = message }
}
