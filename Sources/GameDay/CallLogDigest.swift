import AuditStore
import Foundation
public import MockAWS

/// The SHA-256 of a game day's call log: two rehearsals made the same calls, in the same order,
/// at the same simulated times, with the same outcomes exactly when their digests are equal.
///
/// Each call is one line (its sequence, start and end in milliseconds of simulated time,
/// operation, request and outcome). The run's own id, which differs between rehearsals of one
/// seed so the audit store can hold both, is written as `RUN` wherever a request carries it
/// (tags, snapshot descriptions).
public enum CallLogDigest {
    /// - Parameters:
    ///   - calls: The simulated account's calls, in order.
    ///   - runID: The run (or fleet parent) id, written as `RUN`.
    /// - Returns: Lowercase hex.
    public static func sha256(of calls: [CallRecord], runID: String) -> String {
        let lines = calls.map { call in
            let finished = String(format: "%.3f", call.finishedAt.timeIntervalSince1970)
            return "\(call) (done \(finished))".replacingOccurrences(of: runID, with: "RUN")
        }
        return ContentHash.sha256(lines.joined(separator: "\n"))
    }
}
