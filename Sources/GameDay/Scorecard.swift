import Foundation
public import RunbookModel

/// The result of one game day: each expectation with the evidence for its verdict, and the
/// figures a team compares between rehearsals.
public struct Scorecard: Sendable, Codable {
    /// One expectation's verdict.
    public struct Verdict: Sendable, Codable {
        /// The expectation's key, e.g. `instance-survives`.
        public var name: String
        public var passed: Bool
        /// Whether the scenario is meant to fail this one (a naive runbook).
        public var meantToFail: Bool
        /// What was observed, e.g. "i-123 is terminated (by Auto Scaling at +6m10s)".
        public var evidence: String

        /// Whether the verdict is what the scenario intends.
        public var asIntended: Bool { passed != meantToFail }
    }

    public var scenario: String
    public var lesson: String
    public var seed: UInt64
    /// The run (or the fleet's parent run) recorded in the audit store, mode `gameday`.
    public var runID: String
    public var status: RunStatus
    public var verdicts: [Verdict]
    /// Seconds from the incident's start until the last target was isolated (nil: never).
    public var timeToContain: Double?
    /// Seconds from the incident's start until the last target's snapshots completed (nil: never).
    public var timeToEvidence: Double?
    /// Seconds of simulated time the run took.
    public var simulatedDuration: Double
    public var retries: Int
    /// API calls by operation (`ec2:DescribeInstances`).
    public var callsByOperation: [String: Int]
    /// Calls each fault rule failed or delayed, by rule name (`rate-limit` for throttling by the buckets).
    public var faultsMet: [String: Int]
    /// SHA-256 of the call log (see `CallLogDigest`): equal digests, identical rehearsals.
    public var callLogDigest: String
    /// The faults a swarm drew for this run (see ``FaultSchedule``); `nil` outside a swarm.
    public var faultsDrawn: [SwarmFault]? = nil

    /// Whether every expectation came out as intended.
    public var passed: Bool { verdicts.allSatisfy(\.asIntended) }

    /// Total API calls.
    public var totalCalls: Int { callsByOperation.values.reduce(0, +) }
}

/// The distribution of a scenario repeated under several seeds.
public struct RepeatSummary: Sendable, Codable {
    public var scenario: String
    public var runs: Int
    public var passRate: Double
    /// Percentiles of time to contain over the runs that contained (seconds).
    public var timeToContainP50: Double?
    public var timeToContainP95: Double?

    /// Summarises scorecards of one scenario.
    public init(_ scorecards: [Scorecard]) {
        scenario = scorecards.first?.scenario ?? ""
        runs = scorecards.count
        passRate = scorecards.isEmpty ? 0 : Double(scorecards.filter(\.passed).count) / Double(scorecards.count)
        let times = scorecards.compactMap(\.timeToContain).sorted()
        timeToContainP50 = times.isEmpty ? nil : times[times.count / 2]
        timeToContainP95 = times.isEmpty ? nil : times[min(times.count - 1, Int(Double(times.count) * 0.95))]
    }
}
