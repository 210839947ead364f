public import AuditStore
import Foundation
public import Hummingbird
import Synchronization

/// The active tokens, kept in memory (a database read per request would cap ingest) and
/// reloaded every few seconds, so `irun token create` and `revoke` take effect while serving.
public final class TokenAuthority: Sendable {
    private let store: AuditDatabase
    private let cache = Mutex<(tokens: [APIToken], loadedAt: ContinuousClock.Instant?)>(([], nil))
    static let reloadEvery: Duration = .seconds(2)

    public init(store: AuditDatabase) { self.store = store }

    /// The active token whose secret is `secret`, compared in constant time with every one.
    func token(for secret: String) async throws -> APIToken? {
        let digest = Array(ContentHash.sha256(secret).utf8)
        let now = ContinuousClock.now
        let (cached, age) = cache.withLock { ($0.tokens, $0.loadedAt.map { now - $0 }) }
        if let age, age < Self.reloadEvery, let found = Self.find(digest, in: cached) { return found }
        // Not known, or known too long ago: a token made or revoked a moment ago counts at once.
        if let age, age < .milliseconds(250) { return nil }
        let loaded = try await store.tokens().filter(\.isActive)
        cache.withLock { $0 = (loaded, now) }
        return Self.find(digest, in: loaded)
    }

    private static func find(_ digest: [UInt8], in tokens: [APIToken]) -> APIToken? {
        var found: APIToken?
        for token in tokens where equal(Array(token.secretSHA256.utf8), digest) { found = token }
        return found
    }

    /// Whether two byte strings are equal, taking the same time wherever they differ.
    static func equal(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// Reads the caller's token from `Authorization: Bearer …` (EventBridge connections and
/// scripts) or the console's session cookie; sets ``ServeContext/caller``. A token that is
/// given but unknown or revoked is 401 at once; routes decide what a missing one means.
struct TokenAuthentication: RouterMiddleware {
    typealias Context = ServeContext
    static let cookie = "irun_session"
    let authority: TokenAuthority

    func handle(_ request: Request, context: ServeContext, next: (Request, ServeContext) async throws -> Response) async throws -> Response {
        var secret: String?
        if let header = request.headers[.authorization] {
            guard header.lowercased().hasPrefix("bearer "), header.count > 7 else {
                throw APIError(.unauthorized, "the Authorization header must be `Bearer <token>`", field: "Authorization", headers: [.wwwAuthenticate: "Bearer"])
            }
            secret = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        } else if let cookie = request.cookies[Self.cookie]?.value, !cookie.isEmpty {
            secret = cookie
        }
        var context = context
        if let secret {
            guard let token = try await authority.token(for: secret) else {
                throw APIError(.unauthorized, "unknown or revoked token", field: "Authorization", headers: [.wwwAuthenticate: "Bearer"])
            }
            context.caller = token
        }
        return try await next(request, context)
    }
}
