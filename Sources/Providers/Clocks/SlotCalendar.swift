/// Numbered slots, each taken at most once, handed out as "the first free slot at or after k".
///
/// Shared capacity on simulated time — a rate limit's tokens, a pacer's send slots — is a
/// calendar of slots. Parallel simulated timelines ask for slots out of time order (a task
/// ahead in simulated time may run first), so a slot left free early on must stay available to
/// a later request for an earlier time, rather than be lost behind a "next free" pointer.
/// Lookups follow "next free" links with path compression: near-constant time per request.
public struct SlotCalendar: Hashable, Sendable {
    /// For each taken slot, a slot at or before the first free one after it.
    private var nextCandidate: [Int: Int] = [:]
    /// Slots before this one count as taken (forgotten to bound memory).
    public private(set) var floor: Int = .min

    public init() {}

    /// A calendar with `taken` slots taken and every slot before `floor` too (a saved calendar).
    public init(taken: [Int], floor: Int) {
        self.floor = floor
        for slot in taken where slot >= floor { nextCandidate[slot] = slot + 1 }
    }

    /// How many slots are taken.
    public var count: Int { nextCandidate.count }

    /// Whether `slot` is taken.
    public func isTaken(_ slot: Int) -> Bool { slot < floor || nextCandidate[slot] != nil }

    /// The first free slot at or after `slot`, without taking it.
    public mutating func firstFree(atOrAfter requested: Int) -> Int {
        let slot = max(requested, floor)
        var free = slot
        while let next = nextCandidate[free] { free = next }
        // Path compression: every slot passed on the way now points at the free one.
        var current = slot
        while current != free, let next = nextCandidate[current] {
            nextCandidate[current] = free
            current = next
        }
        return free
    }

    /// Takes the first free slot at or after `slot`.
    ///
    /// - Returns: The slot taken.
    @discardableResult
    public mutating func take(atOrAfter slot: Int) -> Int {
        let free = firstFree(atOrAfter: slot)
        nextCandidate[free] = free + 1
        return free
    }

    /// The taken slots at or after `slot`, in order (to save a calendar).
    public func taken(from slot: Int) -> [Int] { nextCandidate.keys.filter { $0 >= slot }.sorted() }

    /// Forgets the slots before `slot`: from now on they all count as taken.
    ///
    /// - Parameter slot: The new floor (never lowered).
    public mutating func forget(before slot: Int) {
        guard slot > floor else { return }
        floor = slot
        nextCandidate = nextCandidate.filter { $0.key >= slot }
    }
}
