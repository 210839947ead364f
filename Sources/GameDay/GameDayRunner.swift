public import Actions
public import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import Reports
import RunbookModel

/// A scenario that cannot run (its runbook is missing or invalid, its parameters do not bind).
public struct GameDayError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Runs game-day scenarios: the real runbooks against a simulated world on a virtual clock,
/// with the scenario's faults, terminations and approval answers, recorded in the audit store
/// as runs in mode `gameday`, then judged against the scenario's expectations.
public struct GameDayRunner: Sendable {
    public let registry: ActionRegistry
    public let store: AuditDatabase
    /// Where runbooks named by scenarios are found.
    public let runbooksDirectories: [String]

    public init(registry: ActionRegistry, store: AuditDatabase, runbooksDirectories: [String]) {
        self.registry = registry
        self.store = store
        self.runbooksDirectories = runbooksDirectories
    }

    /// Runs a scenario once.
    ///
    /// - Parameters:
    ///   - scenario: The scenario.
    ///   - seed: Overrides the scenario's seed (for `--seed`, `--repeat` and `--swarm`).
    ///   - faults: Faults a swarm drew for this run, on top of the scenario's own.
    ///   - recording: Whether the rehearsal is written to the audit store; a swarm's thousand
    ///     runs are not (they would bury the real runs), the replay of one of them is.
    /// - Returns: The scorecard.
    /// - Throws: ``GameDayError`` if the scenario cannot run; the audit store's errors.
    public func run(_ scenario: Scenario, seed: UInt64? = nil, faults: FaultSchedule? = nil, recording: Bool = true) async throws -> Scorecard {
        // One job at a time on an executor of its own: parallel steps interleave the same way every time.
        let scenario = faults?.applied(to: scenario) ?? scenario
        let clock = SimulationClock(start: scenario.world.start)
        return try await SimulationExecutor.run(clock: clock) {
            try await ProvisioningScope.separate {
                var card = try await simulate(scenario, seed: seed, clock: clock, recording: recording)
                card.faultsDrawn = faults?.faults
                return card
            }
        }
    }

    private func simulate(_ scenario: Scenario, seed: UInt64?, clock: SimulationClock, recording: Bool) async throws -> Scorecard {
        let seed = seed ?? scenario.seed
        let recorder = SimulationRecorder()
        var spec = scenario.world
        spec.seed = seed
        spec.behaviour.faults += scenario.faults
        let aws: MockAWS
        do { aws = try MockAWS(spec: spec, clock: clock) } catch { throw GameDayError(description: "\(scenario.path): \(error.description)") }
        clock.advance(by: scenario.incident.at)
        await aws.settle()
        let incidentStart = clock.now
        for termination in scenario.terminations {
            await aws.change { $0.scheduleTermination(of: termination.instance, at: incidentStart.addingTimeInterval(termination.at.timeInterval), reason: "Game day: terminated at +\(termination.at)") }
        }
        let plan = try compile(scenario)
        let targets = try await targets(of: scenario, aws: aws)
        // Eight hex digits always: texts that carry the id and are cut to a length (snapshot
        // descriptions) cut the same way in every rehearsal.
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let runID = "gd-\(scenario.name)-s\(seed)-" + String(repeating: "0", count: 8 - suffix.count) + suffix
        var given = scenario.incident.parameters.map { (name: $0.key, text: $0.value) }.sorted { $0.name < $1.name }
        if targets.count == 1, scenario.incident.parameters["instance"] == nil, plan.runbook.parameter(named: "instance") != nil { given.append(("instance", targets[0])) }
        if targets.count > 1 { given.append(("instance", targets[0])) }
        let values: [String: Value]
        do {
            values = try ParameterBinding.bind(given, to: plan.runbook, scope: ExpressionScope(roots: ["run": ["id": .string(runID)]]), flag: { "incident.parameters.\($0)" })
        } catch { throw GameDayError(description: "\(scenario.path): \(error.problems.joined(separator: "; "))") }
        var stored = plan.runbook.redacting(values)
        stored["finding"] = .object(scenario.incident.finding)
        let header = RunHeader(
            id: runID, runbookName: plan.runbook.name, runbookPath: plan.runbook.source.path, runbookSHA256: ContentHash.sha256(plan.runbook.source.text),
            runbookText: plan.runbook.source.text, parameters: stored, mode: .gameday, provider: "mock (game day \(scenario.name))",
            actor: "game-day", startedAt: clock.now
        )
        let options = ExecutionOptions(maxConcurrency: 8, autoApprove: false, actor: "game-day", clock: clock, jitterSeed: seed)
        let status: RunStatus
        var runIDs: [String]
        if targets.count > 1 {
            var fleetOptions = options
            fleetOptions.autoApprove = true
            var parent = header
            parent.parameters["instance"] = nil
            parent.parameters["fleet"] = .list(targets.map(Value.string))
            let fleet = FleetRunner(registry: registry, recorder: recorder, providers: AWSProviders(aws), options: fleetOptions, observer: nil,
                                    interrupt: InterruptSignal(), maxConcurrentTargets: scenario.incident.concurrency, errorBudget: .percent(100))
            let outcome = try await fleet.run(plan, parent: parent, instances: targets, parameters: values, storedParameters: stored)
            status = outcome.status
            runIDs = outcome.targets.compactMap(\.runID)
        } else {
            status = try await runWithApprovals(scenario, plan: plan, header: header, values: values, aws: aws, clock: clock, options: options, recorder: recorder)
            runIDs = [runID]
        }
        let finished = clock.now
        clock.advance(by: scenario.observeFor)
        let world = await aws.settle()
        // The events as recorded (the store holds the same, copied in one transaction), and the
        // evidence as the store holds it — written and read back — when the run is recorded.
        var runs: [StoredRun] = []
        var intact: [String: Set<String>] = [:]
        if recording { try await recorder.copy(into: store) }
        for id in runIDs {
            if let run = try await recorder.run(id) { runs.append(run) }
            intact[id] = recording ? Set(try await store.evidence(ofRun: id).filter(\.isIntact).map(\.artifact.kind)) : recorder.evidenceKinds(ofRun: id)
        }
        let judge = Judge(
            scenario: scenario, targets: targets, runs: runs, world: world, calls: await aws.calls, incidentStart: incidentStart, intactEvidenceKinds: intact,
            isolateSteps: TimeToContain.isolateSteps(of: plan)
        )
        return Scorecard(
            scenario: scenario.name, lesson: scenario.lesson, seed: seed, runID: runID, status: status,
            verdicts: judge.verdicts(status: status), timeToContain: judge.timeToContain(), timeToEvidence: judge.timeToStep("snapshot"),
            simulatedDuration: finished.timeIntervalSince(incidentStart), retries: runs.reduce(0) { $0 + $1.events.filter { $0.kind == .stepRetrying }.count },
            callsByOperation: Dictionary(grouping: await aws.calls, by: { $0.operation.description }).mapValues(\.count),
            faultsMet: Dictionary(grouping: await aws.calls.filter { $0.injectedBy != nil }, by: { $0.injectedBy! }).mapValues(\.count),
            callLogDigest: CallLogDigest.sha256(of: await aws.calls, runID: runID)
        )
    }

