public import Actions
import Foundation
public import Providers
public import RunbookModel

/// How many failed targets a fleet tolerates before it stops starting new ones.
public enum ErrorBudget: Hashable, Sendable {
    case count(Int)
    case percent(Double)

    /// Parses `N` or `N%`.
    ///
    /// - Parameter text: The `--max-errors` value.
    /// - Returns: The budget, or `nil` if the text is neither.
    public init?(parsing text: String) {
        if text.hasSuffix("%"), let value = Double(text.dropLast()), (0...100).contains(value) { self = .percent(value) }
        else if let value = Int(text), value >= 0 { self = .count(value) }
        else { return nil }
    }

    /// The most failures out of `total` targets the budget allows: for a limit given as a count,
    /// elsewhere than in this process (a state machine's `irun.maxErrors`).
    ///
    /// - Parameter total: The number of targets.
    /// - Returns: The count `isExceeded` stays false up to.
    public func allowedFailures(of total: Int) -> Int {
        switch self {
        case .count(let limit): limit
        case .percent(let share): Int((Double(total) * share / 100).rounded(.down))
        }
    }

    /// Whether `failures` out of `total` targets exceed the budget.
    func isExceeded(failures: Int, of total: Int) -> Bool {
        switch self {
        case .count(let limit): failures > limit
        case .percent(let share): Double(failures) > Double(total) * share / 100
        }
    }
}

/// How a fleet paces its calls to AWS.
public enum FleetPacing: String, Hashable, Sendable, CaseIterable {
    /// Every API action within a share of AWS's documented token bucket from the first call:
    /// the burst at once, then the refill rate (see ``ThrottleGate``).
    case tokenBuckets = "buckets"
    /// Unpaced until AWS throttles an action, then that action within its bucket's refill (the
    /// AWS SDKs' adaptive mode): for endpoints whose limits are raised or absent.
    case afterThrottling = "adaptive"
}

/// How a fleet ended: one child run per target, and a summary.
public struct FleetOutcome: Sendable {
    public struct Target: Sendable {
        public var instance: String
        /// The child run's id, or `nil` if the target was never started.
        public var runID: String?
        /// How the child run stands; `nil` when the target was never started.
        public var status: RunStatus?
        public var failure: String?
    }

    public var parentRunID: String
    public var status: RunStatus
    public var targets: [Target]
    /// Calls the fleet's shared back-off saw throttled.
    public var throttledCalls: Int
    /// The calls the fleet sent, per service (a merged call counts once).
    public var sentCalls: [AWSService: Int]
}

/// Runs one runbook against many instances: a parent run, one child run per target, at most
/// `maxConcurrency` targets at once, no new targets once the error budget is spent, and one
/// shared back-off when AWS throttles any of them.
public struct FleetRunner: Sendable {
    public let registry: ActionRegistry
    public let recorder: any RunRecorder
    public let providers: AWSProviders
    public let options: ExecutionOptions
    public let observer: (any RunObserver)?
    public let interrupt: InterruptSignal
    /// Targets running at once.
    public let maxConcurrentTargets: Int
    public let errorBudget: ErrorBudget
    /// Whether the targets' concurrent calls are merged where the API allows it (see `MergingMiddleware`).
    public let batchCalls: Bool
    /// The process's pacing, which the fleet's calls share with every other run of it.
    public let pacer: CallPacing

    public init(
        registry: ActionRegistry, recorder: any RunRecorder, providers: AWSProviders, options: ExecutionOptions,
        observer: (any RunObserver)?, interrupt: InterruptSignal, maxConcurrentTargets: Int, errorBudget: ErrorBudget, batchCalls: Bool = false,
        pacer: CallPacing? = nil
    ) {
        self.batchCalls = batchCalls
        self.pacer = pacer ?? CallPacing(clock: options.clock)
        self.registry = registry
        self.recorder = recorder
        self.providers = providers
        self.options = options
        self.observer = observer
        self.interrupt = interrupt
        self.maxConcurrentTargets = max(1, maxConcurrentTargets)
        self.errorBudget = errorBudget
    }

