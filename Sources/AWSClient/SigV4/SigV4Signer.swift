import Crypto
public import Foundation

/// What signing one request produced: the intermediate strings (for tests and debugging) and the header.
public struct SigV4Signature: Hashable, Sendable {
    /// The canonical request (task 1 of SigV4).
    public var canonicalRequest: String
    /// The string to sign (task 2).
    public var stringToSign: String
    /// `content-type;host;x-amz-date…`
    public var signedHeaders: String
    /// The hex signature (task 3).
    public var signature: String
    /// The `Authorization` header value.
    public var authorization: String
}

/// AWS Signature Version 4 (HMAC-SHA256), as botocore's `SigV4Auth` computes it.
///
/// Every header of the request is signed except hop-by-hop ones and `User-Agent`; `Host`
/// is added from the URL (with its port when it is not the scheme's default), then
/// `X-Amz-Date` and, for temporary credentials, `X-Amz-Security-Token`.
public struct SigV4Signer: Sendable {
    /// The credentials; only their description (with the secrets hidden) is ever printed.
    public var credentials: AWSCredentials
    /// The region in the credential scope, such as `us-east-1`.
    public var region: String
    /// The signing name of the service (`ec2`, `autoscaling`, `elasticloadbalancing`).
    public var service: String

    /// The headers botocore leaves out of the signature.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Makes a signer for one region and service.
    ///
    /// - Parameters:
    ///   - credentials: The keys to sign with.
    ///   - region: The region of the credential scope.
    ///   - service: The service's signing name.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs a request: adds `X-Amz-Date`, `X-Amz-Security-Token` when there is a session token, and `Authorization`.
    ///
    /// - Parameters:
    ///   - request: The request to sign, complete but for those headers.
    ///   - date: The signing time.
    /// - Returns: The signature and its intermediate strings.
    @discardableResult
    public func sign(_ request: inout HTTPRequest, at date: Date) -> SigV4Signature {
        let timestamp = SigV4Timestamp(date)
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        request.setHeader("X-Amz-Date", timestamp.dateTime)
        if let token = credentials.sessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
        let signature = compute(request, timestamp: timestamp)
        request.setHeader("Authorization", signature.authorization)
        return signature
    }

    /// Computes the signature of a request that already carries its `X-Amz-Date` (and token) headers.
    func compute(_ request: HTTPRequest, timestamp: SigV4Timestamp) -> SigV4Signature {
        let headers = canonicalHeaders(request)
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            request.method.uppercased(),
            canonicalPath(request.url),
            canonicalQuery(request.url),
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            PercentEncoding.hex(SHA256.hash(data: request.body)),
        ].joined(separator: "\n")
        let scope = "\(timestamp.date)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", timestamp.dateTime, scope,
            PercentEncoding.hex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let signature = PercentEncoding.hex(hmac(signingKey(date: String(timestamp.date)), stringToSign))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signedHeaders: signedHeaders,
            signature: signature, authorization: authorization
        )
    }

    private func signingKey(date: String) -> SymmetricKey {
        let secret = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        let dateKey = SymmetricKey(data: hmac(secret, date))
        let regionKey = SymmetricKey(data: hmac(dateKey, region))
        let serviceKey = SymmetricKey(data: hmac(regionKey, service))
        return SymmetricKey(data: hmac(serviceKey, "aws4_request"))
    }

    private func hmac(_ key: SymmetricKey, _ message: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key))
    }

    /// Lower-cased names, values with runs of whitespace collapsed, sorted; repeated names joined with commas.
    private func canonicalHeaders(_ request: HTTPRequest) -> [(name: String, value: String)] {
        var byName: [String: [String]] = [:]
        for header in request.headers {
            let name = header.name.lowercased()
            guard !Self.unsignedHeaders.contains(name) else { continue }
            byName[name, default: []].append(header.value.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        if byName["host"] == nil { byName["host"] = [Self.hostHeader(for: request.url)] }
        return byName.keys.sorted().map { ($0, byName[$0]!.joined(separator: ",")) }
    }

    /// `host[:port]`, leaving out the scheme's default port, as HTTP clients send it.
    static func hostHeader(for url: URL) -> String {
        let host = url.host ?? ""
        guard let port = url.port else { return host }
        let isDefault = (url.scheme == "https" && port == 443) || (url.scheme == "http" && port == 80)
        return isDefault ? host : "\(host):\(port)"
    }

    private func canonicalPath(_ url: URL) -> String {
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? ""
        guard !path.isEmpty else { return "/" }
        let decoded = path.removingPercentEncoding ?? path
        return PercentEncoding.encode(decoded, keepingSlash: true)
    }

    /// Each name and value decoded, then RFC 3986 encoded, sorted by name then value.
    private func canonicalQuery(_ url: URL) -> String {
        guard let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery, !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                (String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding) ?? String(text)
            }
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            return (PercentEncoding.encode(name), PercentEncoding.encode(value))
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
