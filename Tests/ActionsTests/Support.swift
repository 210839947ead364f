import Actions
import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Synchronization
import Testing

/// The default world (`i-123` in `web-asg` behind `web-clb` and `web-tg`, bystanders around
/// it) on a virtual clock, with rate limits and latency off, and a way to run one action
/// against it with a recording context.
struct Harness {
    let aws: MockAWS
    let clock: VirtualClock
    let evidence = EvidenceLog()

    init(faults: [FaultRule] = [], rateLimits: Bool = false) throws {
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.faults = faults
        if !rateLimits { spec.behaviour.rateLimits = nil }
        spec.behaviour.defaultLatency = .zero
        spec.behaviour.latency = [:]
        clock = VirtualClock(start: spec.start)
        aws = try MockAWS(spec: spec, clock: clock)
    }

    var providers: AWSProviders { AWSProviders(aws) }

    /// A context for one attempt of a step.
    func context(
        _ inputs: [String: Value], runID: String = "run-1", step: String = "step", attempt: Int = 1, mode: RunMode = .live,
        history: @escaping @Sendable (String) async throws -> StoredRun? = { _ in nil }
    ) -> ActionContext {
        let evidence = evidence
        return ActionContext(
            runID: runID, step: step, attempt: attempt, mode: mode, inputs: inputs, providers: providers, clock: clock,
            recordEvidence: { name, kind, mediaType, content in evidence.record(name: name, kind: kind, mediaType: mediaType, content: content) },
            log: { _, _ in }, runHistory: history
        )
    }

    func run(_ action: any ActionImplementation, _ inputs: [String: Value], runID: String = "run-1", step: String = "step", attempt: Int = 1) async throws -> [String: Value] {
        try await action.run(context(inputs, runID: runID, step: step, attempt: attempt))
    }

    /// Successful mutating calls so far.
    func mutations() async -> [CallRecord] { await aws.calls.filter { $0.operation.mutates && $0.succeeded } }

    /// The groups of each of an instance's interfaces now.
    func groups(_ instance: String) async -> [String: [String]] { await aws.settle().groupsByInterface(of: instance) }

    /// The id of the target group `web-tg`.
    func webTargetGroup() async throws -> String {
        try await aws.describeTargetGroups(DescribeTargetGroupsInput(names: ["web-tg"])).targetGroups[0].targetGroupArn
    }

    func instance(_ id: String) async throws -> Instance {
        try await aws.describeInstances(DescribeInstancesInput(instanceIds: [id])).instances[0]
    }

    /// Security groups called `name`.
    func securityGroups(named name: String) async throws -> [SecurityGroup] {
        try await aws.describeSecurityGroups(DescribeSecurityGroupsInput(filters: [Filter(name: "group-name", values: [name])])).securityGroups
    }
}

/// Evidence a test context stored (a fake digest stands in for the audit store's SHA-256).
final class EvidenceLog: Sendable {
    struct Item: Sendable {
        var name: String
        var kind: String
        var mediaType: String
        var content: Data
    }

    private let items = Mutex<[Item]>([])

    func record(name: String, kind: String, mediaType: String, content: Data) -> String {
        items.withLock { $0.append(Item(name: name, kind: kind, mediaType: mediaType, content: content)) }
        return "digest-of-\(name)"
    }

    var all: [Item] { items.withLock { $0 } }
}

/// The code of the `AWSError` or `ActionError` a call threw, or `nil` if it succeeded.
func errorCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as AWSError {
        return error.code.rawValue
    } catch let error as ActionError {
        return error.code
    } catch {
        return "unexpected: \(error)"
    }
}

/// The error an action threw, as text, or `nil`.
func errorText(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch {
        return String(describing: error)
    }
}

/// A fault rule failing every call of `operation` with `code`.
func fault(_ operation: String, _ code: String = "UnauthorizedOperation", window: FaultRule.Window = .always) -> FaultRule {
    FaultRule(name: "test-\(operation)", operations: [operation], window: window, effect: .fail(code: code, message: "You are not authorized to perform this operation."))
}

/// The instance ids a mutating call touched, through any id it names (instances, their
/// interfaces and volumes).
func touched(_ calls: [CallRecord], owners: [String: String]) -> Set<String> {
    Set(calls.flatMap { $0.resourceIDs.compactMap { owners[$0] ?? ($0.hasPrefix("i-") ? $0 : nil) } })
}

/// An executor over an in-memory audit store, for runs of whole runbooks.
struct RunBench {
    let harness: Harness
    let store: AuditDatabase

    init(faults: [FaultRule] = []) throws {
        harness = try Harness(faults: faults)
        store = try AuditDatabase.inMemory()
    }

    var executor: Executor {
        Executor(registry: BuiltinActions.registry, recorder: store, providers: harness.providers,
                 options: ExecutionOptions(maxConcurrency: 4, autoApprove: true, actor: "tester", clock: harness.clock))
    }

    /// Runs runbook `text` as run `id` with the given parameters (defaults filled in).
    func run(_ text: String, id: String, parameters given: [(name: String, text: String)], mode: RunMode = .live) async throws -> (outcome: RunOutcome, run: StoredRun) {
        let compilation = RunbookCompiler.compile(text: text, path: "test.yaml", catalog: BuiltinActions.registry.catalog)
        guard let plan = compilation.plan, compilation.isValid else {
            throw BenchError(message: compilation.diagnostics.map(\.description).joined(separator: "\n"))
        }
        let parameters = try ParameterBinding.bind(given, to: plan.runbook, scope: ExpressionScope(roots: ["run": ["id": .string(id)]]))
        let header = RunHeader(
            id: id, runbookName: plan.runbook.name, runbookPath: "test.yaml", runbookSHA256: String(repeating: "0", count: 64),
            runbookText: plan.runbook.source.text, parameters: parameters, mode: mode, provider: "mock", actor: "tester", startedAt: harness.clock.now
        )
        let outcome = try await executor.start(plan, header: header, parameters: parameters)
        guard let stored = try await store.run(id) else { throw BenchError(message: "run \(id) was not stored") }
        return (outcome, stored)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension StoredRun {
    /// The outputs of `step`'s success.
    func outputs(of step: String) -> Value? {
        events.last { $0.kind == .stepSucceeded && $0.step == step }?.payload[member: "outputs"]
    }
}

extension Value {
    /// The items of a list, or `nil`.
    var listItems: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
