import Foundation
import Testing

/// The safeguards between a finding and a change: breakers, the exempt tag, the pause switch.
@Suite("irun serve: safeguards", .serialized)
struct ServeSafeguardTests {
    func post(_ body: Data, to server: ServeProcess, token: String) throws -> HTTPExchange {
        try HTTPExchange.send("POST", "\(server.base)/v1/events", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: body)
    }

    func decision(_ answer: HTTPExchange) -> (decision: String?, run: String?) {
        let plan = (answer.json?["findings"] as? [[String: Any]])?.first
        return (plan?["decision"] as? String, plan?["run"] as? String)
    }

    /// Polls a run until `done` says so (or 30 s pass).
    func wait(_ run: String, on server: ServeProcess, token: String, until done: ([String: Any]) -> Bool) throws -> [String: Any] {
        try server.run(run, token: token, until: done)
    }

    @Test func pastTheBreakerAutomaticContainmentWaitsForAResponderBeforeItsFirstChange() throws {
        let server = try ServeProcess()
        let ingest = try server.token("eventbridge", role: "ingest"), responder = try server.token("rita", role: "responder")
        // Given ten automatic containments in one account within ten minutes (the built-in per-account breaker)
        for index in 0..<10 {
            let answer = try post(try guardDutyFinding(finding: "storm\(index)", instance: "i-f00\(index)"), to: server, token: ingest)
            #expect(decision(answer).decision == "started", "\(answer.body)")
        }
        // When an eleventh finding arrives, for i-123
        let capped = try post(try guardDutyFinding(finding: "storm10"), to: server, token: ingest)
        let (verdict, run) = decision(capped)
        #expect(verdict == "capped", "\(capped.body)")
        let id = try #require(run)
        // Then its run captures evidence (reads only) and stops before its first change
        let waiting = try wait(id, on: server, token: responder) { $0["status"] as? String == "waiting-approval" }
        let gates = waiting["waitingForApproval"] as? [String] ?? []
        #expect(gates.count == 1, "\(waiting)")
        let steps = waiting["steps"] as? [[String: Any]] ?? []
        #expect(steps.contains { $0["step"] as? String == "capture" && $0["status"] as? String == "succeeded" })
        #expect(!steps.contains { ["protect", "detach", "deregister", "isolate", "snapshot", "tag"].contains($0["step"] as? String ?? "") && $0["status"] as? String == "succeeded" })
        // And once a responder approves that one gate, every change goes ahead
        let approve = try HTTPExchange.send("POST", "\(server.base)/v1/runs/\(id)/approvals/\(gates[0])", headers: ["Authorization": "Bearer \(responder)"],
                                            body: Data(#"{"decision":"approve","reason":"confirmed compromise"}"#.utf8))
        #expect(approve.status == 202, "\(approve.body)")
        let done = try wait(id, on: server, token: responder) { ["succeeded", "failed"].contains($0["status"] as? String ?? "") }
        #expect(done["status"] as? String == "succeeded", "\(done)")
        #expect(server.stop() == 0)
    }

    @Test func aDeniedChangeGateLeavesTheInstanceUntouched() throws {
        let server = try ServeProcess()
        let ingest = try server.token("eventbridge", role: "ingest"), responder = try server.token("rita", role: "responder")
        for index in 0..<10 { _ = try post(try guardDutyFinding(finding: "storm\(index)", instance: "i-f00\(index)"), to: server, token: ingest) }
        let id = try #require(decision(try post(try guardDutyFinding(finding: "storm10"), to: server, token: ingest)).run)
        let waiting = try wait(id, on: server, token: responder) { $0["status"] as? String == "waiting-approval" }
        let gate = try #require((waiting["waitingForApproval"] as? [String])?.first)
        let deny = try HTTPExchange.send("POST", "\(server.base)/v1/runs/\(id)/approvals/\(gate)", headers: ["Authorization": "Bearer \(responder)"],
                                         body: Data(#"{"decision":"deny","reason":"false positive: pen test"}"#.utf8))
        #expect(deny.status == 202)
        let done = try wait(id, on: server, token: responder) { !["running", "waiting-approval"].contains($0["status"] as? String ?? "running") }
        // Then no step that changes anything ran
        let steps = done["steps"] as? [[String: Any]] ?? []
        for name in ["protect", "detach", "deregister", "isolate", "snapshot", "tag"] {
            #expect(steps.contains { $0["step"] as? String == name && $0["status"] as? String == "skipped" }, "\(name): \(steps)")
        }
        #expect(server.stop() == 0)
    }

    @Test func theTwoPersonRuleKeepsWhoStartedARunFromApprovingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-two-\(UUID().uuidString)")
        let server = try ServeProcess(directory: directory, arguments: ["--two-person"])
        let rita = try server.token("rita", role: "responder"), sam = try server.token("sam", role: "responder")
        // Given rita started a quarantine that waits at its stop gate
        let started = try runIRun(["execute", "ec2-quarantine", "--instance", "i-456", "--param", "stop=true", "--actor", "rita", "--db", server.database])
        let run = try #require(started.stderr.firstMatch(of: /run (\S+) is waiting for approval/)?.output.1).description
        // Then rita may not approve it, and sam may
        let own = try HTTPExchange.send("POST", "\(server.base)/v1/runs/\(run)/approvals/stop-instance", headers: ["Authorization": "Bearer \(rita)"])
        #expect(own.status == 403 && own.body.contains("two-person rule"), "\(own.body)")
        #expect(try HTTPExchange.send("POST", "\(server.base)/v1/runs/\(run)/approvals/stop-instance", headers: ["Authorization": "Bearer \(sam)"]).status == 202)
        #expect(server.stop() == 0)
    }

    @Test func anExemptInstanceIsNeverContainedAutomatically() throws {
        // Given a world where i-456 carries irun:exempt=true
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-exempt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let world = try String(contentsOf: repositoryRoot.appendingPathComponent("Runbooks/worlds/default.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "tags: { Name: web-2, Role: web, Environment: production }", with: #"tags: { Name: web-2, Role: web, Environment: production, "irun:exempt": "true" }"#)
        let file = directory.appendingPathComponent("exempt.yaml")
        try world.write(to: file, atomically: true, encoding: .utf8)
        let server = try ServeProcess(directory: directory, arguments: ["--world", file.path])
        let ingest = try server.token("eventbridge", role: "ingest"), viewer = try server.token("val", role: "viewer")
        // When a high-severity finding for it arrives
        let answer = try post(try guardDutyFinding(instance: "i-456"), to: server, token: ingest)
        #expect(decision(answer).decision == "started")
        // Then the guard evaluated at the run's start finds the tag: no run, decision exempt
        var findings: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            findings = try HTTPExchange.send("GET", "\(server.base)/v1/findings", headers: ["Authorization": "Bearer \(viewer)"]).json?["findings"] as? [[String: Any]] ?? []
            if findings.first?["decision"] as? String == "exempt" { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(findings.first?["decision"] as? String == "exempt")
        let runs = try HTTPExchange.send("GET", "\(server.base)/v1/runs", headers: ["Authorization": "Bearer \(viewer)"]).json?["runs"] as? [[String: Any]] ?? []
        #expect(!runs.contains { $0["runbook"] as? String == "ec2-quarantine" })
        #expect(server.stop() == 0)
    }

    @Test func whilePausedIntakeAnswers429AndKeepsItsStateAcrossARestart() throws {
        let server = try ServeProcess()
        let ingest = try server.token("eventbridge", role: "ingest"), responder = try server.token("rita", role: "responder"), viewer = try server.token("val", role: "viewer")
        #expect(try HTTPExchange.send("POST", "\(server.base)/v1/pause", headers: ["Authorization": "Bearer \(viewer)"]).status == 403)
        #expect(try HTTPExchange.send("POST", "\(server.base)/v1/pause", headers: ["Authorization": "Bearer \(responder)"]).status == 200)
        let refused = try post(try guardDutyFinding(), to: server, token: ingest)
        #expect(refused.status == 429 && refused.headers["retry-after"] == "60")
        #expect(server.stop() == 0)
        // A restarted server is still paused
        let again = try ServeProcess(directory: server.directory)
        #expect(try post(try guardDutyFinding(), to: again, token: ingest).status == 429)
        #expect(try HTTPExchange.send("POST", "\(again.base)/v1/resume", headers: ["Authorization": "Bearer \(responder)"]).status == 200)
        #expect(try post(try guardDutyFinding(), to: again, token: ingest).status == 202)
        #expect(again.stop() == 0)
    }
}