    /// Runs `plan` once per instance.
    ///
    /// - Parameters:
    ///   - plan: The runbook's plan; its `instance` parameter is set per target.
    ///   - parent: The parent run's header (its parameters list the targets).
    ///   - instances: The targets, without duplicates.
    ///   - parameters: The other parameters, shared by every target (full values).
    ///   - storedParameters: The same, redacted, as the child headers record them.
    /// - Returns: Each target's outcome and the fleet's status.
    /// - Throws: If the audit store fails.
    public func run(_ plan: Plan, parent: RunHeader, instances: [String], parameters: [String: Value], storedParameters: [String: Value]) async throws -> FleetOutcome {
        var started = parent.started
        started.fleet = fleetPlan(instances).recorded
        try await recorder.begin(parent, with: RunEvent(runID: parent.id, time: options.clock.now, .runStarted(started)))
        let work = instances.map { TargetWork.start($0) }
        return try await drive(plan, parent: parent, targets: instances, work: work, parameters: parameters, storedParameters: storedParameters)
    }

    /// Continues a fleet a crash or Ctrl-C cut off: each child still open (running or
    /// interrupted) is resumed from where it stopped, each target never started is started, and
    /// children that ended, or wait for a human, keep their outcome.
    ///
    /// Failures already recorded count against the error budget, so a resume never starts more
    /// targets than the first process would have.
    ///
    /// - Parameters:
    ///   - plan: The runbook's plan, compiled from the text recorded with the parent.
    ///   - parent: The parent run as stored; it must still be open.
    ///   - targets: The fleet's targets, from its recorded ``FleetPlan``.
    ///   - children: The parent's child runs as stored, by instance.
    ///   - parameters: The shared parameters in full (secrets given again).
    ///   - storedParameters: The same, redacted.
    /// - Returns: Every target's outcome and the fleet's status.
    /// - Throws: ``ResumeError`` if the parent already ended; if the audit store fails.
    public func resume(
        _ plan: Plan, parent: StoredRun, targets: [String], children: [String: StoredRun], parameters: [String: Value], storedParameters: [String: Value]
    ) async throws -> FleetOutcome {
        let parent = try await recorder.takeUp(parent, what: "fleet", options: options, observer: observer)
        let work = targets.map { instance -> TargetWork in
            guard let child = children[instance] else { return .start(instance) }
            if child.status.isOpen, child.status != .waitingApproval { return .resume(child) }
            return .ended(FleetOutcome.Target(instance: instance, runID: child.header.id, status: child.status, failure: nil))
        }
        return try await drive(plan, parent: parent.header, targets: targets, work: work, parameters: parameters, storedParameters: storedParameters)
    }

    private func fleetPlan(_ targets: [String]) -> FleetPlan {
        FleetPlan(targets: targets, errorBudget: errorBudget, maxConcurrentTargets: maxConcurrentTargets, pacing: pacer.pacing, apiShare: pacer.share)
    }

    /// What one target needs: a first start, a resume of its stored child, or nothing (it ended).
    private enum TargetWork {
        case start(String)
        case resume(StoredRun)
        case ended(FleetOutcome.Target)
    }

