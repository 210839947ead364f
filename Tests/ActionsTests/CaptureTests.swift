import Actions
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("ec2.capture")
struct CaptureTests {
    let capture = EC2CaptureAction()

    @Test func lookUpsThatDoNotDependOnEachOtherAreMadeAtTheSameTime() async throws {
        // Given every call taking 100 ms, on a clock where parallel work overlaps
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.rateLimits = nil
        spec.behaviour.defaultLatency = .fixed(.milliseconds(100))
        spec.behaviour.latency = [:]
        let clock = TimelineClock(start: spec.start)
        let aws = try MockAWS(spec: spec, clock: clock)
        let context = ActionContext(
            runID: "run-1", step: "capture", attempt: 1, mode: .live, inputs: ["instance": "i-123"], providers: AWSProviders(aws), clock: clock,
            recordEvidence: { _, _, _, _ in "digest" }, log: { _, _ in }, runHistory: { _ in nil }
        )
        // When i-123 is captured (nine calls)
        let (outputs, end) = try await clock.fork { try await capture.run(context) }
        #expect(outputs["targetGroups"]?.listItems?.count == 1)
        #expect(await aws.calls.count == 9)
        // Then it took three round trips: the instance; its interfaces, volumes, attributes and
        // memberships; the health of the target group the listing found
        #expect(abs(end.timeIntervalSince(spec.start) - 0.3) < 0.001, "\(end.timeIntervalSince(spec.start)) s")
    }

