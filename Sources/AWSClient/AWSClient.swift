public import Foundation
public import Providers

/// The real AWS provider: the Query APIs of EC2, Auto Scaling, ELB and ELBv2 over HTTPS, signed with SigV4.
///
/// It implements the same provider protocols as the simulated account, so every action runs
/// against either. Each call encodes its request as a form (`Action`, `Version`, flattened
/// lists), signs it, sends it through the ``HTTPTransport``, retries throttling, 5xx answers
/// and lost connections under the ``RetryPolicy``, and decodes the XML answer into the
/// provider structs, or the error XML into ``AWSError``. Pagination stays with the caller
/// (`nextToken` / `marker` in, `nextToken` / `nextMarker` out), as in the protocols.
///
/// ```swift
/// let configuration = try AWSConfiguration.resolve(region: "eu-west-1", endpoint: nil, profile: "ir")
/// let aws = AWSClient.make(configuration: configuration)
/// let page = try await aws.describeInstances(.init(instanceIds: ["i-0123456789abcdef0"]))
/// ```
public struct AWSClient: EC2, AutoScaling, ElasticLoadBalancing, ElasticLoadBalancingV2 {
    /// Credentials, region, endpoints, timeout and retry policy.
    public let configuration: AWSConfiguration
    let transport: any HTTPTransport
    /// Shared by every copy of the client, so keys fetched once (a role assumed) serve every call.
    let credentialProvider: any CredentialProvider
    let bucket: RetryTokenBucket
    let environment: CallEnvironment

    /// What a call needs from outside besides the network: the time, random numbers, sleeping, and an observer.
    struct CallEnvironment: Sendable {
        var now: @Sendable () -> Date = { Date() }
        var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
        var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        var observe: (@Sendable (AWSCallReport) -> Void)?
    }

    /// Makes a client.
    ///
    /// - Parameters:
    ///   - configuration: What ``AWSConfiguration/resolve(environment:region:endpoint:profile:role:)`` returned.
    ///   - transport: How requests travel; AsyncHTTPClient's shared client by default.
    ///   - observe: Called after every call (each retry included) with its operation, attempts and outcome, for counting.
    /// - Returns: The client. Nothing is sent until the first call.
    public static func make(
        configuration: AWSConfiguration, transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
        observe: (@Sendable (AWSCallReport) -> Void)? = nil
    ) -> AWSClient {
        var environment = CallEnvironment()
        environment.observe = observe
        return AWSClient(configuration: configuration, transport: transport, environment: environment)
    }

    init(configuration: AWSConfiguration, transport: any HTTPTransport, environment: CallEnvironment) {
        self.configuration = configuration
        self.transport = transport
        self.credentialProvider = configuration.credentialSource.provider(
            configuration: configuration, transport: transport, now: environment.now, sleep: environment.sleep
        )
        self.bucket = RetryTokenBucket(capacity: configuration.retry.bucketCapacity)
        self.environment = environment
    }

    /// Shuts the transport down (needed only for a transport that owns its HTTP client).
    ///
    /// - Throws: What the transport throws while closing.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    /// The keys the next call is signed with, fetched (a role assumed, a process run, the
    /// instance profile read) on first use and renewed before they expire.
    ///
    /// Calling it before a run starts surfaces a refused role or a failing process before
    /// anything is recorded, and gives the ``AWSCredentials/principal`` the run records.
    ///
    /// - Throws: ``AWSConfigurationError`` when no keys can be had.
    public func credentials() async throws -> AWSCredentials {
        try await credentialProvider.credentials()
    }

    /// Builds the signed request for one call, without sending it.
    ///
    /// - Parameters:
    ///   - operation: The operation.
    ///   - parameters: Its parameters (without `Action` and `Version`).
    ///   - date: The signing time.
    ///   - credentials: The keys to sign with.
    /// - Returns: The request as it would go on the wire.
    public func signedRequest(_ operation: AWSOperation, parameters: QueryParameters, at date: Date, credentials: AWSCredentials) -> HTTPRequest {
        let service = ServiceDescriptor.of(operation.service)
        var form = QueryParameters()
        form.add("Action", operation.name)
        form.add("Version", service.apiVersion)
        for pair in parameters.pairs { form.add(pair.name, pair.value) }
        var request = HTTPRequest(
            method: "POST", url: configuration.endpoint(for: operation.service),
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Data(form.formEncoded.utf8)
        )
        let signer = SigV4Signer(credentials: credentials, region: configuration.region, service: service.signingName)
        signer.sign(&request, at: date)
        request.setHeader("User-Agent", "irun/1 (Swift; \(operation.service.rawValue))")
        return request
    }

    /// Sends one call with retries and returns the parsed XML of its successful answer.
    func call<Request: QueryEncodable>(_ request: Request) async throws -> XMLTree {
        var parameters = QueryParameters()
        request.encode(into: &parameters)
        return try await send(Request.operation, parameters: parameters)
    }

