import Foundation

extension ConfigurationResolver {
    /// Where the keys come from, in the AWS CLI's order: environment, the profile (a role, keys,
    /// a process), then the instance profile.
    mutating func resolveCredentials() throws(AWSConfigurationError) -> CredentialSource {
        if explicitProfile == nil, let keys = try environmentKeys() { return keys }
        if let source = try profileSource(profileName, chain: []) { return source }
        let unsupported = ["sso_session", "sso_start_url", "web_identity_token_file"]
        if let key = unsupported.first(where: { settings(of: profileName)?[$0] != nil }) {
            throw AWSConfigurationError(
                .unsupportedProfile,
                "The AWS profile \"\(profileName)\" gets its credentials through \(key), which irun does not support yet. Export temporary keys (for example with `aws configure export-credentials --profile \(profileName) --format env`) and run again.",
                searched: searched
            )
        }
        guard let metadata = try instanceMetadata() else {
            throw AWSConfigurationError(
                .missingCredentials,
                "No AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or choose a profile with --profile or AWS_PROFILE.",
                searched: searched + ["instance metadata service (skipped: AWS_EC2_METADATA_DISABLED is true)"]
            )
        }
        var fallback = metadata
        fallback.searchedBefore = searched
        return .instanceMetadata(fallback)
    }

    private mutating func environmentKeys() throws(AWSConfigurationError) -> CredentialSource? {
        searched.append("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        return try Self.keyPair(
            environment["AWS_ACCESS_KEY_ID"], environment["AWS_SECRET_ACCESS_KEY"], token: environment["AWS_SESSION_TOKEN"], source: "environment",
            incomplete: "Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set; set both, or unset both to use a profile."
        )
    }

