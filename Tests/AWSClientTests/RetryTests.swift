@testable import AWSClient
import Engine
import Foundation
import Providers
import Testing

@Suite("Retries: standard mode with back-off, jitter and a token bucket")
struct RetryTests {
    static let throttled = ScriptedTransport.xml("<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>", status: 503)
    static let ok = ScriptedTransport.xml("<CreateTagsResponse><return>true</return></CreateTagsResponse>", status: 200)
    static let tags = CreateTagsInput(resources: ["i-1"], tags: [Tag(key: "k", value: "v")])

    @Test func throttlingIsRetriedWithFullJitterBackOff() async throws {
        // Given two throttles then success, and jitter drawn at 0.5
        let transport = ScriptedTransport([Self.throttled, Self.throttled, Self.ok])
        let sleeps = SleepRecorder()
        let client = AWSClient.scripted(transport, sleeps: sleeps, random: 0.5)
        // When one call is made
        try await client.createTags(Self.tags)
        // Then it took three attempts, waiting 0.5 × 1 s then 0.5 × 2 s, and two retries' tokens were spent and one returned
        #expect(await transport.requests.count == 3)
        #expect(sleeps.delays == [.milliseconds(500), .seconds(1)])
        #expect(await client.bucket.tokens == 500 - 10 + 5)
    }

    @Test func givesUpAfterMaxAttemptsWithTheLastError() async throws {
        let transport = ScriptedTransport([Self.throttled, Self.throttled, Self.throttled, Self.ok])
        let client = AWSClient.scripted(transport)
        let code = await awsErrorCode { try await client.createTags(Self.tags) }
        #expect(code == "RequestLimitExceeded")
        #expect(await transport.requests.count == 3)
    }

    @Test func serverErrorsAndLostConnectionsAreRetriedButClientErrorsAreNot() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.xml("<Response><Errors><Error><Code>InternalError</Code><Message>oops</Message></Error></Errors></Response>", status: 500),
            .fail(HTTPTransportError(.connection, "connection reset")),
            Self.ok,
            ScriptedTransport.xml("<Response><Errors><Error><Code>InvalidID</Code><Message>bad</Message></Error></Errors></Response>", status: 400),
        ])
        let client = AWSClient.scripted(transport)
        try await client.createTags(Self.tags)
        #expect(await transport.requests.count == 3)
        #expect(await awsErrorCode { try await client.createTags(Self.tags) } == "InvalidID")
        #expect(await transport.requests.count == 4)
    }

    @Test func retryAfterIsHonouredAndCapped() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.xml("<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", status: 503, headers: [HTTPHeader("Retry-After", "3")]),
            ScriptedTransport.xml("<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", status: 503, headers: [HTTPHeader("Retry-After", "120")]),
            ScriptedTransport.xml("<AttachInstancesResponse><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></AttachInstancesResponse>", status: 200),
        ])
        let sleeps = SleepRecorder()
        let client = AWSClient.scripted(transport, sleeps: sleeps, random: 0.1)
        try await client.attachInstances(.init(instanceIds: ["i-1"], autoScalingGroupName: "g"))
        #expect(sleeps.delays == [.seconds(3), .seconds(20)])
    }

    @Test func anEmptyTokenBucketStopsRetries() async throws {
        // Given a bucket with room for exactly one retry
        let transport = ScriptedTransport([Self.throttled, Self.throttled, Self.throttled, Self.throttled])
        let client = AWSClient.scripted(transport, retry: RetryPolicy(bucketCapacity: 5))
        // When two calls are throttled
        _ = await awsErrorCode { try await client.createTags(Self.tags) }
        _ = await awsErrorCode { try await client.createTags(Self.tags) }
        // Then the first retried once (taking the 5 tokens: the second attempt failed too, and the third found the bucket empty)
        // and the second call was not retried at all
        #expect(await transport.requests.count == 3)
        #expect(await client.bucket.tokens == 0)
    }

    @Test func timeoutsCostMoreTokens() async throws {
        let transport = ScriptedTransport([.fail(HTTPTransportError(.timeout, "no response within 5 seconds")), Self.ok])
        let client = AWSClient.scripted(transport)
        try await client.createTags(Self.tags)
        // 10 taken for the retry after a timeout, 5 given back by the retried success
        #expect(await client.bucket.tokens == 495)
    }

    @Test func backOffGrowsExponentiallyUpToTheCap() {
        let policy = RetryPolicy()
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, random: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 1) == .seconds(4))
        #expect(policy.delay(afterAttempt: 10, retryAfter: nil, random: 1) == .seconds(20))
        #expect(policy.delay(afterAttempt: 2, retryAfter: nil, random: 0) == .zero)
    }

    @Test func theObserverSeesEveryAttempt() async throws {
        let transport = ScriptedTransport([Self.throttled, Self.ok])
        let seen = SleepRecorder()
        var configuration = AWSConfiguration(credentials: testCredentials, region: "us-east-1")
        configuration.retry = RetryPolicy(baseDelay: .zero)
        let client = AWSClient.make(configuration: configuration, transport: transport) { report in
            seen.sleep(.seconds(report.attempt))
        }
        try await client.createTags(Self.tags)
        #expect(seen.delays == [.seconds(1), .seconds(2)])
    }
}

