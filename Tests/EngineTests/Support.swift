import Actions
import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel

/// A mutating action over the simulated cloud, for engine tests: sets one tag on an instance.
/// It reads first and only writes what is missing (idempotent), undoes by deleting the tag,
/// and reconciles by reading it back — the contract every EC2 action follows.
struct SetTagAction: ActionImplementation {
    var signature: ActionSignature {
        ActionSignature(
            name: "test.tag", summary: "Sets a tag on an instance.",
            inputs: [.init("instance", .string, required: true, "Instance id."), .init("key", .string, required: true, "Key."),
                     .init("value", .string, required: true, "Value.")],
            outputs: [.init("changed", .bool, "Whether the tag was written.")],
            mutates: true, permissions: ["ec2:CreateTags", "ec2:DeleteTags", "ec2:DescribeInstances"], undo: "Deletes the tag."
        )
    }

    func current(_ context: ActionContext) async throws -> String? {
        let instance = try await context.requireProviders().ec2.describeInstances(DescribeInstancesInput(instanceIds: [context.string("instance")])).instances[0]
        return instance.tags.value(of: try context.string("key"))
    }

    func run(_ context: ActionContext) async throws -> [String: Value] {
        if try await current(context) == context.string("value") { return ["changed": false] }
        try await context.requireProviders().ec2.createTags(CreateTagsInput(resources: [context.string("instance")], tags: [Tag(key: context.string("key"), value: context.string("value"))]))
        return ["changed": true]
    }

    func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        try await context.requireProviders().ec2.deleteTags(DeleteTagsInput(resources: [context.string("instance")], tags: [TagToDelete(key: context.string("key"))]))
        return [:]
    }

    func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        try await current(context) == context.string("value") ? .completed(["changed": true]) : .notDone
    }
}

/// A read-only action over the simulated cloud: describes an instance (retryable throttling reaches it).
struct DescribeAction: ActionImplementation {
    var signature: ActionSignature {
        ActionSignature(name: "test.describe", summary: "Describes an instance.", inputs: [.init("instance", .string, required: true, "Instance id.")],
                        outputs: [.init("state", .string, "State.")], mutates: false, permissions: ["ec2:DescribeInstances"])
    }

    func run(_ context: ActionContext) async throws -> [String: Value] {
        let instance = try await context.requireProviders().ec2.describeInstances(DescribeInstancesInput(instanceIds: [context.string("instance")])).instances[0]
        return ["state": .string(instance.state.rawValue)]
    }
}

/// A test bench: a simulated world on a virtual clock, an in-memory audit store, and an executor.
struct Bench {
    let aws: MockAWS
    let clock: VirtualClock
    var store: AuditDatabase
    var registry: ActionRegistry

    init(faults: [FaultRule] = []) throws {
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.faults = faults
        spec.behaviour.rateLimits = nil
        spec.behaviour.defaultLatency = .zero
        spec.behaviour.latency = [:]
        clock = VirtualClock(start: spec.start)
        aws = try MockAWS(spec: spec, clock: clock)
        store = try AuditDatabase.inMemory()
        var registry = BuiltinActions.registry
        registry.register(SetTagAction())
        registry.register(DescribeAction())
        self.registry = registry
    }

    func executor(mode: RunMode = .live, autoApprove: Bool = false, maxConcurrency: Int = 4, interrupt: InterruptSignal = InterruptSignal()) -> Executor {
        Executor(
            registry: registry, recorder: store, providers: AWSProviders(aws),
            options: ExecutionOptions(maxConcurrency: maxConcurrency, autoApprove: autoApprove, actor: "tester", clock: clock),
            interrupt: interrupt
        )
    }

    /// Compiles runbook text, failing the test with the diagnostics if it is invalid.
    func plan(_ text: String) throws -> Plan {
        let compilation = RunbookCompiler.compile(text: text, path: "test.yaml", catalog: registry.catalog)
        guard let plan = compilation.plan, compilation.isValid else {
            throw BenchError(message: compilation.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return plan
    }

    func header(_ plan: Plan, id: String = "run-1", mode: RunMode = .live, parameters: [String: Value] = [:]) -> RunHeader {
        RunHeader(
            id: id, runbookName: plan.runbook.name, runbookPath: "test.yaml", runbookSHA256: String(repeating: "0", count: 64),
            runbookText: plan.runbook.source.text, parameters: parameters, mode: mode, provider: "mock", actor: "tester", startedAt: clock.now
        )
    }

    /// Starts a run of `text` and returns its outcome and recorded events.
    func run(_ text: String, mode: RunMode = .live, autoApprove: Bool = false, parameters: [String: Value] = [:], id: String = "run-1") async throws -> (outcome: RunOutcome, events: [RunEvent]) {
        let plan = try plan(text)
        let outcome = try await executor(mode: mode, autoApprove: autoApprove).start(plan, header: header(plan, id: id, mode: mode, parameters: parameters), parameters: parameters)
        return (outcome, try await store.run(id)?.events ?? [])
    }
}

struct BenchError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension [RunEvent] {
    /// `kind step` lines, for comparing event sequences.
    var trail: [String] { map { [$0.kind.rawValue, $0.step].compactMap { $0 }.joined(separator: " ") } }

    func of(_ kind: RunEvent.Kind) -> [RunEvent] { filter { $0.kind == kind } }
}
