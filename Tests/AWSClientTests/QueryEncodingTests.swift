@testable import AWSClient
import Foundation
import Providers
import Testing

@Suite("Query protocol request encoding")
struct QueryEncodingTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        var id: String
        var service: String
        var operation: String
        var parameters: [[String]]
        var testDescription: String { id }
    }

    static let vectors = (try? loadVectors("query-vectors.json", as: Vector.self)) ?? []
    static let tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef"

    /// The Swift input for each botocore case in `make_sigv4_vectors.py`, by id.
    static let inputs: [String: any QueryEncodable] = [
        "describeInstances": DescribeInstancesInput(
            instanceIds: ["i-1", "i-2"],
            filters: [Filter(name: "instance-state-name", values: ["running", "stopped"]), Filter(name: "tag:Name", values: ["web"])], nextToken: "tok"
        ),
        "describeInstancesPaged": DescribeInstancesInput(maxResults: 5),
        "describeNetworkInterfaces": DescribeNetworkInterfacesInput(
            networkInterfaceIds: ["eni-1"], filters: [Filter(name: "attachment.instance-id", values: ["i-1"])], maxResults: 10, nextToken: "n"
        ),
        "describeSecurityGroups": DescribeSecurityGroupsInput(groupIds: ["sg-1", "sg-2"], filters: [Filter(name: "vpc-id", values: ["vpc-1"])]),
        "createSecurityGroup": CreateSecurityGroupInput(
            groupName: "quarantine", description: "irun quarantine", vpcId: "vpc-1", tags: [Tag(key: "irun:run", value: "r-1"), Tag(key: "Name", value: "q")]
        ),
        "authorizeSecurityGroupIngress": AuthorizeSecurityGroupIngressInput(
            groupId: "sg-1", ipPermissions: [IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: ["10.0.0.0/8"], userIdGroupPairs: ["sg-2"])]
        ),
        "authorizeSecurityGroupEgress": AuthorizeSecurityGroupEgressInput(groupId: "sg-1", ipPermissions: [.allTraffic]),
        "revokeSecurityGroupEgress": RevokeSecurityGroupEgressInput(
            groupId: "sg-1",
            ipPermissions: [.allIPv4Traffic, IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipRanges: ["10.0.0.0/8", "192.168.0.0/16"])]
        ),
        "modifyInstanceAttributeProtection": ModifyInstanceAttributeInput(instanceId: "i-1", change: .disableApiTermination(true)),
        "modifyInstanceAttributeShutdown": ModifyInstanceAttributeInput(instanceId: "i-1", change: .instanceInitiatedShutdownBehavior("stop")),
        "modifyInstanceAttributeGroups": ModifyInstanceAttributeInput(instanceId: "i-1", change: .groups(["sg-1", "sg-2"])),
        "modifyNetworkInterfaceAttribute": ModifyNetworkInterfaceAttributeInput(networkInterfaceId: "eni-1", groups: ["sg-1", "sg-2"]),
        "describeVolumes": DescribeVolumesInput(volumeIds: ["vol-1"], filters: [Filter(name: "attachment.instance-id", values: ["i-1"])], maxResults: 50, nextToken: "v"),
        "createSnapshot": CreateSnapshotInput(volumeId: "vol-1", description: "irun evidence: i-1 /dev/xvda", tags: [Tag(key: "irun:incident", value: "INC-1")]),
        "createSnapshots": CreateSnapshotsInput(
            instanceId: "i-1", description: "irun evidence: volumes of i-1", tags: [Tag(key: "irun:incident", value: "INC-1"), Tag(key: "irun:run", value: "r-1")]
        ),
        "describeSnapshots": DescribeSnapshotsInput(snapshotIds: ["snap-1"], filters: [Filter(name: "volume-id", values: ["vol-1"])], maxResults: 10),
        "createTags": CreateTagsInput(resources: ["i-1", "vol-1"], tags: [Tag(key: "irun:quarantined", value: "true"), Tag(key: "Empty", value: "")]),
        "deleteTags": DeleteTagsInput(resources: ["i-1"], tags: [TagToDelete(key: "irun:quarantined"), TagToDelete(key: "Owner", value: "me")]),
        "describeTags": DescribeTagsInput(
            filters: [Filter(name: "resource-id", values: ["i-1", "i-2"]), Filter(name: "key", values: ["quarantine-run"])], maxResults: 10, nextToken: "t"
        ),
        "stopInstances": StopInstancesInput(instanceIds: ["i-1", "i-2"], force: true),
        "describeInstanceAttribute": DescribeInstanceAttributeInput(instanceId: "i-1", attribute: .disableApiTermination),
        "describeAutoScalingInstances": DescribeAutoScalingInstancesInput(instanceIds: ["i-1", "i-2"], maxRecords: 50, nextToken: "a"),
        "describeAutoScalingGroups": DescribeAutoScalingGroupsInput(autoScalingGroupNames: ["web-asg"], maxRecords: 100),
        "detachInstances": DetachInstancesInput(instanceIds: ["i-1", "i-2"], autoScalingGroupName: "web-asg", shouldDecrementDesiredCapacity: false),
        "attachInstances": AttachInstancesInput(instanceIds: ["i-1"], autoScalingGroupName: "web-asg"),
        "describeLoadBalancers": DescribeLoadBalancersInput(loadBalancerNames: ["web-clb", "api-clb"], pageSize: 400, marker: "m"),
        "deregisterInstancesFromLoadBalancer": DeregisterInstancesFromLoadBalancerInput(loadBalancerName: "web-clb", instanceIds: ["i-1", "i-2"]),
        "registerInstancesWithLoadBalancer": RegisterInstancesWithLoadBalancerInput(loadBalancerName: "web-clb", instanceIds: ["i-1"]),
        "describeTargetGroups": DescribeTargetGroupsInput(targetGroupArns: [tg], names: ["web-tg"], loadBalancerArn: "arn:lb", pageSize: 20, marker: "m"),
        "describeTargetHealth": DescribeTargetHealthInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-1", port: 80)]),
        "deregisterTargets": DeregisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-1"), TargetDescription(id: "i-2", port: 8080)]),
        "registerTargets": RegisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-1")]),
    ]

    @Test func everyOperationHasAVector() {
        // Every operation of the provider protocols is covered by at least one botocore vector.
        let covered = Set(Self.vectors.map(\.operation))
        #expect(Set(AWSOperation.all.map(\.name)).subtracting(covered).isEmpty)
        #expect(Set(Self.vectors.map(\.id)) == Set(Self.inputs.keys))
    }

    @Test(arguments: vectors)
    func encodesLikeBotocore(_ vector: Vector) throws {
        // Given the Swift input for botocore's case
        let input = try #require(Self.inputs[vector.id])
        // When it is encoded
        var parameters = QueryParameters()
        input.encode(into: &parameters)
        let operation = type(of: input).operation
        // Then Action and Version are botocore's, and so is every other parameter, in the same order
        let expected = vector.parameters.map { [$0[0], $0[1]] }
        #expect(expected.first == ["Action", operation.name])
        #expect(expected.dropFirst().first == ["Version", operation.service.apiVersion])
        #expect(parameters.pairs.map { [$0.name, $0.value] } == Array(expected.dropFirst(2)))
    }

    @Test func formEncodingKeepsOnlyUnreservedCharacters() {
        var parameters = QueryParameters()
        parameters.add("Filter.1.Value.1", "web server*/α+&=")
        #expect(parameters.formEncoded == "Filter.1.Value.1=web%20server%2A%2F%CE%B1%2B%26%3D")
    }
}
