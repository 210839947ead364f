import Foundation
import RunbookModel
import Synchronization

/// Counters `/metrics` exposes in Prometheus's text format, every series named `irun_…`.
public final class ServiceMetrics: Sendable {
    private let counters = Mutex<[String: Int]>([:])

    public init() {}

    /// Counts one finding by what was decided for it.
    func finding(_ decision: FindingDecision) { add("irun_findings_total{decision=\"\(decision.rawValue)\"}") }

    /// Counts one answer to a delivery by its status.
    func delivery(status: Int) { add("irun_deliveries_total{status=\"\(status)\"}") }

    private func add(_ series: String) { counters.withLock { $0[series, default: 0] += 1 } }

    /// The exposition, with the runs by status read from the store.
    func text(runsByStatus: [RunStatus: Int]) -> String {
        var out = "# HELP irun_findings_total Findings received, by what irun decided.\n# TYPE irun_findings_total counter\n"
        let snapshot = counters.withLock { $0 }
        for decision in FindingDecision.allCases {
            out += "irun_findings_total{decision=\"\(decision.rawValue)\"} \(snapshot["irun_findings_total{decision=\"\(decision.rawValue)\"}"] ?? 0)\n"
        }
        out += "# HELP irun_deliveries_total EventBridge deliveries answered, by HTTP status.\n# TYPE irun_deliveries_total counter\n"
        for (series, value) in snapshot.sorted(by: { $0.key < $1.key }) where series.hasPrefix("irun_deliveries_total") { out += "\(series) \(value)\n" }
        out += "# HELP irun_runs Runs in the audit store, by status.\n# TYPE irun_runs gauge\n"
        for status in RunStatus.allCases { out += "irun_runs{status=\"\(status.rawValue)\"} \(runsByStatus[status] ?? 0)\n" }
        return out
    }
}
