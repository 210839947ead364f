import Providers

extension DescribeAutoScalingInstancesInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addMemberList("InstanceIds", instanceIds)
        parameters.add("MaxRecords", maxRecords)
        parameters.add("NextToken", nextToken)
    }
}

extension DescribeAutoScalingGroupsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addMemberList("AutoScalingGroupNames", autoScalingGroupNames)
        parameters.add("MaxRecords", maxRecords)
        parameters.add("NextToken", nextToken)
    }
}

extension DetachInstancesInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addMemberList("InstanceIds", instanceIds)
        parameters.add("AutoScalingGroupName", autoScalingGroupName)
        parameters.add("ShouldDecrementDesiredCapacity", shouldDecrementDesiredCapacity)
    }
}

extension AttachInstancesInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addMemberList("InstanceIds", instanceIds)
        parameters.add("AutoScalingGroupName", autoScalingGroupName)
    }
}
