import Foundation
import MockAWS
import Providers

/// A small web tier built in code, so the behaviour tests do not depend on any world file.
///
/// `i-123` has two interfaces (eth0 in sg-0web with one tracked connection, eth1 in sg-0mgmt)
/// and two volumes; it and `i-456` are in `web-asg` (ELB health checks, 300 s grace) behind
/// `web-clb` and `web-tg`. `i-0db` is a bystander in no group. `vpc-0b` holds `sg-0other`.
enum TestWorld {
    static func spec(_ adjust: (inout WorldSpec) -> Void = { _ in }) -> WorldSpec {
        var spec = WorldSpec(
            name: "test-web-tier", seed: 7,
            vpcs: [VPCSpec(id: "vpc-0a"), VPCSpec(id: "vpc-0b", cidr: "10.1.0.0/16")],
            subnets: [
                SubnetSpec(id: "subnet-0a1", vpc: "vpc-0a", availabilityZone: "us-east-1a", cidr: "10.0.1.0/24"),
                SubnetSpec(id: "subnet-0a2", vpc: "vpc-0a", availabilityZone: "us-east-1b", cidr: "10.0.2.0/24"),
                SubnetSpec(id: "subnet-0b1", vpc: "vpc-0b", availabilityZone: "us-east-1a", cidr: "10.1.1.0/24"),
            ],
            securityGroups: [
                SecurityGroupSpec(id: "sg-0eb", name: "web", vpc: "vpc-0a", ingress: [IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, ipRanges: ["0.0.0.0/0"])]),
                SecurityGroupSpec(id: "sg-0a9", name: "mgmt", vpc: "vpc-0a", ingress: [IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: ["10.0.0.0/8"])]),
                SecurityGroupSpec(id: "sg-0b0", name: "other", vpc: "vpc-0b"),
            ],
            instances: [
                InstanceSpec(
                    id: "i-123", type: "m5.large", subnet: "subnet-0a1", iamProfile: "web-server",
                    interfaces: [InterfaceSpec(groups: ["sg-0eb"], trackedConnections: 1), InterfaceSpec(subnet: "subnet-0a2", groups: ["sg-0a9"])],
                    volumes: [VolumeSpec(size: 8), VolumeSpec(size: 100)], tags: [Tag(key: "Name", value: "web-1")]
                ),
                InstanceSpec(id: "i-456", subnet: "subnet-0a2", interfaces: [InterfaceSpec(groups: ["sg-0eb"])], tags: [Tag(key: "Name", value: "web-2")]),
                InstanceSpec(id: "i-0db", subnet: "subnet-0a1", interfaces: [InterfaceSpec(groups: ["sg-0a9"])], tags: [Tag(key: "Name", value: "db")]),
            ],
            autoScalingGroups: [
                AutoScalingGroupSpec(
                    name: "web-asg", min: 1, max: 4, subnets: ["subnet-0a1", "subnet-0a2"], loadBalancers: ["web-clb"],
                    targetGroups: ["web-tg"], instances: ["i-123", "i-456"], launchTemplate: LaunchTemplateSpec(groups: ["sg-0eb"])
                ),
            ],
            loadBalancers: [
                ClassicLoadBalancerSpec(name: "web-clb", vpc: "vpc-0a", healthCheck: ClassicHealthCheck(target: "HTTP:80/", interval: 30, timeout: 5, unhealthyThreshold: 2, healthyThreshold: 3)),
            ],
            targetGroups: [TargetGroupSpec(name: "web-tg", vpc: "vpc-0a", deregistrationDelay: .seconds(60))],
            behaviour: BehaviourSpec(rateLimits: nil)
        )
        adjust(&spec)
        return spec
    }

    /// The simulated account on a virtual clock, with the clock to advance.
    static func make(_ adjust: (inout WorldSpec) -> Void = { _ in }) throws -> (aws: MockAWS, clock: VirtualClock) {
        let spec = spec(adjust)
        let clock = VirtualClock(start: spec.start)
        return (try MockAWS(spec: spec, clock: clock), clock)
    }
}

/// The AWS error code a failed call threw, or `nil` if it succeeded or threw something else.
func awsErrorCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as AWSError {
        return error.code.rawValue
    } catch {
        return "not an AWSError: \(error)"
    }
}

extension MockAWS {
    /// The target-group ARN of `name`.
    func targetGroupArn(_ name: String) async throws -> String {
        try await describeTargetGroups(DescribeTargetGroupsInput(names: [name])).targetGroups[0].targetGroupArn
    }

    func instance(_ id: String) async throws -> Instance {
        try await describeInstances(DescribeInstancesInput(instanceIds: [id])).instances[0]
    }
}
