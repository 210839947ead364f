import ArgumentParser

import AWSClient

/// `--provider`, `--region`, `--endpoint-url`, `--profile`, `--role-arn`: which AWS a command
/// talks to, and as whom.
///
/// `mock` (the simulated account) is the default; the real AWS provider is used only when
/// `--provider aws` is given. Region, endpoint and profile fall back to what the AWS CLI reads
/// (`AWS_REGION`, `AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL`, `AWS_PROFILE`, `~/.aws/config`…).
struct ProviderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("mock (the simulated account, default) or aws (the real AWS APIs; credentials as the AWS CLI finds them).", valueName: "mock|aws"))
    var provider: String?

    @Option(help: ArgumentHelp("AWS region for --provider aws (default: $AWS_REGION, $AWS_DEFAULT_REGION, then the profile's region).", valueName: "region"))
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: ArgumentHelp("Send every AWS call to this endpoint (moto, LocalStack, a VPC endpoint); default $AWS_ENDPOINT_URL.", valueName: "url"))
    var endpointURL: String?

    @Option(help: ArgumentHelp("The AWS profile in ~/.aws/credentials and ~/.aws/config (default: $AWS_PROFILE, else default).", valueName: "name"))
    var profile: String?

    @Option(name: .customLong("role-arn"), help: ArgumentHelp("Assume this IAM role (STS AssumeRole) with the credentials found, and act as it; renewed before it expires.", valueName: "arn"))
    var roleARN: String?

    @Option(name: .customLong("external-id"), help: ArgumentHelp("The external id the role's trust policy demands (with --role-arn).", valueName: "id"))
    var externalID: String?

    @Option(name: .customLong("role-session-name"), help: ArgumentHelp("The session name CloudTrail shows for the role's calls (with --role-arn; default irun-<unix time>).", valueName: "name"))
    var roleSessionName: String?

    /// `--role-arn` with its external id and session name, or `nil`.
    var role: RoleAssumption? {
        roleARN.map { RoleAssumption(roleARN: $0, externalID: externalID, sessionName: roleSessionName ?? RoleAssumption.defaultSessionName(), place: "--role-arn") }
    }

    /// The provider chosen, `mock` when none was given.
    var chosen: String { provider ?? "mock" }

    func validate() throws {
        guard chosen == "mock" || chosen == "aws" else {
            throw ValidationError("--provider must be mock (the simulated account) or aws, not '\(chosen)'.")
        }
        let awsOnly = [("--region", region), ("--endpoint-url", endpointURL), ("--profile", profile), ("--role-arn", roleARN), ("--external-id", externalID), ("--role-session-name", roleSessionName)]
        if chosen == "mock", let flag = awsOnly.first(where: { $0.1 != nil })?.0 {
            throw ValidationError("\(flag) applies to --provider aws; the simulated account (the default provider) has no region, endpoint, profile or role. Add --provider aws to call AWS.")
        }
        if roleARN == nil, let flag = [("--external-id", externalID), ("--role-session-name", roleSessionName)].first(where: { $0.1 != nil })?.0 {
            throw ValidationError("\(flag) goes with --role-arn; add the role to assume.")
        }
        if let role {
            do { try role.validate(as: "--role-arn") } catch { throw ValidationError(error.message) }
        }
    }
}
