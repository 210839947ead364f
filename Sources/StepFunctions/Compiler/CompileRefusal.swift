public import RunbookModel

/// Why a runbook cannot become a state machine: the step (or parameter) and the reason, with
/// where it is written. Nothing is compiled around a refusal; every one is reported.
public struct CompileRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The step (or `parameters.NAME`) that cannot compile.
    public var subject: String
    /// What Step Functions cannot do, and what would fix it.
    public var reason: String
    /// Where the subject is written.
    public var location: SourceLocation?

    public init(_ subject: String, _ reason: String, at location: SourceLocation? = nil) {
        self.subject = subject
        self.reason = reason
        self.location = location
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(subject): \(reason)"
    }
}

/// Every refusal of one compilation.
public struct CompileRefusals: Error, Sendable, CustomStringConvertible {
    public var refusals: [CompileRefusal]

    public var description: String { refusals.map(\.description).joined(separator: "\n") }
}
