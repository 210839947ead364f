public import Foundation
import Providers

/// Hands out the keys to sign the next call with.
///
/// Temporary keys (a role's, the instance profile's, a process's) expire, often after an hour;
/// a fleet or a run waiting on approval outlives them, so every call asks again and the
/// provider fetches new keys before the old ones run out.
public protocol CredentialProvider: Sendable {
    /// The keys for the next call.
    ///
    /// - Throws: ``AWSConfigurationError`` when no keys can be had (STS refused, the process failed…).
    func credentials() async throws -> AWSCredentials
}

/// Keys that never change: environment variables or a profile's keys.
struct FixedCredentials: CredentialProvider {
    let keys: AWSCredentials
    func credentials() async throws -> AWSCredentials { keys }
}

/// Keeps the last keys fetched and fetches again when they are close to expiring.
///
/// Keys are renewed once less than ``refreshAhead`` of their life is left, so a call is never
/// signed with keys that expire in flight. One fetch runs at a time: a fleet's concurrent calls
/// that all find the keys stale wait for the same `AssumeRole`. When a renewal fails while the
/// old keys still have ``minimumLeft`` to live, they go on being used and the next call tries
/// again, as the AWS SDKs do, so a brief STS outage does not stop a containment.
actor RefreshingCredentials: CredentialProvider {
    /// How long before expiry keys are renewed (the SDKs' mandatory window is 10 minutes).
    static let refreshAhead: Duration = .seconds(600)
    /// How long old keys must still live to be used when renewing them failed.
    static let minimumLeft: Duration = .seconds(60)

    private let fetch: @Sendable () async throws -> AWSCredentials
    private let now: @Sendable () -> Date
    private var current: AWSCredentials?
    private var renewal: Task<AWSCredentials, any Error>?

    /// - Parameters:
    ///   - now: The clock expirations are compared with.
    ///   - fetch: Gets fresh keys (runs the process, calls STS or the metadata service).
    init(now: @escaping @Sendable () -> Date = { Date() }, fetch: @escaping @Sendable () async throws -> AWSCredentials) {
        self.now = now
        self.fetch = fetch
    }

    func credentials() async throws -> AWSCredentials {
        if let current, !isStale(current) { return current }
        if let renewal { return try await renewal.value }
        let task = Task { try await fetch() }
        renewal = task
        defer { renewal = nil }
        do {
            let fresh = try await task.value
            current = fresh
            return fresh
        } catch {
            if let current, let expiration = current.expiration, expiration > now().addingTimeInterval(Self.minimumLeft.timeInterval) {
                return current
            }
            throw error
        }
    }

    private func isStale(_ keys: AWSCredentials) -> Bool {
        guard let expiration = keys.expiration else { return false }
        return expiration <= now().addingTimeInterval(Self.refreshAhead.timeInterval)
    }
}
