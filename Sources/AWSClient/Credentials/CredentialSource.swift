public import Foundation

/// Where the keys that sign AWS calls come from, as resolved from flags, environment variables
/// and profiles.
///
/// Resolving reads only files and variables; the keys of a process, a role or the instance
/// profile are fetched when the client first needs them (``AWSClient/credentials()``), and
/// fetched again before they expire.
public indirect enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// Keys given outright: environment variables or a profile's `aws_access_key_id`.
    case keys(AWSCredentials)
    /// A profile's `credential_process`.
    case process(CredentialProcessSettings)
    /// The EC2 instance profile, through the instance metadata service (IMDSv2).
    case instanceMetadata(InstanceMetadataSettings)
    /// A role assumed through STS with the keys of another source.
    case assumeRole(RoleAssumption, from: CredentialSource)

    /// The keys, when they were given outright.
    public var keys: AWSCredentials? {
        if case .keys(let keys) = self { return keys }
        return nil
    }

    /// The roles assumed, outermost first.
    public var roles: [RoleAssumption] {
        guard case .assumeRole(let role, let source) = self else { return [] }
        return [role] + source.roles
    }

    public var description: String {
        switch self {
        case .keys(let keys): "keys \(keys.maskedAccessKeyID) from \(keys.source)"
        case .process(let settings): "credential_process (\(settings.program)) of \(settings.place)"
        case .instanceMetadata(let settings): "the instance profile, from the instance metadata service at \(settings.endpoint.absoluteString)"
        case .assumeRole(let role, let source): "role \(role.roleARN) (\(role.place)), assumed with \(source)"
        }
    }
}

/// A profile's `credential_process`, and where it was configured.
public struct CredentialProcessSettings: Sendable, Hashable {
    /// The command line, as written in the profile. Never printed: it may carry a secret argument.
    public var command: String
    /// The profile it came from, for messages.
    public var place: String

    public init(command: String, place: String) {
        self.command = command
        self.place = place
    }

    /// The program the command runs, the only part of it messages show.
    public var program: String { CredentialProcess.split(command).first ?? "(empty)" }
}

/// How to reach the instance metadata service.
public struct InstanceMetadataSettings: Sendable, Hashable {
    /// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, the profile's `ec2_metadata_service_endpoint`, else `http://169.254.169.254`.
    public var endpoint: URL
    /// How long each request may take (`AWS_METADATA_SERVICE_TIMEOUT`, default 1 s).
    public var timeout: Duration
    /// Attempts per request (`AWS_METADATA_SERVICE_NUM_ATTEMPTS`, default 1).
    public var attempts: Int
    /// When the service is the last resort after nothing else held keys: every place searched
    /// before it, so a failure can say no credentials were found anywhere.
    public var searchedBefore: [String]?

    public init(endpoint: URL, timeout: Duration = .seconds(1), attempts: Int = 1, searchedBefore: [String]? = nil) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.attempts = attempts
        self.searchedBefore = searchedBefore
    }

    /// The address AWS documents for IMDS over IPv4.
    public static let defaultEndpoint = URL(string: "http://169.254.169.254")!
}

/// One STS `AssumeRole`: which role, with what session name and external id.
public struct RoleAssumption: Sendable, Hashable {
    /// `arn:aws:iam::123456789012:role/IncidentResponse`.
    public var roleARN: String
    /// The external id the role's trust policy demands, if any. Never printed.
    public var externalID: String?
    /// The session name CloudTrail shows for every call made with the role.
    public var sessionName: String
    /// How long the role's keys last; STS allows 900 s up to the role's maximum.
    public var durationSeconds: Int
    /// Where the role came from: `--role-arn`, or a profile.
    public var place: String

    public init(roleARN: String, externalID: String? = nil, sessionName: String, durationSeconds: Int = 3600, place: String) {
        self.roleARN = roleARN
        self.externalID = externalID
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.place = place
    }

    /// The session name used when none is given: `irun-` and the time, so CloudTrail tells irun's sessions apart.
    public static func defaultSessionName(at date: Date = Date()) -> String { "irun-\(Int(date.timeIntervalSince1970))" }

    /// Checks the values STS would refuse, before any request.
    ///
    /// - Parameter flag: How the user spells the role (`--role-arn`, `role_arn in profile "ir"`), for the message.
    /// - Throws: ``AWSConfigurationError`` `invalidRole` naming the value and its form.
    public func validate(as flag: String) throws(AWSConfigurationError) {
        guard Self.isRoleARN(roleARN) else {
            throw AWSConfigurationError(.invalidRole, "\(flag) \"\(roleARN)\" is not an IAM role ARN such as arn:aws:iam::123456789012:role/IncidentResponse.")
        }
        let sessionCharacters = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || "+=,.@_-".contains(c)) }
        guard (2...64).contains(sessionName.count), sessionName.allSatisfy(sessionCharacters) else {
            throw AWSConfigurationError(.invalidRole, "The role session name \"\(sessionName)\" must be 2 to 64 letters, digits or +=,.@_- characters.")
        }
        if let externalID {
            guard (2...1224).contains(externalID.count), externalID.allSatisfy({ sessionCharacters($0) || $0 == ":" || $0 == "/" }) else {
                throw AWSConfigurationError(.invalidRole, "The external id must be 2 to 1224 letters, digits or +=,.@:/_- characters.")
            }
        }
        guard (900...43_200).contains(durationSeconds) else {
            throw AWSConfigurationError(.invalidRole, "The role session duration \(durationSeconds) s must be between 900 and 43200 seconds.")
        }
    }

    /// `arn:<partition>:iam::<12 digits>:role/<path/>name`.
    public static func isRoleARN(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", ["aws", "aws-cn", "aws-us-gov"].contains(parts[1]), parts[2] == "iam", parts[3].isEmpty,
              parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5].hasPrefix("role/")
        else { return false }
        let name = parts[5].dropFirst("role/".count)
        return !name.isEmpty && name.count <= 512 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-/".contains($0)) } && !name.hasSuffix("/")
    }
}
