import Foundation
public import MockAWS
public import RunbookModel

/// A game day: a world, an incident in it, the trouble injected, and what a good response achieves.
public struct Scenario: Sendable {
    /// The runbook a scenario runs, and against what.
    public struct Incident: Sendable {
        /// A runbook name (in the runbooks directory) or a path relative to the scenario file.
        public var runbook: String
        /// Runbook parameters, as `--param` would give them.
        public var parameters: [String: String]
        /// The targets: one instance is a single run, several (or `tag`) a fleet.
        public var instances: [String]
        /// `Key=Value`: every instance with the tag (fleet).
        public var tag: String?
        /// The finding that triggered the response (recorded with the run).
        public var finding: [String: Value]
        /// When the incident starts, after the world's start.
        public var at: Duration
        /// Targets running at once in a fleet.
        public var concurrency: Int
    }

    /// How a pending approval is answered.
    public struct ApprovalAnswer: Sendable {
        public enum Decision: String, Sendable { case approve, deny }
        public var step: String
        public var decision: Decision
        /// How long after the request the answer arrives (simulated).
        public var after: Duration
        public var actor: String
    }

    /// A scheduled change to the world: the instance dies mid-run.
    public struct Termination: Sendable {
        public var instance: String
        /// After the incident starts.
        public var at: Duration
    }

    /// What the response must achieve.
    public struct Expectations: Sendable {
        /// Every target isolated within this long of the incident's start.
        public var containedWithin: Duration?
        /// A completed snapshot of every volume, and the capture artifact present with a matching hash.
        public var evidenceComplete: Bool?
        /// Targets not terminated at the end of the observation period.
        public var instanceSurvives: Bool?
        /// No successful mutating call names these instances (`true`: every instance not targeted).
        public var bystandersUntouched: [String]?
        /// No mutating call was made twice.
        public var noRepeatedMutations: Bool?
        /// The run's final status.
        public var status: RunStatus?
        /// The most API calls allowed.
        public var maxAPICalls: Int?
        /// The most mutating API calls allowed (0: the runbook must change nothing).
        public var maxMutatingCalls: Int?
        /// Every interface of every target in a group with no rules, and no open connection.
        public var isolatedEverywhere: Bool?
        /// Each target's final instance state (`running`, `stopped`).
        public var instanceState: String?

        public init() {}
    }

    public var name: String
    public var description: String
    /// What the scenario teaches.
    public var lesson: String
    public var path: String
    public var world: WorldSpec
    public var seed: UInt64
    public var incident: Incident
    /// Extra fault rules (their `from`/`until` count from the world's start).
    public var faults: [FaultRule]
    public var terminations: [Termination]
    public var approvals: [ApprovalAnswer]
    /// How long to keep the world running after the run, before judging survival.
    public var observeFor: Duration
    public var expectations: Expectations
    /// Expectations this scenario is meant to fail (a naive runbook), by name.
    public var expectedFailures: Set<String>
    /// What a swarm (`irun gameday --swarm N`) may draw; `nil` when the scenario declares no `swarm:`.
    public var swarm: FaultSpace?
}
