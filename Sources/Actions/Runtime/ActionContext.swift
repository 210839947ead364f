public import Foundation
public import Providers
public import RunbookModel

/// Everything an action may use while it runs: its inputs, the providers, the run's clock,
/// and a way to preserve evidence. Actions reach AWS only through `providers`.
public struct ActionContext: Sendable {
    public var runID: String
    public var step: String
    /// 1 for the first attempt.
    public var attempt: Int
    public var mode: RunMode
    /// The evaluated `with:` inputs, with the signature's defaults filled in.
    public var inputs: [String: Value]
    /// The AWS services; `nil` when the run has no provider (runbooks of core actions only).
    public var providers: AWSProviders?
    /// The run's clock. Waits through it count against the step's timeout.
    public var clock: any ProviderClock
    /// Stores an evidence artifact durably in the audit trail and returns its SHA-256 (hex).
    public var recordEvidence: @Sendable (_ name: String, _ kind: String, _ mediaType: String, _ content: Data) async throws -> String
    /// Says something about the work: recorded as an `action-logged` event in the audit trail
    /// (so reports and exports show what the tool knew at the time) and shown as progress.
    public var log: @Sendable (_ level: LogLevel, _ message: String) -> Void
    /// Reads another recorded run from the audit store (what `ec2.release` restores from).
    public var runHistory: @Sendable (_ runID: String) async throws -> StoredRun?

    public init(
        runID: String, step: String, attempt: Int, mode: RunMode, inputs: [String: Value], providers: AWSProviders?,
        clock: any ProviderClock,
        recordEvidence: @escaping @Sendable (String, String, String, Data) async throws -> String,
        log: @escaping @Sendable (LogLevel, String) -> Void,
        runHistory: @escaping @Sendable (String) async throws -> StoredRun? = { _ in nil }
    ) {
        self.runID = runID
        self.step = step
        self.attempt = attempt
        self.mode = mode
        self.inputs = inputs
        self.providers = providers
        self.clock = clock
        self.recordEvidence = recordEvidence
        self.log = log
        self.runHistory = runHistory
    }

    /// The providers, or an error saying the runbook needs a provider.
    ///
    /// - Throws: ``ActionError`` `NoProvider`.
    public func requireProviders() throws -> AWSProviders {
        guard let providers else { throw ActionError(code: "NoProvider", message: "step '\(step)' calls AWS but the run has no provider") }
        return providers
    }

    /// A string input.
    ///
    /// - Throws: ``ActionError`` `InvalidInput` when it is missing or not a string.
    public func string(_ name: String) throws -> String {
        guard case .string(let text)? = inputs[name] else {
            throw ActionError(code: "InvalidInput", message: "input '\(name)' of step '\(step)' must be a string, got \(inputs[name]?.json ?? "nothing")")
        }
        return text
    }
}

/// A failure of an action that is not an AWS error: bad input, a refused precondition, `core.fail`.
public struct ActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code a runbook's `retry.on` can name.
    public var code: String
    public var message: String
    public var isRetryable: Bool

    public init(code: String, message: String, isRetryable: Bool = false) {
        self.code = code
        self.message = message
        self.isRetryable = isRetryable
    }

    public var description: String { "\(code): \(message)" }
}
