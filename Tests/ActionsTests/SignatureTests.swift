import Actions
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("EC2 action signatures")
struct SignatureTests {
    /// `CreateSnapshots`, `CreateSnapshot` and `CreateSecurityGroup` with tags need `ec2:CreateTags` too (tag-on-create).
    static let implied: [String: String] = ["ec2:CreateSnapshots": "ec2:CreateTags", "ec2:CreateSnapshot": "ec2:CreateTags", "ec2:CreateSecurityGroup": "ec2:CreateTags"]

    @Test func everyEC2ActionIsRegistered() {
        let registry = BuiltinActions.registry
        for signature in EC2Signatures.all {
            #expect(registry[signature.name]?.signature == signature, "\(signature.name)")
        }
    }

    /// Runs, plans, reconciles and undoes an action on i-123 (as its place in the quarantine
    /// needs), and returns the IAM actions of every call made.
    func iamActions(of action: any ActionImplementation, inputs: [String: Value], before: [any ActionImplementation]) async throws -> Set<String> {
        let harness = try Harness()
        for earlier in before { _ = try await harness.run(earlier, ["instance": "i-123"], runID: "q-1", step: "capture") }
        let start = await harness.aws.calls.count
        _ = try await action.plan(harness.context(inputs, runID: "q-1", mode: .dryRun))
        let outputs = try await action.run(harness.context(inputs, runID: "q-1"))
        _ = try await action.reconcile(harness.context(inputs, runID: "q-1"))
        _ = try? await action.undo(harness.context(inputs, runID: "q-1"), outputs: outputs)
        let calls = await harness.aws.calls.dropFirst(start)
        return Self.iamActions(of: Array(calls))
    }

    static func iamActions(of calls: [CallRecord]) -> Set<String> {
        var actions = Set(calls.map(\.operation.iamAction))
        for call in calls { if let extra = implied[call.operation.iamAction] { actions.insert(extra) } }
        return actions
    }

    /// The IAM actions `ec2.snapshot` calls to finish a partial run (vol-0123a of i-123 already
    /// snapshotted by the run, vol-0123b not): the path a fresh run never takes.
    func iamActionsFinishingAPartialSnapshot() async throws -> Set<String> {
        let harness = try Harness()
        _ = try await harness.aws.createSnapshot(CreateSnapshotInput(volumeId: "vol-0123a", tags: [Tag(key: "quarantine-run", value: "q-1")]))
        let start = await harness.aws.calls.count
        _ = try await EC2SnapshotAction().run(harness.context(["instance": "i-123"], runID: "q-1", attempt: 2))
        return Self.iamActions(of: Array(await harness.aws.calls.dropFirst(start)))
    }

    @Test(arguments: ["ec2.capture", "ec2.protect", "ec2.detach", "ec2.deregister", "ec2.isolate", "ec2.snapshot", "ec2.tag", "ec2.stop"])
    func permissionsAreExactlyTheOperationsCalled(_ name: String) async throws {
        let action = try #require(BuiltinActions.registry[name])
        let before: [any ActionImplementation] = name == "ec2.isolate" ? [EC2DetachAction(), EC2DeregisterAction()] : []
        var called = try await iamActions(of: action, inputs: ["instance": "i-123"], before: before)
        if name == "ec2.snapshot" { called.formUnion(try await iamActionsFinishingAPartialSnapshot()) }
        #expect(called == Set(action.signature.permissions))
    }

    @Test func releasePermissionsAreExactlyTheOperationsCalled() async throws {
        let bench = try RunBench()
        _ = try await bench.run(ReleaseTests.quarantine, id: "q-1", parameters: [("instance", "i-123")])
        let start = await bench.harness.aws.calls.count
        _ = try await bench.run(ReleaseTests.release, id: "r-1", parameters: [("run", "q-1")])
        let called = await Set(bench.harness.aws.calls.dropFirst(start).map(\.operation.iamAction))
        #expect(called == Set(EC2Signatures.release.permissions))
    }

    @Test(arguments: ["ec2.capture", "ec2.protect", "ec2.detach", "ec2.deregister", "ec2.isolate", "ec2.snapshot", "ec2.tag", "ec2.stop"])
    func malformedIDsReachNoAPIAndUnknownOnesAreNotFound(_ name: String) async throws {
        let action = try #require(BuiltinActions.registry[name])
        let harness = try Harness()
        for bad: Value in ["i-", "i-123xyz", "sg-0e1b", "i-0123456789abcdef01", "", 7] {
            #expect(await errorCode { _ = try await action.run(harness.context(["instance": bad])) } == "InvalidInput")
        }
        #expect(await harness.aws.calls.isEmpty)
        #expect(await errorCode { _ = try await action.run(harness.context(["instance": "i-0000000000000dead"])) } == "InvalidInstanceID.NotFound")
    }
}
