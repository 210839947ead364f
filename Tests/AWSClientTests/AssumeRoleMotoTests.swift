@testable import AWSClient
import Foundation
import Providers
import Testing

/// Passes requests to moto and keeps them, to count STS calls and see which keys signed what.
actor RecordingTransport: HTTPTransport {
    private(set) var requests: [HTTPRequest] = []
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        requests.append(request)
        return try await AsyncHTTPClientTransport.shared.send(request, timeout: timeout)
    }

    /// The `AssumeRole` requests, in order.
    var assumeRoles: [HTTPRequest] { requests.filter { formParameters($0)["Action"] == "AssumeRole" } }
}

/// The access key id a request was signed with.
func signingKey(_ request: HTTPRequest) -> String? {
    guard let authorization = request.header("Authorization"), let start = authorization.range(of: "Credential=") else { return nil }
    return String(authorization[start.upperBound...].prefix { $0 != "/" })
}

@Suite("Assuming roles against moto's STS", .serialized, .enabled(if: Backend.motoEndpoint != nil, "IRUN_MOTO_ENDPOINT is not set"))
struct AssumeRoleMotoTests {
    @Test func aProfileChainAssumesEachRoleWithTheKeysOfTheOneBefore() async throws {
        // Given the profile `ir` → `hub` → keys of `base`, pointed at moto
        let endpoint = try #require(Backend.motoEndpoint)
        let home = try ConfigurationTests.Home(credentials: CredentialChainTests.chainCredentials, config: CredentialChainTests.chainConfig)
        let configuration = try AWSConfiguration.resolve(environment: home.environment, region: "us-east-1", endpoint: endpoint.absoluteString, profile: "ir")
        let transport = RecordingTransport()
        let client = AWSClient(configuration: configuration, transport: transport, environment: .init())
        // When the client fetches its keys and makes a call
        let keys = try await client.credentials()
        _ = try await client.describeInstances(.init())
        // Then STS was asked twice: the hub role with base's keys, then the member role with the hub's
        let assumed = await transport.assumeRoles
        #expect(assumed.count == 2)
        #expect(formParameters(assumed[0])["RoleArn"] == "arn:aws:iam::111122223333:role/SecurityHub" && signingKey(assumed[0]) == "AKIABASE00000000000")
        #expect(formParameters(assumed[1])["RoleArn"] == "arn:aws:iam::210987654321:role/IncidentResponse")
        #expect(signingKey(assumed[1])?.hasPrefix("ASIA") == true && formParameters(assumed[1])["ExternalId"] == "case-2026-7")
        // And the keys act as the member account's role, under the profile's session name, and sign the EC2 call
        #expect(keys.principal == "arn:aws:sts::210987654321:assumed-role/IncidentResponse/night-shift")
        let describe = try #require(await transport.requests.last)
        #expect(signingKey(describe) == keys.accessKeyID && describe.header("X-Amz-Security-Token") == keys.sessionToken)
    }

    @Test func aLongRunRenewsTheRoleBeforeItsKeysExpire() async throws {
        // Given a 15-minute role session and a clock the test moves
        let endpoint = try #require(Backend.motoEndpoint)
        let role = RoleAssumption(roleARN: "arn:aws:iam::123456789012:role/IncidentResponse", sessionName: "long-fleet", durationSeconds: 900, place: "--role-arn")
        var configuration = MotoSeeder.configuration(endpoint: endpoint)
        configuration.credentialSource = .assumeRole(role, from: configuration.credentialSource)
        let offset = RefreshingCredentialsTests.Clock()
        let start = offset.now
        let transport = RecordingTransport()
        var environment = AWSClient.CallEnvironment()
        environment.now = { Date().addingTimeInterval(offset.now.timeIntervalSince(start)) }
        let client = AWSClient(configuration: configuration, transport: transport, environment: environment)
        let first = try await client.credentials()
        #expect(first.expiration.map { $0.timeIntervalSinceNow } ?? 0 > 800)
        // When the run goes on for 4 minutes, then 2 more, with calls all along
        offset.advance(240)
        _ = try await client.describeInstances(.init())
        #expect(await transport.assumeRoles.count == 1, "11 minutes left: no renewal yet")
        offset.advance(120)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await client.describeInstances(.init()) } }
            try await group.waitForAll()
        }
        // Then the role was assumed once more, for all eight calls, and they were signed with the new keys
        #expect(await transport.assumeRoles.count == 2)
        let lastEight = await transport.requests.suffix(8)
        let keys = Set(lastEight.compactMap(signingKey))
        #expect(keys.count == 1 && keys.first != first.accessKeyID && keys.first?.hasPrefix("ASIA") == true, "\(keys)")
    }
}
