import Foundation
import Providers

extension World {
    /// The instance as `DescribeInstances` shows it, assembled from its interface and volume records.
    func describe(_ record: InstanceRecord) -> Instance {
        let interfaces = record.interfaceIds.compactMap { self.interfaces[$0] }
        let primary = interfaces.first
        let profile = record.iamProfile.map {
            IamInstanceProfile(arn: "arn:aws:iam::\(accountId):instance-profile/\($0)", id: "AIPA" + String(stableHash($0), radix: 36).uppercased())
        }
        return Instance(
            instanceId: record.id, imageId: record.imageId, instanceType: record.instanceType, state: record.state,
            stateTransitionReason: record.stateReason, launchTime: record.launchTime, availabilityZone: record.availabilityZone,
            vpcId: record.vpcId, subnetId: record.subnetId, privateIpAddress: primary?.privateIp,
            publicIpAddress: record.state == .running ? record.publicIp : nil, iamInstanceProfile: profile,
            securityGroups: groupIdentifiers(primary?.groupIds ?? []),
            networkInterfaces: interfaces.compactMap { interface in
                interface.attachment.map {
                    InstanceNetworkInterface(networkInterfaceId: interface.id, subnetId: interface.subnetId, vpcId: interface.vpcId, privateIpAddress: interface.privateIp, groups: groupIdentifiers(interface.groupIds), attachment: $0)
                }
            },
            blockDeviceMappings: record.volumeIds.compactMap { volumes[$0] }.compactMap { volume in
                volume.attachment.map { InstanceBlockDeviceMapping(deviceName: $0.device, volumeId: volume.id, status: $0.state, deleteOnTermination: $0.deleteOnTermination) }
            },
            rootDeviceName: "/dev/xvda", tags: record.tags
        )
    }

    func describe(_ record: InterfaceRecord) -> NetworkInterface {
        NetworkInterface(
            networkInterfaceId: record.id, subnetId: record.subnetId, vpcId: record.vpcId, availabilityZone: record.availabilityZone,
            privateIpAddress: record.privateIp, description: record.description, status: record.attachment == nil ? "available" : "in-use",
            groups: groupIdentifiers(record.groupIds), attachment: record.attachment, tags: record.tags
        )
    }

    func describe(_ record: VolumeRecord) -> Volume {
        Volume(
            volumeId: record.id, size: record.size, volumeType: record.type, state: record.state, availabilityZone: record.availabilityZone,
            encrypted: record.encrypted, createTime: record.createTime, attachments: record.attachment.map { [$0] } ?? [], tags: record.tags
        )
    }

    /// The snapshot with its progress at the world's current time.
    func describe(_ record: SnapshotRecord) -> Snapshot {
        var snapshot = record.snapshot
        if snapshot.state == .pending {
            let total = record.completesAt.timeIntervalSince(snapshot.startTime)
            let done = total > 0 ? now.timeIntervalSince(snapshot.startTime) / total : 1
            snapshot.progress = "\(min(99, max(0, Int(done * 100))))%"
        }
        return snapshot
    }

    func describe(_ record: AutoScalingGroupRecord) -> AutoScalingGroup {
        AutoScalingGroup(
            autoScalingGroupName: record.name, autoScalingGroupARN: record.arn, minSize: record.minSize, maxSize: record.maxSize,
            desiredCapacity: record.desiredCapacity, healthCheckType: record.healthCheckType,
            healthCheckGracePeriod: Int(record.gracePeriod.timeInterval),
            availabilityZones: Array(Set(record.subnetIds.compactMap { subnets[$0]?.availabilityZone })).sorted(),
            vpcZoneIdentifier: record.subnetIds.joined(separator: ","), loadBalancerNames: record.loadBalancerNames,
            targetGroupARNs: record.targetGroupArns,
            instances: record.members.map { member(of: record, $0) },
            tags: record.tags
        )
    }

    func member(of group: AutoScalingGroupRecord, _ member: MemberRecord) -> AutoScalingGroupMember {
        AutoScalingGroupMember(
            instanceId: member.instanceId, availabilityZone: instances[member.instanceId]?.availabilityZone ?? "",
            lifecycleState: member.lifecycleState, healthStatus: member.healthy ? "Healthy" : "Unhealthy", protectedFromScaleIn: false
        )
    }

    func describe(_ record: ClassicLoadBalancerRecord) -> LoadBalancerDescription {
        LoadBalancerDescription(
            loadBalancerName: record.name, dnsName: "\(record.name)-\(stableHash(record.name) % 1_000_000_000).\(region).elb.amazonaws.com",
            vpcId: record.vpcId, subnets: record.subnets, securityGroups: record.securityGroups, instances: record.instanceIds,
            healthCheck: record.healthCheck
        )
    }

    func describe(_ record: TargetGroupRecord) -> TargetGroup {
        TargetGroup(
            targetGroupArn: record.arn, targetGroupName: record.name, protocol: record.protocol, port: record.port, vpcId: record.vpcId,
            targetType: "instance", healthCheckPort: record.healthCheckPort, healthCheckIntervalSeconds: record.interval,
            healthyThresholdCount: record.healthyThreshold, unhealthyThresholdCount: record.unhealthyThreshold,
            loadBalancerArns: record.loadBalancerArns
        )
    }
}

/// A hash that is the same in every process (Swift's `hashValue` is seeded per run), for derived names.
func stableHash(_ text: String) -> UInt64 {
    text.utf8.reduce(UInt64(5381)) { ($0 &* 33) &+ UInt64($1) }
}
