public import Foundation
import Providers

extension AWSConfiguration {
    /// Resolves credentials, region and endpoints the way the AWS CLI does.
    ///
    /// Credentials, first found wins:
    /// 1. `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` (skipped when a
    ///    profile is passed explicitly, as the CLI skips them for `--profile`);
    /// 2. the profile in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`);
    /// 3. the profile in the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`, sections `[profile NAME]`):
    ///    a `role_arn` with its `source_profile` (chained as far as profiles chain) or
    ///    `credential_source`, then keys, then `credential_process`;
    /// 4. the instance profile through the instance metadata service (IMDSv2), unless
    ///    `AWS_EC2_METADATA_DISABLED` is `true`.
    ///
    /// `--role-arn` (``RoleAssumption``) is assumed with whichever of those was found.
    /// The profile is `profile`, else `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`), else `default`.
    /// The region is `region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's
    /// `region`. The endpoint is `endpoint`, else `AWS_ENDPOINT_URL`, else the profile's
    /// `endpoint_url`; `AWS_ENDPOINT_URL_EC2`, `…_AUTO_SCALING`, `…_ELASTIC_LOAD_BALANCING` and
    /// `…_ELASTIC_LOAD_BALANCING_V2` override single services unless `endpoint` is given.
    /// `AWS_MAX_ATTEMPTS` or the profile's `max_attempts` sets the attempts per call.
    ///
    /// - Parameters:
    ///   - environment: The environment variables (the process's by default).
    ///   - region: `--region`, which wins over everything else.
    ///   - endpoint: `--endpoint-url`, which wins over everything else.
    ///   - profile: `--profile`, which wins over `AWS_PROFILE`.
    ///   - role: `--role-arn` with its external id and session name, assumed on top of the credentials found.
    /// - Returns: The configuration. Nothing has been fetched yet: ``AWSClient/credentials()`` does that.
    /// - Throws: ``AWSConfigurationError`` naming every place searched when no credentials or
    ///   no region are found, when an explicit profile does not exist, or when the endpoint is not an http(s) URL.
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment, region: String? = nil, endpoint: String? = nil,
        profile: String? = nil, role: RoleAssumption? = nil
    ) throws(AWSConfigurationError) -> AWSConfiguration {
        var resolver = ConfigurationResolver(environment: environment, explicitProfile: profile.flatMap { $0.isEmpty ? nil : $0 })
        var configuration = try resolver.resolve(region: region, endpoint: endpoint)
        if let role {
            try role.validate(as: "--role-arn")
            configuration.credentialSource = .assumeRole(role, from: configuration.credentialSource)
        }
        return configuration
    }
}

/// The steps of ``AWSConfiguration/resolve(environment:region:endpoint:profile:role:)``, with the places searched.
struct ConfigurationResolver {
    let environment: [String: String]
    let explicitProfile: String?
    let profileName: String
    let credentialsPath: String
    let configPath: String
    let credentialsFile: SharedConfigFile?
    let configFile: SharedConfigFile?
    var searched: [String] = []

