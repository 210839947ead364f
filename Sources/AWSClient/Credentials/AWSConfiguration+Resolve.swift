public import Foundation
import Providers

extension AWSConfiguration {
    /// Resolves credentials, region and endpoints the way the AWS CLI does.
    ///
    /// Credentials, first found wins:
    /// 1. `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` (skipped when a
    ///    profile is passed explicitly, as the CLI skips them for `--profile`);
    /// 2. the profile in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`);
    /// 3. the profile in the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`, sections `[profile NAME]`).
    ///
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
    /// - Returns: The configuration.
    /// - Throws: ``AWSConfigurationError`` naming every place searched when no credentials or
    ///   no region are found, when an explicit profile does not exist, or when the endpoint is not an http(s) URL.
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment, region: String? = nil, endpoint: String? = nil,
        profile: String? = nil
    ) throws(AWSConfigurationError) -> AWSConfiguration {
        var resolver = ConfigurationResolver(environment: environment, explicitProfile: profile.flatMap { $0.isEmpty ? nil : $0 })
        return try resolver.resolve(region: region, endpoint: endpoint)
    }
}

/// The steps of ``AWSConfiguration/resolve(environment:region:endpoint:profile:)``, with the places searched.
struct ConfigurationResolver {
    let environment: [String: String]
    let explicitProfile: String?
    let profileName: String
    let credentialsPath: String
    let configPath: String
    let credentialsFile: SharedConfigFile?
    let configFile: SharedConfigFile?
    private(set) var searched: [String] = []

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
        var configuration = AWSConfiguration(credentials: credentials, region: region)
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
        }
        if let attempts = Self.nonEmpty(environment["AWS_MAX_ATTEMPTS"]) ?? Self.nonEmpty(configProfile?["max_attempts"]),
           let count = Int(attempts), count >= 1 {
            configuration.retry.maxAttempts = count
        }
        return configuration
    }

    private mutating func resolveCredentials() throws(AWSConfigurationError) -> AWSCredentials {
        if explicitProfile == nil {
            searched.append("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            let key = Self.nonEmpty(environment["AWS_ACCESS_KEY_ID"])
            let secret = Self.nonEmpty(environment["AWS_SECRET_ACCESS_KEY"])
            if let key, let secret {
                return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: Self.nonEmpty(environment["AWS_SESSION_TOKEN"]), source: "environment")
            }
            if key != nil || secret != nil {
                throw AWSConfigurationError(
                    .incompleteCredentials,
                    "Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set; set both, or unset both to use a profile."
                )
            }
        }
        let sources: [(settings: [String: String]?, place: String)] = [
            (credentialsProfile, "shared credentials file \(credentialsPath), profile \"\(profileName)\""),
            (configProfile, "config file \(configPath), profile \"\(profileName)\""),
        ]
        for (settings, place) in sources {
            searched.append(place + (settings == nil ? " (not found)" : ""))
            guard let settings else { continue }
            let key = Self.nonEmpty(settings["aws_access_key_id"])
            let secret = Self.nonEmpty(settings["aws_secret_access_key"])
            if let key, let secret {
                return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: Self.nonEmpty(settings["aws_session_token"]), source: place)
            }
            if key != nil || secret != nil {
                throw AWSConfigurationError(.incompleteCredentials, "The \(place) has only one of aws_access_key_id and aws_secret_access_key.")
            }
        }
        for (settings, place) in sources {
            guard let command = Self.nonEmpty(settings?["credential_process"]) else { continue }
            searched.append("credential_process of \(place)")
            return try CredentialProcess.credentials(command: command, place: place)
        }
        let unsupported = ["role_arn", "sso_session", "sso_start_url", "web_identity_token_file", "source_profile"]
        if let key = unsupported.first(where: { configProfile?[$0] != nil || credentialsProfile?[$0] != nil }) {
            throw AWSConfigurationError(
                .unsupportedProfile,
                "The AWS profile \"\(profileName)\" gets its credentials through \(key), which irun does not support yet. Export temporary keys (for example with `aws configure export-credentials --profile \(profileName) --format env`) and run again.",
                searched: searched
            )
        }
        throw AWSConfigurationError(
            .missingCredentials,
            "No AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or choose a profile with --profile or AWS_PROFILE.",
            searched: searched
        )
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
