import Foundation
public import Providers
import RunbookModel
import Synchronization

/// What `/metrics` exposes in Prometheus's text format, every series named `irun_…`: findings by
/// decision, deliveries by answer, runs by status, time to contain, AWS calls and throttles.
public final class ServiceMetrics: Sendable {
    /// Upper bounds of the time-to-contain histogram, in seconds.
    static let containBuckets: [Double] = [5, 15, 30, 60, 120, 300, 600, 1800]

    private struct State {
        var findings: [FindingDecision: Int] = [:]
        var deliveries: [Int: Int] = [:]
        var contain: [Int] = Array(repeating: 0, count: ServiceMetrics.containBuckets.count + 1)
        var containSum = 0.0
    }

    private let state = Mutex(State())
    /// The AWS calls this process sent and the throttled answers, per operation.
    private let calls: @Sendable () -> (sent: [AWSOperation: Int], throttled: [AWSOperation: Int])

    public init(calls: @escaping @Sendable () -> (sent: [AWSOperation: Int], throttled: [AWSOperation: Int]) = { ([:], [:]) }) {
        self.calls = calls
    }

    func finding(_ decision: FindingDecision) { state.withLock { $0.findings[decision, default: 0] += 1 } }

    func delivery(status: Int) { state.withLock { $0.deliveries[status, default: 0] += 1 } }

    /// Records how long a finding took to be contained: from its arrival to its isolation.
    public func contained(after seconds: Double) {
        state.withLock { state in
            let bucket = Self.containBuckets.firstIndex { seconds <= $0 } ?? Self.containBuckets.count
            state.contain[bucket] += 1
            state.containSum += seconds
        }
    }

    /// The exposition, with the runs by status read from the store.
    func text(runsByStatus: [RunStatus: Int]) -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP irun_findings_total Findings received, by what irun decided.\n# TYPE irun_findings_total counter\n"
        for decision in FindingDecision.allCases { out += "irun_findings_total{decision=\"\(decision.rawValue)\"} \(snapshot.findings[decision] ?? 0)\n" }
        out += "# HELP irun_deliveries_total EventBridge deliveries answered, by HTTP status.\n# TYPE irun_deliveries_total counter\n"
        for (status, count) in snapshot.deliveries.sorted(by: { $0.key < $1.key }) { out += "irun_deliveries_total{status=\"\(status)\"} \(count)\n" }
        out += "# HELP irun_runs Runs in the audit store, by status.\n# TYPE irun_runs gauge\n"
        for status in RunStatus.allCases { out += "irun_runs{status=\"\(status.rawValue)\"} \(runsByStatus[status] ?? 0)\n" }
        out += "# HELP irun_time_to_contain_seconds From a finding's arrival to its instance's isolation.\n# TYPE irun_time_to_contain_seconds histogram\n"
        var cumulative = 0
        for (index, bound) in Self.containBuckets.enumerated() {
            cumulative += snapshot.contain[index]
            out += "irun_time_to_contain_seconds_bucket{le=\"\(bound.formatted(.number.grouping(.never)))\"} \(cumulative)\n"
        }
        cumulative += snapshot.contain[Self.containBuckets.count]
        out += "irun_time_to_contain_seconds_bucket{le=\"+Inf\"} \(cumulative)\nirun_time_to_contain_seconds_sum \(snapshot.containSum)\nirun_time_to_contain_seconds_count \(cumulative)\n"
        let (sent, throttled) = calls()
        var sentByFamily: [String: Int] = [:], throttledByFamily: [String: Int] = [:]
        for (operation, count) in sent { sentByFamily[RateLimitFamily.of(operation).rawValue, default: 0] += count }
        for (operation, count) in throttled { throttledByFamily[RateLimitFamily.of(operation).rawValue, default: 0] += count }
        out += "# HELP irun_aws_calls_total AWS calls sent, by the family AWS meters them in.\n# TYPE irun_aws_calls_total counter\n"
        for family in RateLimitFamily.allCases.map(\.rawValue) { out += "irun_aws_calls_total{family=\"\(family)\"} \(sentByFamily[family] ?? 0)\n" }
        out += "# HELP irun_aws_throttled_total AWS answers that throttled a call, by family.\n# TYPE irun_aws_throttled_total counter\n"
        for family in RateLimitFamily.allCases.map(\.rawValue) { out += "irun_aws_throttled_total{family=\"\(family)\"} \(throttledByFamily[family] ?? 0)\n" }
        return out
    }
}
