public import Foundation

/// Something the world does by itself at a moment in simulated time.
public enum WorldEvent: Hashable, Sendable, Codable {
    /// An instance finishes a transition (`pending` → `running`, `stopping` → `stopped`, `shutting-down` → `terminated`).
    case instanceReaches(instanceId: String, state: String)
    /// A snapshot finishes.
    case snapshotCompletes(snapshotId: String)
    /// A Classic Load Balancer runs its health checks (then schedules the next round).
    case loadBalancerHealthCheck(name: String)
    /// A target group runs its health checks (then schedules the next round).
    case targetGroupHealthCheck(arn: String)
    /// An Auto Scaling group checks its members and capacity (then schedules the next round).
    case autoScalingCheck(name: String)
    /// A draining target leaves its target group.
    case targetDrained(targetGroupArn: String, instanceId: String, port: Int)
    /// A terminated instance drops out of `DescribeInstances`.
    case instanceForgotten(instanceId: String)
    /// A scripted event (game days): the instance is terminated from outside, e.g. by its owner.
    case scriptedTermination(instanceId: String, reason: String)
}

/// The world's pending events, earliest first (ties in the order they were scheduled).
public struct Timeline: Sendable, Codable, Hashable {
    struct Entry: Sendable, Codable, Hashable {
        var at: Date
        var sequence: Int
        var event: WorldEvent

        func precedes(_ other: Entry) -> Bool { (at, sequence) < (other.at, other.sequence) }
    }

    private var heap: [Entry] = []
    private var sequence = 0

    public init() {}

    /// How many events are pending.
    public var count: Int { heap.count }

    /// When the earliest pending event is due.
    public var nextDue: Date? { heap.first?.at }

    /// Schedules `event` at `time`.
    mutating func schedule(_ event: WorldEvent, at time: Date) {
        sequence += 1
        heap.append(Entry(at: time, sequence: sequence, event: event))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest event if it is due by `time`.
    mutating func popDue(by time: Date) -> (at: Date, event: WorldEvent)? {
        guard let first = heap.first, first.at <= time else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (first.at, first.event)
    }
}
