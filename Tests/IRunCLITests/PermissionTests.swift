import AWSClient
import Actions
import AuditStore
import Engine
import Foundation
import Providers
import RunbookModel
import Synchronization
import Testing

/// The IAM actions one action called, read from the AWS client's observer (`AWSCallReport` →
/// `operation.iamAction`), every attempt counted whether AWS accepted it or not: a call made is
/// a permission needed.
final class CalledPermissions: Sendable {
    private let called = Mutex<Set<String>>([])
    private let taggedOnCreate = Mutex<Set<String>>([])

    func observe(_ report: AWSCallReport) { called.withLock { _ = $0.insert(report.operation.iamAction) } }

    var permissions: Set<String> { called.withLock { $0 } }
}

@Suite("Each EC2 action's declared permissions are exactly the IAM actions it calls, against moto", .serialized, .enabled(if: Moto.isAvailable, Moto.skipReason))
struct PermissionTests {
    /// Permissions IAM requires for a call besides the call's own action: creating a resource
    /// with `TagSpecifications` also needs `ec2:CreateTags` on it (AWS's "tag on create"
    /// authorization), although no CreateTags request is sent. `ec2.snapshot` tags its snapshots
    /// that way, and `ec2.isolate` its security groups.
    static let taggingOnCreate: [String: String] = [
        "ec2:CreateSnapshots": "ec2:CreateTags", "ec2:CreateSnapshot": "ec2:CreateTags", "ec2:CreateSecurityGroup": "ec2:CreateTags",
    ]

    /// A context for one action against moto, calls reported to `observed`.
    static func context(_ inputs: [String: Value], observed: CalledPermissions, runID: String = "perm-run", history: StoredRun? = nil) throws -> ActionContext {
        let client = try Moto.client(observe: { observed.observe($0) })
        return ActionContext(
            runID: runID, step: "step", attempt: 1, mode: .live, inputs: inputs, providers: AWSProviders(client), clock: SystemClock(),
            recordEvidence: { name, _, _, _ in "digest-of-\(name)" }, log: { _, _ in }, runHistory: { _ in history }
        )
    }

    /// What the action called, with the permissions tagging on create implies.
    static func required(_ observed: CalledPermissions) -> Set<String> {
        observed.permissions.union(observed.permissions.compactMap { taggingOnCreate[$0] })
    }

    static func declared(_ action: any ActionImplementation) -> Set<String> { Set(action.signature.permissions) }

