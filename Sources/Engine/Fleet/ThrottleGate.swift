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
///
/// Each family's send slots are a calendar (``SlotCalendar``) at its documented rate: a call
/// takes the first free slot at or after its own time. On a real clock that is a plain pacer;
/// on simulated timelines, where a target ahead in simulated time may ask first, a slot left
/// free early on still goes to a later request for an earlier time instead of being lost. A
/// slowed-down family leaves slots unused in proportion, so it runs at its reduced rate.
actor ThrottleGate {
    private struct Pace {
        /// Calls per second allowed now (at most the documented rate).
        var rate: Double
        /// The documented rate: one slot per `1 / documented` seconds.
        let documented: Double
        /// When slot 0 is.
        let origin: Date
        var slots = SlotCalendar()
        /// Slots owed unused while the family is slowed down.
        var unusedOwed = 0.0

        init(documented: Double, origin: Date) {
            self.rate = documented
            self.documented = documented
            self.origin = origin
        }

        /// Takes the first free slot from the one `time` falls in, and returns when it begins
        /// (possibly just before `time`).
        mutating func take(at time: Date) -> Date {
            let earliest = Int((time.timeIntervalSince(origin) * documented + 1e-9).rounded(.down))
            let slot = slots.take(atOrAfter: earliest)
            unusedOwed += documented / rate - 1
            var after = slot
            while unusedOwed >= 1 {
                after = slots.take(atOrAfter: after + 1)
                unusedOwed -= 1
            }
            // A long run on a real clock: slots more than an hour behind are never asked for again.
            if slots.count > 1 << 20 { slots.forget(before: earliest - Int(documented * 3600)) }
            return origin.addingTimeInterval(Double(slot) / documented)
        }
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
        let now = clock.now
        let slot = paces[family, default: Pace(documented: Self.documentedRate(of: family), origin: now)].take(at: now)
        if slot > now { try await clock.sleep(until: slot) }
    }

    /// A call was throttled: slow its family down.
    func throttled(_ operation: AWSOperation) {
        throttledCalls += 1
        let family = Self.family(of: operation)
        let documented = Self.documentedRate(of: family)
        let rate = paces[family]?.rate ?? documented
        paces[family, default: Pace(documented: documented, origin: clock.now)].rate = max(documented / 4, rate * 0.8)
    }

    /// A call succeeded: speed its family up a little (additive increase, up to the documented rate).
    func succeeded(_ operation: AWSOperation) {
        let family = Self.family(of: operation)
        guard let rate = paces[family]?.rate else { return }
        paces[family]!.rate = min(paces[family]!.documented, rate + 0.1)
    }
}
