import Providers

extension DescribeLoadBalancersInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addMemberList("LoadBalancerNames", loadBalancerNames)
        parameters.add("PageSize", pageSize)
        parameters.add("Marker", marker)
    }
}

extension DeregisterInstancesFromLoadBalancerInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("LoadBalancerName", loadBalancerName)
        parameters.addStructures("Instances", instanceIds, member: true) { $0.add("\($1).InstanceId", $2) }
    }
}

extension RegisterInstancesWithLoadBalancerInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("LoadBalancerName", loadBalancerName)
        parameters.addStructures("Instances", instanceIds, member: true) { $0.add("\($1).InstanceId", $2) }
    }
}

extension DescribeTargetGroupsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.addMemberList("TargetGroupArns", targetGroupArns)
        parameters.addMemberList("Names", names)
        parameters.add("LoadBalancerArn", loadBalancerArn)
        parameters.add("PageSize", pageSize)
        parameters.add("Marker", marker)
    }
}

extension QueryParameters {
    /// ELBv2 `Targets.member.N.Id` / `.Port`.
    mutating func addTargets(_ targets: [TargetDescription]) {
        addStructures("Targets", targets, member: true) { parameters, prefix, target in
            parameters.add("\(prefix).Id", target.id)
            parameters.add("\(prefix).Port", target.port)
        }
    }
}

extension DescribeTargetHealthInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("TargetGroupArn", targetGroupArn)
        parameters.addTargets(targets)
    }
}

extension DeregisterTargetsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("TargetGroupArn", targetGroupArn)
        parameters.addTargets(targets)
    }
}

extension RegisterTargetsInput: QueryEncodable {
    func encode(into parameters: inout QueryParameters) {
        parameters.add("TargetGroupArn", targetGroupArn)
        parameters.addTargets(targets)
    }
}
