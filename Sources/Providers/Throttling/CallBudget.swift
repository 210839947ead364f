import Synchronization

/// How many times one logical call may be sent, counted across every layer that retries it.
///
/// A fleet's shared back-off retries a throttled call behind its pacer, and the AWS client
/// retries transient failures on its own. Without one budget the layers multiply (3 client
/// attempts × 5 back-off attempts = 15 sends for one call). The outermost layer that retries
/// opens a budget for the call as a task-local value; every layer below spends from it before
/// each send and stops retrying when it is spent.
public final class CallBudget: Sendable {
    private let remaining: Mutex<Int>
    /// Whether a layer above paces and retries throttled calls itself, so the client should
    /// hand a throttling error straight up instead of retrying it unpaced.
    public let throttlingRetriedAbove: Bool

    /// Sends per call unless a layer says otherwise: the first one and four retries.
    public static let defaultSends = 5

    /// A budget of `sends` sends.
    ///
    /// - Parameters:
    ///   - sends: The most sends of the call, the first one included (at least 1).
    ///   - throttlingRetriedAbove: Whether the caller retries throttled answers itself.
    public init(sends: Int, throttlingRetriedAbove: Bool) {
        remaining = Mutex(max(1, sends))
        self.throttlingRetriedAbove = throttlingRetriedAbove
    }

    /// Takes one send from the budget.
    ///
    /// - Returns: `false` when the budget is spent: the call must not be sent again.
    public func spend() -> Bool {
        remaining.withLock { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
    }

    /// Sends left.
    public var left: Int { remaining.withLock { $0 } }

    /// The budget of the call the current task is making, if a layer above opened one.
    @TaskLocal public static var current: CallBudget?
}