    init(environment: [String: String], explicitProfile: String?) {
        self.environment = environment
        self.explicitProfile = explicitProfile
        profileName = explicitProfile ?? Self.nonEmpty(environment["AWS_PROFILE"]) ?? Self.nonEmpty(environment["AWS_DEFAULT_PROFILE"]) ?? "default"
        let home = Self.nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        func expand(_ path: String) -> String { path.hasPrefix("~/") ? home + path.dropFirst() : path }
        credentialsPath = expand(Self.nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]) ?? "~/.aws/credentials")
        configPath = expand(Self.nonEmpty(environment["AWS_CONFIG_FILE"]) ?? "~/.aws/config")
        credentialsFile = SharedConfigFile.load(path: credentialsPath)
        configFile = SharedConfigFile.load(path: configPath)
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    var credentialsProfile: [String: String]? { credentialsFile?.credentialsProfile(profileName) }
    var configProfile: [String: String]? { configFile?.configProfile(profileName) }
    var profileExists: Bool { credentialsProfile != nil || configProfile != nil }

    mutating func resolve(region explicitRegion: String?, endpoint explicitEndpoint: String?) throws(AWSConfigurationError) -> AWSConfiguration {
        if explicitProfile != nil, !profileExists {
            throw AWSConfigurationError(
                .profileNotFound, "The AWS profile \"\(profileName)\" was not found.",
                searched: ["\(credentialsPath) (section [\(profileName)])", "\(configPath) (section [profile \(profileName)])"]
            )
        }
        let credentials = try resolveCredentials()
        let (region, regionSource) = try resolveRegion(explicitRegion)
        var configuration = AWSConfiguration(credentialSource: credentials, region: region)
        configuration.regionSource = regionSource
        configuration.profile = profileExists ? profileName : nil
        if let explicitEndpoint {
            configuration.endpointOverride = try Self.endpointURL(explicitEndpoint, from: "--endpoint-url")
        } else {
            if let general = Self.nonEmpty(environment["AWS_ENDPOINT_URL"]) {
                configuration.endpointOverride = try Self.endpointURL(general, from: "AWS_ENDPOINT_URL")
            } else if let fromProfile = Self.nonEmpty(configProfile?["endpoint_url"]) {
                configuration.endpointOverride = try Self.endpointURL(fromProfile, from: "endpoint_url in \(configPath)")
            }
            for service in AWSService.allCases {
                let variable = "AWS_ENDPOINT_URL_\(ServiceDescriptor.of(service).environmentSuffix)"
                if let value = Self.nonEmpty(environment[variable]) {
                    configuration.serviceEndpoints[service] = try Self.endpointURL(value, from: variable)
                }
            }
            for service in JSONService.allCases {
                let variable = "AWS_ENDPOINT_URL_\(service.environmentSuffix)"
                if let value = Self.nonEmpty(environment[variable]) {
                    configuration.jsonServiceEndpoints[service] = try Self.endpointURL(value, from: variable)
                }
            }
            if let value = Self.nonEmpty(environment["AWS_ENDPOINT_URL_STS"]) {
                configuration.stsEndpointOverride = try Self.endpointURL(value, from: "AWS_ENDPOINT_URL_STS")
            }
        }
        if let attempts = Self.nonEmpty(environment["AWS_MAX_ATTEMPTS"]) ?? Self.nonEmpty(configProfile?["max_attempts"]),
           let count = Int(attempts), count >= 1 {
            configuration.retry.maxAttempts = count
        }
        return configuration
    }

    private func resolveRegion(_ explicit: String?) throws(AWSConfigurationError) -> (String, String) {
        let candidates: [(String?, String)] = [
            (explicit, "--region"), (environment["AWS_REGION"], "AWS_REGION"), (environment["AWS_DEFAULT_REGION"], "AWS_DEFAULT_REGION"),
            (configProfile?["region"], "config file \(configPath), profile \"\(profileName)\""),
        ]
        for (value, source) in candidates {
            guard let region = Self.nonEmpty(value) else { continue }
            guard region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw AWSConfigurationError(.invalidRegion, "\"\(region)\" from \(source) is not a region name such as us-east-1.")
            }
            return (region, source)
        }
        throw AWSConfigurationError(
            .missingRegion, "No AWS region set. Pass --region, set AWS_REGION, or add region to the profile.",
            searched: candidates.map(\.1)
        )
    }

    static func endpointURL(_ text: String, from source: String) throws(AWSConfigurationError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.user == nil
        else {
            // A URL with user:password@ is refused without echoing it, so a password never reaches a message.
            let shown = text.contains("@") ? "given" : "\"\(text)\""
            throw AWSConfigurationError(.invalidEndpoint, "The endpoint \(shown) from \(source) is not an http:// or https:// URL without user information, such as http://127.0.0.1:5000.")
        }
        return url
    }
}
