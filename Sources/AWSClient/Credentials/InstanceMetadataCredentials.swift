import Foundation

/// The instance profile's keys, read from the EC2 instance metadata service with IMDSv2.
///
/// IMDSv2 first asks for a session token with a `PUT` (which a forwarded request from a
/// compromised web application cannot make), then sends it with each read: the role name from
/// `iam/security-credentials/`, then that role's keys. IMDSv1, which answers plain `GET`s, is
/// not used: instances hardened with `HttpTokens=required` refuse it, and a responder's
/// bastion should be one of them.
struct InstanceMetadataCredentials: Sendable {
    static let tokenPath = "latest/api/token"
    static let rolesPath = "latest/meta-data/iam/security-credentials/"
    /// Six hours, the longest token IMDS hands out; the fetcher asks for a new one at each renewal anyway.
    static let tokenLifetime = "21600"

    let settings: InstanceMetadataSettings
    let transport: any HTTPTransport

    func fetch() async throws -> AWSCredentials {
        let token = try await text(of: request("PUT", Self.tokenPath, ["X-aws-ec2-metadata-token-ttl-seconds": Self.tokenLifetime]), what: "a session token")
        let tokenHeader = ["X-aws-ec2-metadata-token": token]
        let roles = try await text(of: request("GET", Self.rolesPath, tokenHeader), what: "the instance profile's role")
        guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw failure("the instance has no instance profile (no role under \(Self.rolesPath))")
        }
        let document = try await text(of: request("GET", Self.rolesPath + role, tokenHeader), what: "the keys of role \(role)")
        guard let object = try? JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any] else {
            throw failure("the keys of role \(role) are not a JSON object")
        }
        guard (object["Code"] as? String) == "Success" else {
            throw failure("the keys of role \(role) are not ready (Code \(object["Code"] as? String ?? "missing"))")
        }
        guard let key = object["AccessKeyId"] as? String, let secret = object["SecretAccessKey"] as? String, let token = object["Token"] as? String else {
            throw failure("the answer for role \(role) has no AccessKeyId, SecretAccessKey or Token")
        }
        let expiration = (object["Expiration"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
        return AWSCredentials(
            accessKeyID: key, secretAccessKey: secret, sessionToken: token,
            source: "instance profile role \(role) (instance metadata service \(settings.endpoint.absoluteString))", expiration: expiration,
            principal: "instance profile role \(role)"
        )
    }

    private func request(_ method: String, _ path: String, _ headers: [String: String]) -> HTTPRequest {
        let base = settings.endpoint.absoluteString.hasSuffix("/") ? settings.endpoint.absoluteString : settings.endpoint.absoluteString + "/"
        return HTTPRequest(method: method, url: URL(string: base + path)!, headers: headers.map { HTTPHeader($0.key, $0.value) })
    }

    /// Sends a request, trying up to `settings.attempts` times, and returns the body of a 200.
    private func text(of request: HTTPRequest, what: String) async throws -> String {
        var attempt = 1
        while true {
            do {
                let response = try await transport.send(request, timeout: settings.timeout)
                switch response.status {
                case 200: return String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                case 404 where request.url.path.hasSuffix("security-credentials/") || request.url.path.hasSuffix("security-credentials"):
                    throw failure("the instance has no instance profile (404 for \(Self.rolesPath))")
                case 403 where request.method == "PUT":
                    throw failure("the service refused a session token (HTTP 403): IMDS may be turned off for this instance")
                default:
                    guard attempt < settings.attempts, response.status >= 500 else { throw failure("asking for \(what) got HTTP \(response.status)") }
                }
            } catch let error as HTTPTransportError {
                guard attempt < settings.attempts else {
                    throw failure(error.code == .timeout ? "no answer within \(settings.timeout) when asking for \(what)" : "cannot reach it (\(error.message))")
                }
            }
            attempt += 1
        }
    }

    private func failure(_ reason: String) -> AWSConfigurationError {
        if let searched = settings.searchedBefore {
            return AWSConfigurationError(
                .missingCredentials,
                "No AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), choose a profile with --profile or AWS_PROFILE, or run on an instance with an instance profile (the instance metadata service at \(settings.endpoint.absoluteString): \(reason); set AWS_EC2_METADATA_DISABLED=true to skip it).",
                searched: searched + ["instance metadata service at \(settings.endpoint.absoluteString)"]
            )
        }
        return AWSConfigurationError(.instanceMetadataFailed, "The instance metadata service at \(settings.endpoint.absoluteString) gave no instance profile keys: \(reason).")
    }
}
