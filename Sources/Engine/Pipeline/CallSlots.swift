/// An async semaphore: `acquire` waits while `limit` holders are in.
///
/// The merging layer's calls hold one each, so at most `limit` calls are sent at once and the
/// surplus waits where it can still merge.
actor CallSlots {
    private let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { inUse -= 1 } else { waiting.removeFirst().resume() }
    }
}
