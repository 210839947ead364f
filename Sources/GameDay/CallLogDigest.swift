import AuditStore
import Foundation
public import MockAWS

/// The SHA-256 of a simulated run's call log: two rehearsals made the same calls, in the same
/// order, at the same simulated times, with the same outcomes exactly when their digests are
/// equal.
///
/// Each call is one line: its sequence, start and end in milliseconds of simulated time,
/// operation, request (as sorted-key JSON: describing it by reflection cost a 200-instance storm
/// a fifth of its run), outcome and the fault that hit it. The run's own id, which differs
/// between rehearsals of one seed so the audit store can hold both, is written as `RUN` wherever
/// a request carries it (tags, snapshot descriptions).
public enum CallLogDigest {
    /// - Parameters:
    ///   - calls: The simulated account's calls, in order.
    ///   - runID: The run (or fleet parent) id, written as `RUN`.
    /// - Returns: Lowercase hex.
    public static func sha256(of calls: [CallRecord], runID: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var log = Data()
        log.reserveCapacity(calls.count * 160)
        for call in calls {
            let request = (try? encoder.encode(call.request)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
            let outcome = switch call.outcome {
            case .succeeded: "ok"
            case .failed(let code): code
            }
            let line = "\(call.sequence) \(milliseconds(call.startedAt)) \(milliseconds(call.finishedAt)) \(call.operation) "
                + request.replacingOccurrences(of: runID, with: "RUN") + " \(outcome) \(call.injectedBy ?? "-")\n"
            log.append(contentsOf: line.utf8)
        }
        return ContentHash.sha256(log)
    }

    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
