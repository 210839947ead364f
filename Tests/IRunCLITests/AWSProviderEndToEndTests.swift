import AuditStore
import Foundation
import Providers
import RunbookModel
import Testing

/// Runs the built `irun` binary from the repository root with exactly `environment` (plus PATH).
func runIRun(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = try irunBinary()
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    process.environment = environment.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { given, _ in given }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// A scratch directory for a run against moto: its audit store, an empty HOME (no ~/.aws), and
/// dummy credentials whose secret the test later looks for in every file irun wrote.
struct AWSScratch {
    let directory: URL
    let secret = "moto-secret-\(UUID().uuidString)"
    var db: String { directory.appendingPathComponent("audit.sqlite").path }
    var home: String { directory.appendingPathComponent("home").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory.appendingPathComponent("home").path, withIntermediateDirectories: true)
    }

    var environment: [String: String] { ["HOME": home, "AWS_ACCESS_KEY_ID": "AKIAIRUNE2E000000000", "AWS_SECRET_ACCESS_KEY": secret, "IRUN_ACTOR": "e2e"] }

    /// `--provider aws --endpoint-url … --region us-east-1 --db …` after `arguments`.
    func irun(_ arguments: [String], environment extra: [String: String] = [:], provider: Bool = true) throws -> (status: Int32, stdout: String, stderr: String) {
        let endpoint = try #require(Moto.endpoint).absoluteString
        let flags = provider ? ["--provider", "aws", "--endpoint-url", endpoint, "--region", "us-east-1"] : []
        return try runIRun(arguments + flags + ["--db", db], environment: environment.merging(extra) { _, new in new })
    }

    func store() throws -> AuditDatabase { try AuditDatabase.open(path: db) }

    func lastRunID() async throws -> String { try #require(try await store().runs(limit: 1).first).id }

    /// Every file irun wrote in the scratch directory, as bytes.
    func writtenFiles() throws -> [(String, Data)] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
        return try names.compactMap { name in
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            return (name, try Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }
}

@Suite("--provider aws end to end against moto_server", .serialized, .enabled(if: Moto.isAvailable, Moto.skipReason))
struct AWSProviderEndToEndTests {
    @Test func quarantineThroughTheAWSClientThenReleaseRestoresEverything() async throws {
        // Given an instance in an Auto Scaling group, a target group and a classic ELB, with two volumes
        let world = try await MotoWorld.seed(client: try Moto.client())
        let target = try await world.instance()
        #expect(try await world.autoScalingGroups(of: target.id) == [world.autoScalingGroupName])
        #expect(try await world.isInLoadBalancer(target.id))
        #expect(try await world.isInTargetGroup(target.id))
        #expect(target.volumeIds.count == 2)
        let scratch = try AWSScratch()

        // When the real binary quarantines it through the AWS provider
        let quarantine = try scratch.irun(["execute", "ec2-quarantine", "--instance", target.id, "--param", "case=IR-E2E"])
        #expect(quarantine.status == 0, "\(quarantine.stdout)\n\(quarantine.stderr)")
        let run = try await scratch.lastRunID()
        let header = try #require(try await scratch.store().run(run)).header
        #expect(header.provider == "aws us-east-1 \(try #require(Moto.endpoint?.host)):\(try #require(Moto.endpoint?.port))")
        #expect(!FileManager.default.fileExists(atPath: scratch.directory.appendingPathComponent("simulated").path), "no simulated account with --provider aws")

        // Then, read back through the API: termination protection on, shutdown behaviour stop
        #expect(try await world.terminationProtection(target.id))
        #expect(try await world.shutdownBehaviour(target.id) == "stop")
        // every ENI is in the quarantine group (no rules) and remembers its original groups.
        // moto difference #1 (MotoDifferences.md): an attached ENI always also shows the
        // instance's launch groups, so on moto the ENI shows [web, quarantine]; on AWS exactly
        // [quarantine]. What moto can show: the quarantine group is there, nothing but the launch
        // group besides it, and the original-groups tag.
        let quarantineGroup = try #require(try await world.securityGroup(named: "irun-quarantine-\(world.vpcId)"))
        #expect(quarantineGroup.ipPermissions.isEmpty && quarantineGroup.ipPermissionsEgress.isEmpty)
        let interfaces = try await world.interfaces(of: target.id)
        #expect(!interfaces.isEmpty)
        for interface in interfaces {
            let groups = Set(interface.groups.map(\.groupId))
            #expect(groups.contains(quarantineGroup.groupId), "\(interface.networkInterfaceId): \(groups)")
            #expect(groups.subtracting([world.webGroupId]) == [quarantineGroup.groupId], "\(interface.networkInterfaceId): \(groups)")
            #expect(interface.tags.value(of: "irun-original-groups") == world.webGroupId)
        }
        // no Auto Scaling membership, not in the classic ELB nor the target group
        #expect(try await world.autoScalingGroups(of: target.id).isEmpty)
        #expect(try await !world.isInLoadBalancer(target.id))
        #expect(try await !world.isInTargetGroup(target.id))
        // one snapshot per volume, tagged with the run and the case
        let snapshots = try await world.snapshots(taggedRun: run)
        #expect(snapshots.map(\.volumeId).sorted() == target.volumeIds)
        #expect(snapshots.allSatisfy { $0.tags.value(of: "quarantine-case") == "IR-E2E" })
        // and the instance's quarantine tags
        let tags = try await world.tags(of: target.id)
        #expect(tags.value(of: "quarantine") == "true" && tags.value(of: "quarantine-run") == run && tags.value(of: "quarantine-case") == "IR-E2E")
        #expect(tags.value(of: "quarantine-time") != nil)

        // When ec2-release undoes the run
        let release = try scratch.irun(["execute", "ec2-release", "--param", "run=\(run)"])
        #expect(release.status == 0, "\(release.stdout)\n\(release.stderr)")

        // Then groups, Auto Scaling group, load balancer, target group and protection are back, tags gone
        for interface in try await world.interfaces(of: target.id) {
            #expect(interface.groups.map(\.groupId) == [world.webGroupId])
            #expect(interface.tags.value(of: "irun-original-groups") == nil)
        }
        #expect(try await world.autoScalingGroups(of: target.id) == [world.autoScalingGroupName])
        #expect(try await world.isInLoadBalancer(target.id))
        #expect(try await world.isInTargetGroup(target.id))
        #expect(try await !world.terminationProtection(target.id))
        let released = try await world.tags(of: target.id)
        #expect(released.allSatisfy { !$0.key.hasPrefix("quarantine") }, "\(released)")
        #expect(try runIRun(["audit", "verify", "--db", scratch.db], environment: scratch.environment).status == 0)

        // And the secret key is in no file irun wrote (audit database, WAL, anything else)
        for (name, bytes) in try scratch.writtenFiles() {
            #expect(bytes.range(of: Data(scratch.secret.utf8)) == nil, "the secret key is in \(name)")
        }
    }

    @Test func aFleetByTagIsResolvedThroughDescribeInstancesAndQuarantined() async throws {
        // Given three instances of one team (one in the group, one behind the load balancers, one in nothing)
        let world = try await MotoWorld.seed(client: try Moto.client())
        let team = Providers.Tag(key: "Team", value: "ir-\(world.suffix)")
        let members = [
            try await world.instance(inTargetGroup: false, inLoadBalancer: false, tags: [team]),
            try await world.instance(inAutoScalingGroup: false, tags: [team]),
            try await world.instance(inAutoScalingGroup: false, inTargetGroup: false, inLoadBalancer: false, tags: [team]),
        ]
        let bystander = try await world.instance()
        let scratch = try AWSScratch()
        // When the fleet is chosen by tag
        let result = try scratch.irun(["execute", "ec2-quarantine", "--tag", "Team=ir-\(world.suffix)", "--yes"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("3 targets — 3 succeeded"), "\(result.stderr)")
        // Then each member is contained, and the bystander is untouched
        for member in members {
            #expect(try await world.terminationProtection(member.id))
            #expect(try await world.autoScalingGroups(of: member.id).isEmpty)
            #expect(try await !world.isInTargetGroup(member.id))
            #expect(try await !world.isInLoadBalancer(member.id))
            #expect(try await world.tags(of: member.id).value(of: "quarantine") == "true")
            #expect(try await world.interfaces(of: member.id).allSatisfy { $0.tags.value(of: "irun-original-groups") == world.webGroupId })
        }
        #expect(try await !world.terminationProtection(bystander.id))
        #expect(try await world.isInTargetGroup(bystander.id))
        #expect(try await world.autoScalingGroups(of: bystander.id) == [world.autoScalingGroupName])
    }

    @Test func anApprovalGateAgainstAWSIsDecidedAndResumedOnlyWithTheSameProvider() async throws {
        let world = try await MotoWorld.seed(client: try Moto.client())
        let target = try await world.instance(inAutoScalingGroup: false, inTargetGroup: false, inLoadBalancer: false)
        let scratch = try AWSScratch()
        let runbook = scratch.directory.appendingPathComponent("gated.yaml")
        try """
            name: gated-tag
            parameters:
              instance: { type: instance-id, required: true }
            steps:
              capture: { action: ec2.capture, with: { instance: "${{ params.instance }}" } }
              tag:
                needs: [capture]
                approval: "Tag it?"
                action: ec2.tag
                with: { instance: "${{ params.instance }}" }
            """.write(to: runbook, atomically: true, encoding: .utf8)
        // When the run reaches the gate
        let paused = try scratch.irun(["execute", runbook.path, "--instance", target.id])
        #expect(paused.status == 3, "\(paused.stderr)")
        let run = try await scratch.lastRunID()
        // Then approving without --provider aws is refused before anything is recorded
        let wrong = try scratch.irun(["approve", run, "tag"], provider: false)
        #expect(wrong.status == 2 && wrong.stderr.contains("--provider aws --region us-east-1"), "\(wrong.stderr)")
        #expect(try await scratch.store().approvals(ofRun: run).isEmpty)
        // And approving with it records the decision and finishes the run in moto
        let approved = try scratch.irun(["approve", run, "tag", "--reason", "checked"])
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(try await world.tags(of: target.id).value(of: "quarantine-run") == run)
    }

    @Test func missingCredentialsSayWhereIrunLookedAndRecordNothing() throws {
        let scratch = try AWSScratch()
        let endpoint = try #require(Moto.endpoint).absoluteString
        let result = try runIRun(
            ["execute", "ec2-quarantine", "--instance", "i-0123456789abcdef0", "--provider", "aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--db", scratch.db],
            environment: ["HOME": scratch.home, "AWS_EC2_METADATA_DISABLED": "true"]
        )
        #expect(result.status == 1)
        #expect(result.stderr.contains("No AWS credentials found") && result.stderr.contains("Looked in:"), "\(result.stderr)")
        #expect(result.stderr.contains("\(scratch.home)/.aws/credentials"))
        #expect(!FileManager.default.fileExists(atPath: scratch.db), "nothing is recorded")
        // Likewise a missing region
        let noRegion = try runIRun(["execute", "ec2-quarantine", "--instance", "i-0123456789abcdef0", "--provider", "aws", "--db", scratch.db], environment: scratch.environment)
        #expect(noRegion.status == 1 && noRegion.stderr.contains("No AWS region set"), "\(noRegion.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.db))
    }

    @Test func doctorChecksCredentialsEndpointAndEveryReadPermissionAgainstMoto() throws {
        let scratch = try AWSScratch()
        let result = try runIRun(["doctor", "--provider", "aws", "--endpoint-url", try #require(Moto.endpoint).absoluteString, "--region", "us-east-1"], environment: scratch.environment)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("credentials  ok       environment (access key ****************0000)"), "\(result.stdout)")
        #expect(result.stdout.contains("region       ok       us-east-1 (from --region)"))
        #expect(result.stdout.contains("runbook      ec2-quarantine") && result.stdout.contains("runbook      ec2-release"))
        #expect(result.stdout.contains("  ok       ec2:DescribeInstances"))
        #expect(result.stdout.contains("not verifiable without changing anything; grant:") && result.stdout.contains("  grant    ec2:CreateSnapshot"))
        #expect(!result.stdout.contains(scratch.secret) && !result.stderr.contains(scratch.secret))
        // An endpoint that does not answer fails the check
        let closed = try runIRun(["doctor", "--provider", "aws", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"], environment: scratch.environment)
        #expect(closed.status == 1 && closed.stdout.contains("endpoint     FAILED"), "\(closed.stdout)")
    }
}
