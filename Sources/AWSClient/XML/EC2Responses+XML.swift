import Foundation
import Providers

// Decoders from EC2 response XML (API 2016-11-15: lower-camel element names, lists of <item>).

extension GroupIdentifier {
    init(xml: XMLTree) {
        self.init(groupId: xml.text("groupId"), groupName: xml.text("groupName"))
    }
}

extension IpPermission {
    init(xml: XMLTree) {
        let ipProtocol = xml.text("ipProtocol")
        let isAll = ipProtocol == "-1"
        self.init(
            ipProtocol: ipProtocol,
            fromPort: isAll ? nil : xml.int("fromPort"),
            toPort: isAll ? nil : xml.int("toPort"),
            ipRanges: xml.list("ipRanges").map { $0.text("cidrIp") },
            ipv6Ranges: xml.list("ipv6Ranges").map { $0.text("cidrIpv6") },
            userIdGroupPairs: xml.list("groups").map { $0.text("groupId") }
        )
    }
}

extension Instance {
    init(xml: XMLTree) throws {
        let instanceId = try xml.required("instanceId")
        let stateName = xml["instanceState"]?.text("name") ?? ""
        guard let state = InstanceStateName(rawValue: stateName) else {
            throw ResponseShapeError(message: "instance \(instanceId) has an unknown state '\(stateName)'")
        }
        self.init(
            instanceId: instanceId,
            imageId: xml.text("imageId"),
            instanceType: xml.text("instanceType"),
            state: state,
            stateTransitionReason: xml.text("reason"),
            launchTime: xml.date("launchTime") ?? Date(timeIntervalSince1970: 0),
            availabilityZone: xml["placement"]?.text("availabilityZone") ?? "",
            vpcId: xml.string("vpcId"),
            subnetId: xml.string("subnetId"),
            privateIpAddress: xml.string("privateIpAddress"),
            publicIpAddress: xml.string("ipAddress"),
            iamInstanceProfile: xml["iamInstanceProfile"].map { IamInstanceProfile(arn: $0.text("arn"), id: $0.text("id")) },
            securityGroups: xml.list("groupSet").map(GroupIdentifier.init(xml:)),
            networkInterfaces: xml.list("networkInterfaceSet").map { InstanceNetworkInterface(xml: $0, instanceId: instanceId) }
                .sorted { $0.attachment.deviceIndex < $1.attachment.deviceIndex },
            blockDeviceMappings: xml.list("blockDeviceMapping").map { mapping in
                let ebs = mapping["ebs"]
                return InstanceBlockDeviceMapping(
                    deviceName: mapping.text("deviceName"), volumeId: ebs?.text("volumeId") ?? "",
                    status: ebs?.text("status") ?? "", deleteOnTermination: ebs?.bool("deleteOnTermination") ?? false
                )
            },
            rootDeviceName: xml.string("rootDeviceName"),
            tags: xml.tags()
        )
    }
}

extension InstanceNetworkInterface {
    init(xml: XMLTree, instanceId: String) {
        let attachment = xml["attachment"]
        self.init(
            networkInterfaceId: xml.text("networkInterfaceId"),
            subnetId: xml.text("subnetId"),
            vpcId: xml.text("vpcId"),
            privateIpAddress: xml.text("privateIpAddress"),
            groups: xml.list("groupSet").map(GroupIdentifier.init(xml:)),
            attachment: NetworkInterfaceAttachment(
                attachmentId: attachment?.text("attachmentId") ?? "", instanceId: instanceId,
                deviceIndex: attachment?.int("deviceIndex") ?? 0, status: attachment?.text("status") ?? "",
                deleteOnTermination: attachment?.bool("deleteOnTermination") ?? false
            )
        )
    }
}

extension DescribeInstancesOutput {
    init(xml: XMLTree) throws {
        self.init(
            reservations: try xml.list("reservationSet").map { reservation in
                Reservation(
                    reservationId: reservation.text("reservationId"), ownerId: reservation.text("ownerId"),
                    instances: try reservation.list("instancesSet").map(Instance.init(xml:))
                )
            },
            nextToken: xml.string("nextToken").flatMap { $0.isEmpty ? nil : $0 }
        )
    }
}

extension NetworkInterface {
    init(xml: XMLTree) {
        self.init(
            networkInterfaceId: xml.text("networkInterfaceId"),
            subnetId: xml.text("subnetId"),
            vpcId: xml.text("vpcId"),
            availabilityZone: xml.text("availabilityZone"),
            privateIpAddress: xml.text("privateIpAddress"),
            description: xml.text("description"),
            status: xml.text("status"),
            groups: xml.list("groupSet").map(GroupIdentifier.init(xml:)),
            attachment: xml["attachment"].flatMap { attachment in
                guard let instanceId = attachment.string("instanceId"), !instanceId.isEmpty else { return nil }
                return NetworkInterfaceAttachment(
                    attachmentId: attachment.text("attachmentId"), instanceId: instanceId,
                    deviceIndex: attachment.int("deviceIndex") ?? 0, status: attachment.text("status"),
                    deleteOnTermination: attachment.bool("deleteOnTermination") ?? false
                )
            },
            tags: xml.tags()
        )
    }
}