    @Test func captureProtectDetachDeregisterSnapshotAndTag() async throws {
        let world = try await MotoWorld.seed(client: try Moto.client())
        let instance = try await world.instance()
        let input: [String: Value] = ["instance": .string(instance.id), "case": "IR-PERM"]

        // ec2.capture: read-only, its dry run is its run
        let capture = CalledPermissions()
        _ = try await EC2CaptureAction().run(try Self.context(input, observed: capture))
        _ = try await EC2CaptureAction().plan(try Self.context(input, observed: capture))
        #expect(Self.required(capture) == Self.declared(EC2CaptureAction()))

        // ec2.protect: plan, run (protection is off, so it writes), reconcile, undo (writes it back)
        let protect = CalledPermissions()
        _ = try await EC2ProtectAction().plan(try Self.context(input, observed: protect))
        let protected = try await EC2ProtectAction().run(try Self.context(input, observed: protect))
        _ = try await EC2ProtectAction().reconcile(try Self.context(input, observed: protect))
        _ = try await EC2ProtectAction().undo(try Self.context(input, observed: protect), outputs: protected)
        #expect(Self.required(protect) == Self.declared(EC2ProtectAction()))

        // ec2.detach: detaches from the group, undo attaches again
        let detach = CalledPermissions()
        _ = try await EC2DetachAction().plan(try Self.context(input, observed: detach))
        let detached = try await EC2DetachAction().run(try Self.context(input, observed: detach))
        #expect(detached["detachedFrom"] == .list([.string(world.autoScalingGroupName)]))
        _ = try await EC2DetachAction().reconcile(try Self.context(input, observed: detach))
        _ = try await EC2DetachAction().undo(try Self.context(input, observed: detach), outputs: detached)
        #expect(Self.required(detach) == Self.declared(EC2DetachAction()))

        // ec2.deregister: out of the classic ELB and the target group, undo registers again
        let deregister = CalledPermissions()
        _ = try await EC2DeregisterAction().plan(try Self.context(input, observed: deregister))
        let deregistered = try await EC2DeregisterAction().run(try Self.context(input, observed: deregister))
        _ = try await EC2DeregisterAction().reconcile(try Self.context(input, observed: deregister))
        _ = try await EC2DeregisterAction().undo(try Self.context(input, observed: deregister), outputs: deregistered)
        #expect(try await world.isInLoadBalancer(instance.id))
        #expect(try await world.isInTargetGroup(instance.id))
        #expect(Self.required(deregister) == Self.declared(EC2DeregisterAction()))

        // ec2.snapshot: CreateTags is needed through the TagSpecifications of CreateSnapshots (a
        // fresh run) and CreateSnapshot (finishing a partial run), never called
        let snapshot = CalledPermissions()
        _ = try await EC2SnapshotAction().plan(try Self.context(input, observed: snapshot))
        _ = try await EC2SnapshotAction().run(try Self.context(input, observed: snapshot))
        _ = try await EC2SnapshotAction().reconcile(try Self.context(input, observed: snapshot))
        #expect(snapshot.permissions.contains("ec2:CreateSnapshots") && !snapshot.permissions.contains("ec2:CreateSnapshot"))
        let partialRun = "perm-partial-run"
        let firstVolume = try #require(instance.volumeIds.first)
        _ = try await Moto.client().createSnapshot(.init(volumeId: firstVolume, tags: [Providers.Tag(key: "quarantine-run", value: partialRun)]))
        _ = try await EC2SnapshotAction().run(try Self.context(input, observed: snapshot, runID: partialRun))
        #expect(!snapshot.permissions.contains("ec2:CreateTags"))
        #expect(Self.required(snapshot) == Self.declared(EC2SnapshotAction()))

        // ec2.tag: writes the tags, undo deletes them
        let tag = CalledPermissions()
        _ = try await EC2TagAction().plan(try Self.context(input, observed: tag))
        let tagged = try await EC2TagAction().run(try Self.context(input, observed: tag))
        _ = try await EC2TagAction().reconcile(try Self.context(input, observed: tag))
        _ = try await EC2TagAction().undo(try Self.context(input, observed: tag), outputs: tagged)
        #expect(Self.required(tag) == Self.declared(EC2TagAction()))
    }

    @Test func isolateStopAndRelease() async throws {
        let world = try await MotoWorld.seed(client: try Moto.client())

        // ec2.isolate on an instance in no group or load balancer (so it does not refuse): the
        // VPC is new, so both groups are created and their rules set; undo restores and untags.
        let loose = try await world.instance(inAutoScalingGroup: false, inTargetGroup: false, inLoadBalancer: false)
        let isolateInput: [String: Value] = ["instance": .string(loose.id)]
        let isolate = CalledPermissions()
        _ = try await EC2IsolateAction().plan(try Self.context(isolateInput, observed: isolate))
        let isolated = try await EC2IsolateAction().run(try Self.context(isolateInput, observed: isolate))
        _ = try await EC2IsolateAction().reconcile(try Self.context(isolateInput, observed: isolate))
        _ = try await EC2IsolateAction().undo(try Self.context(isolateInput, observed: isolate), outputs: isolated)
        #expect(Self.required(isolate) == Self.declared(EC2IsolateAction()))

        // ec2.stop
        let stopInput: [String: Value] = ["instance": .string(loose.id)]
        let stop = CalledPermissions()
        _ = try await EC2StopAction().plan(try Self.context(stopInput, observed: stop))
        _ = try await EC2StopAction().run(try Self.context(stopInput, observed: stop))
        _ = try await EC2StopAction().reconcile(try Self.context(stopInput, observed: stop))
        #expect(Self.required(stop) == Self.declared(EC2StopAction()))

        // ec2.release of a whole ec2-quarantine run (recorded by the engine, not observed)
        let quarantined = try await world.instance()
        let store = try AuditDatabase.inMemory()
        let run = try await Self.quarantine(quarantined.id, store: store)
        let history = try #require(try await store.run(run))
        let releaseInput: [String: Value] = ["run": .string(run), "instance": .string(quarantined.id)]
        let release = CalledPermissions()
        _ = try await EC2ReleaseAction().plan(try Self.context(releaseInput, observed: release, history: history))
        _ = try await EC2ReleaseAction().run(try Self.context(releaseInput, observed: release, runID: "release-run", history: history))
        _ = try await EC2ReleaseAction().reconcile(try Self.context(releaseInput, observed: release, history: history))
        #expect(try await world.autoScalingGroups(of: quarantined.id) == [world.autoScalingGroupName])
        #expect(Self.required(release) == Self.declared(EC2ReleaseAction()))
    }

