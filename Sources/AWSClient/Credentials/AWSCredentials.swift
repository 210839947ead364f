public import Foundation

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
    /// When temporary keys stop working; `nil` for long-lived keys.
    public var expiration: Date?
    /// Who the keys act as, when their source said: the assumed role's ARN from STS's answer, or
    /// the instance profile's role. It is what a run records as having acted, never the keys.
    public var principal: String?

    /// Makes credentials.
    ///
    /// - Parameters:
    ///   - accessKeyID: The access key id.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token, for temporary credentials.
    ///   - source: Where they came from, for messages.
    ///   - expiration: When temporary keys expire.
    ///   - principal: Who they act as, when the source said.
    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "explicit", expiration: Date? = nil,
        principal: String? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        self.source = source
        self.expiration = expiration
        self.principal = principal
    }

    /// The access key id with all but its last four characters masked, as `aws configure list` shows it.
    public var maskedAccessKeyID: String {
        String(repeating: "*", count: max(0, accessKeyID.count - 4)) + accessKeyID.suffix(4)
    }

    public var description: String {
        var text = "AWSCredentials(accessKeyID: \(maskedAccessKeyID), secretAccessKey: <redacted>, sessionToken: \(sessionToken == nil ? "none" : "<redacted>"), source: \(source)"
        if let principal { text += ", principal: \(principal)" }
        if let expiration { text += ", expires: \(expiration.formatted(.iso8601))" }
        return text + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": maskedAccessKeyID, "secretAccessKey": "<redacted>",
            "sessionToken": sessionToken == nil ? "none" : "<redacted>", "source": source,
            "expiration": expiration as Any, "principal": principal as Any,
        ])
    }
}
