import Foundation
import Providers

/// Turns an error response into ``AWSError``.
///
/// EC2 answers `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>`;
/// Auto Scaling and the load balancers `<ErrorResponse><Error><Type>…</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`.
/// A body that is not AWS error XML (a proxy's HTML page) becomes a code from the HTTP status.
enum AWSErrorResponse {
    /// The longest message kept; AWS messages are short, anything longer is someone else's page.
    static let maximumMessageLength = 1024

    static func decode(status: Int, headers: [HTTPHeader], body: Data) -> AWSError {
        let headerRequestID = headers.first {
            ["x-amzn-requestid", "x-amz-request-id"].contains($0.name.lowercased())
        }?.value
        if let root = XMLTree.parse(body), let error = root.find("Error"), let code = error.string("Code"), !code.isEmpty {
            let requestID = root.find("RequestID")?.text ?? root.find("RequestId")?.text ?? headerRequestID
            let message = String(error.text("Message").prefix(maximumMessageLength))
            return AWSError(AWSError.Code(code), message, requestID: requestID, httpStatus: status)
        }
        let code: AWSError.Code = switch status {
        case 500: .internalError
        case 502, 503, 504: .serviceUnavailable
        case 429: .throttling
        case 403: .accessDenied
        default: AWSError.Code("HTTP\(status)")
        }
        return AWSError(code, "HTTP status \(status) with no AWS error in the body", requestID: headerRequestID, httpStatus: status)
    }
}
