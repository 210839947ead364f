/// A blast-radius breaker: after `maxRuns` automatic containments (or `maxTargets` distinct
/// targets) within `window` — in all, per account, or per rule — further automatic
/// containments start with their changes waiting for a responder.
public struct Breaker: Sendable, Hashable {
    public enum Scope: String, Sendable, CaseIterable {
        case overall, account, rule
    }

    public var name: String
    public var scope: Scope
    public var maxRuns: Int
    public var maxTargets: Int
    public var window: Duration

    public init(name: String, scope: Scope, maxRuns: Int, maxTargets: Int? = nil, window: Duration) {
        self.name = name
        self.scope = scope
        self.maxRuns = maxRuns
        self.maxTargets = maxTargets ?? maxRuns
        self.window = window
    }

    /// Without a rules file: 20 automatic containments (or 20 instances) in 10 minutes overall,
    /// 10 per account — more than a real compromise spreads in that time, far less than a fleet.
    public static let builtIn: [Breaker] = [
        Breaker(name: "overall", scope: .overall, maxRuns: 20, window: .seconds(600)),
        Breaker(name: "per-account", scope: .account, maxRuns: 10, window: .seconds(600)),
    ]
}
