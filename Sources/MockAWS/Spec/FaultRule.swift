public import Providers

/// An injected fault: which calls it hits, when, how often, and what happens to them.
///
/// Rules count the calls they match (1-based), so "the first 3 calls fail" is
/// `window: .first(3)`, and "30% of calls are throttled" is `probability: 0.3`.
public struct FaultRule: Hashable, Sendable, Codable {
    /// What happens to a call the rule hits.
    public enum Effect: Hashable, Sendable, Codable {
        /// The call fails with this AWS error code and message (and nothing changes).
        case fail(code: String, message: String)
        /// The call takes this much longer (a latency spike).
        case delay(Duration)
    }

    /// Which of the matching calls (counted from 1) the rule can hit.
    public enum Window: Hashable, Sendable, Codable {
        case always
        /// Calls 1...n.
        case first(Int)
        /// Calls n+1 onwards.
        case after(Int)
        /// Calls in this closed range.
        case calls(ClosedRange<Int>)

        /// Whether the `n`th matching call is inside the window.
        public func contains(_ n: Int) -> Bool {
            switch self {
            case .always: true
            case .first(let count): n <= count
            case .after(let count): n > count
            case .calls(let range): range.contains(n)
            }
        }
    }

    /// A label for scorecards and the call log.
    public var name: String
    /// Operation names (`CreateSnapshot`, `ec2:CreateSnapshot`); empty matches every operation.
    public var operations: [String]
    /// Service names (`ec2`, `autoscaling`, …); empty matches every service.
    public var services: [String]
    /// A resource id the call must name (instance, group, volume, load balancer…); `nil` matches any.
    public var resource: String?
    public var window: Window
    /// The chance a call inside the window is hit, 0…1.
    public var probability: Double
    /// Seconds after the world's start from which the rule is active.
    public var activeFrom: Duration?
    /// Seconds after the world's start until which the rule is active.
    public var activeUntil: Duration?
    public var effect: Effect

    public init(
        name: String, operations: [String] = [], services: [String] = [], resource: String? = nil, window: Window = .always,
        probability: Double = 1, activeFrom: Duration? = nil, activeUntil: Duration? = nil, effect: Effect
    ) {
        self.name = name
        self.operations = operations
        self.services = services
        self.resource = resource
        self.window = window
        self.probability = probability
        self.activeFrom = activeFrom
        self.activeUntil = activeUntil
        self.effect = effect
    }

    /// Whether the rule applies to a call of `operation` naming `resources` (window and probability aside).
    ///
    /// - Parameters:
    ///   - operation: The operation called.
    ///   - resources: The resource ids the call names.
    /// - Returns: `true` when operation, service and resource all match.
    public func matches(_ operation: AWSOperation, resources: [String]) -> Bool {
        if !operations.isEmpty, !operations.contains(where: { $0 == operation.name || $0 == operation.description || $0 == operation.iamAction }) { return false }
        if !services.isEmpty, !services.contains(operation.service.rawValue) { return false }
        if let resource, !resources.contains(resource) { return false }
        return true
    }
}
