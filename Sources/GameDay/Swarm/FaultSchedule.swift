import Foundation
public import MockAWS
import Providers

/// The faults one swarm run drew, from its seed alone: the same seed always draws the same
/// schedule, so a failing seed replays exactly with `--swarm 1 --seed S`.
public struct FaultSchedule: Sendable, Hashable {
    public var faults: [SwarmFault]

    /// A schedule written out (a test, or a schedule read back).
    public init(faults: [SwarmFault]) { self.faults = faults }

    /// Draws 0 to `space.maxFaults` faults from `space` for a run of `seed`.
    ///
    /// The draws come from a generator of their own (the seed mixed with a constant), so the
    /// world's own random choices under that seed are the same as in a run without faults.
    ///
    /// - Parameters:
    ///   - space: What may go wrong.
    ///   - seed: The run's seed.
    ///   - approvals: Whether the scenario answers approvals (late answers need some).
    public init(drawingFrom space: FaultSpace, seed: UInt64, approvals: Bool) {
        var random = SeededGenerator(seed: seed ^ 0x5357_4152_4D5F_4641)
        var kinds: [(inout SeededGenerator) -> SwarmFault] = []
        if !space.throttle.isEmpty {
            kinds.append { random in
                let operation = space.throttle[Int(random.next() % UInt64(space.throttle.count))]
                return .throttle(operation: operation, code: Self.throttlingCode(of: operation), percent: 30 + Int(random.next() % 71),
                                 from: Self.seconds(upTo: space.within, &random), lasting: Self.seconds(from: 5, upTo: space.throttleFor, &random))
            }
        }
        if !space.fail.isEmpty {
            kinds.append { random in
                .fail(operation: space.fail[Int(random.next() % UInt64(space.fail.count))], code: space.errors[Int(random.next() % UInt64(space.errors.count))],
                      calls: 1 + Int(random.next() % UInt64(max(1, space.failCalls))))
            }
        }
        if !space.slow.isEmpty {
            kinds.append { random in
                let tenths = 1 + random.next() % UInt64(max(1, space.slowBy.timeInterval * 10))
                return .slow(operation: space.slow[Int(random.next() % UInt64(space.slow.count))], by: .milliseconds(Int64(tenths) * 100),
                             from: Self.seconds(upTo: space.within, &random), lasting: Self.seconds(from: 5, upTo: .seconds(300), &random))
            }
        }
        if !space.terminate.isEmpty {
            kinds.append { random in
                .terminate(instance: space.terminate[Int(random.next() % UInt64(space.terminate.count))], at: Self.seconds(upTo: space.within, &random))
            }
        }
        if let late = space.lateApprovals, approvals {
            kinds.append { random in .lateApprovals(by: Self.seconds(from: 1, upTo: late, &random)) }
        }
        var drawn: [SwarmFault] = []
        let count = kinds.isEmpty ? 0 : Int(random.next() % UInt64(space.maxFaults + 1))
        for _ in 0..<count {
            let fault = kinds[Int(random.next() % UInt64(kinds.count))](&random)
            if !drawn.contains(where: { $0.target == fault.target }) { drawn.append(fault) }
        }
        faults = drawn
    }

    /// The scenario with the schedule's faults added: fault rules, terminations, later approvals.
    ///
    /// - Parameter scenario: The scenario as written.
    /// - Returns: The scenario this run rehearses.
    public func applied(to scenario: Scenario) -> Scenario {
        var changed = scenario
        let start = scenario.incident.at
        for (index, fault) in faults.enumerated() {
            let name = "swarm-\(index + 1)"
            switch fault {
            case .throttle(let operation, let code, let percent, let from, let lasting):
                changed.faults.append(FaultRule(name: name, operations: [operation], probability: Double(percent) / 100, activeFrom: start + from,
                                                activeUntil: start + from + lasting, effect: .fail(code: code, message: code == "Throttling" ? "Rate exceeded" : "Request limit exceeded.")))
            case .fail(let operation, let code, let calls):
                changed.faults.append(FaultRule(name: name, operations: [operation], window: .first(calls),
                                                effect: .fail(code: code, message: "An internal error has occurred.")))
            case .slow(let operation, let by, let from, let lasting):
                changed.faults.append(FaultRule(name: name, operations: [operation], activeFrom: start + from, activeUntil: start + from + lasting, effect: .delay(by)))
            case .terminate(let instance, let at):
                changed.terminations.append(Scenario.Termination(instance: instance, at: at))
            case .lateApprovals(let by):
                for index in changed.approvals.indices { changed.approvals[index].after += by }
            }
        }
        return changed
    }

    /// The error AWS gives a throttled call of `operation`: EC2 `RequestLimitExceeded`, the others `Throttling`.
    static func throttlingCode(of operation: String) -> String {
        AWSOperation.named(operation).map { RateLimitFamily.of($0).throttlingCode.rawValue } ?? "Throttling"
    }

    /// Whole seconds in `0...limit`.
    private static func seconds(upTo limit: Duration, _ random: inout SeededGenerator) -> Duration {
        seconds(from: 0, upTo: limit, &random)
    }

    /// Whole seconds in `low...max(low, limit)`.
    private static func seconds(from low: Int64, upTo limit: Duration, _ random: inout SeededGenerator) -> Duration {
        let high = max(low, Int64(limit.timeInterval))
        return .seconds(low + Int64(random.next() % UInt64(high - low + 1)))
    }
}
