@testable import AWSClient
import Foundation
import Providers
import Testing

@Suite("Query protocol response decoding")
struct ResponseDecodingTests {
    static func recorded(_ name: String) throws -> ScriptedTransport.Step {
        let body = try Data(contentsOf: fixturesDirectory.appendingPathComponent("responses/\(name).xml"))
        return .respond(HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/xml")], body: body))
    }

    @Test func describeInstancesDecodesEveryFieldIrunUses() async throws {
        // Given a recorded DescribeInstances answer with two interfaces listed out of order
        let client = AWSClient.scripted(ScriptedTransport([try Self.recorded("DescribeInstances")]))
        // When it is decoded
        let output = try await client.describeInstances(.init(instanceIds: ["i-1234567890abcdef0"]))
        // Then the instance, its interfaces (by device index), volumes, profile, tags and the page token are there
        let instance = try #require(output.instances.first)
        #expect(output.reservations.first?.reservationId == "r-1234567890abcdef0")
        #expect(output.nextToken == "eyJ2IjoiMiJ9")
        #expect(instance.instanceId == "i-1234567890abcdef0")
        #expect(instance.state == .running)
        #expect(instance.availabilityZone == "eu-west-1c")
        #expect(instance.vpcId == "vpc-11112222")
        #expect(instance.publicIpAddress == "54.194.252.215")
        #expect(instance.launchTime == sigV4Date("20180508T164619Z"))
        #expect(instance.securityGroups == [GroupIdentifier(groupId: "sg-e4076980", groupName: "SecurityGroup1")])
        #expect(instance.networkInterfaces.map(\.networkInterfaceId) == ["eni-0a0a0a0a0a0a0a0a0", "eni-0b0b0b0b0b0b0b0b1"])
        #expect(instance.networkInterfaces.map { $0.groups.map(\.groupId) } == [["sg-e4076980"], ["sg-0mgmt"]])
        #expect(instance.networkInterfaces[1].attachment == NetworkInterfaceAttachment(attachmentId: "eni-attach-2", instanceId: "i-1234567890abcdef0", deviceIndex: 1, status: "attached", deleteOnTermination: false))
        #expect(instance.blockDeviceMappings.map(\.volumeId) == ["vol-1234567890abcdef0", "vol-0fedcba9876543210"])
        #expect(instance.blockDeviceMappings.map(\.deleteOnTermination) == [true, false])
        #expect(instance.iamInstanceProfile == IamInstanceProfile(arn: "arn:aws:iam::123456789012:instance-profile/web", id: "AIPAEXAMPLE"))
        #expect(instance.tags == [Tag(key: "Name", value: "Server_1"), Tag(key: "empty", value: "")])
        #expect(instance.rootDeviceName == "/dev/xvda")
    }

    @Test func securityGroupRulesDecodeWithRangesAndGroupPairs() async throws {
        let client = AWSClient.scripted(ScriptedTransport([try Self.recorded("DescribeSecurityGroups")]))
        let group = try #require(try await client.describeSecurityGroups(.init(groupIds: ["sg-1a2b3c4d"])).securityGroups.first)
        #expect(group.description == "Web Servers")
        #expect(group.ipPermissions == [IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, ipRanges: ["0.0.0.0/0"], ipv6Ranges: ["::/0"], userIdGroupPairs: ["sg-2a2b3c4d"])])
        #expect(group.ipPermissionsEgress == [.allIPv4Traffic])
        #expect(group.tags == [Tag(key: "irun:run", value: "r-1")])
    }

    @Test func autoScalingGroupsDecodeMembersAndAttachments() async throws {
        let client = AWSClient.scripted(ScriptedTransport([try Self.recorded("DescribeAutoScalingGroups")]))
        let output = try await client.describeAutoScalingGroups(.init(autoScalingGroupNames: ["web-asg"]))
        let group = try #require(output.autoScalingGroups.first)
        #expect(output.nextToken == "next-page")
        #expect(group.desiredCapacity == 2 && group.minSize == 1 && group.maxSize == 4)
        #expect(group.availabilityZones == ["us-east-1a", "us-east-1b"])
        #expect(group.loadBalancerNames == ["web-clb"])
        #expect(group.targetGroupARNs.count == 1)
        #expect(group.instances.map(\.instanceId) == ["i-1", "i-2"])
        #expect(group.instances.map(\.protectedFromScaleIn) == [false, true])
        #expect(group.tags == [Tag(key: "team", value: "web")])
    }

    @Test func loadBalancersAndTargetHealthDecode() async throws {
        let client = AWSClient.scripted(ScriptedTransport([try Self.recorded("DescribeLoadBalancers"), try Self.recorded("DescribeTargetHealth")]))
        let balancers = try await client.describeLoadBalancers(.init(loadBalancerNames: ["web-clb"]))
        #expect(balancers.nextMarker == "m2")
        #expect(balancers.loadBalancerDescriptions.first?.instances == ["i-1", "i-2"])
        #expect(balancers.loadBalancerDescriptions.first?.healthCheck == ClassicHealthCheck(target: "HTTP:80/health", interval: 30, timeout: 5, unhealthyThreshold: 2, healthyThreshold: 10))
        let health = try await client.describeTargetHealth(.init(targetGroupArn: "arn:tg"))
        #expect(health.targetHealthDescriptions.map(\.state) == ["healthy", "draining"])
        #expect(health.targetHealthDescriptions[1].reason == "Target.DeregistrationInProgress")
        #expect(health.targetHealthDescriptions[0].target == TargetDescription(id: "i-0f76fade", port: 80))
    }

    @Test func multiVolumeSnapshotsDecodeWithTheirStateTagsAndVolumes() async throws {
        // Given a recorded CreateSnapshots answer for an instance with two volumes
        let client = AWSClient.scripted(ScriptedTransport([try Self.recorded("CreateSnapshots")]))
        // When it is decoded
        let output = try await client.createSnapshots(.init(instanceId: "i-1234567890abcdef0"))
        // Then each snapshot has its volume, size, `state` (not `status`, as in DescribeSnapshots), start and tags
        #expect(output.snapshots.map(\.snapshotId) == ["snap-1234567890abcdef0", "snap-0fedcba9876543210"])
        #expect(output.snapshots.map(\.volumeId) == ["vol-1234567890abcdef0", "vol-0fedcba9876543210"])
        #expect(output.snapshots.map(\.volumeSize) == [8, 100])
        #expect(output.snapshots.map(\.encrypted) == [false, true])
        #expect(output.snapshots.allSatisfy { $0.state == .pending && $0.startTime == sigV4Date("20261127T031200Z") && $0.ownerId == "123456789012" })
        #expect(output.snapshots.allSatisfy { $0.description == "irun evidence: case IR-7, run r-1, volumes of i-1234567890abcdef0" })
        #expect(output.snapshots.allSatisfy { $0.tags == [Tag(key: "quarantine-case", value: "IR-7"), Tag(key: "quarantine-run", value: "r-1")] })
    }

    @Test func tagsDecodeWithTheirResourceAndThePageToken() async throws {
        let client = AWSClient.scripted(ScriptedTransport([try Self.recorded("DescribeTags")]))
        let output = try await client.describeTags(.init(filters: [Filter(name: "resource-id", values: ["i-1234567890abcdef0", "vol-1234567890abcdef0"])]))
        #expect(output.tags == [
            TagDescription(resourceId: "i-1234567890abcdef0", resourceType: "instance", key: "quarantine-run", value: "r-1"),
            TagDescription(resourceId: "i-1234567890abcdef0", resourceType: "instance", key: "empty", value: ""),
            TagDescription(resourceId: "vol-1234567890abcdef0", resourceType: "volume", key: "Name", value: "data"),
        ])
        #expect(output.nextToken == "eyJ0IjoiMiJ9")
    }

    @Test func aMultiVolumeSnapshotInAnUnknownStateIsAnInvalidResponse() async throws {
        let body = """
            <CreateSnapshotsResponse><snapshotSet><item><snapshotId>snap-1</snapshotId><volumeId>vol-1</volumeId><state>melting</state></item></snapshotSet></CreateSnapshotsResponse>
            """
        let client = AWSClient.scripted(ScriptedTransport([ScriptedTransport.xml(body, status: 200)]))
        await #expect { _ = try await client.createSnapshots(.init(instanceId: "i-1")) } throws: {
            ($0 as? AWSError)?.code == "InvalidResponse" && ($0 as? AWSError)?.message.contains("melting") == true
        }
    }

    @Test func ec2ErrorsBecomeAWSErrorsWithCodeMessageAndRequestID() async throws {
        // Given EC2's error document
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-0dead' does not exist</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>
            """
        let client = AWSClient.scripted(ScriptedTransport([ScriptedTransport.xml(body, status: 400)]))
        // When a call fails with it
        do {
            _ = try await client.describeInstances(.init(instanceIds: ["i-0dead"]))
            Issue.record("expected an error")
        } catch let error as AWSError {
            // Then code, message, request id and status are AWS's, and it is not retried
            #expect(error.code == .invalidInstanceIDNotFound)
            #expect(error.message == "The instance ID 'i-0dead' does not exist")
            #expect(error.requestID == "ea966190-f9aa-478e-9ede-example")
            #expect(error.httpStatus == 400)
            #expect(!error.isRetryable)
        }
    }

    @Test func queryServiceErrorsBecomeAWSErrors() async throws {
        let body = """
            <ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>The instance i-1 is not part of Auto Scaling group web-asg.</Message></Error><RequestId>70a76d42-9665-11e2-9fdf-211deEXAMPLE</RequestId></ErrorResponse>
            """
        let transport = ScriptedTransport([ScriptedTransport.xml(body, status: 400)])
        let client = AWSClient.scripted(transport)
        do {
            _ = try await client.detachInstances(.init(instanceIds: ["i-1"], autoScalingGroupName: "web-asg", shouldDecrementDesiredCapacity: false))
            Issue.record("expected an error")
        } catch let error as AWSError {
            #expect(error.code == .validationError)
            #expect(error.requestID == "70a76d42-9665-11e2-9fdf-211deEXAMPLE")
            #expect(error.message.contains("not part of Auto Scaling group"))
        }
        #expect(await transport.requests.count == 1)
    }

    @Test func aBodyThatIsNotAWSXMLGetsACodeFromTheStatus() {
        let error = AWSErrorResponse.decode(status: 503, headers: [HTTPHeader("x-amzn-RequestId", "rid")], body: Data("<html>busy</html>".utf8))
        #expect(error.code == .serviceUnavailable)
        #expect(error.requestID == "rid")
        #expect(error.isRetryable)
    }

    @Test func timestampsParseWithAndWithoutFractionsAndOffsets() {
        #expect(AWSTimestamp.parse("2026-11-27T03:12:00.000Z") == sigV4Date("20261127T031200Z"))
        #expect(AWSTimestamp.parse("2026-11-27T03:12:00Z") == sigV4Date("20261127T031200Z"))
        #expect(AWSTimestamp.parse("2026-11-27T04:12:00+01:00") == sigV4Date("20261127T031200Z"))
        #expect(AWSTimestamp.parse("yesterday") == nil)
    }
}
