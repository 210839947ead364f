import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The real transport: AsyncHTTPClient, with one connection pool for every call.
///
/// ``shared`` uses AsyncHTTPClient's process-wide client, which never needs shutting down.
/// A transport made with ``init(configuration:)`` owns its client: call ``shutdown()`` once
/// the last call has returned.
public struct AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    private let ownsClient: Bool
    /// The largest response body read; AWS describe pages are far smaller.
    private let maximumBodySize = 64 * 1024 * 1024

    /// A transport over AsyncHTTPClient's shared client (connection reuse, nothing to shut down).
    public static let shared = AsyncHTTPClientTransport(client: .shared, ownsClient: false)

    /// A transport with its own client and connection pool.
    public init() {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.idleTimeout = .seconds(60)
        self.init(client: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration), ownsClient: true)
    }

    private init(client: HTTPClient, ownsClient: Bool) {
        self.client = client
        self.ownsClient = ownsClient
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .init(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        let components = timeout.components
        let amount = TimeAmount.nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outgoing, timeout: amount)
            let body = try await response.body.collect(upTo: maximumBodySize)
            return HTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { HTTPHeader($0.name, $0.value) },
                body: Data(body.readableBytesView)
            )
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                throw HTTPTransportError(.timeout, "no response within \(timeout)")
            case .alreadyShutdown:
                throw HTTPTransportError(.shutDown, "the HTTP client was shut down")
            default:
                throw HTTPTransportError(.connection, "HTTP client error: \(error.shortDescription)")
            }
        } catch let error as HTTPTransportError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw HTTPTransportError(.connection, "\(type(of: error)): \(error)")
        }
    }

    public func shutdown() async throws {
        guard ownsClient else { return }
        try await client.shutdown()
    }
}
