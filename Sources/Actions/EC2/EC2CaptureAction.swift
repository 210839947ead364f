public import RunbookModel
import Providers

/// `ec2.capture`: describes an instance through every API that knows something about it and
/// stores the description as a JSON evidence artifact with its SHA-256. Read-only.
///
/// Everything later steps decide on comes from its outputs, and `ec2.release` restores from
/// them: interfaces with their groups, volumes, protection, and the Auto Scaling groups, classic
/// load balancers and target groups (with ports) holding the instance. A terminated instance is
/// captured as it is; an unknown one fails with `InvalidInstanceID.NotFound`.
public struct EC2CaptureAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.capture }

    /// Captures the instance.
    ///
    /// - Parameter context: Inputs `instance` and optional `expectedVpc`.
    /// - Returns: The outputs the signature lists.
    /// - Throws: ``ActionError`` `InvalidInput` or `UnexpectedVPC`; `AWSError` from the describe calls.
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let expectedVpc = try context.optionalString("expectedVpc")
        let inspection = EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock)
        let instance = try await inspection.instance()
        if let expectedVpc, instance.vpcId != expectedVpc {
            throw ActionError(code: "UnexpectedVPC", message: "instance \(id) is in \(instance.vpcId ?? "no VPC"), not in the expected \(expectedVpc); check the instance id and the account or region")
        }
        let description = try await InstanceDescription.gather(inspection, instance: instance)
        let evidence = try await description.record(in: context, as: context.evidenceName("instance-description", usualStep: "capture"))
        context.log(.info, "captured \(id) (\(instance.state.rawValue)): \(description.networkInterfaces.count) interfaces, \(description.volumes.count) volumes, evidence sha256 \(evidence[member: "sha256"].interpolated.prefix(12))…")
        return description.outputs(evidence: evidence)
    }
}
