import Dispatch
import Foundation

extension CredentialSource {
    /// What fetches and renews this source's keys: the keys themselves, or a cache around the
    /// process, STS or the metadata service that renews them before they expire.
    ///
    /// - Parameters:
    ///   - configuration: Region, endpoints and timeout, for STS.
    ///   - transport: How STS and the metadata service are reached.
    ///   - now: The clock expirations are compared with and requests are signed at.
    ///   - sleep: How to wait between STS attempts.
    /// - Returns: The provider; nothing is fetched until its first call.
    func provider(
        configuration: AWSConfiguration, transport: any HTTPTransport, now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) -> any CredentialProvider {
        switch self {
        case .keys(let keys):
            return FixedCredentials(keys: keys)
        case .process(let settings):
            return RefreshingCredentials(now: now) {
                try await Self.runOffTheCooperativePool { () throws(AWSConfigurationError) in
                    try CredentialProcess.credentials(command: settings.command, place: settings.place, now: now())
                }
            }
        case .instanceMetadata(let settings):
            let reader = InstanceMetadataCredentials(settings: settings, transport: transport)
            return RefreshingCredentials(now: now) { try await reader.fetch() }
        case .assumeRole(let role, let source):
            let assumer = RoleAssumer(
                assumption: role, source: source.provider(configuration: configuration, transport: transport, now: now, sleep: sleep),
                endpoint: configuration.stsEndpoint, region: configuration.region, transport: transport, timeout: configuration.timeout,
                now: now, sleep: sleep
            )
            return RefreshingCredentials(now: now) { try await assumer.assume() }
        }
    }

    /// A `credential_process` blocks while it runs; it runs on a dispatch thread so the calls of other runs go on.
    private static func runOffTheCooperativePool(
        _ work: @escaping @Sendable () throws(AWSConfigurationError) -> AWSCredentials
    ) async throws -> AWSCredentials {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