    /// Runs Runbooks/ec2-quarantine.yaml on `instance` through the AWS client, recording in `store`.
    static func quarantine(_ instance: String, store: AuditDatabase) async throws -> String {
        let path = repositoryRoot.appendingPathComponent("Runbooks/ec2-quarantine.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let plan = try #require(RunbookCompiler.compile(text: text, path: path, catalog: BuiltinActions.catalog).plan)
        let id = "perm-quarantine-\(UUID().uuidString.prefix(8))"
        let parameters = try ParameterBinding.bind([("instance", instance)], to: plan.runbook, scope: ExpressionScope(roots: ["run": ["id": .string(id)]]))
        let executor = Executor(registry: BuiltinActions.registry, recorder: store, providers: AWSProviders(try Moto.client()),
                                options: ExecutionOptions(autoApprove: true, actor: "tester"))
        let header = RunHeader(id: id, runbookName: plan.runbook.name, runbookPath: path, runbookSHA256: String(repeating: "0", count: 64),
                               runbookText: text, parameters: parameters, mode: .live, provider: "aws us-east-1 moto", actor: "tester", startedAt: Date())
        let outcome = try await executor.start(plan, header: header, parameters: parameters)
        #expect(outcome.status == .succeeded, "\(outcome.failure ?? "")")
        return id
    }
}

@Suite("irun iam-policy")
struct IAMPolicyTests {
    @Test func thePolicyIsTheSortedUnionOfTheRunbooksActionPermissions() throws {
        let result = try runIRun(["iam-policy", "ec2-quarantine"])
        #expect(result.status == 0, "\(result.stderr)")
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(policy["Version"] as? String == "2012-10-17")
        let statements = try #require(policy["Statement"] as? [[String: Any]])
        #expect(statements.count == 1)
        let statement = statements[0]
        #expect(statement["Sid"] as? String == "IrunEc2Quarantine" && statement["Effect"] as? String == "Allow" && statement["Resource"] as? String == "*")
        let actions = try #require(statement["Action"] as? [String])
        let expected = Set(["ec2.capture", "ec2.protect", "ec2.detach", "ec2.deregister", "ec2.isolate", "ec2.snapshot", "ec2.stop", "ec2.tag"]
            .flatMap { BuiltinActions.catalog[$0]!.permissions })
        #expect(actions == expected.sorted())
        // Keys in IAM's usual order
        let sid = try #require(result.stdout.range(of: "\"Sid\"")), action = try #require(result.stdout.range(of: "\"Action\""))
        #expect(sid.lowerBound < action.lowerBound)
    }

    @Test func aRunbookOfCoreActionsNeedsNoPermissionAndTextListsTheSteps() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-iam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("hello.yaml")
        try "name: hello\nsteps:\n  a: { action: notify.log, with: { message: hi } }\n".write(to: file, atomically: true, encoding: .utf8)
        let empty = try runIRun(["iam-policy", file.path])
        #expect(empty.status == 0 && empty.stdout.contains("\"Statement\": []") && empty.stderr.contains("needs no IAM permission"))
        let text = try runIRun(["iam-policy", "ec2-release", "--format", "text"])
        #expect(text.status == 0 && text.stdout.contains("autoscaling:AttachInstances") && text.stdout.contains("write  release"))
    }
}
