import Foundation
import Testing

/// Headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) uses the console.
enum Browser {
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && ((try? runProcess("/usr/bin/env", ["python3", "-c", "import selenium"]).status) == 0)
    }

    static let skipReason: Comment = "needs /usr/bin/chromium, /usr/bin/chromedriver and Selenium (Scripts/test installs them)"

    static func runProcess(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

@Suite("irun serve: the console in a real browser", .serialized, .enabled(if: Browser.isAvailable, Browser.skipReason))
struct ServeBrowserTests {
    @Test func aResponderApprovesAGateByClickingTheButton() throws {
        // Given a run waiting for a responder before its first change (a rule in approve mode)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rules = directory.appendingPathComponent("rules.yaml")
        try "rules:\n  - name: quarantine-with-approval\n    match: { type: [\"Backdoor:EC2/*\"] }\n    runbook: ec2-quarantine\n    mode: approve\n"
            .write(to: rules, atomically: true, encoding: .utf8)
        let server = try ServeProcess(directory: directory, arguments: ["--rules", rules.path])
        let ingest = try server.token("eventbridge", role: "ingest"), responder = try server.token("rita", role: "responder")
        let answer = try HTTPExchange.send("POST", "\(server.base)/v1/events", headers: ["Authorization": "Bearer \(ingest)"], body: try guardDutyFinding())
        let run = try #require(((answer.json?["findings"] as? [[String: Any]])?.first)?["run"] as? String, "\(answer.body)")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try HTTPExchange.send("GET", "\(server.base)/v1/runs/\(run)", headers: ["Authorization": "Bearer \(responder)"]).json?["status"] as? String) != "waiting-approval" {
            Thread.sleep(forTimeInterval: 0.2)
        }
        // When a responder signs in to the console, opens the run and clicks Approve
        let artifacts = repositoryRoot.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("console-run-page.png")
        let script = repositoryRoot.appendingPathComponent("Tests/IRunCLITests/Browser/console_approve.py").path
        let browser = try Browser.runProcess("/usr/bin/env", ["python3", script, server.base, responder, run, screenshot.path])
        #expect(browser.status == 0, "\(browser.output)")
        // Then the run went on to succeed, the approval is recorded as the token's person, and the page was kept
        let done = try HTTPExchange.send("GET", "\(server.base)/v1/runs/\(run)", headers: ["Authorization": "Bearer \(responder)"]).json ?? [:]
        #expect(done["status"] as? String == "succeeded", "\(done["status"] ?? "?")")
        let events = done["events"] as? [[String: Any]] ?? []
        #expect(events.contains { $0["kind"] as? String == "approval-granted" && ($0["payload"] as? [String: Any])?["actor"] as? String == "rita"
            && ($0["payload"] as? [String: Any])?["reason"] as? String == "confirmed by the browser test" })
        #expect(((try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0) > 10_000, "screenshot kept at \(screenshot.path)")
        #expect(server.stop() == 0)
    }
}
