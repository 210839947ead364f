public import Foundation

/// One HTTP header field.
public struct HTTPHeader: Hashable, Sendable {
    /// The field name, in any case.
    public var name: String
    /// The field value.
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP request as the AWS client builds, signs and sends it.
public struct HTTPRequest: Hashable, Sendable {
    /// `POST` or `GET`.
    public var method: String
    /// The URL, including any query string.
    public var url: URL
    /// The header fields, in order.
    public var headers: [HTTPHeader]
    /// The form body (empty for a GET).
    public var body: Data

    /// Makes a request.
    ///
    /// - Parameters:
    ///   - method: `POST` or `GET`.
    ///   - url: The URL.
    ///   - headers: The header fields.
    ///   - body: The body.
    public init(method: String, url: URL, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header called `name` (compared without case).
    ///
    /// - Parameter name: The header name.
    /// - Returns: The value, or `nil`.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Sets a header, replacing any with the same name.
    ///
    /// - Parameters:
    ///   - name: The header name.
    ///   - value: The value.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        headers.append(HTTPHeader(name, value))
    }
}

/// An HTTP response: status, headers and the whole body.
public struct HTTPResponse: Hashable, Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The header fields, in order.
    public var headers: [HTTPHeader]
    /// The whole body.
    public var body: Data

    /// Makes a response (for test transports).
    ///
    /// - Parameters:
    ///   - status: The status code.
    ///   - headers: The header fields.
    ///   - body: The body.
    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header called `name` (compared without case).
    ///
    /// - Parameter name: The header name.
    /// - Returns: The value, or `nil`.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Sends HTTP requests: the one seam between the AWS client and the network.
///
/// ``AsyncHTTPClientTransport`` is the real one; tests put a recorded or scripted transport
/// here to check signing, encoding, decoding and retries without a server.
public protocol HTTPTransport: Sendable {
    /// Sends one request and reads the whole response.
    ///
    /// - Parameters:
    ///   - request: The signed request.
    ///   - timeout: How long the whole exchange may take.
    /// - Returns: The response, whatever its status.
    /// - Throws: ``HTTPTransportError`` when no response arrived (connection failure, timeout).
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse

    /// Releases connections and threads. The transport cannot be used afterwards.
    ///
    /// - Throws: What the underlying client throws while closing.
    func shutdown() async throws
}

extension HTTPTransport {
    public func shutdown() async throws {}
}

/// A request that got no HTTP response.
public struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        /// The call took longer than its timeout.
        public static let timeout = Code(rawValue: "timeout")
        /// The connection could not be made or broke.
        public static let connection = Code(rawValue: "connection")
        /// The transport was shut down.
        public static let shutDown = Code(rawValue: "shutDown")
    }

    /// What went wrong.
    public var code: Code
    /// What happened, without the request (no URL query, headers or body).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
