import Foundation
import Providers

/// Shared rate-limit awareness for a fleet, like the AWS SDKs' adaptive retry mode.
///
/// Calls are metered per family (EC2 reads, EC2 writes, Auto Scaling, load balancing). Until
/// AWS first throttles a family, its calls go out freely. After that the family is paced
/// client-side: it starts at EC2's documented refill rate for the family, slows by 30% at every
/// further throttled answer, and speeds up a little with every success — so 200 targets share
/// the account's bucket instead of each hammering it and burning its retries.
actor ThrottleGate {
    private struct Pace {
        /// Calls per second allowed; `nil` until the family is first throttled.
        var rate: Double?
        /// The earliest time the next call may go out.
        var next: Date = .distantPast
    }

    private let clock: any ProviderClock
    private var paces: [String: Pace] = [:]
    /// How many throttled answers the fleet got.
    private(set) var throttledCalls = 0

    init(clock: any ProviderClock) { self.clock = clock }

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

    /// Waits for this call's slot, when the family is being paced.
    func admit(_ operation: AWSOperation) async throws {
        let family = Self.family(of: operation)
        guard let rate = paces[family]?.rate else { return }
        let now = clock.now
        let slot = max(now, paces[family]!.next)
        paces[family]!.next = slot.addingTimeInterval(1 / rate)
        if slot > now { try await clock.sleep(until: slot) }
    }

    /// A call was throttled: pace its family, or slow it down further.
    func throttled(_ operation: AWSOperation) {
        throttledCalls += 1
        let family = Self.family(of: operation)
        let current = paces[family]?.rate ?? Self.documentedRate(of: family) / 0.7
        paces[family, default: Pace()].rate = max(0.5, current * 0.7)
    }

    /// A call succeeded: speed its family up a little (additive increase, up to twice the documented rate).
    func succeeded(_ operation: AWSOperation) {
        let family = Self.family(of: operation)
        guard let rate = paces[family]?.rate else { return }
        paces[family]!.rate = min(Self.documentedRate(of: family) * 2, rate + 0.05)
    }
}
