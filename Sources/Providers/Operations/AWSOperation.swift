/// The AWS services irun calls.
public enum AWSService: String, Hashable, Sendable, Codable, CaseIterable {
    case ec2, autoscaling, elasticloadbalancing
    /// ELBv2 (Application/Network Load Balancers) signs as `elasticloadbalancing` too; irun keeps it apart.
    case elasticloadbalancingv2 = "elbv2"
}

/// One AWS API operation: its service, its API name, and how AWS meters it.
public struct AWSOperation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The service.
    public let service: AWSService
    /// The API action name, as in the AWS API reference (`DescribeInstances`).
    public let name: String
    /// Whether the call changes state (EC2 meters mutating and non-mutating calls in separate buckets).
    public let mutates: Bool

    public init(_ service: AWSService, _ name: String, mutates: Bool) {
        self.service = service
        self.name = name
        self.mutates = mutates
    }

    /// `ec2:DescribeInstances`, the spelling IAM policies use (ELBv2 uses `elasticloadbalancing:`).
    public var iamAction: String {
        let prefix = service == .elasticloadbalancingv2 ? "elasticloadbalancing" : service.rawValue
        return "\(prefix):\(name)"
    }

    public var description: String { "\(service.rawValue):\(name)" }
}

extension AWSOperation {
    // EC2
    public static let describeInstances = AWSOperation(.ec2, "DescribeInstances", mutates: false)
    public static let describeNetworkInterfaces = AWSOperation(.ec2, "DescribeNetworkInterfaces", mutates: false)
    public static let describeSecurityGroups = AWSOperation(.ec2, "DescribeSecurityGroups", mutates: false)
    public static let createSecurityGroup = AWSOperation(.ec2, "CreateSecurityGroup", mutates: true)
    public static let authorizeSecurityGroupIngress = AWSOperation(.ec2, "AuthorizeSecurityGroupIngress", mutates: true)
    public static let authorizeSecurityGroupEgress = AWSOperation(.ec2, "AuthorizeSecurityGroupEgress", mutates: true)
    public static let revokeSecurityGroupEgress = AWSOperation(.ec2, "RevokeSecurityGroupEgress", mutates: true)
    public static let modifyInstanceAttribute = AWSOperation(.ec2, "ModifyInstanceAttribute", mutates: true)
    public static let modifyNetworkInterfaceAttribute = AWSOperation(.ec2, "ModifyNetworkInterfaceAttribute", mutates: true)
    public static let describeVolumes = AWSOperation(.ec2, "DescribeVolumes", mutates: false)
    public static let createSnapshot = AWSOperation(.ec2, "CreateSnapshot", mutates: true)
    public static let createSnapshots = AWSOperation(.ec2, "CreateSnapshots", mutates: true)
    public static let describeSnapshots = AWSOperation(.ec2, "DescribeSnapshots", mutates: false)
    public static let createTags = AWSOperation(.ec2, "CreateTags", mutates: true)
    public static let deleteTags = AWSOperation(.ec2, "DeleteTags", mutates: true)
    public static let describeTags = AWSOperation(.ec2, "DescribeTags", mutates: false)
    public static let stopInstances = AWSOperation(.ec2, "StopInstances", mutates: true)
    public static let describeInstanceAttribute = AWSOperation(.ec2, "DescribeInstanceAttribute", mutates: false)
    // Auto Scaling
    public static let describeAutoScalingInstances = AWSOperation(.autoscaling, "DescribeAutoScalingInstances", mutates: false)
    public static let describeAutoScalingGroups = AWSOperation(.autoscaling, "DescribeAutoScalingGroups", mutates: false)
    public static let detachInstances = AWSOperation(.autoscaling, "DetachInstances", mutates: true)
    public static let attachInstances = AWSOperation(.autoscaling, "AttachInstances", mutates: true)
    // Classic ELB
    public static let describeLoadBalancers = AWSOperation(.elasticloadbalancing, "DescribeLoadBalancers", mutates: false)
    public static let deregisterInstancesFromLoadBalancer = AWSOperation(.elasticloadbalancing, "DeregisterInstancesFromLoadBalancer", mutates: true)
    public static let registerInstancesWithLoadBalancer = AWSOperation(.elasticloadbalancing, "RegisterInstancesWithLoadBalancer", mutates: true)
    // ELBv2
    public static let describeTargetGroups = AWSOperation(.elasticloadbalancingv2, "DescribeTargetGroups", mutates: false)
    public static let describeTargetHealth = AWSOperation(.elasticloadbalancingv2, "DescribeTargetHealth", mutates: false)
    public static let deregisterTargets = AWSOperation(.elasticloadbalancingv2, "DeregisterTargets", mutates: true)
    public static let registerTargets = AWSOperation(.elasticloadbalancingv2, "RegisterTargets", mutates: true)

    /// Every operation the provider protocols define.
    public static let all: [AWSOperation] = [
        .describeInstances, .describeNetworkInterfaces, .describeSecurityGroups, .createSecurityGroup,
        .authorizeSecurityGroupIngress, .authorizeSecurityGroupEgress, .revokeSecurityGroupEgress,
        .modifyInstanceAttribute, .modifyNetworkInterfaceAttribute, .describeVolumes, .createSnapshot,
        .createSnapshots, .describeSnapshots, .createTags, .deleteTags, .describeTags, .stopInstances, .describeInstanceAttribute,
        .describeAutoScalingInstances, .describeAutoScalingGroups, .detachInstances, .attachInstances,
        .describeLoadBalancers, .deregisterInstancesFromLoadBalancer, .registerInstancesWithLoadBalancer,
        .describeTargetGroups, .describeTargetHealth, .deregisterTargets, .registerTargets,
    ]

    /// Looks an operation up by `Service:Name` or bare `Name`, as world files and fault rules spell it.
    ///
    /// - Parameter text: `DescribeInstances` or `ec2:DescribeInstances`.
    /// - Returns: The operation, or `nil` if irun does not call it.
    public static func named(_ text: String) -> AWSOperation? {
        all.first { $0.name == text || $0.description == text || $0.iamAction == text }
    }
}

/// A request value for one AWS operation.
///
/// Every input struct names its operation and the resource ids it touches, so that the
/// simulated world can log calls and aim fault rules at one resource, and knows which typed
/// method of a backend answers it, so that one generic ``RequestPipeline`` carries every call.
public protocol AWSRequest: Sendable, Encodable {
    /// What a successful call returns (`Void` for calls that return nothing).
    associatedtype Output: Sendable
    /// The operation this request is for.
    static var operation: AWSOperation { get }
    /// The ids of the resources the call names (instances, groups, volumes, load balancers…).
    var resourceIDs: [String] { get }
    /// Sends this request to the typed method of `backend` that answers it.
    ///
    /// - Parameter backend: A backend (the simulated account, the AWS client).
    /// - Returns: The backend's answer.
    /// - Throws: The backend's ``AWSError``.
    func send(to backend: AWSProviders) async throws -> Output
}
