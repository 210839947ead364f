@testable import AWSClient
import Foundation
import Providers
import Testing

let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

struct VectorFile<Vector: Decodable>: Decodable { var vectors: [Vector] }

/// Reads `Fixtures/NAME` as JSON `{"vectors": [...]}`.
func loadVectors<Vector: Decodable>(_ name: String, as type: Vector.Type) throws -> [Vector] {
    let data = try Data(contentsOf: fixturesDirectory.appendingPathComponent(name))
    return try JSONDecoder().decode(VectorFile<Vector>.self, from: data).vectors
}

/// `20261127T031200Z` as a date.
func sigV4Date(_ text: String) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let chars = Array(text)
    func n(_ a: Int, _ b: Int) -> Int { Int(String(chars[a..<b]))! }
    return calendar.date(from: DateComponents(year: n(0, 4), month: n(4, 6), day: n(6, 8), hour: n(9, 11), minute: n(11, 13), second: n(13, 15)))!
}

let testCredentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "SESSIONTOKENSECRET", source: "test")

/// A test double for the HTTP layer only: answers from a script and records what was sent.
actor ScriptedTransport: HTTPTransport {
    enum Step: Sendable {
        case respond(HTTPResponse)
        case fail(HTTPTransportError)
    }

    private var script: [Step]
    private(set) var requests: [HTTPRequest] = []

    init(_ script: [Step]) { self.script = script }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        requests.append(request)
        guard !script.isEmpty else { return HTTPResponse(status: 500, body: Data("no more scripted responses".utf8)) }
        switch script.removeFirst() {
        case .respond(let response): return response
        case .fail(let error): throw error
        }
    }

    static func xml(_ body: String, status: Int = 200, headers: [HTTPHeader] = []) -> Step {
        .respond(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))
    }
}

/// Records the delays a client slept, instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    // @unchecked: the lock guards `delays`, the only state.
    private let lock = NSLock()
    private var recorded: [Duration] = []
    var delays: [Duration] { lock.withLock { recorded } }
    func sleep(_ duration: Duration) { lock.withLock { recorded.append(duration) } }
}

extension AWSClient {
    /// A client on a scripted transport that records sleeps and draws `random` as its jitter.
    static func scripted(
        _ transport: ScriptedTransport, retry: RetryPolicy = RetryPolicy(), sleeps: SleepRecorder = SleepRecorder(), random: Double = 0.5,
        region: String = "us-east-1", endpoint: URL? = nil
    ) -> AWSClient {
        var configuration = AWSConfiguration(credentials: testCredentials, region: region, endpointOverride: endpoint, retry: retry)
        configuration.timeout = .seconds(5)
        var environment = CallEnvironment()
        environment.random = { random }
        environment.sleep = { sleeps.sleep($0) }
        environment.now = { sigV4Date("20261127T031200Z") }
        return AWSClient(configuration: configuration, transport: transport, environment: environment)
    }
}

/// The AWS error code a call threw, or a description of what else happened.
func awsErrorCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as AWSError {
        return error.code.rawValue
    } catch {
        return "not an AWSError: \(error)"
    }
}

/// Form parameters of a recorded request body, decoded.
func formParameters(_ request: HTTPRequest) -> [String: String] {
    let text = String(decoding: request.body, as: UTF8.self)
    var result: [String: String] = [:]
    for pair in text.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).removingPercentEncoding ?? String($0) }
        result[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return result
}
