/// An access key pair, with the session token of temporary credentials.
///
/// Printing it never shows the secrets: `description`, `debugDescription` and the mirror
/// (`dump`) show the last four characters of the access key id and where the keys came from.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The access key id (`AKIA…` or `ASIA…`).
    public var accessKeyID: String
    /// The secret access key. Never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials. Never printed.
    public var sessionToken: String?
    /// Where the keys were found, such as `environment` or `shared credentials file /root/.aws/credentials, profile "ir"`.
    public var source: String

    /// Makes credentials.
    ///
    /// - Parameters:
    ///   - accessKeyID: The access key id.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token, for temporary credentials.
    ///   - source: Where they came from, for messages.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "explicit") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        self.source = source
    }

    /// The access key id with all but its last four characters masked, as `aws configure list` shows it.
    public var maskedAccessKeyID: String {
        String(repeating: "*", count: max(0, accessKeyID.count - 4)) + accessKeyID.suffix(4)
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(maskedAccessKeyID), secretAccessKey: <redacted>, sessionToken: \(sessionToken == nil ? "none" : "<redacted>"), source: \(source))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": maskedAccessKeyID, "secretAccessKey": "<redacted>",
            "sessionToken": sessionToken == nil ? "none" : "<redacted>", "source": source,
        ])
    }
}
