import Foundation
import Providers

/// A token bucket on simulated time: `capacity` calls in a burst, refilled at `refillPerSecond`,
/// each call judged at its own simulated time.
///
/// Token `k` is minted at `start + k / refill` and is good until `capacity / refill` seconds
/// later — the moment a full bucket would overflow and lose it; the bucket starts with
/// `capacity` tokens. A call at time `t` takes the oldest free token good at `t`, and is
/// throttled when there is none. For calls in time order this is the classic bucket (refilled
/// a whole token at a time). Calls from parallel simulated timelines reach the world out of
/// time order — a step ahead in simulated time may run first — and each is still judged at its
/// own time: an early call finds the tokens of its own second, not the bucket as the latest
/// call left it. When its tokens were all taken by calls that arrived first but are later in
/// simulated time, one of those moves to a newer token it can also use, if one is free — so a
/// sequence that a bucket judging in time order would admit is not throttled for arriving out
/// of order.
struct TokenBucket: Sendable, Hashable {
    let spec: TokenBucketSpec
    /// When token 0 is minted.
    let start: Date
    private var tokens: SlotCalendar
    /// For each taken token, the newest token its call could have used.
    private var holders: [Int: Int] = [:]
    /// The newest token minted by the latest call's time.
    private var newestMinted: Int

    private var window: Int { spec.window }

    init(spec: TokenBucketSpec, now: Date) {
        self.spec = spec
        start = now
        tokens = SlotCalendar()
        newestMinted = 0
    }

    /// Takes one token if there is one good at `now`.
    ///
    /// - Returns: `false` when every token good at `now` is taken (the call is throttled).
    mutating func take(at now: Date) -> Bool {
        let good = spec.goodTokens(at: now, since: start)
        let (oldest, newest) = (good.lowerBound, good.upperBound)
        newestMinted = max(newestMinted, newest)
        var token = tokens.firstFree(atOrAfter: oldest)
        if token > newest {
            guard let moved = makeRoom(from: oldest, through: newest) else { return false }
            token = moved
        } else {
            tokens.take(atOrAfter: token)
        }
        holders[token] = newest
        // Calls more than an hour of tokens behind the newest are judged as if the older tokens were gone.
        if tokens.count > 1 << 20 {
            let kept = newestMinted - max(window, Int(spec.refillPerSecond * 3600))
            tokens.forget(before: kept)
            holders = holders.filter { $0.key >= kept }
        }
        return true
    }

    /// Frees a token in `oldest...newest` by moving calls that arrived earlier to newer tokens
    /// they could also use: a chain of moves, each call to a newer token in its own window, the
    /// last onto the first free token after `newest` (the augmenting path of a matching).
    ///
    /// - Returns: The freed token (still marked taken, now for the new call), or `nil` if no chain exists.
    private mutating func makeRoom(from oldest: Int, through newest: Int) -> Int? {
        let free = tokens.firstFree(atOrAfter: newest + 1)
        // Farther than a few windows away, the call would be throttled by a bucket judging in time order too.
        guard free - newest <= 4 * window else { return nil }
        // Every token from `oldest` up to `free` is taken; find which call can move onto each one after `newest`.
        var movedFrom: [Int: Int] = [:]
        var frontier = newest
        var token = oldest
        while token <= frontier, frontier < free {
            let reach = min(holders[token] ?? token, free)
            if reach > frontier {
                for target in (frontier + 1)...reach { movedFrom[target] = token }
                frontier = reach
            }
            token += 1
        }
        guard frontier >= free else { return nil }
        tokens.take(atOrAfter: free)
        var target = free
        while target > newest, let source = movedFrom[target] {
            holders[target] = holders[source] ?? source
            target = source
        }
        return target
    }
}

extension TokenBucket: Codable {
    private enum CodingKeys: String, CodingKey { case spec, start, taken, newestMinted }

    /// Saves only the tokens still good at the latest call's time; older ones count as taken.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(spec, forKey: .spec)
        try container.encode(start, forKey: .start)
        try container.encode(newestMinted, forKey: .newestMinted)
        try container.encode(tokens.taken(from: newestMinted - window + 1), forKey: .taken)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        spec = try container.decode(TokenBucketSpec.self, forKey: .spec)
        start = try container.decode(Date.self, forKey: .start)
        newestMinted = try container.decode(Int.self, forKey: .newestMinted)
        let window = max(1, Int(spec.capacity))
        tokens = SlotCalendar(taken: try container.decode([Int].self, forKey: .taken), floor: newestMinted - window + 1)
    }
}
