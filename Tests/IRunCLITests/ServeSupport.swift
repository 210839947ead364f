import Foundation
import Testing

/// An `irun serve` process on a loopback port of its own, with its store in a scratch folder.
final class ServeProcess: @unchecked Sendable {
    // @unchecked: set once in init, then only read.
    let directory: URL
    let process: Process
    let port: Int
    let output: Pipe

    var database: String { directory.appendingPathComponent("audit.sqlite").path }
    var base: String { "http://127.0.0.1:\(port)" }

    /// Starts the server (in `directory`, or a new scratch folder) and waits until it listens.
    init(directory: URL? = nil, arguments: [String] = [], environment: [String: String]? = nil) throws {
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("irun-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = try irunBinary()
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--db", self.directory.appendingPathComponent("audit.sqlite").path] + arguments
        process.currentDirectoryURL = repositoryRoot
        if let environment { process.environment = environment.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { given, _ in given } }
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var buffer = ""
        var found: Int?
        let deadline = Date().addingTimeInterval(30)
        while found == nil, Date() < deadline {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            buffer += String(decoding: data, as: UTF8.self)
            if let match = buffer.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/) { found = Int(match.output.1) }
        }
        guard let found else {
            process.terminate()
            throw ServeError(message: "irun serve did not say where it listens: \(buffer)")
        }
        port = found
        // Keep draining its progress output so it never blocks on a full pipe.
        output.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    /// Makes a token with `irun token create` and returns it (its last line of output).
    func token(_ name: String, role: String) throws -> String {
        let result = try runIRun(["token", "create", name, "--role", role, "--db", database])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// Polls `GET /v1/runs/{id}` until `done` holds for its answer (or `seconds` pass), and returns the last answer.
    func run(_ id: String, token: String, within seconds: TimeInterval = 30, until done: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [String: Any] = [:]
        while Date() < deadline {
            last = try HTTPExchange.send("GET", "\(base)/v1/runs/\(id)", headers: ["Authorization": "Bearer \(token)"]).json ?? [:]
            if done(last) { return last }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return last
    }

    /// SIGKILL, no goodbye.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits for it to stop; returns its exit status.
    func stop() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

struct ServeError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// One HTTP exchange, through curl (loopback only).
struct HTTPExchange {
    var status: Int
    var headers: [String: String]
    var body: String

    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }

    static func send(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil) throws -> HTTPExchange {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("irun-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var arguments = ["-s", "-o", scratch.appendingPathComponent("body").path, "-D", scratch.appendingPathComponent("headers").path, "-w", "%{http_code}", "-X", method, url]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            try body.write(to: scratch.appendingPathComponent("request"))
            arguments += ["--data-binary", "@" + scratch.appendingPathComponent("request").path]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let code = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var fields: [String: String] = [:]
        let rawHeaders = (try? String(contentsOf: scratch.appendingPathComponent("headers"), encoding: .utf8)) ?? ""
        for line in rawHeaders.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPExchange(status: Int(code) ?? 0, headers: fields, body: (try? String(contentsOf: scratch.appendingPathComponent("body"), encoding: .utf8)) ?? "")
    }
}

/// The shipped sample GuardDuty finding (C&C activity from i-123), with its ids changed as asked.
func guardDutyFinding(delivery: String = UUID().uuidString.lowercased(), finding: String = "4ec6a1f2b8d94e1fa0c3d5e7f9a1b2c3", instance: String = "i-123",
                      updatedAt: String = "2026-12-04T03:01:55.000Z", sample: Bool = false, severity: Double = 8) throws -> Data {
    let file = repositoryRoot.appendingPathComponent("Runbooks/findings/guardduty-c2-i-123.json")
    var text = try String(contentsOf: file, encoding: .utf8)
    text = text.replacingOccurrences(of: "7f0d4c2e-3a61-4b1e-9d3c-2b8a6f1e0c01", with: delivery)
        .replacingOccurrences(of: "4ec6a1f2b8d94e1fa0c3d5e7f9a1b2c3", with: finding)
        .replacingOccurrences(of: "\"i-123\"", with: "\"\(instance)\"")
        .replacingOccurrences(of: "\"updatedAt\": \"2026-12-04T03:01:55.000Z\"", with: "\"updatedAt\": \"\(updatedAt)\"")
        .replacingOccurrences(of: "\"sample\": false", with: "\"sample\": \(sample)")
        .replacingOccurrences(of: "\"severity\": 8,", with: "\"severity\": \(severity),")
    return Data(text.utf8)
}
