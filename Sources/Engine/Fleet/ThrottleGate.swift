import Foundation
import Providers

/// Shared rate-limit awareness for a fleet, like the AWS SDKs' adaptive retry mode.
///
/// Calls are metered per family (EC2 reads, EC2 writes, Auto Scaling, load balancing) and paced
/// client-side at the family's documented steady rate (EC2's bucket refill rates: 20 reads and
/// 5 writes per second; 10 per second for the services that publish none), so a fleet never
/// drains the account's buckets that other tools share. A throttled answer slows the family by
/// 20% (down to a quarter of its rate), and successes bring it back — so 200 targets back off
/// together instead of each hammering the bucket and burning its retries.
actor ThrottleGate {
    private struct Pace {
        /// Calls per second allowed.
        var rate: Double
        /// The earliest time the next call may go out.
        var next: Date = .distantPast
    }

    private let clock: any ProviderClock
    /// Whether families are paced from the first call (`FleetPacing.documentedRates`) or only
    /// once AWS has throttled them (`FleetPacing.afterThrottling`).
    private let pacesFromStart: Bool
    private var paces: [String: Pace] = [:]
    /// How many throttled answers the fleet got.
    private(set) var throttledCalls = 0

    init(clock: any ProviderClock, pacesFromStart: Bool = true) {
        self.clock = clock
        self.pacesFromStart = pacesFromStart
    }

    /// The metering family of an operation.
    static func family(of operation: AWSOperation) -> String {
        operation.service == .ec2 ? (operation.mutates ? "ec2-mutating" : "ec2-read") : operation.service == .autoscaling ? "autoscaling" : "elb"
    }

    /// The documented (or, for services that publish none, conservative) steady rate of a family.
    private static func documentedRate(of family: String) -> Double {
        switch family {
        case "ec2-mutating": 5
        case "ec2-read": 20
        default: 10
        }
    }

    /// Waits for this call's slot in its family's pace.
    func admit(_ operation: AWSOperation) async throws {
        let family = Self.family(of: operation)
        guard pacesFromStart || paces[family] != nil else { return }
        var pace = paces[family] ?? Pace(rate: Self.documentedRate(of: family))
        let now = clock.now
        let slot = max(now, pace.next)
        pace.next = slot.addingTimeInterval(1 / pace.rate)
        paces[family] = pace
        if slot > now { try await clock.sleep(until: slot) }
    }

    /// A call was throttled: slow its family down.
    func throttled(_ operation: AWSOperation) {
        throttledCalls += 1
        let family = Self.family(of: operation)
        let documented = Self.documentedRate(of: family)
        let rate = paces[family]?.rate ?? documented
        paces[family, default: Pace(rate: documented)].rate = max(documented / 4, rate * 0.8)
    }

    /// A call succeeded: speed its family up a little (additive increase, up to the documented rate).
    func succeeded(_ operation: AWSOperation) {
        let family = Self.family(of: operation)
        guard let rate = paces[family]?.rate else { return }
        paces[family]!.rate = min(Self.documentedRate(of: family), rate + 0.1)
    }
}
