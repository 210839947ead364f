public import RunbookModel

/// An event as the chain holds it: its place (`seq`) and its hashes, beside the event itself.
///
/// What a report needs to tie each line of a timeline to the audit trail, so a reviewer can
/// match it with `irun audit verify` and `irun audit export`.
public struct RecordedEvent: Hashable, Sendable {
    /// The event's sequence number in the global chain, from 1.
    public var seq: Int
    /// The event.
    public var event: RunEvent
    /// The stored hash of the event before it (64 zeros for the first), lowercase hex.
    public var prevHash: String
    /// The stored hash of this event, lowercase hex.
    public var hash: String

    /// Creates a recorded event.
    ///
    /// - Parameters:
    ///   - seq: Its sequence number.
    ///   - event: The event.
    ///   - prevHash: The stored previous hash.
    ///   - hash: The stored hash.
    public init(seq: Int, event: RunEvent, prevHash: String, hash: String) {
        self.seq = seq
        self.event = event
        self.prevHash = prevHash
        self.hash = hash
    }
}
