import Foundation
public import HTTPTypes
public import Hummingbird
import RunbookModel

/// An error answered as JSON — `{"error": {"message": …, "field": …}}` — with its status and headers.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    /// Where in the request the problem is (a JSON path, a header, a parameter).
    public var field: String?
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var error: [String: Value] = ["message": .string(message)]
        if let field { error["field"] = .string(field) }
        var response = Response.json(["error": .object(error)], status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension Response {
    /// A JSON body (sorted keys, compact).
    static func json(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: value.json + "\n")))
    }

    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            // Nothing from elsewhere, no framing: the console is a page of its own.
            HTTPField.Name("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