    private func drive(
        _ plan: Plan, parent: RunHeader, targets instances: [String], work: [TargetWork], parameters: [String: Value], storedParameters: [String: Value]
    ) async throws -> FleetOutcome {
        let metrics = pacer.metrics
        let (sentBefore, throttledBefore) = (metrics.sentByService, metrics.throttled)
        let shared = RequestPipeline.paced(backend: providers, clock: options.clock, pacer: pacer, merging: batchCalls).providers
        let executor = Executor(registry: registry, recorder: recorder, providers: shared, options: options, observer: observer, interrupt: interrupt)
        var results: [FleetOutcome.Target?] = work.map { if case .ended(let target) = $0 { target } else { nil } }
        var failures = results.compactMap { $0 }.filter(\.countsAsFailure).count
        var pending = work.indices.filter { results[$0] == nil }[...]
        // When each of the `maxConcurrentTargets` slots is free again (on a simulated clock, a new
        // target starts when the one it replaces ended, not when the latest one did).
        var freeAt = Array(repeating: options.clock.now, count: maxConcurrentTargets)
        var latestEnd = options.clock.now
        let clock = options.clock
        try await withThrowingTaskGroup(of: (Int, FleetOutcome.Target, Date).self) { group in
            var running = 0
            while true {
                while running < maxConcurrentTargets, let index = pending.first, !interrupt.isInterrupted,
                      !errorBudget.isExceeded(failures: failures, of: instances.count) {
                    pending.removeFirst()
                    let instance = instances[index]
                    var values = parameters, stored = storedParameters
                    values["instance"] = .string(instance)
                    stored["instance"] = .string(instance)
                    let header = RunHeader(
                        id: "\(parent.id).\(instance)", runbookName: parent.runbookName, runbookPath: parent.runbookPath,
                        runbookSHA256: parent.runbookSHA256, runbookText: parent.runbookText, parameters: stored, mode: parent.mode,
                        provider: parent.provider, actor: parent.actor, startedAt: options.clock.now, parentRunID: parent.id,
                        actingAs: parent.actingAs
                    )
                    freeAt.sort()
                    let start = freeAt.removeFirst()
                    let targetValues = values
                    let child: StoredRun? = if case .resume(let stored) = work[index] { stored } else { nil }
                    group.addTask {
                        let (outcome, end) = try await clock.fork(at: start) {
                            if let child { return try await executor.resume(child, plan: plan, parameters: targetValues) }
                            var header = header
                            header.startedAt = clock.now
                            return try await executor.start(plan, header: header, parameters: targetValues)
                        }
                        return (index, FleetOutcome.Target(instance: instance, runID: header.id, status: outcome.status, failure: outcome.failure), end)
                    }
                    running += 1
                }
                guard running > 0, let (index, target, end) = try await group.next() else { break }
                running -= 1
                freeAt.append(end)
                latestEnd = max(latestEnd, end)
                results[index] = target
                if target.countsAsFailure { failures += 1 }
            }
        }
        clock.join(latestEnd)
        let stoppedByInterrupt = interrupt.isInterrupted
        let targets = results.enumerated().map { index, target in
            target ?? FleetOutcome.Target(instance: instances[index], runID: nil, status: nil, failure: nil)
        }
        let counts = Dictionary(grouping: targets, by: \.statusText).mapValues(\.count)
        // Ctrl-C leaves the parent open, like its children, so `irun resume PARENT` finishes the fleet.
        let interrupted = stoppedByInterrupt || targets.contains { $0.status == .interrupted }
        let status: RunStatus = if interrupted { .interrupted } else if targets.allSatisfy({ $0.status == .succeeded }) { .succeeded } else { .failed }
        let sent = metrics.sentByService.merging(sentBefore) { now, before in now - before }
        let reason = status == .succeeded ? "" : counts.sorted { $0.key < $1.key }.filter { $0.key != FleetOutcome.Target.text(of: .succeeded) }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let summary = RunEnded(
            status: status, reason: reason, targets: targets.count, counts: counts,
            children: targets.map { FleetChild(instance: $0.instance, run: $0.runID, status: $0.statusText) },
            throttledCalls: metrics.throttled - throttledBefore, calls: Dictionary(uniqueKeysWithValues: sent.map { ($0.key.rawValue, $0.value) })
        )
        let closing = RunEvent(runID: parent.id, time: options.clock.now, interrupted ? .runInterrupted(summary) : .runFinished(summary))
        try await recorder.append([closing])
        observer?.observe(closing)
        return FleetOutcome(parentRunID: parent.id, status: status, targets: targets, throttledCalls: metrics.throttled - throttledBefore, sentCalls: sent)
    }
}

extension FleetOutcome.Target {
    /// A target that used up error budget: it failed, or failed and was undone.
    var countsAsFailure: Bool { status == .failed || status == .compensated }

    /// The status as printed and recorded: the run's, or `not-started`.
    public var statusText: String { Self.text(of: status) }

    static func text(of status: RunStatus?) -> String { status?.rawValue ?? "not-started" }
}
