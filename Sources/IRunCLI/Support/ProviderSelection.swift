import AWSClient
import Foundation
import Providers

/// The provider a command runs against, resolved from ``ProviderOptions`` before anything is
/// recorded: the simulated account, or the AWS client with its keys already in hand.
enum ProviderSelection {
    case mock
    /// The client, and who its calls act as (the assumed role's ARN; `nil` for keys given outright).
    case aws(AWSClient, actingAs: String?)

    /// Resolves the options; for `aws`, credentials, region and endpoint the way the AWS CLI
    /// does, then fetches the keys: a role STS refuses, a failing `credential_process` or an
    /// instance without a profile stops the command here, before anything is recorded.
    ///
    /// - Parameters:
    ///   - options: The command line.
    ///   - environment: The environment variables (the process's by default).
    /// - Returns: The selection.
    /// - Throws: ``CLIError`` (exit 1) with the AWS client's message, which lists every place it looked.
    static func resolve(_ options: ProviderOptions, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ProviderSelection {
        guard options.chosen == "aws" else { return .mock }
        do {
            let (client, keys) = try await connect(region: options.region, endpoint: options.endpointURL, profile: options.profile, role: options.role,
                                                   environment: environment)
            return .aws(client, actingAs: keys.principal)
        } catch let error as AWSConfigurationError {
            throw CLIError("--provider aws: \(error.description)")
        }
    }

    /// Who the run's calls act as, for its header.
    /// A client of AWS configured as the AWS CLI would be (region, endpoint, profile, an assumed
    /// role), with its credentials found: a command that cannot reach AWS learns it before it
    /// does anything.
    ///
    /// - Throws: ``AWSConfigurationError`` when the configuration or credentials are missing or wrong.
    static func connect(region: String?, endpoint: String?, profile: String?, role: RoleAssumption?,
                        environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> (AWSClient, AWSCredentials) {
        let configuration = try AWSConfiguration.resolve(environment: environment, region: region, endpoint: endpoint, profile: profile, role: role)
        let client = AWSClient.make(configuration: configuration)
        return (client, try await client.credentials())
    }

    var actingAs: String? {
        guard case .aws(_, let actingAs) = self else { return nil }
        return actingAs
    }

    /// What the run header records as its provider: `mock`, or `aws <region>` with the endpoint's
    /// host and port when overridden (never credentials or the profile's secrets).
    var headerName: String {
        switch self {
        case .mock: return "mock"
        case .aws(let client, _): return Self.headerName(region: client.configuration.region, endpoint: client.configuration.endpointOverride)
        }
    }

    static func headerName(region: String, endpoint: URL?) -> String {
        guard let endpoint, let host = endpoint.host else { return "aws \(region)" }
        return "aws \(region) \(host)\(endpoint.port.map { ":\($0)" } ?? "")"
    }

    /// Whether a run recorded with provider `recorded` may continue with this selection.
    ///
    /// A run continues against the same provider it started with: a run in AWS never resumes
    /// against the simulated account (its changes would be recorded against the wrong world),
    /// and never against another region or endpoint.
    ///
    /// - Parameter recorded: The provider in the run's header.
    /// - Returns: `nil` when it may, else what to type instead.
    func mismatch(with recorded: String) -> String? {
        let current = headerName
        guard recorded != current else { return nil }
        let recordedKind = recorded.split(separator: " ").first.map(String.init) ?? recorded
        // `mock`, `mock (game day …)`: any run not in AWS continues on the simulated account.
        if case .mock = self, recordedKind != "aws" { return nil }
        if recordedKind == "aws" {
            let parts = recorded.split(separator: " ").map(String.init)
            let region = parts.count > 1 ? " --region \(parts[1])" : ""
            let endpoint = parts.count > 2 ? " --endpoint-url <the endpoint of \(parts[2])>" : ""
            return "the run was recorded against \(recorded), not \(current); continue it with --provider aws\(region)\(endpoint)"
        }
        return "the run was recorded against the \(recorded) provider, not \(current); continue it without --provider aws"
    }
}
