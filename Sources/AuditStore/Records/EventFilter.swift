public import Foundation

/// Which events ``AuditDatabase/withEventCursor(matching:_:)`` streams.
///
/// Every condition given must hold; an empty filter matches every event. Times compare with
/// the stored event time (UTC, millisecond precision).
public struct EventFilter: Hashable, Sendable {
    /// Events at or after this time.
    public var since: Date?
    /// Events strictly before this time.
    public var until: Date?
    /// Events of runs of the runbook with this `name`.
    public var runbook: String?
    /// Events of this run only.
    public var runID: String?

    /// Creates a filter.
    ///
    /// - Parameters:
    ///   - since: Inclusive lower bound on the event time.
    ///   - until: Exclusive upper bound on the event time.
    ///   - runbook: The runbook name.
    ///   - runID: The full run id.
    public init(since: Date? = nil, until: Date? = nil, runbook: String? = nil, runID: String? = nil) {
        self.since = since
        self.until = until
        self.runbook = runbook
        self.runID = runID
    }
}
