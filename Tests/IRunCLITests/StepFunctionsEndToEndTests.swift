@testable import AWSClient
import AuditStore
import Foundation
import Providers
import RunbookModel
import Testing

/// The compiled runbooks run in moto's Step Functions interpreter (`Scripts/moto-sfn`, which
/// `Scripts/test` starts): deployed, started, answered and imported with the `irun` binary, their
/// effects read back from moto's EC2, Auto Scaling and ELB.
@Suite("irun sfn end to end in moto's Step Functions", .serialized, .enabled(if: Moto.isAvailable, Moto.skipReason))
struct StepFunctionsEndToEndTests {
    static let role = "arn:aws:iam::123456789012:role/irun-sfn"

    /// `irun ARGUMENTS --endpoint-url MOTO --region us-east-1` with the scratch's credentials.
    private func sfn(_ scratch: AWSScratch, _ arguments: [String], db: Bool = false) throws -> (status: Int32, stdout: String, stderr: String) {
        let endpoint = try #require(Moto.endpoint).absoluteString
        return try runIRun(arguments + ["--endpoint-url", endpoint, "--region", "us-east-1"] + (db ? ["--db", scratch.db] : []), environment: scratch.environment)
    }

    private func executionARN(in output: String) throws -> String {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("started arn:") }, "no 'started' line in: \(output)")
        return String(line.dropFirst("started ".count))
    }

    /// Waits until the execution is no longer RUNNING.
    private func ended(_ arn: String) async throws -> ExecutionDescription {
        let client = try Moto.client()
        for _ in 0..<240 {
            let description = try await client.describeExecution(arn: arn)
            if description.status != "RUNNING" { return description }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("\(arn) still RUNNING after 60 s")
        return try await client.describeExecution(arn: arn)
    }

    @Test func quarantineRunsOnStepFunctionsAndImportsAsAVerifiedRun() async throws {
        let world = try await MotoWorld.seed(client: try Moto.client())
        let target = try await world.instance()
        let scratch = try AWSScratch()
        let deploy = try sfn(scratch, ["sfn", "deploy", "ec2-quarantine", "--role-arn", Self.role])
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.stdout.contains("irun-ec2-quarantine:") && deploy.stdout.contains("irun-ec2-quarantine-fleet:"))
        #expect(deploy.stdout.contains("approval queue irun-approvals"))

        let started = try sfn(scratch, ["sfn", "start", "ec2-quarantine", "--instance", target.id, "--param", "case=IR-SFN-1", "--wait"])
        #expect(started.status == 0, "\(started.stdout)\n\(started.stderr)")
        for step in ["capture", "protect", "detach", "deregister", "isolate", "snapshot", "tag"] {
            #expect(started.stdout.contains("✔ \(step.padding(toLength: 14, withPad: " ", startingAt: 0)) succeeded"), "no success line for \(step)")
        }
        #expect(started.stdout.contains("– stop-instance  skipped"))
        let arn = try executionARN(in: started.stdout)
        let run = String(try #require(arn.split(separator: ":").last))

        // Every effect, read back from moto.
        #expect(try await world.terminationProtection(target.id))
        #expect(try await world.shutdownBehaviour(target.id) == "stop")
        #expect(try await world.autoScalingGroups(of: target.id).isEmpty)
        #expect(try await !world.isInLoadBalancer(target.id))
        #expect(try await !world.isInTargetGroup(target.id))
        let quarantine = try #require(try await world.securityGroup(named: "irun-quarantine-\(world.vpcId)"))
        #expect(quarantine.ipPermissions.isEmpty && quarantine.ipPermissionsEgress.isEmpty)
        let groups = try await world.interfaces(of: target.id).flatMap { $0.groups.map(\.groupId) }.filter { $0 != world.webGroupId }
        #expect(groups == [quarantine.groupId])
        #expect(try await world.snapshots(taggedRun: run).count == target.volumeIds.count)
        let tags = try await world.tags(of: target.id)
        #expect(tags.contains(Providers.Tag(key: "quarantine-case", value: "IR-SFN-1")) && tags.contains(Providers.Tag(key: "quarantine", value: "true")))

        // Imported, it is a run like any other: every step in the report, the chain intact.
        let imported = try sfn(scratch, ["sfn", "import", arn], db: true)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("with 1 evidence artifact"))
        let stored = try #require(try await scratch.store().run(run))
        #expect(stored.header.mode == .stepFunctions && stored.status == .succeeded)
        #expect(stored.header.parameters["case"] == "IR-SFN-1")
        let report = try runIRun(["report", run, "--db", scratch.db], environment: scratch.environment)
        #expect(report.status == 0)
        for step in ["capture", "triage", "report-gone", "note-stopped", "protect", "detach", "deregister", "isolate", "snapshot", "stop-instance", "tag"] {
            #expect(report.stdout.contains("\(step)<br/>"), "the report does not show \(step)")
        }
        #expect(report.stdout.contains("| Mode | step-functions |"))
        let evidence = try #require(try await scratch.store().evidence(ofRun: run).first)
        #expect(evidence.artifact.name == "instance-description" && String(decoding: evidence.artifact.content, as: UTF8.self).contains(target.id))
        #expect(ContentHash.sha256(evidence.artifact.content) == evidence.sha256)
        let verify = try runIRun(["audit", "verify", "--db", scratch.db], environment: scratch.environment)
        #expect(verify.status == 0 && verify.stdout.contains("chain intact"), "\(verify.stdout)\(verify.stderr)")
        // Importing it twice is refused, nothing written twice.
        let again = try sfn(scratch, ["sfn", "import", arn], db: true)
        #expect(again.status == 1 && again.stderr.contains("already in"))
        // The dummy secret never reached a file.
        for (name, content) in try scratch.writtenFiles() {
            #expect(!String(decoding: content, as: UTF8.self).contains(scratch.secret), "\(name) holds the secret key")
        }
    }

    @Test func aFleetWaitsAtItsGatesThenApprovalStopsOneAndDenialSkipsTheOthers() async throws {
        let world = try await MotoWorld.seed(client: try Moto.client())
        var targets: [MotoInstance] = []
        for index in 0..<3 { targets.append(try await world.instance(inAutoScalingGroup: index == 0, inTargetGroup: index == 1, inLoadBalancer: index == 2)) }
        let scratch = try AWSScratch()
        #expect(try sfn(scratch, ["sfn", "deploy", "ec2-quarantine", "--role-arn", Self.role]).status == 0)
        let started = try sfn(scratch, ["sfn", "start", "ec2-quarantine", "--param", "stop=true", "--param", "case=IR-SFN-FLEET", "--wait"]
                                  + targets.flatMap { ["--instance", $0.id] })
        #expect(started.status == 3, "\(started.stdout)\n\(started.stderr)")
        #expect(started.stdout.contains("waiting for approval of stop-instance: irun sfn approve"))
        let arn = try executionARN(in: started.stdout)
        #expect(arn.contains(":execution:irun-ec2-quarantine-fleet:"))

        let approve = try sfn(scratch, ["sfn", "approve", arn, "stop-instance", "--instance", targets[0].id, "--reason", "memory imaged", "--actor", "alice"])
        #expect(approve.status == 0, "\(approve.stderr)")
        let deny = try sfn(scratch, ["sfn", "deny", arn, "stop-instance", "--actor", "bob", "--reason", "keep running"])
        #expect(deny.status == 0, "\(deny.stderr)")
        #expect(deny.stdout.split(separator: "\n").count == 2)
        #expect(try await ended(arn).status == "SUCCEEDED")
        // No state's input or output came near Step Functions' 256 KiB payload limit.
        let largest = try await Moto.client().executionHistory(arn: arn)
            .map { max($0.stateEnteredEventDetails?.input?.utf8.count ?? 0, $0.stateExitedEventDetails?.output?.utf8.count ?? 0) }.max() ?? 0
        #expect(largest > 0 && largest < 262_144 / 4, "the largest state payload is \(largest) bytes")
        // Nothing waits any more: answering again is refused.
        #expect(try sfn(scratch, ["sfn", "approve", arn, "stop-instance"]).status == 1)

        let states = try await world.client.describeInstances(DescribeInstancesInput(instanceIds: targets.map(\.id))).instances
        let stateOf = Dictionary(uniqueKeysWithValues: states.map { ($0.instanceId, $0.state.rawValue) })
        #expect(stateOf[targets[0].id] == "stopped")
        #expect(stateOf[targets[1].id] == "running" && stateOf[targets[2].id] == "running")
        for target in targets {
            #expect(try await world.terminationProtection(target.id))
            let groups = try await world.autoScalingGroups(of: target.id)
            let balanced = try await world.isInLoadBalancer(target.id), targeted = try await world.isInTargetGroup(target.id)
            #expect(groups.isEmpty && !balanced && !targeted)
        }

        #expect(try sfn(scratch, ["sfn", "import", arn], db: true).status == 0)
        let parentID = String(try #require(arn.split(separator: ":").last))
        let store = try scratch.store()
        let children = try await store.children(ofRun: parentID)
        #expect(Set(children.map(\.id)) == Set(targets.map { "\(parentID).\($0.id)" }))
        let approved = try await store.approvals(ofRun: "\(parentID).\(targets[0].id)")
        #expect(approved.map(\.actor) == ["alice"] && approved.first?.reason == "memory imaged")
        let deniedSteps = try await store.steps(ofRun: "\(parentID).\(targets[1].id)")
        let stop = try #require(deniedSteps.first { $0.step == "stop-instance" })
        #expect(stop.status == .skipped && stop.reason?.contains("denied") == true)
        #expect(try await store.approvals(ofRun: "\(parentID).\(targets[1].id)").map(\.actor) == ["bob"])
        #expect(try runIRun(["audit", "verify", "--db", scratch.db], environment: scratch.environment).status == 0)
    }

    @Test func aFailureIsCaughtAndReportedAndAWrongVPCChangesNothing() async throws {
        let world = try await MotoWorld.seed(client: try Moto.client())
        let scratch = try AWSScratch()
        // A step that fails with on-failure: continue is caught; the run goes on and records it.
        let runbooks = scratch.directory.appendingPathComponent("runbooks")
        try FileManager.default.createDirectory(at: runbooks, withIntermediateDirectories: true)
        try """
            name: sfn-tolerant
            parameters:
              instance: { type: instance-id, required: true }
            steps:
              capture:
                action: ec2.capture
                with: { instance: "${{ params.instance }}" }
              protect-gone:
                needs: [capture]
                action: ec2.protect
                on-failure: continue
                with: { instance: i-0000000000000dead }
              tag:
                needs: [protect-gone]
                action: ec2.tag
                with: { instance: "${{ params.instance }}", case: "IR-CAUGHT" }
            """.write(to: runbooks.appendingPathComponent("sfn-tolerant.yaml"), atomically: true, encoding: .utf8)
        let target = try await world.instance(inAutoScalingGroup: false, inTargetGroup: false, inLoadBalancer: false)
        #expect(try sfn(scratch, ["sfn", "deploy", "sfn-tolerant", "--role-arn", Self.role, "--runbooks", runbooks.path]).status == 0)
        let tolerant = try sfn(scratch, ["sfn", "start", "sfn-tolerant", "--instance", target.id, "--wait", "--runbooks", runbooks.path])
        #expect(tolerant.status == 0, "\(tolerant.stdout)\n\(tolerant.stderr)")
        #expect(tolerant.stdout.contains("✘ protect-gone   failed (tolerated)"))
        #expect(tolerant.stdout.contains("InvalidInstanceID.NotFound"))
        #expect(try await world.tags(of: target.id).contains(Providers.Tag(key: "quarantine-case", value: "IR-CAUGHT")))
        let arn = try executionARN(in: tolerant.stdout)
        #expect(try sfn(scratch, ["sfn", "import", arn, "--runbooks", runbooks.path], db: true).status == 0)
        let run = String(try #require(arn.split(separator: ":").last))
        let protect = try #require(try await scratch.store().steps(ofRun: run).first { $0.step == "protect-gone" })
        #expect(protect.status == .failed && protect.errorCode == "InvalidInstanceID.NotFound" && protect.reason == "tolerated")

        // An instance outside the VPC the responder named fails at capture, before any change.
        let wrong = try await world.instance(inAutoScalingGroup: false, inTargetGroup: false, inLoadBalancer: false)
        #expect(try sfn(scratch, ["sfn", "deploy", "ec2-quarantine", "--role-arn", Self.role]).status == 0)
        let refused = try sfn(scratch, ["sfn", "start", "ec2-quarantine", "--instance", wrong.id, "--param", "vpc=vpc-0000000000000dead", "--wait"])
        #expect(refused.status == 1, "\(refused.stdout)\n\(refused.stderr)")
        #expect(refused.stderr.contains("irun.UnexpectedVPC"))
        #expect(try await !world.terminationProtection(wrong.id))
        let failedARN = try executionARN(in: refused.stdout)
        #expect(try sfn(scratch, ["sfn", "import", failedARN], db: true).status == 0)
        let failedID = String(try #require(failedARN.split(separator: ":").last))
        let failedRun = try #require(try await scratch.store().run(failedID))
        #expect(failedRun.status == .failed)
        let capture = try #require(try await scratch.store().steps(ofRun: failedRun.header.id).first { $0.step == "capture" })
        #expect(capture.status == .failed && capture.errorCode == "UnexpectedVPC")
    }
}

/// What `irun sfn` and `irun export` refuse before anything reaches AWS.
struct StepFunctionsCommandLineTests {
    private let environment = ["HOME": FileManager.default.temporaryDirectory.path, "AWS_ACCESS_KEY_ID": "AKIAIRUNE2E000000000", "AWS_SECRET_ACCESS_KEY": "x"]

    @Test func aRunbookThatCannotCompileIsRefusedByStepName() throws {
        let export = try runIRun(["export", "ec2-release", "--to", "step-functions"], environment: environment)
        #expect(export.status == 1)
        #expect(export.stdout.isEmpty)
        #expect(export.stderr.contains("release: cannot compile action ec2.release"))
        #expect(export.stderr.contains("ec2-release.yaml"))
        // deploy compiles before it calls anything: no endpoint is needed to be refused.
        let deploy = try runIRun(["sfn", "deploy", "ec2-release", "--role-arn", "arn:aws:iam::123456789012:role/r", "--endpoint-url", "http://127.0.0.1:9"], environment: environment)
        #expect(deploy.status == 1 && deploy.stderr.contains("cannot compile action ec2.release"))
    }

    @Test func exportWritesTheDefinitionAndThePolicyNamesEveryCall() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("irun-\(UUID().uuidString).asl.json")
        let export = try runIRun(["export", "ec2-quarantine", "--to", "step-functions", "--output", file.path], environment: environment)
        #expect(export.status == 0, "\(export.stderr)")
        let definition = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        #expect(definition?["StartAt"] as? String == "input")
        let policy = try runIRun(["iam-policy", "ec2-quarantine", "--for", "step-functions"], environment: environment)
        #expect(policy.status == 0)
        #expect(policy.stdout.contains("\"ec2:ModifyNetworkInterfaceAttribute\"") && policy.stdout.contains("\"sqs:SendMessage\""))
    }

    @Test func badIdentifiersAreRefusedWithWhatWouldFixThem() throws {
        let role = try runIRun(["sfn", "deploy", "ec2-quarantine", "--role-arn", "irun-sfn"], environment: environment)
        #expect(role.status == 2 && role.stderr.contains("--role-arn 'irun-sfn' is not an IAM role ARN"))
        let execution = try runIRun(["sfn", "approve", "20261204-000000-abcd", "stop-instance"], environment: environment)
        #expect(execution.status == 2 && execution.stderr.contains("is not an execution ARN"))
        let instance = try runIRun(["sfn", "start", "ec2-quarantine", "--instance", "i-xyz"], environment: environment)
        #expect(instance.status == 2 && instance.stderr.contains("--instance 'i-xyz' is not an instance id"))
    }
}
