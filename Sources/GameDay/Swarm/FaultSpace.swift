import Foundation
public import MockAWS
import Providers

/// The trouble a swarm may draw for a scenario (its `swarm:` section): which operations AWS may
/// throttle, fail or slow down, which instances someone else may terminate, and how late
/// approvals may come. Each swarm run draws its own few faults from it, by its seed.
public struct FaultSpace: Sendable, Hashable {
    /// Operations that may be throttled for a while (with the error their service gives).
    public var throttle: [String] = []
    /// How long a throttling burst may last, at most.
    public var throttleFor: Duration = .seconds(60)
    /// Operations whose first calls may fail with one of ``errors``.
    public var fail: [String] = []
    /// The error codes a failing call may get: transient server errors unless the scenario says otherwise.
    public var errors: [String] = ["InternalError", "Unavailable"]
    /// How many consecutive calls a failure may hit, at most.
    public var failCalls = 3
    /// Operations that may slow down for a while.
    public var slow: [String] = []
    /// The most extra latency a slow-down adds to each call.
    public var slowBy: Duration = .seconds(10)
    /// Instances someone else may terminate during the response.
    public var terminate: [String] = []
    /// How much later than the scenario says an approval may be answered (`nil`: never late).
    public var lateApprovals: Duration?
    /// Faults begin within this long of the incident.
    public var within: Duration = .seconds(300)
    /// The most faults one run draws (it draws 0 to this many).
    public var maxFaults = 3

    public init() {}

    /// Whether the space holds anything to draw.
    public var isEmpty: Bool { throttle.isEmpty && fail.isEmpty && slow.isEmpty && terminate.isEmpty && lateApprovals == nil }
}

/// One fault a swarm run drew; its text is how a responder reads the schedule.
public enum SwarmFault: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kinds of fault, as a swarm summary counts them.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case throttle, fail, slow, terminate
        case lateApprovals = "late-approvals"
    }

    /// A share of the operation's calls is throttled for a while.
    case throttle(operation: String, code: String, percent: Int, from: Duration, lasting: Duration)
    /// The operation's first calls fail.
    case fail(operation: String, code: String, calls: Int)
    /// Each call of the operation takes this much longer for a while.
    case slow(operation: String, by: Duration, from: Duration, lasting: Duration)
    /// Someone else terminates the instance.
    case terminate(instance: String, at: Duration)
    /// Every approval is answered this much later than the scenario says.
    case lateApprovals(by: Duration)

    public var description: String {
        switch self {
        case .throttle(let operation, let code, let percent, let from, let lasting):
            "throttle \(operation) (\(code)) on \(percent)% of calls from +\(Self.text(from)) for \(Self.text(lasting))"
        case .fail(let operation, let code, let calls):
            "fail the first \(calls == 1 ? "call" : "\(calls) calls") of \(operation) with \(code)"
        case .slow(let operation, let by, let from, let lasting):
            "slow \(operation) by \(Self.text(by)) a call from +\(Self.text(from)) for \(Self.text(lasting))"
        case .terminate(let instance, let at):
            "terminate \(instance) at +\(Self.text(at))"
        case .lateApprovals(let by):
            "answer approvals \(Self.text(by)) late"
        }
    }

    public var kind: Kind {
        switch self {
        case .throttle: .throttle
        case .fail: .fail
        case .slow: .slow
        case .terminate: .terminate
        case .lateApprovals: .lateApprovals
        }
    }

    /// What the fault targets: two faults on the same target would hide one another.
    var target: String {
        switch self {
        case .throttle(let operation, _, _, _, _): "throttle \(operation)"
        case .fail(let operation, _, _): "fail \(operation)"
        case .slow(let operation, _, _, _): "slow \(operation)"
        case .terminate(let instance, _): "terminate \(instance)"
        case .lateApprovals: "approvals"
        }
    }

    /// `1m30s`, `2.5s`: the shortest exact text.
    static func text(_ duration: Duration) -> String {
        let milliseconds = Int64(duration.timeInterval * 1000)
        if milliseconds % 1000 != 0 { return milliseconds >= 1000 ? String(format: "%.1fs", Double(milliseconds) / 1000) : "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        let (hours, minutes, rest) = (seconds / 3600, seconds % 3600 / 60, seconds % 60)
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 || text.isEmpty { text += "\(rest)s" }
        return text
    }
}
