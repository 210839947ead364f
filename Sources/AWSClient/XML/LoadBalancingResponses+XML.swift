import Providers

// Decoders from Auto Scaling, ELB and ELBv2 response XML (<Operation>Result, UpperCamel names, lists of <member>).

extension AutoScalingInstanceDetails {
    init(xml: XMLTree) {
        self.init(
            instanceId: xml.text("InstanceId"), autoScalingGroupName: xml.text("AutoScalingGroupName"),
            availabilityZone: xml.text("AvailabilityZone"), lifecycleState: xml.text("LifecycleState"),
            healthStatus: xml.text("HealthStatus"), protectedFromScaleIn: xml.bool("ProtectedFromScaleIn") ?? false
        )
    }
}

extension AutoScalingGroup {
    init(xml: XMLTree) {
        self.init(
            autoScalingGroupName: xml.text("AutoScalingGroupName"),
            autoScalingGroupARN: xml.text("AutoScalingGroupARN"),
            minSize: xml.int("MinSize") ?? 0,
            maxSize: xml.int("MaxSize") ?? 0,
            desiredCapacity: xml.int("DesiredCapacity") ?? 0,
            healthCheckType: xml.text("HealthCheckType"),
            healthCheckGracePeriod: xml.int("HealthCheckGracePeriod") ?? 0,
            availabilityZones: xml.strings("AvailabilityZones"),
            vpcZoneIdentifier: xml.text("VPCZoneIdentifier"),
            loadBalancerNames: xml.strings("LoadBalancerNames"),
            targetGroupARNs: xml.strings("TargetGroupARNs"),
            instances: xml.list("Instances").map {
                AutoScalingGroupMember(
                    instanceId: $0.text("InstanceId"), availabilityZone: $0.text("AvailabilityZone"),
                    lifecycleState: $0.text("LifecycleState"), healthStatus: $0.text("HealthStatus"),
                    protectedFromScaleIn: $0.bool("ProtectedFromScaleIn") ?? false
                )
            },
            tags: xml.tags("Tags")
        )
    }
}

extension ScalingActivity {
    init(xml: XMLTree) {
        self.init(
            activityId: xml.text("ActivityId"), autoScalingGroupName: xml.text("AutoScalingGroupName"),
            description: xml.text("Description"), cause: xml.text("Cause"), statusCode: xml.text("StatusCode"),
            progress: xml.int("Progress") ?? 0
        )
    }
}

extension LoadBalancerDescription {
    init(xml: XMLTree) {
        let check = xml["HealthCheck"]
        self.init(
            loadBalancerName: xml.text("LoadBalancerName"),
            dnsName: xml.text("DNSName"),
            vpcId: xml.text("VPCId"),
            subnets: xml.strings("Subnets"),
            securityGroups: xml.strings("SecurityGroups"),
            instances: xml.list("Instances").map { $0.text("InstanceId") },
            healthCheck: ClassicHealthCheck(
                target: check?.text("Target") ?? "", interval: check?.int("Interval") ?? 0, timeout: check?.int("Timeout") ?? 0,
                unhealthyThreshold: check?.int("UnhealthyThreshold") ?? 0, healthyThreshold: check?.int("HealthyThreshold") ?? 0
            )
        )
    }
}

extension TargetGroup {
    init(xml: XMLTree) {
        self.init(
            targetGroupArn: xml.text("TargetGroupArn"),
            targetGroupName: xml.text("TargetGroupName"),
            protocol: xml.text("Protocol"),
            port: xml.int("Port") ?? 0,
            vpcId: xml.text("VpcId"),
            targetType: xml.string("TargetType") ?? "instance",
            healthCheckPort: xml.string("HealthCheckPort") ?? "traffic-port",
            healthCheckIntervalSeconds: xml.int("HealthCheckIntervalSeconds") ?? 30,
            healthyThresholdCount: xml.int("HealthyThresholdCount") ?? 5,
            unhealthyThresholdCount: xml.int("UnhealthyThresholdCount") ?? 2,
            loadBalancerArns: xml.strings("LoadBalancerArns")
        )
    }
}

extension TargetHealthDescription {
    init(xml: XMLTree) {
        let target = xml["Target"]
        let health = xml["TargetHealth"]
        self.init(
            target: TargetDescription(id: target?.text("Id") ?? "", port: target?.int("Port")),
            healthCheckPort: xml.text("HealthCheckPort"),
            state: health?.text("State") ?? "",
            reason: health?.string("Reason"),
            description: health?.string("Description")
        )
    }
}

extension XMLTree {
    /// The `<Operation>Result` element of a Query response (the root itself when there is none).
    var result: XMLTree { children.first { $0.name.hasSuffix("Result") } ?? self }
    /// `NextToken` or `NextMarker`, `nil` when absent or empty.
    func marker(_ name: String) -> String? { string(name).flatMap { $0.isEmpty ? nil : $0 } }
}
