public import Foundation
public import Providers

/// Everything the AWS client needs to call AWS: credentials, region, endpoints, timeout and retries.
///
/// Build one with ``resolve(environment:region:endpoint:profile:role:)``, which reads the same
/// variables and files, in the same order, as the AWS CLI. Printing a configuration never
/// shows the secret key, the session token or an external id.
public struct AWSConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Where the keys calls are signed with come from.
    public var credentialSource: CredentialSource
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
    /// Endpoints of the JSON-protocol services (`AWS_ENDPOINT_URL_SFN`, `AWS_ENDPOINT_URL_SQS`).
    public var jsonServiceEndpoints: [JSONService: URL] = [:]
    /// The endpoint of STS, which assumes roles (`AWS_ENDPOINT_URL_STS`); it wins over ``endpointOverride``.
    public var stsEndpointOverride: URL?
    /// How long one HTTP exchange may take.
    public var timeout: Duration
    /// Attempts, back-off and the retry token bucket.
    public var retry: RetryPolicy

    /// Makes a configuration with keys given outright.
    ///
    /// - Parameters:
    ///   - credentials: The keys.
    ///   - region: The region.
    ///   - endpointOverride: One endpoint for every service, or `nil` for AWS's.
    ///   - timeout: The per-call timeout.
    ///   - retry: The retry policy.
    public init(
        credentials: AWSCredentials, region: String, endpointOverride: URL? = nil, timeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.init(credentialSource: .keys(credentials), region: region, endpointOverride: endpointOverride, timeout: timeout, retry: retry)
    }

    /// Makes a configuration from explicit values.
    ///
    /// - Parameters:
    ///   - credentialSource: Where the keys come from.
    ///   - region: The region.
    ///   - endpointOverride: One endpoint for every service, or `nil` for AWS's.
    ///   - timeout: The per-call timeout.
    ///   - retry: The retry policy.
    public init(
        credentialSource: CredentialSource, region: String, endpointOverride: URL? = nil, timeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.credentialSource = credentialSource
        self.region = region
        self.regionSource = "explicit"
        self.profile = nil
        self.endpointOverride = endpointOverride
        self.serviceEndpoints = [:]
        self.stsEndpointOverride = nil
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
        return regionalEndpoint(prefix: ServiceDescriptor.of(service).endpointPrefix)
    }

    /// Where `AssumeRole` goes: ``stsEndpointOverride``, else ``endpointOverride``, else STS's
    /// regional endpoint (the SDKs' default since 2022; the global one is a single region's).
    public var stsEndpoint: URL { stsEndpointOverride ?? endpointOverride ?? regionalEndpoint(prefix: "sts") }

    /// Where a JSON-protocol service (Step Functions, SQS) is called: `AWS_ENDPOINT_URL_SUFFIX`
    /// when set, else ``endpointOverride`` (`--endpoint-url`), else its regional endpoint.
    func endpoint(for service: JSONService) -> URL {
        jsonServiceEndpoints[service] ?? endpointOverride ?? regionalEndpoint(prefix: service.endpointPrefix)
    }

    private func regionalEndpoint(prefix: String) -> URL {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return URL(string: "https://\(prefix).\(region).\(suffix)/")!
    }

    public var description: String {
        var parts = ["region: \(region) (\(regionSource))"]
        if let profile { parts.append("profile: \(profile)") }
        parts.append("credentials: \(credentialSource)")
        if let endpointOverride { parts.append("endpoint: \(endpointOverride.absoluteString)") }
        for (service, url) in serviceEndpoints.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            parts.append("endpoint[\(service.rawValue)]: \(url.absoluteString)")
        }
        if let stsEndpointOverride { parts.append("endpoint[sts]: \(stsEndpointOverride.absoluteString)") }
        parts.append("timeout: \(timeout)")
        parts.append("max attempts: \(retry.maxAttempts)")
        return "AWSConfiguration(" + parts.joined(separator: ", ") + ")"
    }
}
