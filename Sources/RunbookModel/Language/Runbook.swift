/// A parsed runbook: its parameters and its named steps, each value with its source location.
///
/// A `Runbook` may still have semantic errors; ``RunbookValidator`` finds them and
/// ``Planner`` turns a valid one into a ``Plan``.
public struct Runbook: Hashable, Sendable {
    /// The runbook's name, e.g. `ec2-quarantine`.
    public var name: String
    /// What the runbook does, one or two sentences.
    public var description: String
    /// Declared parameters, in the order written.
    public var parameters: [Parameter]
    /// Steps, in the order written.
    public var steps: [Step]
    /// The file the runbook was read from.
    public var source: RunbookSource

    /// Creates a runbook.
    public init(name: String, description: String, parameters: [Parameter], steps: [Step], source: RunbookSource) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.steps = steps
        self.source = source
    }

    /// The parameter called `name`.
    ///
    /// - Parameter name: The parameter's name.
    /// - Returns: The parameter, if declared.
    public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

    /// The step called `name`.
    ///
    /// - Parameter name: The step's name.
    /// - Returns: The step, if declared.
    public func step(named name: String) -> Step? { steps.first { $0.name == name } }
}

/// Where a runbook came from: the path as given and the exact text read.
public struct RunbookSource: Hashable, Sendable {
    /// The path, as the user named it.
    public var path: String
    /// The exact text, so a run can record what it executed.
    public var text: String

    /// Creates a source.
    ///
    /// - Parameters:
    ///   - path: The path.
    ///   - text: The text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