extension SecurityGroup {
    init(xml: XMLTree) {
        self.init(
            groupId: xml.text("groupId"),
            groupName: xml.text("groupName"),
            description: xml.text("groupDescription"),
            vpcId: xml.text("vpcId"),
            ownerId: xml.text("ownerId"),
            ipPermissions: xml.list("ipPermissions").map(IpPermission.init(xml:)),
            ipPermissionsEgress: xml.list("ipPermissionsEgress").map(IpPermission.init(xml:)),
            tags: xml.tags()
        )
    }
}

extension Volume {
    init(xml: XMLTree) {
        self.init(
            volumeId: xml.text("volumeId"),
            size: xml.int("size") ?? 0,
            volumeType: xml.text("volumeType"),
            state: xml.text("status"),
            availabilityZone: xml.text("availabilityZone"),
            encrypted: xml.bool("encrypted") ?? false,
            createTime: xml.date("createTime") ?? Date(timeIntervalSince1970: 0),
            attachments: xml.list("attachmentSet").map {
                VolumeAttachment(
                    instanceId: $0.text("instanceId"), device: $0.text("device"), state: $0.text("status"),
                    deleteOnTermination: $0.bool("deleteOnTermination") ?? false
                )
            },
            tags: xml.tags()
        )
    }
}

extension Snapshot {
    /// A `DescribeSnapshots` / `CreateSnapshot` item, whose state is `<status>`.
    init(xml: XMLTree) throws {
        let id = try xml.required("snapshotId")
        let status = xml.text("status")
        guard let state = SnapshotState(rawValue: status) else {
            throw ResponseShapeError(message: "snapshot \(id) has an unknown state '\(status)'")
        }
        self.init(xml: xml, id: id, state: state)
    }

    /// A `CreateSnapshots` item (`SnapshotInfo`), whose state is `<state>`. A missing state (moto
    /// sends none) is read as `pending`, what every new snapshot starts as: callers learn the
    /// real state from `DescribeSnapshots`, not from this answer.
    init(snapshotInfo xml: XMLTree) throws {
        let id = try xml.required("snapshotId")
        let text = xml.string("state") ?? SnapshotState.pending.rawValue
        guard let state = SnapshotState(rawValue: text) else {
            throw ResponseShapeError(message: "snapshot \(id) has an unknown state '\(text)'")
        }
        self.init(xml: xml, id: id, state: state)
    }

    private init(xml: XMLTree, id: String, state: SnapshotState) {
        self.init(
            snapshotId: id,
            volumeId: xml.text("volumeId"),
            volumeSize: xml.int("volumeSize") ?? 0,
            state: state,
            progress: xml.text("progress"),
            startTime: xml.date("startTime") ?? Date(timeIntervalSince1970: 0),
            description: xml.text("description"),
            ownerId: xml.text("ownerId"),
            encrypted: xml.bool("encrypted") ?? false,
            tags: xml.tags()
        )
    }
}

extension TagDescription {
    init(xml: XMLTree) {
        self.init(resourceId: xml.text("resourceId"), resourceType: xml.text("resourceType"), key: xml.text("key"), value: xml.text("value"))
    }
}

extension InstanceStateChange {
    init(xml: XMLTree) throws {
        let id = xml.text("instanceId")
        func state(_ name: String) throws -> InstanceStateName {
            let text = xml[name]?.text("name") ?? ""
            guard let state = InstanceStateName(rawValue: text) else { throw ResponseShapeError(message: "instance \(id) has an unknown \(name) '\(text)'") }
            return state
        }
        self.init(instanceId: id, previousState: try state("previousState"), currentState: try state("currentState"))
    }
}

extension DescribeInstanceAttributeOutput {
    init(xml: XMLTree) {
        self.init(
            instanceId: xml.text("instanceId"),
            disableApiTermination: xml["disableApiTermination"]?.bool("value"),
            instanceInitiatedShutdownBehavior: xml["instanceInitiatedShutdownBehavior"]?.string("value"),
            groups: xml["groupSet"].map { _ in xml.list("groupSet").map(GroupIdentifier.init(xml:)) }
        )
    }
}

extension XMLTree {
    /// EC2's `nextToken`, `nil` when absent or empty.
    var nextToken: String? { string("nextToken").flatMap { $0.isEmpty ? nil : $0 } }
}
