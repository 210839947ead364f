/// One event as stored, column by column, for streaming exports.
///
/// Text stays as stored: `time` is ISO-8601 UTC with milliseconds and `payloadJSON` is the
/// compact JSON object the hash covers, so an export copies the audited bytes without
/// parsing them.
public struct ExportedEvent: Hashable, Sendable {
    /// The sequence number in the global chain.
    public var seq: Int64
    /// The stored time, such as `2026-01-01T00:00:00.000Z`.
    public var time: String
    /// The run.
    public var runID: String
    /// The `name` of the run's runbook.
    public var runbook: String
    /// The event kind, such as `step-succeeded`.
    public var kind: String
    /// The step, if any.
    public var step: String?
    /// The attempt, if any.
    public var attempt: Int64?
    /// The payload as stored: a compact JSON object.
    public var payloadJSON: String
    /// The stored hash of the previous event, lowercase hex.
    public var prevHash: String
    /// The stored hash of this event, lowercase hex.
    public var hash: String

    /// Creates an exported event.
    ///
    /// - Parameters:
    ///   - seq: The sequence number.
    ///   - time: The stored time.
    ///   - runID: The run.
    ///   - runbook: The runbook name.
    ///   - kind: The kind.
    ///   - step: The step.
    ///   - attempt: The attempt.
    ///   - payloadJSON: The payload JSON.
    ///   - prevHash: The previous hash.
    ///   - hash: The hash.
    public init(
        seq: Int64, time: String, runID: String, runbook: String, kind: String, step: String?, attempt: Int64?, payloadJSON: String,
        prevHash: String, hash: String
    ) {
        self.seq = seq
        self.time = time
        self.runID = runID
        self.runbook = runbook
        self.kind = kind
        self.step = step
        self.attempt = attempt
        self.payloadJSON = payloadJSON
        self.prevHash = prevHash
        self.hash = hash
    }
}
