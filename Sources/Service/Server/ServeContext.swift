public import AuditStore
public import Hummingbird

/// A request to `irun serve`, and who made it once the token is checked.
public struct ServeContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The token's holder, set by ``TokenAuthentication``.
    public var caller: APIToken?

    public init(source: Source) {
        coreContext = .init(source: source)
        caller = nil
    }

    /// Findings are small: the largest EventBridge event is 256 KiB.
    public var maxUploadSize: Int { ResponderServer.maximumBody }

    /// The caller, if its role may do what `roles` allow; 403 otherwise (401 if nobody signed in).
    func require(_ roles: Set<APIRole>, to what: String) throws -> APIToken {
        guard let caller else { throw APIError(.unauthorized, "no token: send `Authorization: Bearer <token>` (irun token create NAME --role …)") }
        guard roles.contains(caller.role) else {
            throw APIError(.forbidden, "token '\(caller.name)' has role \(caller.role.rawValue), which may not \(what); that needs \(roles.map(\.rawValue).sorted().joined(separator: " or "))")
        }
        return caller
    }
}
