/// One named step of a runbook: an action to run, or a decision that picks which steps run.
public struct Step: Hashable, Sendable {
    /// What the step does.
    public enum Kind: Hashable, Sendable {
        /// Runs an action from the catalogue.
        case action(ActionCall)
        /// Evaluates ordered branches and chooses the steps of the first that holds.
        case decision([DecisionBranch])
    }

    /// The step's name, unique in the runbook.
    public var name: String
    /// Where the step's name is written.
    public var location: SourceLocation
    /// What the step is for, shown by `irun show`.
    public var description: String?
    /// What the step does.
    public var kind: Kind
    /// Steps that must finish first, as written in `needs`.
    public var needs: [Located<String>]
    /// A condition; when it is false at run time the step is skipped.
    public var when: LocatedExpression?
    /// How to retry a failed action.
    public var retry: RetryPolicy?
    /// How long one attempt may take.
    public var timeout: RunbookDuration?
    /// What happens to the run when the step fails.
    public var onFailure: FailurePolicy
    /// A human gate before the step runs.
    public var approval: Approval?

    /// Creates a step.
    public init(name: String, location: SourceLocation, description: String? = nil, kind: Kind,
                needs: [Located<String>] = [], when: LocatedExpression? = nil, retry: RetryPolicy? = nil,
                timeout: RunbookDuration? = nil, onFailure: FailurePolicy = .abort, approval: Approval? = nil) {
        self.name = name
        self.location = location
        self.description = description
        self.kind = kind
        self.needs = needs
        self.when = when
        self.retry = retry
        self.timeout = timeout
        self.onFailure = onFailure
        self.approval = approval
    }

    /// The action call, for action steps.
    public var action: ActionCall? {
        if case .action(let call) = kind { return call }
        return nil
    }

    /// The branches, for decision steps.
    public var branches: [DecisionBranch]? {
        if case .decision(let branches) = kind { return branches }
        return nil
    }
}

/// The action a step runs and the inputs it passes.
public struct ActionCall: Hashable, Sendable {
    /// The action's catalogue name, e.g. `ec2.isolate`.
    public var name: Located<String>
    /// Input name to value, in the order written.
    public var inputs: [ActionInput]

    /// Creates a call.
    ///
    /// - Parameters:
    ///   - name: The action's name and where it is written.
    ///   - inputs: The `with:` entries.
    public init(name: Located<String>, inputs: [ActionInput]) {
        self.name = name
        self.inputs = inputs
    }
}

/// One `with:` entry of an action step.
public struct ActionInput: Hashable, Sendable {
    /// The input's name.
    public var name: String
    /// Its value, possibly interpolated.
    public var value: ValueTemplate
    /// Where the input's name is written.
    public var location: SourceLocation

    /// Creates an input.
    public init(name: String, value: ValueTemplate, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// One branch of a decision: when its condition holds (or always, for `else`), the decision
/// chooses its `goto` steps.
public struct DecisionBranch: Hashable, Sendable {
    /// The condition; `nil` for the `else` branch.
    public var condition: LocatedExpression?
    /// The steps chosen.
    public var targets: [Located<String>]
    /// Where the branch is written.
    public var location: SourceLocation

    /// Creates a branch.
    public init(condition: LocatedExpression?, targets: [Located<String>], location: SourceLocation) {
        self.condition = condition
        self.targets = targets
        self.location = location
    }

    /// Whether this is the `else` branch.
    public var isElse: Bool { condition == nil }
}

/// What happens to a run when a step fails after its retries.
public enum FailurePolicy: String, Hashable, Sendable, CaseIterable {
    /// Stop starting steps; the run fails.
    case abort
    /// Record the failure and carry on: steps that need this one still run.
    case `continue`
    /// Undo every completed mutating step, newest first; then the run fails.
    case compensate
}

/// How an action is retried when an attempt fails.
public struct RetryPolicy: Hashable, Sendable {
    /// How the delay between attempts grows.
    public enum Backoff: String, Hashable, Sendable, CaseIterable {
        case constant
        case exponential
    }

    /// How much randomness is applied to each delay.
    public enum Jitter: String, Hashable, Sendable, CaseIterable {
        /// The delay as computed.
        case none
        /// A uniformly random delay between zero and the computed delay (AWS's "full jitter").
        case full
    }

    /// Attempts in all, including the first.
    public var attempts: Int
    public var backoff: Backoff
    /// The first delay.
    public var initial: RunbookDuration
    /// The largest delay.
    public var maximum: RunbookDuration
    public var jitter: Jitter
    /// Error codes that are retried; empty means the provider's retryable errors
    /// (throttling and server errors).
    public var retryOn: [String]

    /// Creates a policy; the defaults are 3 attempts, exponential from 1s to 20s, full jitter.
    public init(attempts: Int = 3, backoff: Backoff = .exponential, initial: RunbookDuration = .init(milliseconds: 1000),
                maximum: RunbookDuration = .init(milliseconds: 20_000), jitter: Jitter = .full, retryOn: [String] = []) {
        self.attempts = attempts
        self.backoff = backoff
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
        self.retryOn = retryOn
    }

    /// The delay before attempt `attempt + 1`, before jitter.
    ///
    /// - Parameter attempt: The attempt that just failed, starting at 1.
    /// - Returns: The delay, capped at ``maximum``.
    public func delay(after attempt: Int) -> RunbookDuration {
        switch backoff {
        case .constant:
            return min(initial, maximum)
        case .exponential:
            let shift = min(max(attempt - 1, 0), 30)
            let (scaled, overflow) = initial.milliseconds.multipliedReportingOverflow(by: Int64(1) << shift)
            return overflow ? maximum : min(RunbookDuration(milliseconds: scaled), maximum)
        }
    }
}

/// A human gate: the run pauses before the step until someone approves or denies it.
public struct Approval: Hashable, Sendable {
    /// What the approver is asked, possibly interpolated.
    public var message: Template?
    /// How long to wait for a decision before the step fails; `nil` waits indefinitely.
    public var timeout: RunbookDuration?

    /// Creates an approval gate.
    ///
    /// - Parameters:
    ///   - message: What the approver is asked.
    ///   - timeout: How long to wait.
    public init(message: Template? = nil, timeout: RunbookDuration? = nil) {
        self.message = message
        self.timeout = timeout
    }
}
