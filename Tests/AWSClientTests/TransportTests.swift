@testable import AWSClient
import Foundation
import Providers
import Testing

@Suite("AsyncHTTPClient transport")
struct TransportTests {
    @Test func anOwnedTransportRefusesCallsAfterShutdown() async throws {
        // Given a transport with its own client, shut down
        let transport = AsyncHTTPClientTransport()
        try await transport.shutdown()
        // When it is used
        let request = HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:9/")!)
        // Then it says so rather than hanging or crashing
        await #expect { _ = try await transport.send(request, timeout: .seconds(1)) } throws: { ($0 as? HTTPTransportError)?.code == .shutDown }
    }

    @Test func aCallPastItsTimeoutIsATimeoutError() async throws {
        // Given a loopback server that accepts the connection and never answers
        let server = try SilentListener()
        let request = HTTPRequest(method: "GET", url: server.url)
        // When a call to it is allowed 200 ms
        let started = ContinuousClock.now
        await #expect { _ = try await AsyncHTTPClientTransport.shared.send(request, timeout: .milliseconds(200)) } throws: {
            ($0 as? HTTPTransportError)?.code == .timeout
        }
        // Then it ends as a timeout, not a hang
        #expect(ContinuousClock.now - started < .seconds(30))
        withExtendedLifetime(server) {}
    }

    @Test(.enabled(if: Backend.motoEndpoint != nil, "IRUN_MOTO_ENDPOINT is not set"))
    func theClientCountsItsCallsThroughTheObserver() async throws {
        // Given a client against moto with an observer
        let endpoint = try #require(Backend.motoEndpoint)
        let counter = SleepRecorder()
        let client = AWSClient.make(configuration: MotoSeeder.configuration(endpoint: endpoint), transport: AsyncHTTPClientTransport.shared) { _ in
            counter.sleep(.seconds(1))
        }
        // When it makes two calls, one of which fails
        _ = try await client.describeSecurityGroups(.init())
        _ = await awsErrorCode { _ = try await client.describeInstances(.init(instanceIds: ["i-0000000000000dead"])) }
        // Then the observer saw two attempts (errors that are not retryable are not retried)
        #expect(counter.delays.count == 2)
    }

    @Test func endpointsWithUserInformationAreRefusedWithoutEchoingThem() {
        #expect {
            try AWSConfiguration.resolve(environment: ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "us-east-1"], endpoint: "http://user:hunter2@127.0.0.1:5000")
        } throws: { error in
            guard let error = error as? AWSConfigurationError else { return false }
            return error.code == .invalidEndpoint && !String(describing: error).contains("hunter2")
        }
    }
}
