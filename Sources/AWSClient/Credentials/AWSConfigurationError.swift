/// A configuration the AWS client cannot run with: no credentials, no region, a bad profile or endpoint.
///
/// The message says what was missing and every place that was searched; it never contains a secret.
public struct AWSConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a stable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        /// No access key was found anywhere.
        public static let missingCredentials = Code(rawValue: "missingCredentials")
        /// An access key id without its secret (or the other way round).
        public static let incompleteCredentials = Code(rawValue: "incompleteCredentials")
        /// No region was given or configured.
        public static let missingRegion = Code(rawValue: "missingRegion")
        /// The named profile is in neither file.
        public static let profileNotFound = Code(rawValue: "profileNotFound")
        /// The profile gets its credentials in a way irun does not implement (SSO, web identity, an ECS container).
        public static let unsupportedProfile = Code(rawValue: "unsupportedProfile")
        /// A profile's `credential_process` failed or printed no usable keys.
        public static let credentialProcessFailed = Code(rawValue: "credentialProcessFailed")
        /// A role ARN, session name, external id or duration STS would refuse, or a `source_profile` chain that loops.
        public static let invalidRole = Code(rawValue: "invalidRole")
        /// STS refused or failed to answer `AssumeRole`.
        public static let assumeRoleFailed = Code(rawValue: "assumeRoleFailed")
        /// The instance metadata service did not hand out the instance profile's keys.
        public static let instanceMetadataFailed = Code(rawValue: "instanceMetadataFailed")
        /// The endpoint URL is not an `http(s)://host[:port]` URL.
        public static let invalidEndpoint = Code(rawValue: "invalidEndpoint")
        /// The region is not a region name.
        public static let invalidRegion = Code(rawValue: "invalidRegion")
    }

    /// What is wrong.
    public var code: Code
    /// What is wrong and what to do; safe to print.
    public var message: String
    /// The places searched, in order (environment variables, files with profiles).
    public var searched: [String]

    /// Makes an error.
    ///
    /// - Parameters:
    ///   - code: What is wrong.
    ///   - message: What to do about it, without secrets.
    ///   - searched: The places searched, in order.
    public init(_ code: Code, _ message: String, searched: [String] = []) {
        self.code = code
        self.message = message
        self.searched = searched
    }

    public var description: String {
        guard !searched.isEmpty else { return message }
        return message + "\nLooked in:\n" + searched.map { "  - \($0)" }.joined(separator: "\n")
    }
}
