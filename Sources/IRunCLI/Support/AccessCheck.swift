import AWSClient
import Actions
import Foundation
import Providers

/// What `irun doctor` checks of a principal without changing anything: that the endpoint
/// answers, and which of the read-only IAM permissions the runbooks need are granted, by
/// calling each `Describe*` operation once with a small page.
///
/// An `UnauthorizedOperation` / `AccessDenied` answer means the permission is missing.
/// Mutating permissions are not probed: there is no IAM policy simulator in scope, and calling
/// them would change the account.
struct AccessCheck {
    /// The outcome of one probe.
    enum Outcome: Equatable {
        /// The call was allowed (`note` says how it was told, e.g. the probe's resource did not exist).
        case allowed(note: String?)
        /// AWS refused the call for lack of permission.
        case missing(code: String, message: String)
        /// AWS refused the credentials themselves.
        case credentialsRejected(code: String, message: String)
        /// The endpoint could not be reached.
        case unreachable(String)
        /// Not checked, for the reason given (nothing to call it on); not counted as missing.
        case unverified(String)
        /// Some other error: the permission could not be checked.
        case error(String)

        var isAllowed: Bool { if case .allowed = self { true } else { false } }
    }

    let providers: AWSProviders
    /// An instance id and a target group ARN found by earlier probes, for the probes that need one.
    private var instanceID: String?
    private var targetGroupARN: String?
    private var results: [String: Outcome] = [:]

    init(providers: AWSProviders) { self.providers = providers }

    /// Error codes that mean "not authorized".
    static let deniedCodes: Set<String> = ["UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "UnauthorizedAccess", "Forbidden"]
    /// Error codes that mean the credentials themselves are bad.
    static let credentialCodes: Set<String> = [
        "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidAccessKeyId", "ExpiredToken", "ExpiredTokenException",
        "RequestExpired", "UnrecognizedClientException", "InvalidToken",
    ]
    /// Error codes a probe with a stand-in resource gets once it is past authorization.
    static let pastAuthorizationCodes: Set<String> = ["InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed", "TargetGroupNotFound", "ValidationError"]

    /// The read-only permissions a probe exists for.
    static let probed: Set<String> = [
        "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups", "ec2:DescribeVolumes", "ec2:DescribeSnapshots",
        "ec2:DescribeInstanceAttribute", "ec2:DescribeTags", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeAutoScalingGroups",
        "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
    ]

    /// Probes one read-only permission (once; later asks return the first answer).
    ///
    /// - Parameter permission: `service:Action`.
    /// - Returns: The outcome, or `nil` when irun has no probe for it.
    mutating func probe(_ permission: String) async -> Outcome? {
        if let known = results[permission] { return known }
        guard Self.probed.contains(permission) else { return nil }
        if permission == "ec2:DescribeInstanceAttribute", instanceID == nil { _ = await probe("ec2:DescribeInstances") }
        if permission == "elasticloadbalancing:DescribeTargetHealth", targetGroupARN == nil { _ = await probe("elasticloadbalancing:DescribeTargetGroups") }
        let outcome: Outcome
        do {
            outcome = try await call(permission)
        } catch let error as AWSError {
            outcome = Self.classify(error)
        } catch let error as HTTPTransportError {
            outcome = .unreachable(error.description)
        } catch {
            outcome = .error(String(describing: error))
        }
        results[permission] = outcome
        return outcome
    }

    static func classify(_ error: AWSError) -> Outcome {
        let code = error.code.rawValue
        if deniedCodes.contains(code) { return .missing(code: code, message: error.message) }
        if credentialCodes.contains(code) { return .credentialsRejected(code: code, message: error.message) }
        if pastAuthorizationCodes.contains(code) { return .allowed(note: "the probe reached AWS's resource check (\(code))") }
        return .error(error.description)
    }

    private mutating func call(_ permission: String) async throws -> Outcome {
        switch permission {
        case "ec2:DescribeInstances":
            let page = try await providers.ec2.describeInstances(DescribeInstancesInput(maxResults: 5))
            instanceID = page.instances.first?.instanceId
        case "ec2:DescribeNetworkInterfaces":
            _ = try await providers.ec2.describeNetworkInterfaces(DescribeNetworkInterfacesInput(maxResults: 5))
        case "ec2:DescribeSecurityGroups":
            _ = try await providers.ec2.describeSecurityGroups(DescribeSecurityGroupsInput(maxResults: 5))
        case "ec2:DescribeVolumes":
            _ = try await providers.ec2.describeVolumes(DescribeVolumesInput(maxResults: 5))
        case "ec2:DescribeSnapshots":
            _ = try await providers.ec2.describeSnapshots(DescribeSnapshotsInput(ownerIds: ["self"], maxResults: 5))
        case "ec2:DescribeInstanceAttribute":
            // Needs an instance: the first one DescribeInstances showed, else a stand-in id,
            // which AWS answers with InvalidInstanceID.NotFound once the caller is authorized.
            let id = instanceID ?? "i-0000000000000000f"
            _ = try await providers.ec2.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: id, attribute: .disableApiTermination))
            if instanceID == nil { return .allowed(note: "no instance to read, probed with a stand-in id") }
        case "ec2:DescribeTags":
            _ = try await providers.ec2.describeTags(DescribeTagsInput(maxResults: 5))
        case "autoscaling:DescribeAutoScalingInstances":
            _ = try await providers.autoScaling.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(maxRecords: 1))
        case "autoscaling:DescribeAutoScalingGroups":
            _ = try await providers.autoScaling.describeAutoScalingGroups(DescribeAutoScalingGroupsInput(maxRecords: 1))
        case "elasticloadbalancing:DescribeLoadBalancers":
            _ = try await providers.loadBalancing.describeLoadBalancers(DescribeLoadBalancersInput(pageSize: 1))
        case "elasticloadbalancing:DescribeTargetGroups":
            targetGroupARN = try await providers.loadBalancingV2.describeTargetGroups(DescribeTargetGroupsInput(pageSize: 1)).targetGroups.first?.targetGroupArn
        case "elasticloadbalancing:DescribeTargetHealth":
            guard let arn = targetGroupARN else {
                return .unverified("the account has no target group to read its health")
            }
            _ = try await providers.loadBalancingV2.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: arn))
        default:
            return .error("no probe")
        }
        return .allowed(note: nil)
    }
}
