import Providers

extension DescribeInstancesInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addEC2List("InstanceId", instanceIds)
        parameters.addFilters(filters)
        parameters.add("MaxResults", maxResults)
        parameters.add("NextToken", nextToken)
    }
}

extension DescribeNetworkInterfacesInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addEC2List("NetworkInterfaceId", networkInterfaceIds)
        parameters.addFilters(filters)
        parameters.add("MaxResults", maxResults)
        parameters.add("NextToken", nextToken)
    }
}

extension DescribeSecurityGroupsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addEC2List("GroupId", groupIds)
        parameters.addFilters(filters)
        parameters.add("MaxResults", maxResults)
        parameters.add("NextToken", nextToken)
    }
}

extension CreateSecurityGroupInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("GroupName", groupName)
        parameters.add("GroupDescription", description)
        parameters.add("VpcId", vpcId)
        parameters.addTagSpecification(resourceType: "security-group", tags)
    }
}

extension AuthorizeSecurityGroupIngressInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("GroupId", groupId)
        parameters.addIpPermissions(ipPermissions)
    }
}

extension AuthorizeSecurityGroupEgressInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("GroupId", groupId)
        parameters.addIpPermissions(ipPermissions)
    }
}

extension RevokeSecurityGroupEgressInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("GroupId", groupId)
        parameters.addIpPermissions(ipPermissions)
    }
}

extension ModifyInstanceAttributeInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("InstanceId", instanceId)
        switch change {
        case .disableApiTermination(let value): parameters.add("DisableApiTermination.Value", value)
        case .instanceInitiatedShutdownBehavior(let value): parameters.add("InstanceInitiatedShutdownBehavior.Value", value)
        case .groups(let groups): parameters.addEC2List("GroupId", groups)
        }
    }
}

extension ModifyNetworkInterfaceAttributeInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("NetworkInterfaceId", networkInterfaceId)
        parameters.addEC2List("SecurityGroupId", groups)
    }
}

extension DescribeVolumesInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addEC2List("VolumeId", volumeIds)
        parameters.addFilters(filters)
        parameters.add("MaxResults", maxResults)
        parameters.add("NextToken", nextToken)
    }
}

extension CreateSnapshotInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("VolumeId", volumeId)
        parameters.add("Description", description.isEmpty ? nil : description)
        parameters.addTagSpecification(resourceType: "snapshot", tags)
    }
}

extension CreateSnapshotsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("InstanceSpecification.InstanceId", instanceId)
        parameters.add("Description", description.isEmpty ? nil : description)
        parameters.addTagSpecification(resourceType: "snapshot", tags)
    }
}

extension DescribeSnapshotsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addEC2List("SnapshotId", snapshotIds)
        parameters.addFilters(filters)
        parameters.addEC2List("Owner", ownerIds)
        parameters.add("MaxResults", maxResults)
        parameters.add("NextToken", nextToken)
    }
}

extension CreateTagsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addEC2List("ResourceId", resources)
        parameters.addTags("Tag", tags)
    }
}

extension DeleteTagsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addEC2List("ResourceId", resources)
        parameters.addStructures("Tag", tags) { parameters, prefix, tag in
            parameters.add("\(prefix).Key", tag.key)
            parameters.add("\(prefix).Value", tag.value)
        }
    }
}

extension DescribeTagsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addFilters(filters)
        parameters.add("MaxResults", maxResults)
        parameters.add("NextToken", nextToken)
    }
}

extension StopInstancesInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addEC2List("InstanceId", instanceIds)
        parameters.add("Force", force ? true : nil)
    }
}

extension DescribeInstanceAttributeInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("InstanceId", instanceId)
        parameters.add("Attribute", attribute.rawValue)
    }
}
