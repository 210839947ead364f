import Foundation
import MockAWS
import Providers

/// `irun-bench world`: a large simulated account answering a mix of the calls the response actions make.
///
/// The world has `--instances` instances (two interfaces and two volumes each) in Auto Scaling
/// groups of 100 behind target groups; the mix is what quarantine and release send: describes,
/// attribute changes, interface group moves, tags, target (de)registration, snapshots. Calls go
/// through the full path (fault rules, call log, virtual clock); rate limits are off so every
/// call does real work.
enum WorldBenchmark {
    static func run(arguments: [String]) async throws {
        let instanceCount = try Options.int("--instances", in: arguments, default: 10_000)
        let callCount = try Options.int("--calls", in: arguments, default: 100_000)
        let buildStart = ContinuousClock.now
        let spec = world(instances: instanceCount)
        let aws = try MockAWS(spec: spec, clock: VirtualClock(start: spec.start))
        let snapshot = await aws.world
        let instances = snapshot.instances.ids
        let interfaces = instances.map { snapshot.instances[$0]!.interfaceIds }
        let volumes = instances.map { snapshot.instances[$0]!.volumeIds[0] }
        let targetGroups = snapshot.targetGroups.values
        let groupOf = Dictionary(uniqueKeysWithValues: targetGroups.flatMap { group in group.targets.map { ($0.id, group.arn) } })
        let buildTime = ContinuousClock.now - buildStart
        print("world: \(instances.count) instances, \(snapshot.interfaces.count) interfaces, \(snapshot.volumes.count) volumes, \(snapshot.autoScalingGroups.count) Auto Scaling groups, built in \(buildTime.milliseconds) ms")

        // Off the main actor, so each call is an actor switch on the cooperative pool rather than
        // a thread hop from the main thread; and through the protocols, as the actions call it.
        let providers = AWSProviders(aws)
        let start = ContinuousClock.now
        let failures = try await Task.detached {
            try await mixedCalls(providers, count: callCount, instances: instances, interfaces: interfaces, volumes: volumes, groupOf: groupOf)
        }.value
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.timeInterval
        let logged = await aws.calls.count
        print("calls: \(callCount) in \(elapsed.milliseconds) ms → \(Int(Double(callCount) / seconds)) calls/s (target ≥ 200000 in release); \(failures) failed; \(logged) in the call log")
        print("peak memory (VmHWM): \(peakMemoryMiB()) MiB")
    }

    /// The call mix: 30% DescribeInstances, then attribute reads and writes, interface moves, tags,
    /// volume and Auto Scaling describes, target health and (de)registration, snapshots.
    ///
    /// - Returns: How many calls failed.
    static func mixedCalls(
        _ aws: AWSProviders, count callCount: Int, instances: [String], interfaces: [[String]], volumes: [String], groupOf: [String: String]
    ) async throws -> Int {
        let (ec2, autoScaling, elbv2) = (aws.ec2, aws.autoScaling, aws.loadBalancingV2)
        var random = SeededGenerator(seed: 42)
        var failures = 0
        for call in 0..<callCount {
            let index = Int(random.next() % UInt64(instances.count))
            let id = instances[index]
            do {
                switch call % 20 {
                case 0...5: _ = try await ec2.describeInstances(DescribeInstancesInput(instanceIds: [id]))
                case 6, 7: _ = try await ec2.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: id, attribute: .disableApiTermination))
                case 8, 9: try await ec2.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: id, change: .disableApiTermination(call % 40 < 20)))
                case 10, 11: try await ec2.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: interfaces[index][call % 2], groups: [call % 3 == 0 ? "sg-0a9" : "sg-0eb"]))
                case 12: try await ec2.createTags(CreateTagsInput(resources: [id], tags: [Tag(key: "quarantine", value: "true")]))
                case 13: try await ec2.deleteTags(DeleteTagsInput(resources: [id], tags: [TagToDelete(key: "quarantine")]))
                case 14: _ = try await ec2.describeVolumes(DescribeVolumesInput(volumeIds: [volumes[index]]))
                case 15: _ = try await autoScaling.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(instanceIds: [id]))
                case 16: _ = try await elbv2.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: groupOf[id]!, targets: [TargetDescription(id: id)]))
                case 17: try await elbv2.deregisterTargets(DeregisterTargetsInput(targetGroupArn: groupOf[id]!, targets: [TargetDescription(id: id)]))
                case 18: try await elbv2.registerTargets(RegisterTargetsInput(targetGroupArn: groupOf[id]!, targets: [TargetDescription(id: id)]))
                default: _ = try await ec2.createSnapshot(CreateSnapshotInput(volumeId: volumes[index], description: "bench"))
                }
            } catch {
                failures += 1
            }
        }
        return failures
    }

    /// A VPC with two subnets, a web and a management group, and the fleet in groups of 100.
    static func world(instances: Int) -> WorldSpec {
        let groups = max(1, (instances + 99) / 100)
        var spec = WorldSpec(
            name: "benchmark", seed: 1,
            vpcs: [VPCSpec(id: "vpc-0a")],
            subnets: [
                SubnetSpec(id: "subnet-0a1", vpc: "vpc-0a", availabilityZone: "us-east-1a", cidr: "10.0.0.0/17"),
                SubnetSpec(id: "subnet-0a2", vpc: "vpc-0a", availabilityZone: "us-east-1b", cidr: "10.0.128.0/17"),
            ],
            securityGroups: [
                SecurityGroupSpec(id: "sg-0eb", name: "web", vpc: "vpc-0a", ingress: [IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, ipRanges: ["0.0.0.0/0"])]),
                SecurityGroupSpec(id: "sg-0a9", name: "mgmt", vpc: "vpc-0a"),
            ],
            behaviour: BehaviourSpec(rateLimits: nil)
        )
        let template = InstanceSpec(
            id: "i-0", subnet: "subnet-0a1",
            interfaces: [InterfaceSpec(groups: ["sg-0eb"]), InterfaceSpec(subnet: "subnet-0a2", groups: ["sg-0a9"])],
            volumes: [VolumeSpec(size: 8), VolumeSpec(size: 100)]
        )
        for group in 0..<groups {
            let count = min(100, instances - group * 100)
            spec.targetGroups.append(TargetGroupSpec(name: "tg-\(group)", vpc: "vpc-0a"))
            spec.autoScalingGroups.append(AutoScalingGroupSpec(
                name: "asg-\(group)", min: 0, max: count * 2, desired: count, subnets: ["subnet-0a1", "subnet-0a2"],
                targetGroups: ["tg-\(group)"], launchTemplate: LaunchTemplateSpec(groups: ["sg-0eb"])
            ))
            spec.fleets.append(FleetSpec(count: count, namePrefix: "node-\(group)", template: template, subnets: ["subnet-0a1"], autoScalingGroup: "asg-\(group)"))
        }
        return spec
    }

    /// The process's peak resident memory, from `/proc/self/status` (Linux).
    static func peakMemoryMiB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) else { return "unknown" }
        return String(kilobytes / 1024)
    }
}