    /// Keys given outright: both halves, or neither (`nil`); one half alone is an error saying `incomplete`.
    private static func keyPair(
        _ key: String?, _ secret: String?, token: String?, source: String, incomplete: String
    ) throws(AWSConfigurationError) -> CredentialSource? {
        switch (nonEmpty(key), nonEmpty(secret)) {
        case (let key?, let secret?): return .keys(AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(token), source: source))
        case (nil, nil): return nil
        default: throw AWSConfigurationError(.incompleteCredentials, incomplete)
        }
    }

    /// A profile's settings from both files, the credentials file winning, as the CLI merges them.
    func settings(of profile: String) -> [String: String]? {
        let fromCredentials = credentialsFile?.credentialsProfile(profile)
        let fromConfig = configFile?.configProfile(profile)
        guard fromCredentials != nil || fromConfig != nil else { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentials in credentials }
    }

    private func place(of profile: String) -> String {
        let inCredentials = credentialsFile?.credentialsProfile(profile) != nil
        return inCredentials ? "shared credentials file \(credentialsPath), profile \"\(profile)\"" : "config file \(configPath), profile \"\(profile)\""
    }

    /// The source a profile names: a role (assumed from its `source_profile`, itself resolved
    /// this way, or its `credential_source`), else its keys, else its `credential_process`.
    ///
    /// - Parameter chain: The profiles that led here through `source_profile`, to refuse a loop.
    private mutating func profileSource(_ profile: String, chain: [String]) throws(AWSConfigurationError) -> CredentialSource? {
        let place = place(of: profile)
        let inCredentials = credentialsFile?.credentialsProfile(profile) != nil, inConfig = configFile?.configProfile(profile) != nil
        searched.append("shared credentials file \(credentialsPath), profile \"\(profile)\"" + (inCredentials ? "" : " (not found)"))
        searched.append("config file \(configPath), profile \"\(profile)\"" + (inConfig ? "" : " (not found)"))
        guard let settings = settings(of: profile) else { return nil }
        if let roleARN = Self.nonEmpty(settings["role_arn"]) {
            return .assumeRole(try roleAssumption(roleARN, settings: settings, profile: profile, place: place), from: try roleSource(of: profile, settings: settings, chain: chain))
        }
        if let keys = try profileKeys(settings, place: place) { return keys }
        if let command = Self.nonEmpty(settings["credential_process"]) {
            return .process(CredentialProcessSettings(command: command, place: place))
        }
        return nil
    }

    private func profileKeys(_ settings: [String: String], place: String) throws(AWSConfigurationError) -> CredentialSource? {
        try Self.keyPair(
            settings["aws_access_key_id"], settings["aws_secret_access_key"], token: settings["aws_session_token"], source: place,
            incomplete: "The \(place) has only one of aws_access_key_id and aws_secret_access_key."
        )
    }

    private func roleAssumption(_ roleARN: String, settings: [String: String], profile: String, place: String) throws(AWSConfigurationError) -> RoleAssumption {
        var duration = 3600
        if let text = Self.nonEmpty(settings["duration_seconds"]) {
            guard let seconds = Int(text) else {
                throw AWSConfigurationError(.invalidRole, "duration_seconds in \(place) is \"\(text)\", not a number of seconds between 900 and 43200.")
            }
            duration = seconds
        }
        let role = RoleAssumption(
            roleARN: roleARN, externalID: Self.nonEmpty(settings["external_id"]),
            sessionName: Self.nonEmpty(settings["role_session_name"]) ?? RoleAssumption.defaultSessionName(), durationSeconds: duration,
            place: "profile \"\(profile)\""
        )
        try role.validate(as: "role_arn in \(place)")
        return role
    }

    /// What a profile's role is assumed with: its `source_profile` or its `credential_source`.
    private mutating func roleSource(of profile: String, settings: [String: String], chain: [String]) throws(AWSConfigurationError) -> CredentialSource {
        if let sourceProfile = Self.nonEmpty(settings["source_profile"]) {
            // A profile naming itself holds the keys its role is assumed with, as the CLI allows.
            if sourceProfile == profile {
                guard let keys = try profileKeys(settings, place: place(of: profile)) else {
                    throw AWSConfigurationError(.invalidRole, "Profile \"\(profile)\" is its own source_profile but has no aws_access_key_id and aws_secret_access_key.")
                }
                return keys
            }
            let path = chain + [profile]
            guard !path.contains(sourceProfile) else {
                throw AWSConfigurationError(.invalidRole, "The source_profile chain loops: \((path + [sourceProfile]).joined(separator: " → ")). Point one of them at a profile with keys.")
            }
            guard let source = try profileSource(sourceProfile, chain: path) else {
                throw AWSConfigurationError(
                    .missingCredentials, "Profile \"\(profile)\" assumes its role with source_profile \"\(sourceProfile)\", which has no credentials.", searched: searched
                )
            }
            return source
        }
        switch Self.nonEmpty(settings["credential_source"]) {
        case "Environment":
            guard case .keys(let keys)? = try environmentKeys() else {
                throw AWSConfigurationError(.missingCredentials, "Profile \"\(profile)\" has credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.")
            }
            return .keys(keys)
        case "Ec2InstanceMetadata":
            guard let metadata = try instanceMetadata() else {
                throw AWSConfigurationError(.missingCredentials, "Profile \"\(profile)\" has credential_source = Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true.")
            }
            return .instanceMetadata(metadata)
        case let other?:
            throw AWSConfigurationError(
                .unsupportedProfile, "Profile \"\(profile)\" has credential_source = \(other); irun supports Environment and Ec2InstanceMetadata (or source_profile)."
            )
        case nil:
            throw AWSConfigurationError(.invalidRole, "Profile \"\(profile)\" has a role_arn but neither source_profile nor credential_source to assume it with.")
        }
    }

    /// The instance metadata service as the environment and profile configure it; `nil` when turned off.
    private func instanceMetadata() throws(AWSConfigurationError) -> InstanceMetadataSettings? {
        let profile = settings(of: profileName)
        if Self.nonEmpty(environment["AWS_EC2_METADATA_DISABLED"])?.lowercased() == "true" { return nil }
        var endpoint = InstanceMetadataSettings.defaultEndpoint
        if let text = Self.nonEmpty(environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"]) {
            endpoint = try Self.endpointURL(text, from: "AWS_EC2_METADATA_SERVICE_ENDPOINT")
        } else if let text = Self.nonEmpty(profile?["ec2_metadata_service_endpoint"]) {
            endpoint = try Self.endpointURL(text, from: "ec2_metadata_service_endpoint of profile \"\(profileName)\"")
        } else if (Self.nonEmpty(environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]) ?? Self.nonEmpty(profile?["ec2_metadata_service_endpoint_mode"]))?.lowercased() == "ipv6" {
            endpoint = URL(string: "http://[fd00:ec2::254]")!
        }
        var settings = InstanceMetadataSettings(endpoint: endpoint)
        if let text = Self.nonEmpty(environment["AWS_METADATA_SERVICE_TIMEOUT"]) ?? Self.nonEmpty(profile?["metadata_service_timeout"]),
           let seconds = Double(text), seconds > 0 {
            settings.timeout = .milliseconds(Int64(seconds * 1000))
        }
        if let text = Self.nonEmpty(environment["AWS_METADATA_SERVICE_NUM_ATTEMPTS"]) ?? Self.nonEmpty(profile?["metadata_service_num_attempts"]),
           let attempts = Int(text), attempts >= 1 {
            settings.attempts = attempts
        }
        return settings
    }
}
