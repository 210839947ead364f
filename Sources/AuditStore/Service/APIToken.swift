public import Foundation

/// What a token's holder may do through `irun serve`.
public enum APIRole: String, Sendable, Codable, CaseIterable {
    /// EventBridge's API destination: may post findings, nothing else.
    case ingest
    /// May read runs, findings and the console.
    case viewer
    /// May read, approve or deny gates, and pause intake.
    case responder
}

/// A person's (or a connection's) token, as `irun token list` shows it: never the secret.
public struct APIToken: Sendable, Hashable {
    public var name: String
    public var role: APIRole
    public var createdAt: Date
    public var revokedAt: Date?
    /// SHA-256 of the secret, lowercase hex.
    public var secretSHA256: String

    public var isActive: Bool { revokedAt == nil }
}
