@testable import AWSClient
import Foundation
import Providers
import Testing

/// Seeds moto_server with the contract world by raw signed Query calls (the operations irun itself never makes).
///
/// Names carry a random suffix, so tests running at once on one server never meet.
struct MotoSeeder {
    let client: AWSClient
    let suffix = String(UUID().uuidString.prefix(8)).lowercased()

    /// One transport (one connection pool) for every moto test.
    static let transport = AsyncHTTPClientTransport.shared

    static func configuration(endpoint: URL) -> AWSConfiguration {
        var configuration = AWSConfiguration(
            credentials: AWSCredentials(accessKeyID: "AKIAMOTO000000000000", secretAccessKey: "moto-does-not-check", source: "test"),
            region: "us-east-1", endpointOverride: endpoint, timeout: .seconds(30)
        )
        configuration.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(50))
        return configuration
    }

    /// Sends one Query call and returns its XML answer.
    func raw(_ service: AWSService, _ action: String, _ build: (inout QueryParameters) -> Void) async throws -> XMLTree {
        var parameters = QueryParameters()
        build(&parameters)
        return try await client.send(AWSOperation(service, action, mutates: true), parameters: parameters)
    }

    func seed() async throws -> ContractWorld {
        let az = "us-east-1a"
        let vpc = try await raw(.ec2, "CreateVpc") { $0.add("CidrBlock", "10.0.0.0/16") }
        let vpcId = try #require(vpc["vpc"]?.string("vpcId"))
        let subnet = try await raw(.ec2, "CreateSubnet") {
            $0.add("VpcId", vpcId)
            $0.add("CidrBlock", "10.0.1.0/24")
            $0.add("AvailabilityZone", az)
        }
        let subnetId = try #require(subnet["subnet"]?.string("subnetId"))
        let web = try await client.createSecurityGroup(.init(groupName: "web-\(suffix)", description: "contract web", vpcId: vpcId)).groupId
        let mgmt = try await client.createSecurityGroup(.init(groupName: "mgmt-\(suffix)", description: "contract mgmt", vpcId: vpcId)).groupId

        let instanceId = try await runInstance(subnetId: subnetId, group: web)
        let volume = try await raw(.ec2, "CreateVolume") {
            $0.add("AvailabilityZone", az)
            $0.add("Size", 8)
        }
        let volumeId = try #require(volume.string("volumeId"))
        _ = try await raw(.ec2, "AttachVolume") {
            $0.add("VolumeId", volumeId)
            $0.add("InstanceId", instanceId)
            $0.add("Device", "/dev/sdf")
        }
        let instance = try #require(try await client.describeInstances(.init(instanceIds: [instanceId])).instances.first)

        let multiId = try await runInstance(subnetId: subnetId, group: web)
        let eni = try await raw(.ec2, "CreateNetworkInterface") {
            $0.add("SubnetId", subnetId)
            $0.addEC2List("SecurityGroupId", [mgmt])
        }
        let eniId = try #require(eni["networkInterface"]?.string("networkInterfaceId"))
        _ = try await raw(.ec2, "AttachNetworkInterface") {
            $0.add("NetworkInterfaceId", eniId)
            $0.add("InstanceId", multiId)
            $0.add("DeviceIndex", 1)
        }

        let groupName = "contract-asg-\(suffix)"
        _ = try await raw(.autoscaling, "CreateLaunchConfiguration") {
            $0.add("LaunchConfigurationName", "contract-lc-\(suffix)")
            $0.add("ImageId", "ami-12c6146b")
            $0.add("InstanceType", "t3.micro")
            $0.addMemberList("SecurityGroups", [web])
        }
        _ = try await raw(.autoscaling, "CreateAutoScalingGroup") {
            $0.add("AutoScalingGroupName", groupName)
            $0.add("LaunchConfigurationName", "contract-lc-\(suffix)")
            $0.add("MinSize", 0)
            $0.add("MaxSize", 3)
            $0.add("DesiredCapacity", 1)
            $0.add("HealthCheckType", "EC2")
            $0.add("VPCZoneIdentifier", subnetId)
        }
        let group = try #require(try await client.describeAutoScalingGroups(.init(autoScalingGroupNames: [groupName])).autoScalingGroups.first)
        let memberId = try #require(group.instances.first?.instanceId)

        let loadBalancerName = "clb-\(suffix)"
        _ = try await raw(.elasticloadbalancing, "CreateLoadBalancer") {
            $0.add("LoadBalancerName", loadBalancerName)
            $0.add("Listeners.member.1.Protocol", "HTTP")
            $0.add("Listeners.member.1.LoadBalancerPort", 80)
            $0.add("Listeners.member.1.InstancePort", 80)
            $0.addMemberList("Subnets", [subnetId])
        }
        let targetGroup = try await raw(.elasticloadbalancingv2, "CreateTargetGroup") {
            $0.add("Name", "tg-\(suffix)")
            $0.add("Protocol", "HTTP")
            $0.add("Port", 80)
            $0.add("VpcId", vpcId)
            $0.add("TargetType", "instance")
        }
        let targetGroupArn = try #require(targetGroup.result.list("TargetGroups").first?.string("TargetGroupArn"))

        return ContractWorld(
            vpcId: vpcId, subnetId: subnetId, availabilityZone: az, webGroupId: web, mgmtGroupId: mgmt,
            instanceId: instanceId, interfaceId: try #require(instance.networkInterfaces.first?.networkInterfaceId), volumeId: volumeId,
            multiInterfaceInstanceId: multiId, autoScalingGroupName: groupName, autoScalingMemberId: memberId,
            loadBalancerName: loadBalancerName, targetGroupArn: targetGroupArn
        )
    }

    private func runInstance(subnetId: String, group: String) async throws -> String {
        let reservation = try await raw(.ec2, "RunInstances") {
            $0.add("ImageId", "ami-12c6146b")
            $0.add("InstanceType", "t3.micro")
            $0.add("MinCount", 1)
            $0.add("MaxCount", 1)
            $0.add("SubnetId", subnetId)
            $0.addEC2List("SecurityGroupId", [group])
        }
        return try #require(reservation.list("instancesSet").first?.string("instanceId"))
    }
}
