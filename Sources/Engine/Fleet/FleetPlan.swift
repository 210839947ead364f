public import RunbookModel

/// What a fleet was asked to do: its targets, its error budget, how many targets at once, and
/// how it paced AWS calls.
///
/// It is recorded in the parent run's `run-started` event (`fleet`), so `irun resume PARENT`
/// after a crash continues the same fleet under the same limits, not the defaults.
public struct FleetPlan: Hashable, Sendable {
    /// The instances, in the order they start.
    public var targets: [String]
    public var errorBudget: ErrorBudget
    public var maxConcurrentTargets: Int
    public var pacing: FleetPacing
    /// The share of each AWS bucket the fleet used, 0 < share ≤ 1.
    public var apiShare: Double

    public init(targets: [String], errorBudget: ErrorBudget, maxConcurrentTargets: Int, pacing: FleetPacing = .tokenBuckets, apiShare: Double = 1) {
        self.targets = targets
        self.errorBudget = errorBudget
        self.maxConcurrentTargets = max(1, maxConcurrentTargets)
        self.pacing = pacing
        self.apiShare = apiShare
    }

    /// The form recorded in the parent's `run-started` event.
    public var recorded: Value {
        [
            "targets": .list(targets.map(Value.string)), "maxErrors": .string(errorBudget.description),
            "maxTargets": .int(maxConcurrentTargets), "pacing": .string(pacing.rawValue), "apiShare": .double(apiShare),
        ]
    }

    /// Reads the plan back from a parent's `run-started` payload; `nil` when the run is not a fleet parent.
    ///
    /// A parent recorded before the plan was (only `parameters.fleet`, the targets) reads as
    /// that list under the defaults: no error limit, 250 at once, token buckets, the whole share.
    public init?(startedPayload payload: Value) {
        let fleet = payload[member: "fleet"]
        if case .object = fleet, case .list(let targets) = fleet[member: "targets"] {
            let names = targets.compactMap(\.stringValue)
            let budget = fleet[member: "maxErrors"].stringValue.flatMap(ErrorBudget.init(parsing:)) ?? .percent(100)
            let limit = if case .int(let number) = fleet[member: "maxTargets"] { number } else { 250 }
            let pacing = fleet[member: "pacing"].stringValue.flatMap(FleetPacing.init(rawValue:)) ?? .tokenBuckets
            let share: Double = switch fleet[member: "apiShare"] {
            case .double(let value): value
            case .int(let value): Double(value)
            default: 1
            }
            self.init(targets: names, errorBudget: budget, maxConcurrentTargets: limit, pacing: pacing, apiShare: share)
            return
        }
        guard case .list(let targets) = payload[member: "parameters"][member: "fleet"] else { return nil }
        self.init(targets: targets.compactMap(\.stringValue), errorBudget: .percent(100), maxConcurrentTargets: 250)
    }
}

extension ErrorBudget: CustomStringConvertible {
    /// `3` or `10%`, as `--max-errors` takes it.
    public var description: String {
        switch self {
        case .count(let limit): String(limit)
        case .percent(let share): share == share.rounded() ? "\(Int(share))%" : "\(share)%"
        }
    }
}
