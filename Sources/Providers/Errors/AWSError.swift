import Foundation

/// An error returned by an AWS API (or by the simulated world, which uses the same codes).
///
/// The `message` is safe to print: it never carries credentials, request bodies or signed URLs.
public struct AWSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The AWS error code, such as `InvalidInstanceID.NotFound` or `RequestLimitExceeded`.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }
    }

    /// The AWS error code.
    public var code: Code
    /// The human-readable message AWS sent.
    public var message: String
    /// The request id AWS assigned to the failed call, when known.
    public var requestID: String?
    /// The HTTP status of the response.
    public var httpStatus: Int
    /// Whether an identical retry may succeed: throttling, transient server faults, 5xx.
    public var isRetryable: Bool

    /// Makes an error; `isRetryable` defaults to what the code and status say.
    ///
    /// - Parameters:
    ///   - code: The AWS error code.
    ///   - message: The message, safe to print.
    ///   - requestID: The request id, when known.
    ///   - httpStatus: The HTTP status; defaults to the status AWS uses for the code.
    ///   - isRetryable: Overrides the classification by code and status.
    public init(_ code: Code, _ message: String, requestID: String? = nil, httpStatus: Int? = nil, isRetryable: Bool? = nil) {
        self.code = code
        self.message = message
        self.requestID = requestID
        let status = httpStatus ?? code.defaultHTTPStatus
        self.httpStatus = status
        self.isRetryable = isRetryable ?? (code.isThrottling || code.isTransient || status >= 500)
    }

    /// Whether the service asked the caller to slow down.
    public var isThrottling: Bool { code.isThrottling }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let requestID { text += " (request id \(requestID))" }
        return text
    }
}
