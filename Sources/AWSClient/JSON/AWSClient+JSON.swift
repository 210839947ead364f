public import Foundation
import Providers

extension AWSClient {
    /// Calls `action` of a JSON-protocol service with `input` and decodes its answer.
    ///
    /// Errors come back as ``AWSError`` with the code from the answer's `__type` (or SQS's
    /// `x-amzn-query-error` header), retried as any other call when AWS says they may be.
    func callJSON<Input: Encodable, Output: Decodable>(_ service: JSONService, _ action: String, _ input: Input, as output: Output.Type) async throws -> Output {
        let body = try JSONEncoder().encode(input)
        let endpoint = configuration.endpoint(for: service)
        let data: Data = try await send(nil, build: { date, credentials in
            var request = HTTPRequest(method: "POST", url: endpoint, headers: [
                HTTPHeader("Content-Type", "application/x-amz-json-1.0"),
                HTTPHeader("X-Amz-Target", "\(service.targetPrefix).\(action)"),
            ], body: body)
            SigV4Signer(credentials: credentials, region: configuration.region, service: service.signingName).sign(&request, at: date)
            request.setHeader("User-Agent", "irun/1 (Swift; \(service.rawValue))")
            return request
        }, decodeError: JSONErrorResponse.decode) { .success($0.body) }
        do {
            return try JSONDecoder().decode(Output.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw AWSError("InvalidResponse", "\(action) answered with JSON irun cannot read: \(error)", isRetryable: false)
        }
    }
}

/// An answer with no fields irun reads.
struct EmptyAnswer: Codable, Sendable {}

/// The error of a JSON-protocol answer: `{"__type": "namespace#Code", "message": "…"}`.
enum JSONErrorResponse {
    static func decode(status: Int, headers: [HTTPHeader], body: Data) -> AWSError {
        let requestID = headers.first { $0.name.lowercased() == "x-amzn-requestid" }?.value
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let queryError = headers.first { $0.name.lowercased() == "x-amzn-query-error" }?.value.split(separator: ";").first.map(String.init)
        let type = (object?["__type"] as? String).map { String($0.split(separator: "#").last ?? Substring($0)) }
        let message = (object?["message"] as? String) ?? (object?["Message"] as? String) ?? "HTTP status \(status)"
        guard let code = queryError ?? type.map({ String($0.split(separator: ":").first ?? Substring($0)) }), !code.isEmpty else {
            return AWSErrorResponse.decode(status: status, headers: headers, body: body)
        }
        return AWSError(AWSError.Code(code), String(message.prefix(AWSErrorResponse.maximumMessageLength)), requestID: requestID, httpStatus: status)
    }
}
