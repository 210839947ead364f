import Foundation
import Providers
import RunbookModel

/// Everything `ec2.capture` learns about an instance: what later steps decide on, what
/// release restores, and what is stored as evidence.
struct InstanceDescription: Sendable {
    var instance: Instance
    var networkInterfaces: [NetworkInterface]
    var volumes: [Volume]
    var terminationProtection: Bool
    var shutdownBehavior: String
    var autoScalingInstances: [AutoScalingInstanceDetails]
    var loadBalancers: [LoadBalancerDescription]
    var targetRegistrations: [EC2Inspection.Registration]

    /// Describes the instance through every API that knows something about it, all of them at
    /// the same time once the instance is known.
    ///
    /// - Throws: ``AWSError`` `InvalidInstanceID.NotFound` for an unknown instance, or any other AWS error.
    static func gather(_ inspection: EC2Inspection, instance: Instance? = nil) async throws -> InstanceDescription {
        let instance = if let instance { instance } else { try await inspection.instance() }
        let clock = inspection.clock
        async let interfaces = clock.fork { try await inspection.networkInterfaces() }
        async let volumes = clock.fork { try await inspection.volumes() }
        async let protection = clock.fork { try await inspection.protection() }
        async let groups = clock.fork { try await inspection.autoScalingMemberships() }
        async let balancers = clock.fork { try await inspection.loadBalancers() }
        async let targets = clock.fork { try await inspection.targetRegistrations() }
        let attributes = try await clock.joined(protection)
        return InstanceDescription(
            instance: instance, networkInterfaces: try await clock.joined(interfaces), volumes: try await clock.joined(volumes),
            terminationProtection: attributes.terminationProtection, shutdownBehavior: attributes.shutdownBehavior,
            autoScalingInstances: try await clock.joined(groups), loadBalancers: try await clock.joined(balancers),
            targetRegistrations: try await clock.joined(targets)
        )
    }

    var instanceId: String { instance.instanceId }

    /// Security group ids per interface id.
    var groupsByInterface: [String: [String]] {
        Dictionary(networkInterfaces.map { ($0.networkInterfaceId, $0.groups.map(\.groupId)) }, uniquingKeysWith: { first, _ in first })
    }

    var autoScalingGroupNames: [String] { autoScalingInstances.map(\.autoScalingGroupName) }
    var loadBalancerNames: [String] { loadBalancers.map(\.loadBalancerName) }
    var targetRefs: [TargetRef] { targetRegistrations.map(\.ref) }

    /// The full description as canonical JSON (sorted keys), the evidence artifact's content.
    ///
    /// - Parameter capturedAt: When it was taken (the run's clock).
    func evidenceJSON(capturedAt: Date) throws -> Data {
        struct Target: Encodable {
            var targetGroup: TargetGroup
            var targetHealth: TargetHealthDescription
        }
        struct Document: Encodable {
            var capturedAt: Date
            var instance: Instance
            var networkInterfaces: [NetworkInterface]
            var volumes: [Volume]
            var disableApiTermination: Bool
            var instanceInitiatedShutdownBehavior: String
            var autoScalingInstances: [AutoScalingInstanceDetails]
            var loadBalancers: [LoadBalancerDescription]
            var targetGroups: [Target]
        }
        let document = Document(
            capturedAt: capturedAt, instance: instance, networkInterfaces: networkInterfaces, volumes: volumes,
            disableApiTermination: terminationProtection, instanceInitiatedShutdownBehavior: shutdownBehavior,
            autoScalingInstances: autoScalingInstances, loadBalancers: loadBalancers,
            targetGroups: targetRegistrations.map { Target(targetGroup: $0.group, targetHealth: $0.health) }
        )
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let value = try JSONDecoder().decode(Value.self, from: encoder.encode(document))
        return Data(value.json.utf8)
    }

    /// Stores the description as evidence and returns `{artifact, sha256, size}`.
    ///
    /// - Parameters:
    ///   - context: The step's context (its clock and evidence store).
    ///   - name: The artifact name.
    func record(in context: ActionContext, as name: String) async throws -> Value {
        let content = try evidenceJSON(capturedAt: context.clock.now)
        let sha256 = try await context.recordEvidence(name, "ec2-instance-description", "application/json", content)
        return .object(["artifact": .string(name), "sha256": .string(sha256), "size": .int(content.count)])
    }

    /// The outputs of `ec2.capture`, in the shapes its signature documents.
    ///
    /// - Parameter evidence: `{artifact, sha256, size}`.
    func outputs(evidence: Value) -> [String: Value] {
        var securityGroups: [String] = []
        for group in networkInterfaces.flatMap(\.groups) where !securityGroups.contains(group.groupId) { securityGroups.append(group.groupId) }
        let interfaces: [Value] = networkInterfaces.map { interface in
            .object([
                "id": .string(interface.networkInterfaceId), "subnetId": .string(interface.subnetId),
                "deviceIndex": interface.attachment.map { .int($0.deviceIndex) } ?? .null,
                "privateIp": .string(interface.privateIpAddress), "groups": .strings(interface.groups.map(\.groupId)),
            ])
        }
        let volumes: [Value] = volumes.map { volume in
            let attachment = volume.attachments.first { $0.instanceId == instanceId }
            return .object([
                "id": .string(volume.volumeId), "device": attachment.map { .string($0.device) } ?? .null,
                "size": .int(volume.size), "deleteOnTermination": attachment.map { .bool($0.deleteOnTermination) } ?? .null,
            ])
        }
        return [
            "instanceId": .string(instanceId),
            "state": .string(instance.state.rawValue),
            "vpcId": instance.vpcId.map { .string($0) } ?? .null,
            "subnetId": instance.subnetId.map { .string($0) } ?? .null,
            "networkInterfaces": .list(interfaces),
            "securityGroups": .strings(securityGroups),
            "volumes": .list(volumes),
            "iamInstanceProfile": instance.iamInstanceProfile.map { .string($0.arn) } ?? .null,
            "tags": .object(Dictionary(instance.tags.map { ($0.key, Value.string($0.value)) }, uniquingKeysWith: { _, last in last })),
            "terminationProtection": .bool(terminationProtection),
            "shutdownBehavior": .string(shutdownBehavior),
            "autoScalingGroups": .strings(autoScalingGroupNames),
            "loadBalancers": .strings(loadBalancerNames),
            "targetGroups": .list(targetRefs.map(\.value)),
            "evidence": evidence,
        ]
    }
}
