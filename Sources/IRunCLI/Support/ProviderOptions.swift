import ArgumentParser

/// `--provider`, `--region`, `--endpoint-url`, `--profile`: which AWS a command talks to.
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

    /// The provider chosen, `mock` when none was given.
    var chosen: String { provider ?? "mock" }

    func validate() throws {
        guard chosen == "mock" || chosen == "aws" else {
            throw ValidationError("--provider must be mock (the simulated account) or aws, not '\(chosen)'.")
        }
        if chosen == "mock", let flag = [("--region", region), ("--endpoint-url", endpointURL), ("--profile", profile)].first(where: { $0.1 != nil })?.0 {
            throw ValidationError("\(flag) applies to --provider aws; the simulated account (the default provider) has no region, endpoint or profile. Add --provider aws to call AWS.")
        }
    }
}
