public import Foundation
public import RunbookModel

/// Turns an execution of a compiled runbook into runs of the audit store: one run for the
/// single form; for the fleet form a parent run and one child per instance (`PARENT.i-…`), as
/// a local fleet records them. Runs are of mode `step-functions`; their events are hash-chained
/// by the store like any other, and each capture's description becomes evidence with its SHA-256.
public struct ExecutionImport: Sendable {
    public let plan: Plan
    public let header: RunHeader
    public let fleet: Bool
    /// The actions that change something (`mutates` in their signatures).
    public let mutatingActions: Set<String>

    /// - Parameters:
    ///   - plan: The runbook the state machine was compiled from.
    ///   - header: The run: its id is the execution's name, its mode `step-functions`.
    ///   - fleet: Whether the machine is the fleet form.
    public init(plan: Plan, header: RunHeader, fleet: Bool, mutatingActions: Set<String>) {
        self.plan = plan
        self.header = header
        self.fleet = fleet
        self.mutatingActions = mutatingActions
    }

    /// The writes for a finished execution's history (oldest event first).
    ///
    /// - Parameters:
    ///   - events: The history.
    ///   - status: DescribeExecution's status: SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
    /// - Throws: ``ImportRefusal`` when the execution has not ended.
    public func writes(for events: [ExecutionEvent], status: String) throws(ImportRefusal) -> [ImportedWrite] {
        guard status != "RUNNING" else {
            throw ImportRefusal("the execution is still RUNNING; import it once it has ended (`irun sfn start --wait` follows one to its end)")
        }
        return try writes(for: events, status: status, finishing: true)
    }

    private func writes(for events: [ExecutionEvent], status: String, finishing: Bool) throws(ImportRefusal) -> [ImportedWrite] {
        let end = events.last { $0.type.hasPrefix("Execution") && $0.type != "ExecutionStarted" }
        let succeeded = status == "SUCCEEDED"
        let started = events.first?.time ?? header.startedAt
        var header = self.header
        header.startedAt = started
        var runStarted = header.started
        if fleet {
            let targets = ExecutionInput.instances(in: events.first { $0.type == "ExecutionStarted" }?.input)
            runStarted.fleet = .object(["targets": .list(targets.map(Value.string))])
        }
        var writes: [ImportedWrite] = [.begin(header, RunEvent(runID: header.id, time: started, .runStarted(runStarted)))]
        guard fleet else {
            var replay = StepReplay(plan: plan, runID: header.id, mutatingActions: mutatingActions)
            for event in events { replay.replay(event) }
            if finishing { replay.finish(succeeded: succeeded, error: end?.error, cause: end?.cause, at: end?.time ?? started) }
            return writes + replay.writes
        }
        return writes + fleetWrites(events, header: header, succeeded: succeeded, end: end, finishing: finishing)
    }

    /// The events of an execution that may still be running, for following it: what
    /// ``writes(for:status:)`` would record so far, without the ends not reached yet.
    public func progress(for events: [ExecutionEvent]) -> [RunEvent] {
        let status = events.last { $0.type.hasPrefix("Execution") && $0.type != "ExecutionStarted" }.map { $0.type == "ExecutionSucceeded" ? "SUCCEEDED" : "FAILED" }
        let writes = (try? self.writes(for: events, status: status ?? "IN-PROGRESS", finishing: status != nil)) ?? []
        return writes.flatMap { write -> [RunEvent] in
            switch write {
            case .begin(_, let event): [event]
            case .append(let events): events
            case .evidence: []
            }
        }
    }

    /// A fleet: each `fleet` Map iteration is a child run; an event belongs to the iteration
    /// its chain of previous events leads back to.
    private func fleetWrites(_ events: [ExecutionEvent], header: RunHeader, succeeded: Bool, end: ExecutionEvent?, finishing: Bool) -> [ImportedWrite] {
        var iterationOf: [Int: Int] = [:]
        var instances: [Int: String] = [:]
        var replays: [Int: StepReplay] = [:]
        var order: [Int] = []
        var writes: [ImportedWrite] = []
        for event in events {
            let iteration: Int?
            if event.type == "MapIterationStarted", event.mapName == "fleet", let index = event.mapIndex {
                iteration = index
            } else {
                iteration = event.previousID.flatMap { iterationOf[$0] }
            }
            guard let iteration else { continue }
            iterationOf[event.id] = iteration
            if instances[iteration] == nil, event.isStateEntered, let instance = ExecutionEvent.json(event.input)[member: "params"][member: "instance"].stringValue {
                instances[iteration] = instance
                var child = header
                child.id = "\(header.id).\(instance)"
                child.parentRunID = header.id
                child.parameters["instance"] = .string(instance)
                child.startedAt = event.time
                writes.append(.begin(child, RunEvent(runID: child.id, time: event.time, .runStarted(child.started))))
                replays[iteration] = StepReplay(plan: plan, runID: child.id, mutatingActions: mutatingActions)
                order.append(iteration)
            }
            guard var replay = replays[iteration] else { continue }
            switch event.state {
            case "fleet.target.succeeded" where event.isStateEntered:
                replay.finish(succeeded: true, error: nil, cause: nil, at: event.time)
            case "fleet.target.failed" where event.isStateEntered:
                let caught = ExecutionEvent.json(event.input)[member: "caught"]
                replay.finish(succeeded: false, error: caught[member: "Error"].stringValue, cause: caught[member: "Cause"].stringValue, at: event.time)
            default:
                replay.replay(event)
            }
            // Taken as each event comes, so the runs' events interleave in the store as they happened.
            writes += replay.takeWrites()
            replays[iteration] = replay
        }
        guard finishing else { return writes }
        let children = order.map { index in
            FleetChild(instance: instances[index] ?? "?", run: instances[index].map { "\(header.id).\($0)" }, status: replays[index]?.status?.rawValue ?? "not-started")
        }
        let counts = Dictionary(grouping: children, by: \.status).mapValues(\.count)
        let reason = succeeded ? "" : (end?.cause.map { "\(end?.error ?? "failed"): \($0)" } ?? counts.filter { $0.key != "succeeded" }.map { "\($0.value) \($0.key)" }.sorted().joined(separator: ", "))
        writes.append(.append([RunEvent(runID: header.id, time: end?.time ?? header.startedAt, .runFinished(RunEnded(
            status: succeeded ? .succeeded : .failed, reason: reason, targets: children.count, counts: counts, children: children)))]))
        return writes
    }
}
