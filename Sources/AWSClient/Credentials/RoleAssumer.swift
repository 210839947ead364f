import Foundation
import Providers

/// STS `AssumeRole` over the Query API, signed with the keys of the source it assumes from.
///
/// The answer's `AssumedRoleUser/Arn` becomes the keys' ``AWSCredentials/principal``: it names
/// the role and session that acted, which is what a run records. Throttling, 5xx answers and
/// lost connections are tried three times; a refusal (`AccessDenied` from a trust policy or
/// a wrong external id) is reported at once with STS's code and message.
struct RoleAssumer: Sendable {
    /// The Query API version of STS.
    static let apiVersion = "2011-06-15"
    static let attempts = 3

    let assumption: RoleAssumption
    let source: any CredentialProvider
    /// `AWS_ENDPOINT_URL_STS`, else the general endpoint override, else `https://sts.<region>.amazonaws.com/`.
    let endpoint: URL
    let region: String
    let transport: any HTTPTransport
    let timeout: Duration
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void

    func assume() async throws -> AWSCredentials {
        let keys = try await source.credentials()
        var form = QueryParameters()
        form.add("Action", "AssumeRole")
        form.add("Version", Self.apiVersion)
        form.add("RoleArn", assumption.roleARN)
        form.add("RoleSessionName", assumption.sessionName)
        form.add("DurationSeconds", assumption.durationSeconds)
        form.add("ExternalId", assumption.externalID)
        let asking = "\(assumption.roleARN) (\(assumption.place)) with \(keys.source)"
        var attempt = 1
        while true {
            var request = HTTPRequest(
                method: "POST", url: endpoint,
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: Data(form.formEncoded.utf8)
            )
            SigV4Signer(credentials: keys, region: region, service: "sts").sign(&request, at: now())
            request.setHeader("User-Agent", "irun/1 (Swift; sts)")
            do {
                let response = try await transport.send(request, timeout: timeout)
                if (200..<300).contains(response.status) { return try Self.credentials(from: response.body, asking: asking) }
                let error = AWSErrorResponse.decode(status: response.status, headers: response.headers, body: response.body)
                guard error.isRetryable || error.isThrottling, attempt < Self.attempts else {
                    throw AWSConfigurationError(
                        .assumeRoleFailed,
                        "STS refused to assume role \(asking): \(error.code): \(error.message). Check that the role's trust policy allows this principal (and the external id, if it demands one)."
                    )
                }
            } catch let error as HTTPTransportError {
                guard attempt < Self.attempts, error.code != .shutDown else {
                    throw AWSConfigurationError(.assumeRoleFailed, "STS at \(endpoint.host ?? endpoint.absoluteString) did not answer AssumeRole for \(asking): \(error.message).")
                }
            }
            try await sleep(.milliseconds(200 << (attempt - 1)))
            attempt += 1
        }
    }

    /// The keys and the assumed role's ARN from an `AssumeRoleResponse`.
    static func credentials(from body: Data, asking: String) throws(AWSConfigurationError) -> AWSCredentials {
        guard let root = XMLTree.parse(body), let result = root["AssumeRoleResult"], let keys = result["Credentials"],
              let id = keys.string("AccessKeyId"), let secret = keys.string("SecretAccessKey"), let token = keys.string("SessionToken")
        else {
            throw AWSConfigurationError(.assumeRoleFailed, "STS answered AssumeRole for \(asking) without credentials.")
        }
        return AWSCredentials(
            accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: "role \(asking)",
            expiration: keys.date("Expiration"), principal: result["AssumedRoleUser"]?.string("Arn")
        )
    }
}