    /// A single run, answering approvals as the scenario says (after their simulated delay).
    private func runWithApprovals(
        _ scenario: Scenario, plan: Plan, header: RunHeader, values: [String: Value], aws: MockAWS, clock: SimulationClock, options: ExecutionOptions,
        recorder: SimulationRecorder
    ) async throws -> RunStatus {
        let executor = Executor(registry: registry, recorder: recorder, providers: AWSProviders(aws), options: options)
        var outcome = try await executor.start(plan, header: header, parameters: values)
        var answered: Set<String> = []
        while outcome.status == .waitingApproval {
            let pending = outcome.waitingForApproval.compactMap { step in scenario.approvals.first { $0.step == step && !answered.contains(step) } }
            guard let answer = pending.first else { break }
            answered.insert(answer.step)
            clock.advance(by: answer.after)
            let decision = ApprovalDecided(actor: answer.actor, reason: "game day: answered after \(answer.after)")
            try await recorder.append([RunEvent(
                runID: header.id, time: clock.now, step: answer.step, answer.decision == .approve ? .approvalGranted(decision) : .approvalDenied(decision)
            )])
            guard let stored = try await recorder.run(header.id) else { break }
            outcome = try await executor.resume(stored, plan: plan, parameters: values)
        }
        return outcome.status
    }

    private func compile(_ scenario: Scenario) throws -> Plan {
        let reference = scenario.incident.runbook
        let scenarioDirectory = URL(fileURLWithPath: scenario.path).deletingLastPathComponent()
        let candidates = reference.hasSuffix(".yaml")
            ? [URL(fileURLWithPath: reference, relativeTo: scenarioDirectory).path, reference]
            : runbooksDirectories.map { "\($0)/\(reference).yaml" } + [scenarioDirectory.appendingPathComponent("\(reference).yaml").path]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw GameDayError(description: "\(scenario.path): no runbook '\(reference)' (looked in \(candidates.joined(separator: ", ")))")
        }
        let compilation = RunbookCompiler.compile(contentsOf: path, catalog: registry.catalog)
        guard let plan = compilation.plan, compilation.isValid else {
            throw GameDayError(description: "\(path): invalid runbook: \(compilation.errors.map(\.description).joined(separator: "; "))")
        }
        return plan
    }

    private func targets(of scenario: Scenario, aws: MockAWS) async throws -> [String] {
        var ids = scenario.incident.instances
        if let instance = scenario.incident.parameters["instance"] { ids.append(instance) }
        if let tag = scenario.incident.tag, let separator = tag.firstIndex(of: "=") {
            let filters = [Filter(name: "tag:\(tag[..<separator])", values: [String(tag[tag.index(after: separator)...])]),
                           Filter(name: "instance-state-name", values: ["pending", "running", "stopping", "stopped"])]
            ids += await aws.settle().instances.values.filter { instance in
                instance.tags.contains { "tag:\($0.key)" == filters[0].name && filters[0].values.contains($0.value) } && filters[1].values.contains(instance.state.rawValue)
            }.map(\.id)
        }
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }
}
