import Foundation
import MockAWS
import Providers
import Reports
import RunbookModel

/// Judges a finished game day against its expectations, from the recorded runs, the world
/// after the observation period, and the simulated account's call log.
struct Judge {
    let scenario: Scenario
    let targets: [String]
    let runs: [StoredRun]
    let world: World
    let calls: [CallRecord]
    let incidentStart: Date
    /// The kinds of each run's evidence artifacts that are present with a matching hash, by run
    /// id: by kind, because a retried capture names its artifact after the attempt.
    let intactEvidenceKinds: [String: Set<String>]
    /// The runbook's `ec2.isolate` steps, whose success is containment.
    let isolateSteps: [String]

    /// Seconds from the incident's start until the last of the runs was contained, by the
    /// reports' definition (``TimeToContain/containment(events:isolateSteps:)``); nil if one was not.
    func timeToContain() -> Double? {
        var moments: [Date] = []
        for run in runs {
            guard let (_, at) = TimeToContain.containment(events: run.events, isolateSteps: isolateSteps) else { return nil }
            moments.append(at)
        }
        return moments.max().map { $0.timeIntervalSince(incidentStart) }
    }

    /// Seconds from the incident's start until `step` succeeded in the last of the runs (nil if it did not in one of them).
    func timeToStep(_ step: String) -> Double? {
        let times = runs.map { run in run.events.last { $0.kind == .stepSucceeded && $0.step == step }?.time }
        guard !times.isEmpty, times.allSatisfy({ $0 != nil }) else { return nil }
        return times.compactMap { $0 }.max().map { $0.timeIntervalSince(incidentStart) }
    }

    func verdicts(status: RunStatus) -> [Scorecard.Verdict] {
        let expect = scenario.expectations
        var verdicts: [Scorecard.Verdict] = []
        func add(_ name: String, _ passed: Bool, _ evidence: String) {
            verdicts.append(Scorecard.Verdict(name: name, passed: passed, meantToFail: scenario.expectedFailures.contains(name), evidence: evidence))
        }
        if let wanted = expect.status {
            add("status", status == wanted, "run \(status.rawValue) (expected \(wanted.rawValue))")
        }
        if let limit = expect.containedWithin {
            let time = timeToContain()
            let passed = time.map { $0 <= limit.timeInterval } ?? false
            add("contained-within", passed, time.map { "isolated \(ScorecardRenderer.seconds($0)) after the incident (limit \(limit))" } ?? "never isolated")
        }
        if expect.evidenceComplete == true { add("evidence-complete", evidenceGaps().isEmpty, evidenceText()) }
        if let survives = expect.instanceSurvives {
            let lost = targets.filter { id in world.instances[id].map { $0.state == .terminated || $0.state == .shuttingDown } ?? true }
            let byGroup = lost.filter { world.terminatedByAutoScaling.contains($0) }
            let evidence = lost.isEmpty ? "\(targets.count == 1 ? targets[0] : "every target") still there after \(scenario.observeFor) more"
                : "\(lost.joined(separator: ", ")) terminated" + (byGroup.isEmpty ? "" : " by Auto Scaling (\(byGroup.joined(separator: ", ")))")
            add("instance-survives", lost.isEmpty == survives, evidence)
        }
        if let named = expect.bystandersUntouched {
            let bystanders = named.isEmpty ? world.instances.ids.filter { !targets.contains($0) } : named
            let touched = calls.filter { $0.operation.mutates && $0.succeeded }.flatMap { call in call.resourceIDs.filter { bystanders.contains($0) }.map { "\(call.operation.name) on \($0)" } }
            add("bystanders-untouched", touched.isEmpty, touched.isEmpty ? "no change to \(bystanders.count) bystander(s)" : touched.prefix(5).joined(separator: "; "))
        }
        if expect.noRepeatedMutations == true {
            let repeated = calls.repeatedMutations()
            add("no-repeated-mutations", repeated.isEmpty, repeated.isEmpty ? "every change made once" : repeated.prefix(3).map { "\($0.operation.name) repeated" }.joined(separator: "; "))
        }
        if let limit = expect.maxAPICalls { add("max-api-calls", calls.count <= limit, "\(calls.count) calls (limit \(limit))") }
        if let limit = expect.maxMutatingCalls {
            let count = calls.filter { $0.operation.mutates }.count
            add("max-mutating-calls", count <= limit, "\(count) mutating calls (limit \(limit))")
        }
        if expect.isolatedEverywhere == true {
            var problems: [String] = []
            for id in targets {
                for (interface, groups) in world.groupsByInterface(of: id).sorted(by: { $0.key < $1.key }) {
                    let open = groups.filter { world.securityGroups[$0].map { !$0.ipPermissions.isEmpty || !$0.ipPermissionsEgress.isEmpty } ?? true }
                    if !open.isEmpty { problems.append("\(interface) still in \(open.joined(separator: ","))") }
                }
                if world.openConnections(of: id) > 0 { problems.append("\(id) has \(world.openConnections(of: id)) open connection(s)") }
            }
            add("isolated-everywhere", problems.isEmpty, problems.isEmpty ? "every interface in a no-rule group, no open connection" : problems.prefix(4).joined(separator: "; "))
        }
        if let state = expect.instanceState {
            let states = targets.map { "\($0) \(world.instances[$0]?.state.rawValue ?? "gone")" }
            add("instance-state", targets.allSatisfy { world.instances[$0]?.state.rawValue == state }, states.joined(separator: ", ") + " (expected \(state))")
        }
        return verdicts
    }

    /// What is missing from the evidence: the capture artifact (present, hash matching) and a completed snapshot of every volume.
    func evidenceGaps() -> [String] {
        var gaps: [String] = []
        for run in runs {
            let instance = run.header.parameters["instance"]?.stringValue ?? "?"
            if intactEvidenceKinds[run.header.id]?.contains("ec2-instance-description") != true { gaps.append("\(instance): no intact capture artifact") }
            guard case .list(let volumes)? = run.events.last(where: { $0.kind == .stepSucceeded && $0.step == "capture" })?.payload[member: "outputs"][member: "volumes"] as Value? else {
                gaps.append("\(instance): nothing captured")
                continue
            }
            for volume in volumes.compactMap({ $0[member: "id"].stringValue }) {
                let done = world.snapshots.values.contains { $0.snapshot.volumeId == volume && $0.snapshot.state == .completed && $0.snapshot.startTime >= incidentStart }
                if !done { gaps.append("\(instance): no completed snapshot of \(volume)") }
            }
        }
        return gaps
    }

    func evidenceText() -> String {
        let gaps = evidenceGaps()
        return gaps.isEmpty ? "capture artifact intact and a completed snapshot of every volume" : gaps.prefix(4).joined(separator: "; ")
    }
}
