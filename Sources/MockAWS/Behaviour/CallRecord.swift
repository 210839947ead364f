public import Foundation
public import Providers

/// One API call the simulated world received, as tests and game-day scorecards read it.
public struct CallRecord: Sendable, CustomStringConvertible {
    /// What became of the call.
    public enum Outcome: Hashable, Sendable {
        case succeeded
        /// Failed with this AWS error code.
        case failed(code: String)
    }

    /// 1 for the world's first call, then counting up.
    public var sequence: Int
    public var operation: AWSOperation
    /// The request as the caller sent it.
    public var request: any AWSRequest
    public var requestID: String
    /// When the call arrived (simulated time).
    public var startedAt: Date
    /// When it answered (after its simulated latency).
    public var finishedAt: Date
    public var outcome: Outcome
    /// The fault rule that failed or delayed the call, or `rate-limit`; `nil` when none did.
    public var injectedBy: String?

    /// Whether the call succeeded.
    public var succeeded: Bool { outcome == .succeeded }

    /// The ids the call named.
    public var resourceIDs: [String] { request.resourceIDs }

    /// A stable one-line rendering: sequence, time, operation, request, outcome.
    public var description: String {
        let outcomeText: String = switch outcome {
        case .succeeded: "ok"
        case .failed(let code): code
        }
        let via = injectedBy.map { " [\($0)]" } ?? ""
        return "#\(sequence) \(Self.timestamp(startedAt)) \(operation) \(request) → \(outcomeText)\(via)"
    }

    private static func timestamp(_ date: Date) -> String {
        String(format: "%.3f", date.timeIntervalSince1970)
    }
}

extension [CallRecord] {
    /// The calls of one operation.
    public func calls(to operation: AWSOperation) -> [CallRecord] { filter { $0.operation == operation } }

    /// Successful mutating calls that repeat an earlier successful call exactly (same operation and request).
    ///
    /// An idempotent runbook leaves this empty: a retry or a resume never doubles a change.
    public func repeatedMutations() -> [CallRecord] {
        var seen: Set<String> = []
        return filter { call in
            guard call.operation.mutates, call.succeeded else { return false }
            return !seen.insert("\(call.operation) \(call.request)").inserted
        }
    }
}
