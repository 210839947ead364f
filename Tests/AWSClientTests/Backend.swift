@testable import AWSClient
import Foundation
import Engine
import MockAWS
import Providers
import Testing

/// Every provider protocol at once: what the actions receive.
typealias AWSBackend = EC2 & AutoScaling & ElasticLoadBalancing & ElasticLoadBalancingV2

/// The ids of the resources a contract test works on, whichever backend made them.
struct ContractWorld: Sendable {
    var vpcId: String
    var subnetId: String
    var availabilityZone: String
    var webGroupId: String
    var mgmtGroupId: String
    /// An instance with one interface (in `web`) and one volume.
    var instanceId: String
    var interfaceId: String
    var volumeId: String
    /// An instance with two interfaces: eth0 in `web`, eth1 in `mgmt`.
    var multiInterfaceInstanceId: String
    /// A group with no load balancers, min 0, max 3, and one member.
    var autoScalingGroupName: String
    var autoScalingMemberId: String
    /// A Classic Load Balancer with no instances.
    var loadBalancerName: String
    /// A target group (instance targets, port 80) with no targets.
    var targetGroupArn: String
}

/// Where the contract tests run: the simulated account, or `AWSClient` talking to a local
/// moto_server — each on its own, and each at the bottom of a fleet's request pipeline (merging,
/// pacing, one retry budget), as the actions call it.
enum Backend: String, Sendable, CustomTestStringConvertible {
    case mock, moto
    case mockPipeline = "mock through the fleet pipeline", motoPipeline = "moto through the fleet pipeline"

    /// `IRUN_MOTO_ENDPOINT`, set by `Scripts/test` after it starts moto_server.
    static let motoEndpoint: URL? = ProcessInfo.processInfo.environment["IRUN_MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : URL(string: $0) }

    /// The mock always; moto when `IRUN_MOTO_ENDPOINT` is set.
    static let all: [Backend] = motoEndpoint == nil ? [.mock, .mockPipeline] : [.mock, .moto, .mockPipeline, .motoPipeline]

    var testDescription: String { rawValue }

    /// A fresh world on this backend: a new simulated account, or new resources (unique names) in moto.
    func make() async throws -> (aws: any AWSBackend, world: ContractWorld) {
        switch self {
        case .mock: return try await MockContractWorld.make()
        case .moto:
            let endpoint = try #require(Self.motoEndpoint, "IRUN_MOTO_ENDPOINT is not set")
            let client = AWSClient.make(configuration: MotoSeeder.configuration(endpoint: endpoint), transport: MotoSeeder.transport)
            return (client, try await MotoSeeder(client: client).seed())
        case .mockPipeline, .motoPipeline:
            let (backend, world) = try await (self == .mockPipeline ? Backend.mock : Backend.moto).make()
            let clock = SystemClock()
            return (RequestPipeline.paced(backend: AWSProviders(backend), clock: clock, pacer: CallPacing(clock: clock), merging: true), world)
        }
    }
}

/// The contract world as a spec for the simulated account.
enum MockContractWorld {
    static func make() async throws -> (aws: any AWSBackend, world: ContractWorld) {
        let spec = WorldSpec(
            name: "contract", seed: 11,
            vpcs: [VPCSpec(id: "vpc-0c0", cidr: "10.0.0.0/16")],
            subnets: [SubnetSpec(id: "subnet-0c1", vpc: "vpc-0c0", availabilityZone: "us-east-1a", cidr: "10.0.1.0/24")],
            securityGroups: [SecurityGroupSpec(id: "sg-0eb", name: "web", vpc: "vpc-0c0"), SecurityGroupSpec(id: "sg-0a9", name: "mgmt", vpc: "vpc-0c0")],
            instances: [
                InstanceSpec(id: "i-0a1", subnet: "subnet-0c1", interfaces: [InterfaceSpec(groups: ["sg-0eb"])], volumes: [VolumeSpec(size: 8)]),
                InstanceSpec(id: "i-0a2", subnet: "subnet-0c1", interfaces: [InterfaceSpec(groups: ["sg-0eb"]), InterfaceSpec(groups: ["sg-0a9"])]),
                InstanceSpec(id: "i-0a3", subnet: "subnet-0c1", interfaces: [InterfaceSpec(groups: ["sg-0eb"])]),
            ],
            autoScalingGroups: [
                AutoScalingGroupSpec(
                    name: "contract-asg", min: 0, max: 3, desired: 1, healthCheckType: "EC2", subnets: ["subnet-0c1"], instances: ["i-0a3"],
                    launchTemplate: LaunchTemplateSpec(groups: ["sg-0eb"])
                ),
            ],
            loadBalancers: [ClassicLoadBalancerSpec(name: "contract-clb", vpc: "vpc-0c0", subnets: ["subnet-0c1"])],
            targetGroups: [TargetGroupSpec(name: "contract-tg", vpc: "vpc-0c0", deregistrationDelay: .seconds(300))],
            behaviour: BehaviourSpec(rateLimits: nil)
        )
        let aws = try MockAWS(spec: spec, clock: VirtualClock(start: spec.start))
        let instance = try #require(try await aws.describeInstances(DescribeInstancesInput(instanceIds: ["i-0a1"])).instances.first)
        let targetGroup = try await aws.describeTargetGroups(DescribeTargetGroupsInput(names: ["contract-tg"])).targetGroups[0]
        let world = ContractWorld(
            vpcId: "vpc-0c0", subnetId: "subnet-0c1", availabilityZone: "us-east-1a", webGroupId: "sg-0eb", mgmtGroupId: "sg-0a9",
            instanceId: "i-0a1", interfaceId: instance.networkInterfaces[0].networkInterfaceId, volumeId: instance.blockDeviceMappings[0].volumeId,
            multiInterfaceInstanceId: "i-0a2", autoScalingGroupName: "contract-asg", autoScalingMemberId: "i-0a3",
            loadBalancerName: "contract-clb", targetGroupArn: targetGroup.targetGroupArn
        )
        return (aws, world)
    }
}
