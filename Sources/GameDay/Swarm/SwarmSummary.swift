import Foundation

/// What a swarm found: the pass rate, how fast runs contained and captured evidence, and for
/// each expectation that failed, the seeds that replay it, smallest fault schedule first.
public struct SwarmSummary: Sendable, Codable {
    /// A distribution of seconds over the runs that reached the moment.
    public struct Spread: Sendable, Codable {
        /// How many runs reached it (the others never did).
        public var reached: Int
        public var p50: Double?
        public var p95: Double?
        public var max: Double?

        init(_ values: [Double]) {
            let sorted = values.sorted()
            reached = sorted.count
            func rank(_ share: Double) -> Double? { sorted.isEmpty ? nil : sorted[Swift.max(0, Int((share * Double(sorted.count)).rounded(.up)) - 1)] }
            p50 = rank(0.5)
            p95 = rank(0.95)
            self.max = sorted.last
        }
    }

    /// One failing run of an expectation.
    public struct FailingSeed: Sendable, Codable {
        public var seed: UInt64
        /// The faults its seed drew.
        public var faults: [String]
        /// What was observed.
        public var evidence: String
        public var callLogSHA256: String
    }

    /// An expectation that failed in some runs.
    public struct Failure: Sendable, Codable {
        public var expectation: String
        /// Every run it failed in, smallest fault schedule first (then by seed).
        public var seeds: [FailingSeed]
    }

    public var scenario: String
    public var runs: Int
    public var firstSeed: UInt64
    public var lastSeed: UInt64
    /// Runs in which every expectation came out as intended.
    public var passed: Int
    public var timeToContain: Spread
    public var timeToEvidence: Spread
    /// How many runs drew each kind of fault (`throttle`, `fail`, `slow`, `terminate`, `late-approvals`).
    public var faultsDrawn: [String: Int]
    public var failures: [Failure]

    public var passRate: Double { runs == 0 ? 0 : Double(passed) / Double(runs) }

    /// Summarises the scorecards of a swarm's runs.
    ///
    /// - Parameters:
    ///   - scenario: The scenario's name.
    ///   - cards: One scorecard per run, each with the faults it drew.
    public init(scenario: String, cards: [Scorecard]) {
        self.scenario = scenario
        runs = cards.count
        firstSeed = cards.map(\.seed).min() ?? 0
        lastSeed = cards.map(\.seed).max() ?? 0
        passed = cards.filter(\.passed).count
        timeToContain = Spread(cards.compactMap(\.timeToContain))
        timeToEvidence = Spread(cards.compactMap(\.timeToEvidence))
        var kinds: [String: Int] = [:]
        for card in cards {
            for kind in Set((card.faultsDrawn ?? []).map(\.kind)) { kinds[kind.rawValue, default: 0] += 1 }
        }
        faultsDrawn = kinds
        var byExpectation: [String: [(size: Int, seed: FailingSeed)]] = [:]
        for card in cards {
            for verdict in card.verdicts where !verdict.asIntended {
                let faults = (card.faultsDrawn ?? []).map(\.description)
                byExpectation[verdict.name, default: []].append((faults.count, FailingSeed(seed: card.seed, faults: faults, evidence: verdict.evidence, callLogSHA256: card.callLogDigest)))
            }
        }
        failures = byExpectation.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.map { name, seeds in
            Failure(expectation: name, seeds: seeds.sorted { ($0.size, $0.seed.seed) < ($1.size, $1.seed.seed) }.map(\.seed))
        }
    }
}