    /// Sends a Query-protocol call (EC2, Auto Scaling, ELB): see ``send(_:build:decodeError:parse:)``.
    func send(_ operation: AWSOperation, parameters: QueryParameters) async throws -> XMLTree {
        try await send(operation, build: { signedRequest(operation, parameters: parameters, at: $0, credentials: $1) },
                       decodeError: AWSErrorResponse.decode) { response in
            guard let root = XMLTree.parse(response.body) else {
                return .failure(AWSError("InvalidResponse", "\(operation.name) answered HTTP \(response.status) with a body that is not XML", httpStatus: response.status, isRetryable: false))
            }
            return .success(root)
        }
    }

    /// Sends one call, retrying what AWS says may be retried: with backoff and jitter, within
    /// the client's token bucket and the call budget of any layer above; fresh credentials and a
    /// fresh signature on every attempt. Calls with an `operation` are reported to the observer.
    ///
    /// - Parameters:
    ///   - operation: The metered operation, or `nil` for control-plane calls irun does not pace.
    ///   - build: The signed request at a time, with credentials.
    ///   - decodeError: The error in a non-2xx answer.
    ///   - parse: The answer of a 2xx response.
    func send<Answer>(_ operation: AWSOperation?, build: (Date, AWSCredentials) -> HTTPRequest,
                      decodeError: (Int, [HTTPHeader], Data) -> AWSError,
                      parse: (HTTPResponse) -> Result<Answer, AWSError>) async throws -> Answer {
        let policy = configuration.retry
        var attempt = 1
        var retried = false
        while true {
            try Task.checkCancellation()
            let credentials = try await credentialProvider.credentials()
            let started = environment.now()
            let outcome: Result<HTTPResponse, HTTPTransportError>
            do {
                outcome = .success(try await transport.send(build(started, credentials), timeout: configuration.timeout))
            } catch let error as HTTPTransportError {
                outcome = .failure(error)
            }
            let failure: any Error
            var retryAfter: Duration?
            var retryCost = policy.retryCost
            switch outcome {
            case .success(let response) where (200..<300).contains(response.status):
                switch parse(response) {
                case .success(let answer):
                    await bucket.release(retried ? policy.retryCost : policy.successIncrement)
                    report(operation, attempt, started, .success)
                    return answer
                case .failure(let error):
                    report(operation, attempt, started, .failure(error))
                    throw error
                }
            case .success(let response):
                let error = decodeError(response.status, response.headers, response.body)
                failure = error
                retryAfter = response.header("Retry-After").flatMap(Self.retryAfter)
                // Under a layer that paces and retries throttled calls itself, a throttled answer goes up to it.
                let retriesThrottling = !(CallBudget.current?.throttlingRetriedAbove ?? false)
                guard error.isThrottling ? retriesThrottling : error.isRetryable else {
                    report(operation, attempt, started, .failure(error))
                    throw error
                }
            case .failure(let error):
                failure = error
                if error.code == .timeout { retryCost = policy.timeoutCost }
                guard error.code != .shutDown else {
                    report(operation, attempt, started, .failure(error))
                    throw error
                }
            }
            report(operation, attempt, started, .failure(failure))
            // The call's budget, when a layer above opened one, bounds the sends of every layer together.
            guard attempt < policy.maxAttempts, CallBudget.current?.spend() ?? true, await bucket.acquire(retryCost) else { throw failure }
            try await environment.sleep(policy.delay(afterAttempt: attempt, retryAfter: retryAfter, random: environment.random()))
            attempt += 1
            retried = true
        }
    }

    private func report(_ operation: AWSOperation?, _ attempt: Int, _ started: Date, _ outcome: AWSCallReport.Outcome) {
        guard let operation else { return }
        environment.observe?(AWSCallReport(operation: operation, attempt: attempt, startedAt: started, finishedAt: environment.now(), outcome: outcome))
    }

    /// `Retry-After` as delta-seconds (the HTTP-date form is not used by AWS).
    static func retryAfter(_ value: String) -> Duration? {
        guard let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0, seconds.isFinite else { return nil }
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// One HTTP attempt of one AWS call, as the client's observer sees it.
public struct AWSCallReport: Sendable {
    /// How the attempt ended.
    public enum Outcome: Sendable {
        case success
        /// An ``AWSError`` or ``HTTPTransportError``.
        case failure(any Error)
    }

    /// The operation called.
    public var operation: AWSOperation
    /// 1 for the first attempt, 2 for the first retry…
    public var attempt: Int
    /// When the attempt was signed and sent.
    public var startedAt: Date
    /// When its answer (or failure) came.
    public var finishedAt: Date
    /// Success, or the error the attempt ended with.
    public var outcome: Outcome
}
