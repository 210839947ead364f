import Providers

/// A provider request that knows its Query API parameters (all but `Action` and `Version`).
protocol QueryEncodable: AWSRequest {
    /// Adds this request's parameters.
    func encode(into parameters: inout QueryParameters)
}

extension QueryParameters {
    /// EC2 `Filter.N.Name` / `Filter.N.Value.M`.
    mutating func addFilters(_ filters: [Filter]) {
        addStructures("Filter", filters) { parameters, prefix, filter in
            parameters.add("\(prefix).Name", filter.name)
            parameters.addEC2List("\(prefix).Value", filter.values)
        }
    }

    /// EC2 `TagSpecification.1.ResourceType` / `TagSpecification.1.Tag.N.Key|Value`, when there are tags.
    mutating func addTagSpecification(resourceType: String, _ tags: [Tag]) {
        guard !tags.isEmpty else { return }
        add("TagSpecification.1.ResourceType", resourceType)
        addTags("TagSpecification.1.Tag", tags)
    }

    /// EC2 `Tag.N.Key` / `Tag.N.Value` under a prefix.
    mutating func addTags(_ prefix: String, _ tags: [Tag]) {
        addStructures(prefix, tags) { parameters, prefix, tag in
            parameters.add("\(prefix).Key", tag.key)
            parameters.add("\(prefix).Value", tag.value)
        }
    }

    /// EC2 `IpPermissions.N.*`: protocol, ports, IPv4 and IPv6 ranges and group pairs.
    mutating func addIpPermissions(_ permissions: [IpPermission]) {
        addStructures("IpPermissions", permissions) { parameters, prefix, permission in
            parameters.add("\(prefix).IpProtocol", permission.ipProtocol)
            parameters.add("\(prefix).FromPort", permission.fromPort)
            parameters.add("\(prefix).ToPort", permission.toPort)
            parameters.addStructures("\(prefix).IpRanges", permission.ipRanges) { $0.add("\($1).CidrIp", $2) }
            parameters.addStructures("\(prefix).Ipv6Ranges", permission.ipv6Ranges) { $0.add("\($1).CidrIpv6", $2) }
            parameters.addStructures("\(prefix).Groups", permission.userIdGroupPairs) { $0.add("\($1).GroupId", $2) }
        }
    }
}
