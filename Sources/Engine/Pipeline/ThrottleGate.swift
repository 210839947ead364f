import Foundation
import Providers

/// Client-side pacing by AWS's own token buckets, shared by every target of a process.
///
/// AWS meters API calls in token buckets per account and region (``AWSOperation/documentedBuckets``):
/// a burst of `capacity` calls, then `refillPerSecond`. The gate keeps a model of each bucket and
/// lets a call go when the model has a token for it, so a fleet spends the burst at once — a
/// 50-instance quarantine fits in EC2's buckets and is never slowed — and only the calls past the
/// burst wait for refills. It uses `share` of every bucket, leaving the rest to other tools on
/// the account. A throttled answer means the real bucket is emptier than the model (another tool
/// spent it): the gate empties its model of that bucket and slows it to 80% of its refill (down to a
/// quarter), and successes bring it back — so 200 targets back off together instead of each
/// hammering the bucket and burning its retries.
///
/// Each bucket's tokens are a calendar (``SlotCalendar``) with the window
/// ``TokenBucketSpec/goodTokens(at:since:)`` that the simulated account judges by: the bucket
/// starts full, and a token is good until a full bucket would lose it. A call takes the first free token still good at its
/// own time and goes when that token is minted. On a real clock that is a plain bucket; on
/// simulated timelines, where a target ahead in simulated time may ask first, a token left free
/// early on still goes to a later request for an earlier time instead of being lost.
actor ThrottleGate {
    private struct Bucket {
        let spec: TokenBucketSpec
        /// The model's bucket is full at `origin`.
        let origin: Date
        var tokens = SlotCalendar()
        /// The fraction of the refill used now (1 unless AWS throttled this bucket lately).
        var pace = 1.0
        /// Tokens owed unused while the bucket is slowed down.
        var unusedOwed = 0.0

        /// The oldest and newest token good at `time`; none from before the bucket was full at `origin`.
        func good(at time: Date) -> (oldest: Int, newest: Int) {
            let window = spec.goodTokens(at: time, since: origin)
            return (max(window.lowerBound, 1 - spec.window), window.upperBound)
        }

        /// Takes the first free token good at `time`, and returns when the call may go.
        mutating func take(at time: Date) -> Date {
            let earliest = good(at: time).oldest
            let token = tokens.take(atOrAfter: earliest)
            unusedOwed += 1 / pace - 1
            var after = token
            while unusedOwed >= 1 {
                after = tokens.take(atOrAfter: after + 1)
                unusedOwed -= 1
            }
            // A long run on a real clock: tokens more than an hour old are never asked for again.
            if tokens.count > 1 << 20 { tokens.forget(before: earliest - Int(spec.refillPerSecond * 3600)) }
            // A call that waits goes a microsecond after its token is minted: a `Date` is exact to
            // about 0.1 µs, and one sent on the dot could reach the bucket a rounding error early.
            let mint = spec.minted(token, since: origin)
            return mint > time ? mint.addingTimeInterval(1e-6) : time
        }

        /// AWS throttled a call at `time`: its bucket is empty, so every token minted by then is spent.
        mutating func drain(at time: Date) {
            let good = good(at: time)
            var token = tokens.firstFree(atOrAfter: good.oldest)
            while token <= good.newest {
                tokens.take(atOrAfter: token)
                token = tokens.firstFree(atOrAfter: token + 1)
            }
        }
    }

    private let clock: any ProviderClock
    /// Whether buckets are paced from the first call (`FleetPacing.tokenBuckets`) or only once
    /// AWS has throttled them (`FleetPacing.afterThrottling`).
    private let pacesFromStart: Bool
    /// The share of each documented bucket irun uses.
    private let share: Double
    private var buckets: [String: Bucket] = [:]
    /// Every bucket's model starts full at this time, the gate's creation: before any call of
    /// the process, whichever simulated timeline asks first.
    private let origin: Date

    /// - Parameters:
    ///   - clock: Real or simulated time.
    ///   - pacesFromStart: `false` to pace a bucket only after AWS throttled it.
    ///   - share: The fraction of each documented bucket (burst and refill) to use, in `(0, 1]`.
    init(clock: any ProviderClock, pacesFromStart: Bool = true, share: Double = 1) {
        self.clock = clock
        self.pacesFromStart = pacesFromStart
        self.share = min(1, max(0.01, share))
        origin = clock.now
    }

    /// The model of `bucket`, made full at its first use.
    private func model(of bucket: MeteredBucket) -> Bucket {
        buckets[bucket.name] ?? Bucket(spec: bucket.spec.scaled(by: share), origin: origin)
    }

    /// Waits until each of this call's buckets has a token for it.
    func admit(_ operation: AWSOperation) async throws {
        let now = clock.now
        var start = now
        for metered in operation.documentedBuckets where pacesFromStart || buckets[metered.name] != nil {
            var bucket = model(of: metered)
            start = max(start, bucket.take(at: now))
            buckets[metered.name] = bucket
        }
        if start > now { try await clock.sleep(until: start) }
    }

    /// A call was throttled: AWS does not say by which of its buckets, so empty the model of
    /// each and slow each down.
    func throttled(_ operation: AWSOperation) {
        for metered in operation.documentedBuckets {
            var bucket = model(of: metered)
            bucket.drain(at: clock.now)
            bucket.pace = max(0.25, bucket.pace * 0.8)
            buckets[metered.name] = bucket
        }
    }

    /// A call succeeded: speed its buckets up a little (additive increase, up to their full refill).
    func succeeded(_ operation: AWSOperation) {
        for metered in operation.documentedBuckets {
            guard let pace = buckets[metered.name]?.pace, pace < 1 else { continue }
            buckets[metered.name]!.pace = min(1, pace + 0.02)
        }
    }
}
