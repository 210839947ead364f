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
        /// `succeeded`, `failed`, `compensated`, `waiting-approval`, `interrupted`, or `not-started`.
        public var status: String
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
        try await recorder.begin(parent, with: RunEvent(runID: parent.id, kind: .runStarted, time: options.clock.now, payload: parent.startedPayload))
        let metrics = pacer.metrics
        let (sentBefore, throttledBefore) = (metrics.sentByService, metrics.throttled)
        let shared = RequestPipeline.paced(backend: providers, clock: options.clock, pacer: pacer, merging: batchCalls).providers
        let executor = Executor(registry: registry, recorder: recorder, providers: shared, options: options, observer: observer, interrupt: interrupt)
        var results: [FleetOutcome.Target?] = Array(repeating: nil, count: instances.count)
        var failures = 0
        var next = 0
        // When each of the `maxConcurrentTargets` slots is free again (on a simulated clock, a new
        // target starts when the one it replaces ended, not when the latest one did).
        var freeAt = Array(repeating: options.clock.now, count: maxConcurrentTargets)
        var latestEnd = options.clock.now
        let clock = options.clock
        try await withThrowingTaskGroup(of: (Int, FleetOutcome.Target, Date).self) { group in
            var running = 0
            while true {
                while running < maxConcurrentTargets, next < instances.count, !interrupt.isInterrupted,
                      !errorBudget.isExceeded(failures: failures, of: instances.count) {
                    let index = next, instance = instances[index]
                    next += 1
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
                    group.addTask {
                        let (outcome, end) = try await clock.fork(at: start) {
                            var header = header
                            header.startedAt = clock.now
                            return try await executor.start(plan, header: header, parameters: targetValues)
                        }
                        return (index, FleetOutcome.Target(instance: instance, runID: header.id, status: outcome.status.rawValue, failure: outcome.failure), end)
                    }
                    running += 1
                }
                guard running > 0, let (index, target, end) = try await group.next() else { break }
                running -= 1
                freeAt.append(end)
                latestEnd = max(latestEnd, end)
                results[index] = target
                if target.status == RunStatus.failed.rawValue || target.status == RunStatus.compensated.rawValue { failures += 1 }
            }
        }
        clock.join(latestEnd)
        let targets = results.enumerated().map { index, target in
            target ?? FleetOutcome.Target(instance: instances[index], runID: nil, status: "not-started", failure: nil)
        }
        let counts = Dictionary(grouping: targets, by: \.status).mapValues(\.count)
        // The parent always ends: an interrupted fleet continues by resuming its children.
        let status: RunStatus = counts.keys.allSatisfy { $0 == RunStatus.succeeded.rawValue } ? .succeeded : .failed
        let sent = metrics.sentByService.merging(sentBefore) { now, before in now - before }
        let summary: [String: Value] = [
            "status": .string(status.rawValue), "targets": .int(targets.count),
            "counts": .object(counts.mapValues { Value.int($0) }),
            "children": .list(targets.map { .object(["instance": .string($0.instance), "run": $0.runID.map(Value.string) ?? .null, "status": .string($0.status)]) }),
            "throttledCalls": .int(metrics.throttled - throttledBefore),
            "calls": .object(Dictionary(uniqueKeysWithValues: sent.map { ($0.key.rawValue, Value.int($0.value)) })),
        ]
        let reason = status == .succeeded ? "" : counts.sorted { $0.key < $1.key }.filter { $0.key != RunStatus.succeeded.rawValue }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let closing = RunEvent(runID: parent.id, kind: .runFinished, time: options.clock.now, payload: .object(summary.merging(["reason": .string(reason)]) { first, _ in first }))
        try await recorder.append([closing])
        observer?.observe(closing)
        return FleetOutcome(parentRunID: parent.id, status: status, targets: targets, throttledCalls: metrics.throttled - throttledBefore, sentCalls: sent)
    }
}
