public import AuditStore

/// What `irun serve` asks of the engine: begin the runs its decisions start, and continue a run
/// a responder decided a gate of. The command line provides it (it knows the provider, the
/// runbooks and how runs resume).
public protocol RunControl: Sendable {
    /// Begins and drives the run `plan` decided on, in the background.
    func start(_ plan: FindingPlan) async

    /// Records a responder's decision on a step waiting for approval, then continues the run.
    ///
    /// - Throws: ``GateError`` when the run is unknown or the step is not waiting.
    func decide(run: String, step: String, approve: Bool, actor: String, reason: String) async throws

    /// Starts what a stopped server left: decided runs never begun, runs whose driver is gone.
    func recover() async

    /// Stops starting steps, lets calls in flight end, records open runs as interrupted.
    func shutdown() async
}

/// Why a gate decision was refused.
public enum GateError: Error, Sendable {
    case unknownRun(String)
    /// The step is not waiting; the steps that are.
    case notWaiting(step: String, waiting: [String])
    /// The two-person rule: who started the run may not approve it.
    case sameRequester(String)
}
