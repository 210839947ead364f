import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("Executor: retries, back-off and timeouts on the virtual clock")
struct RetryAndTimeoutTests {
    @Test func throttlingIsRetriedByDefaultWithBackOff() async throws {
        // Given DescribeInstances throttled twice
        let throttle = FaultRule(name: "throttle", operations: ["DescribeInstances"], window: .first(2), effect: .fail(code: "RequestLimitExceeded", message: "Request limit exceeded."))
        let bench = try Bench(faults: [throttle])
        let start = bench.clock.now
        // When a step without a retry policy describes an instance
        let (outcome, events) = try await bench.run("name: r\nsteps:\n  look: { action: test.describe, with: { instance: i-123 } }\n")
        // Then it succeeded on the third attempt, after two jittered back-offs of at most 1 s and 2 s
        #expect(outcome.status == .succeeded)
        #expect(events.of(.stepStarted).map(\.attempt) == [1, 2, 3])
        #expect(events.of(.stepRetrying).map { $0.payload[member: "code"] } == ["RequestLimitExceeded", "RequestLimitExceeded"])
        let waited = bench.clock.now.timeIntervalSince(start)
        #expect(waited > 0 && waited <= 3)
    }

    @Test func anErrorNotRetryableFailsAtOnceUnlessTheStepListsIt() async throws {
        let bench = try Bench()
        let (once, onceEvents) = try await bench.run("name: a\nsteps:\n  x: { action: core.fail, with: { message: m } }\n", id: "run-a")
        #expect(once.status == .failed && onceEvents.of(.stepStarted).count == 1)
        let (listed, listedEvents) = try await bench.run("""
            name: b
            steps:
              x: { action: core.fail, with: { message: m }, retry: { attempts: 4, backoff: constant, initial: 2s, jitter: none, on: [Failed] } }
            """, id: "run-b")
        #expect(listed.status == .failed && listedEvents.of(.stepStarted).count == 4)
        #expect(listedEvents.of(.stepRetrying).map { $0.payload[member: "delayMs"] } == [2000, 2000, 2000])
    }

    @Test func anAttemptThatOutlivesItsTimeoutFailsWithTimeout() async throws {
        let bench = try Bench()
        let start = bench.clock.now
        let (outcome, events) = try await bench.run("""
            name: slow
            steps:
              wait: { action: core.wait, with: { duration: 5m }, timeout: 1m, retry: { attempts: 2, initial: 1s, jitter: none } }
            """)
        #expect(outcome.status == .failed)
        #expect(events.of(.stepFailed).first?.payload[member: "code"] == "Timeout")
        #expect(events.of(.stepStarted).count == 2)
        // Two attempts of one minute each and one second of back-off, not five minutes.
        #expect(bench.clock.now.timeIntervalSince(start) == 121)
    }
}
