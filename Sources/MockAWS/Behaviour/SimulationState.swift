import Foundation
import Providers

/// What decides each call's fate besides the world: the random generator, fault rules with
/// their hit counters, and the rate-limit buckets (one per API action, as AWS meters them).
struct SimulationState: Sendable, Codable {
    /// The verdict on one call before it reaches the world.
    struct Verdict {
        var latency: Duration
        var error: AWSError?
        var injectedBy: String?
    }

    var behaviour: BehaviourSpec
    /// The latency model of each operation, resolved once from ``BehaviourSpec/latency(for:)``.
    let latencies: [String: LatencyModel]
    /// The world's seed; each call's random draws come from it, the call's identity and how
    /// many identical calls came before — not from a shared sequence — so concurrent callers
    /// interleaving differently still get the same latencies, fault dice and request ids.
    private(set) var seed: UInt64
    /// How many calls each (operation, resources) identity has made.
    var occurrences: [String: UInt64] = [:]
    var matchedCalls: [Int]
    /// AWS's buckets by name (``AWSOperation/documentedBuckets``), made at each bucket's first call.
    var buckets: [String: TokenBucket] = [:]
    let start: Date
    var sequence = 0

    init(behaviour: BehaviourSpec, seed: UInt64, start: Date, now: Date) {
        self.behaviour = behaviour
        self.latencies = Dictionary(uniqueKeysWithValues: AWSOperation.all.map { ($0.name, behaviour.latency(for: $0)) })
        self.seed = seed
        self.matchedCalls = Array(repeating: 0, count: behaviour.faults.count)
        self.start = start
    }

    /// Draws from `seed` from now on, counting every call identity from the start again.
    mutating func reseed(_ seed: UInt64) {
        self.seed = seed
        occurrences = [:]
    }

    mutating func add(_ rule: FaultRule) {
        behaviour.faults.append(rule)
        matchedCalls.append(0)
    }

    mutating func nextSequence() -> Int {
        sequence += 1
        return sequence
    }

    /// The generator for one call, derived from the seed and the call's identity.
    mutating func generator(for operation: AWSOperation, resources: [String]) -> SeededGenerator {
        let key = operation.name + "|" + resources.joined(separator: ",")
        let occurrence = occurrences[key, default: 0]
        occurrences[key] = occurrence + 1
        let identity = key.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return SeededGenerator(seed: SeededGenerator.mix(seed ^ identity) &+ occurrence &* 0x9E37_79B9_7F4A_7C15)
    }

    /// A request id shaped like AWS's (a UUID), drawn from the call's generator.
    func requestID(using random: inout SeededGenerator) -> String {
        let high = random.next(), low = random.next()
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for index in 0..<32 {
                if index == 8 || index == 12 || index == 16 || index == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = index < 16 ? high : low
                let shift = UInt64(60 - 4 * (index % 16))
                buffer[position] = digits[Int((word >> shift) & 0xF)]
                position += 1
            }
            return position
        }
    }

    /// Applies rate limits and fault rules to a call and samples its latency.
    mutating func admit(_ operation: AWSOperation, resources: [String], at now: Date, using random: inout SeededGenerator) -> Verdict {
        var verdict = Verdict(latency: (latencies[operation.name] ?? behaviour.defaultLatency).sample(using: &random))
        if let limits = behaviour.rateLimits {
            for bucket in limits.buckets(for: operation) {
                // A bucket made now starts full, as one that has been refilling since the start.
                if buckets[bucket.name] == nil { buckets[bucket.name] = TokenBucket(spec: bucket.spec, now: start) }
                guard buckets[bucket.name]!.take(at: now) else {
                    verdict.error = AWSError(RateLimitFamily.of(operation).throttlingCode, "Request limit exceeded.")
                    verdict.injectedBy = "rate-limit"
                    return verdict
                }
            }
        }
        let elapsed = now.timeIntervalSince(start)
        for index in behaviour.faults.indices {
            let rule = behaviour.faults[index]
            guard rule.matches(operation, resources: resources) else { continue }
            if let from = rule.activeFrom, elapsed < from.timeInterval { continue }
            if let until = rule.activeUntil, elapsed >= until.timeInterval { continue }
            matchedCalls[index] += 1
            guard rule.window.contains(matchedCalls[index]) else { continue }
            guard rule.probability >= 1 || random.nextUnit() < rule.probability else { continue }
            switch rule.effect {
            case .delay(let extra):
                verdict.latency += extra
                verdict.injectedBy = verdict.injectedBy ?? rule.name
            case .fail(let code, let message):
                if verdict.error == nil {
                    verdict.error = AWSError(AWSError.Code(code), message)
                    verdict.injectedBy = rule.name
                }
            }
        }
        return verdict
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
