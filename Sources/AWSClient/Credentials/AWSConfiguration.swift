public import Foundation
public import Providers

/// Everything the AWS client needs to call AWS: credentials, region, endpoints, timeout and retries.
///
/// Build one with ``resolve(environment:region:endpoint:profile:)``, which reads the same
/// variables and files, in the same order, as the AWS CLI. Printing a configuration never
/// shows the secret key or the session token.
public struct AWSConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The credentials calls are signed with.
    public var credentials: AWSCredentials
    /// The region, such as `us-east-1`.
    public var region: String
    /// Where the region came from (`--region`, `AWS_REGION`, a config file profile…).
    public var regionSource: String
    /// The profile whose settings were read, if any.
    public var profile: String?
    /// An endpoint every service is sent to (`--endpoint-url`, `AWS_ENDPOINT_URL`), for moto, LocalStack or a proxy.
    public var endpointOverride: URL?
    /// Endpoints for single services (`AWS_ENDPOINT_URL_EC2`, …); they win over ``endpointOverride``.
    public var serviceEndpoints: [AWSService: URL]
    /// How long one HTTP exchange may take.
    public var timeout: Duration
    /// Attempts, back-off and the retry token bucket.
    public var retry: RetryPolicy

    /// Makes a configuration from explicit values.
    ///
    /// - Parameters:
    ///   - credentials: The credentials.
    ///   - region: The region.
    ///   - endpointOverride: One endpoint for every service, or `nil` for AWS's.
    ///   - timeout: The per-call timeout.
    ///   - retry: The retry policy.
    public init(
        credentials: AWSCredentials, region: String, endpointOverride: URL? = nil, timeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.credentials = credentials
        self.region = region
        self.regionSource = "explicit"
        self.profile = nil
        self.endpointOverride = endpointOverride
        self.serviceEndpoints = [:]
        self.timeout = timeout
        self.retry = retry
    }

    /// The URL calls to a service go to.
    ///
    /// - Parameter service: The service.
    /// - Returns: The service's own override, else the general override, else `https://<prefix>.<region>.amazonaws.com/`
    ///   (`.amazonaws.com.cn` in the China regions).
    public func endpoint(for service: AWSService) -> URL {
        if let url = serviceEndpoints[service] ?? endpointOverride { return url }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return URL(string: "https://\(ServiceDescriptor.of(service).endpointPrefix).\(region).\(suffix)/")!
    }

    public var description: String {
        var parts = ["region: \(region) (\(regionSource))"]
        if let profile { parts.append("profile: \(profile)") }
        parts.append("credentials: \(credentials)")
        if let endpointOverride { parts.append("endpoint: \(endpointOverride.absoluteString)") }
        for (service, url) in serviceEndpoints.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            parts.append("endpoint[\(service.rawValue)]: \(url.absoluteString)")
        }
        parts.append("timeout: \(timeout)")
        parts.append("max attempts: \(retry.maxAttempts)")
        return "AWSConfiguration(" + parts.joined(separator: ", ") + ")"
    }
}