@Suite("One retry budget per call, whatever the layers")
struct CallBudgetTests {
    static let serverError = ScriptedTransport.xml("<Response><Errors><Error><Code>InternalError</Code><Message>oops</Message></Error></Errors></Response>", status: 500)

    @Test func aThrottledCallIsSentAtMostTheBudgetsNumberOfTimesThroughPacingAndClient() async throws {
        // Given AWS throttling every call, the AWS client (3 attempts of its own) under the fleet's pacing (which retries throttled calls)
        let transport = ScriptedTransport(Array(repeating: RetryTests.throttled, count: 40))
        let client = AWSClient.scripted(transport)
        let clock = VirtualClock(start: sigV4Date("20261127T031200Z"))
        let pacing = CallPacing(clock: clock)
        let providers = RequestPipeline.paced(backend: AWSProviders(client), clock: clock, pacer: pacing, merging: false).providers
        // When one call is made
        let code = await awsErrorCode { try await providers.ec2.createTags(RetryTests.tags) }
        // Then it fails throttled after exactly the budget's sends — not 3 × 5 = 15
        #expect(code == "RequestLimitExceeded")
        #expect(await transport.requests.count == CallBudget.defaultSends)
        #expect(pacing.metrics.throttled == CallBudget.defaultSends)
    }

    @Test func theClientLeavesThrottlingToALayerThatRetriesItAbove() async throws {
        // Given a budget opened by a layer that retries throttled calls itself
        let transport = ScriptedTransport([RetryTests.throttled, RetryTests.ok])
        let client = AWSClient.scripted(transport)
        // When the client is throttled
        let code = await CallBudget.$current.withValue(CallBudget(sends: 5, throttlingRetriedAbove: true)) {
            await awsErrorCode { try await client.createTags(RetryTests.tags) }
        }
        // Then it hands the error up after one send instead of retrying unpaced
        #expect(code == "RequestLimitExceeded")
        #expect(await transport.requests.count == 1)
    }

    @Test func theClientsOwnRetriesSpendFromTheCallsBudget() async throws {
        // Given a call whose budget has one send left after the layer above spent its own
        let transport = ScriptedTransport([Self.serverError, Self.serverError, RetryTests.ok])
        let client = AWSClient.scripted(transport)
        let budget = CallBudget(sends: 2, throttlingRetriedAbove: true)
        #expect(budget.spend())
        // When the server fails twice
        let code = await CallBudget.$current.withValue(budget) { await awsErrorCode { try await client.createTags(RetryTests.tags) } }
        // Then the client retries once (2 sends in all), not up to its own 3 attempts
        #expect(code == "InternalError")
        #expect(await transport.requests.count == 2)
        #expect(budget.left == 0)
    }
}