    @Test func capturesEveryInterfaceVolumeAndMembershipOfI123() async throws {
        // Given the default world, where i-123 has two ENIs and two volumes, in web-asg behind web-clb and web-tg
        let harness = try Harness()
        let tg = try await harness.webTargetGroup()
        // When it is captured
        let outputs = try await harness.run(capture, ["instance": "i-123"], step: "capture")
        // Then every fact later steps decide on is in the outputs, in the documented shapes
        #expect(outputs["instanceId"] == "i-123")
        #expect(outputs["state"] == "running")
        #expect(outputs["vpcId"] == "vpc-0a1")
        #expect(outputs["subnetId"] == "subnet-0a1")
        #expect(outputs["networkInterfaces"] == [
            ["id": "eni-0123a", "subnetId": "subnet-0a1", "deviceIndex": 0, "privateIp": "10.0.1.10", "groups": ["sg-0e1b"]],
            ["id": "eni-0123b", "subnetId": "subnet-0c1", "deviceIndex": 1, "privateIp": "10.0.10.10", "groups": ["sg-0ad0"]],
        ])
        #expect(outputs["securityGroups"] == ["sg-0e1b", "sg-0ad0"])
        #expect(outputs["volumes"] == [
            ["id": "vol-0123a", "device": "/dev/xvda", "size": 8, "deleteOnTermination": true],
            ["id": "vol-0123b", "device": "/dev/xvdb", "size": 100, "deleteOnTermination": true],
        ])
        #expect(outputs["iamInstanceProfile"] == "arn:aws:iam::123456789012:instance-profile/web-server")
        #expect(outputs["tags"] == ["Name": "web-1", "Role": "web", "Environment": "production"])
        #expect(outputs["terminationProtection"] == false)
        #expect(outputs["shutdownBehavior"] == "stop")
        #expect(outputs["autoScalingGroups"] == ["web-asg"])
        #expect(outputs["loadBalancers"] == ["web-clb"])
        #expect(outputs["targetGroups"] == [["arn": .string(tg), "port": 80]])
        // And the full description is stored as canonical JSON evidence, which the outputs point at
        let stored = try #require(harness.evidence.all.first)
        #expect(harness.evidence.all.count == 1)
        #expect(stored.name == "instance-description" && stored.kind == "ec2-instance-description" && stored.mediaType == "application/json")
        #expect(outputs["evidence"] == ["artifact": "instance-description", "sha256": "digest-of-instance-description", "size": .int(stored.content.count)])
        let document = try Value(json: String(decoding: stored.content, as: UTF8.self))
        #expect(document.json == String(decoding: stored.content, as: UTF8.self), "the evidence is canonical (sorted-key) JSON")
        #expect(document[member: "instance"][member: "instanceId"] == "i-123")
        #expect(document[member: "networkInterfaces"].listItems?.count == 2)
        #expect(document[member: "targetGroups"].listItems?.first?[member: "targetHealth"][member: "target"][member: "port"] == 80)
        #expect(document[member: "autoScalingInstances"].listItems?.first?[member: "autoScalingGroupName"] == "web-asg")
        // And it changed nothing
        #expect(await harness.mutations().isEmpty)
    }

    @Test func findsTargetGroupsOutsideTheAutoScalingGroupWithTheirPort() async throws {
        // Given the database registered in web-tg on port 5432, though it is in no Auto Scaling group
        let harness = try Harness()
        let tg = try await harness.webTargetGroup()
        try await harness.aws.registerTargets(RegisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db0001", port: 5432)]))
        // When it is captured
        let outputs = try await harness.run(capture, ["instance": "i-0db0001"], step: "capture")
        // Then the scan finds the registration with its port
        #expect(outputs["targetGroups"] == [["arn": .string(tg), "port": 5432]])
        #expect(outputs["autoScalingGroups"] == [])
        #expect(outputs["loadBalancers"] == [])
        #expect(outputs["terminationProtection"] == true)
    }

    @Test func aTerminatedInstanceIsCapturedAsItIs() async throws {
        let harness = try Harness()
        let outputs = try await harness.run(capture, ["instance": "i-dead"])
        #expect(outputs["state"] == "terminated")
        #expect(outputs["autoScalingGroups"] == [])
    }

    @Test func anUnknownInstanceFailsWithAWSNotFoundAndAMalformedOneBeforeAnyCall() async throws {
        let harness = try Harness()
        #expect(await errorCode { _ = try await harness.run(capture, ["instance": "i-0000000000000beef"]) } == "InvalidInstanceID.NotFound")
        let before = await harness.aws.calls.count
        let text = await errorText { _ = try await harness.run(capture, ["instance": "web-1"]) }
        #expect(text?.contains("InvalidInput") == true && text?.contains("'instance'") == true && text?.contains("i-0abc1234") == true)
        #expect(await errorCode { _ = try await harness.run(capture, ["instance": 42]) } == "InvalidInput")
        #expect(await harness.aws.calls.count == before, "a malformed id reaches no API")
    }

    @Test func anInstanceInAnotherVPCIsRefusedNamingBoth() async throws {
        let harness = try Harness()
        let text = await errorText { _ = try await harness.run(capture, ["instance": "i-123", "expectedVpc": "vpc-0ffff"]) }
        #expect(text?.hasPrefix("UnexpectedVPC") == true)
        #expect(text?.contains("vpc-0a1") == true && text?.contains("vpc-0ffff") == true)
        #expect(harness.evidence.all.isEmpty)
        let outputs = try await harness.run(capture, ["instance": "i-123", "expectedVpc": "vpc-0a1"])
        #expect(outputs["vpcId"] == "vpc-0a1")
    }

    @Test func aDeniedDescribeFailsWithTheAWSCode() async throws {
        let harness = try Harness(faults: [fault("DescribeTargetHealth")])
        #expect(await errorCode { _ = try await harness.run(capture, ["instance": "i-123"]) } == "UnauthorizedOperation")
    }

    @Test func laterAttemptsAndOtherStepsStoreEvidenceUnderTheirOwnNames() async throws {
        // Evidence is write-once per name, and a retry may see a changed world.
        let harness = try Harness()
        _ = try await harness.run(capture, ["instance": "i-123"], step: "capture", attempt: 2)
        _ = try await harness.run(capture, ["instance": "i-123"], step: "capture-after")
        #expect(harness.evidence.all.map(\.name) == ["instance-description-attempt-2", "instance-description-capture-after"])
    }
}
