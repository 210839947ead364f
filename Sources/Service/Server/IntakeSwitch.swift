public import AuditStore
import Foundation
import Synchronization

/// The pause switch: while paused, `POST /v1/events` answers 429 with `Retry-After` (EventBridge
/// retries for up to 24 hours), so nothing new is taken and nothing already accepted is lost.
/// Kept in the store, so a restart does not quietly resume intake.
public final class IntakeSwitch: Sendable {
    static let key = "paused"
    private let store: AuditDatabase
    private let state: Mutex<(paused: Bool, by: String?, since: Date?)>

    /// Reads the switch as the last server left it.
    public init(store: AuditDatabase) async throws {
        self.store = store
        let saved = try await store.serviceSwitch(Self.key)
        state = Mutex((saved?.value == "true", saved?.changedBy, saved?.changedAt))
    }

    var paused: (Bool, by: String?, since: Date?) { state.withLock { ($0.paused, $0.by, $0.since) } }

    func set(paused: Bool, by actor: String) async throws {
        let now = Date()
        try await store.setServiceSwitch(Self.key, to: paused ? "true" : "false", by: actor, at: now)
        state.withLock { $0 = (paused, actor, now) }
    }
}
