import Foundation
import Testing

/// `irun serve` on a loopback port, driven over HTTP as EventBridge and a responder would.
@Suite("irun serve: findings in, containment out", .serialized)
struct ServeEndToEndTests {
    /// Polls `GET /v1/runs/{id}` until the run ends (or 30 s pass).
    /// The run once it has ended. A run just approved still shows `waiting-approval` until its
    /// driver resumes it, so that is not an end.
    func finished(_ run: String, on server: ServeProcess, token: String) throws -> [String: Any] {
        let ended = { (run: [String: Any]) in (run["status"] as? String).map { !["running", "waiting-approval"].contains($0) } ?? false }
        let last = try server.run(run, token: token, until: ended)
        guard ended(last) else { throw ServeError(message: "run \(run) did not finish") }
        return last
    }

    func post(_ body: Data, to server: ServeProcess, token: String?) throws -> HTTPExchange {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try HTTPExchange.send("POST", "\(server.base)/v1/events", headers: headers, body: body)
    }

    @Test func aGuardDutyFindingQuarantinesTheInstanceAndNoRepeatStartsASecondRun() throws {
        let server = try ServeProcess()
        let ingest = try server.token("eventbridge", role: "ingest"), viewer = try server.token("val", role: "viewer")
        // When EventBridge delivers the shipped C&C finding for i-123
        let delivery = UUID().uuidString.lowercased()
        let first = try post(try guardDutyFinding(delivery: delivery), to: server, token: ingest)
        #expect(first.status == 202, "\(first.body)")
        let plan = try #require((first.json?["findings"] as? [[String: Any]])?.first)
        #expect(plan["decision"] as? String == "started" && plan["rule"] as? String == "contain-compromised-instance")
        let run = try #require(plan["run"] as? String)
        // Then ec2-quarantine runs on the simulated account and succeeds, with the finding recorded on the run
        let done = try finished(run, on: server, token: viewer)
        #expect(done["status"] as? String == "succeeded" && done["runbook"] as? String == "ec2-quarantine", "\(done)")
        let parameters = try #require(done["parameters"] as? [String: Any])
        #expect(parameters["instance"] as? String == "i-123" && (parameters["finding"] as? [String: Any])?["type"] as? String == "Backdoor:EC2/C&CActivity.B!DNS")
        // And the same delivery again is answered 202 and changes nothing
        let again = try post(try guardDutyFinding(delivery: delivery), to: server, token: ingest)
        #expect(again.status == 202 && again.json?["duplicate"] as? Bool == true)
        // And the same finding, updated, in a new delivery is recorded on the existing incident
        let update = try post(try guardDutyFinding(updatedAt: "2026-12-04T03:20:00.000Z"), to: server, token: ingest)
        let updated = try #require((update.json?["findings"] as? [[String: Any]])?.first)
        #expect(updated["decision"] as? String == "deduplicated" && updated["run"] as? String == run)
        // And another finding about the same instance joins that run instead of starting another
        let other = try post(try guardDutyFinding(finding: "5fd7b2a3c9e05f2ab1d4e6f8a0b2c3d4"), to: server, token: ingest)
        let joined = try #require((other.json?["findings"] as? [[String: Any]])?.first)
        #expect(joined["decision"] as? String == "target-busy" && joined["run"] as? String == run)
        // So exactly one quarantine ran, and every delivery and decision is in the findings list and the chain
        let runs = try HTTPExchange.send("GET", "\(server.base)/v1/runs", headers: ["Authorization": "Bearer \(viewer)"]).json?["runs"] as? [[String: Any]] ?? []
        #expect(runs.filter { $0["runbook"] as? String == "ec2-quarantine" }.count == 1)
        let findings = try HTTPExchange.send("GET", "\(server.base)/v1/findings", headers: ["Authorization": "Bearer \(viewer)"]).json?["findings"] as? [[String: Any]] ?? []
        #expect(findings.count == 2 && findings.contains { $0["deliveries"] as? Int == 2 })
        #expect(server.stop() == 0)
        let verify = try runIRun(["audit", "verify", "--db", server.database])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let trail = try runIRun(["audit", "export", "--format", "jsonl", "--db", server.database]).stdout
        #expect(trail.components(separatedBy: "\"kind\":\"finding-received\"").count - 1 == 3)
        #expect(trail.components(separatedBy: "\"kind\":\"finding-decided\"").count - 1 == 3)
        #expect(trail.contains("\"decision\":\"target-busy\""))
    }

    @Test func aRunsEventsStreamAsServerSentEventsAndResumeAfterTheLastSeen() throws {
        let server = try ServeProcess()
        let ingest = try server.token("eventbridge", role: "ingest"), viewer = try server.token("val", role: "viewer")
        let answer = try post(try guardDutyFinding(), to: server, token: ingest)
        let run = try #require(((answer.json?["findings"] as? [[String: Any]])?.first)?["run"] as? String)
        // The stream gives every event with its chain position, and ends with run-finished
        let stream = try HTTPExchange.send("GET", "\(server.base)/v1/runs/\(run)/events", headers: ["Authorization": "Bearer \(viewer)"])
        #expect(stream.status == 200 && stream.headers["content-type"] == "text/event-stream")
        let ids = stream.body.matches(of: /id: (\d+)\nevent: ([a-z-]+)\n/).map { (Int($0.output.1)!, String($0.output.2)) }
        #expect(ids.first?.1 == "run-started" && ids.last?.1 == "run-finished" && ids.contains { $0.1 == "step-succeeded" }, "\(stream.body.prefix(500))")
        #expect(ids.map(\.0) == ids.map(\.0).sorted())
        // Reconnecting with Last-Event-ID gives only what came after
        let middle = ids[ids.count / 2].0
        let rest = try HTTPExchange.send("GET", "\(server.base)/v1/runs/\(run)/events", headers: ["Authorization": "Bearer \(viewer)", "Last-Event-ID": String(middle)])
        let later = rest.body.matches(of: /id: (\d+)\n/).map { Int($0.output.1)! }
        #expect(later == ids.map(\.0).filter { $0 > middle })
        #expect(try HTTPExchange.send("GET", "\(server.base)/v1/runs/\(run)/events").status == 401)
        #expect(server.stop() == 0)
    }

    @Test func aWrongOrMissingTokenIsRefusedAndRecordsNothing() throws {
        let server = try ServeProcess()
        let viewer = try server.token("val", role: "viewer")
        _ = try server.token("eventbridge", role: "ingest")
        #expect(try post(try guardDutyFinding(), to: server, token: nil).status == 401)
        let wrong = try post(try guardDutyFinding(), to: server, token: "irun_not-a-real-token")
        #expect(wrong.status == 401 && wrong.headers["www-authenticate"] == "Bearer", "\(wrong.headers)")
        // A valid token whose role may not post findings is 403
        #expect(try post(try guardDutyFinding(), to: server, token: viewer).status == 403)
        let findings = try HTTPExchange.send("GET", "\(server.base)/v1/findings", headers: ["Authorization": "Bearer \(viewer)"])
        #expect(findings.status == 200 && (findings.json?["findings"] as? [Any])?.isEmpty == true)
        // A revoked token is refused at once
        #expect(try runIRun(["token", "revoke", "val", "--db", server.database]).status == 0)
        Thread.sleep(forTimeInterval: 2.2)
        #expect(try HTTPExchange.send("GET", "\(server.base)/v1/runs", headers: ["Authorization": "Bearer \(viewer)"]).status == 401)
        #expect(server.stop() == 0)
    }

    @Test func whatCanNeverBeProcessedIs400NamingTheField() throws {
        let server = try ServeProcess()
        let ingest = try server.token("eventbridge", role: "ingest")
        let notJSON = try post(Data("{not json".utf8), to: server, token: ingest)
        #expect(notJSON.status == 400 && (notJSON.json?["error"] as? [String: Any])?["field"] as? String == "$")
        var event = try JSONSerialization.jsonObject(with: try guardDutyFinding()) as! [String: Any]
        var detail = event["detail"] as! [String: Any]
        detail["severity"] = "very"
        event["detail"] = detail
        let badSeverity = try post(try JSONSerialization.data(withJSONObject: event), to: server, token: ingest)
        #expect(badSeverity.status == 400 && (badSeverity.json?["error"] as? [String: Any])?["field"] as? String == "detail.severity", "\(badSeverity.body)")
        let badInstance = try post(try guardDutyFinding(instance: "i-xyz; rm -rf"), to: server, token: ingest)
        #expect(badInstance.status == 400 && (badInstance.json?["error"] as? [String: Any])?["field"] as? String == "detail.resource.instanceDetails.instanceId")
        let tooLarge = try post(Data(repeating: UInt8(ascii: " "), count: 300 * 1024), to: server, token: ingest)
        #expect(tooLarge.status == 413)
        // A sample finding is recorded and never acted on
        let sample = try post(try guardDutyFinding(sample: true), to: server, token: ingest)
        #expect(((sample.json?["findings"] as? [[String: Any]])?.first)?["decision"] as? String == "sample")
        #expect(server.stop() == 0)
    }

    @Test func aResponderApprovesAGateThroughTheAPIAndAViewerMayNot() throws {
        let server = try ServeProcess()
        let viewer = try server.token("val", role: "viewer"), responder = try server.token("rita", role: "responder")
        // Given a quarantine with stop=true waiting at its stop-instance gate (started from the command line)
        let started = try runIRun(["execute", "ec2-quarantine", "--instance", "i-456", "--param", "stop=true", "--db", server.database])
        #expect(started.status == 3, "\(started.stderr)")
        let run = try #require(started.stderr.firstMatch(of: /run (\S+) is waiting for approval/)?.output.1).description
        // When a viewer tries to approve it: 403, and it still waits
        let refused = try HTTPExchange.send("POST", "\(server.base)/v1/runs/\(run)/approvals/stop-instance", headers: ["Authorization": "Bearer \(viewer)"], body: Data(#"{"decision":"approve"}"#.utf8))
        #expect(refused.status == 403)
        // When a responder approves it
        let approved = try HTTPExchange.send("POST", "\(server.base)/v1/runs/\(run)/approvals/stop-instance", headers: ["Authorization": "Bearer \(responder)", "Content-Type": "application/json"],
                                             body: Data(#"{"decision":"approve","reason":"host is compromised"}"#.utf8))
        #expect(approved.status == 202, "\(approved.body)")
        // Then the run goes on and stops the instance, and the approver is the token's person
        let done = try finished(run, on: server, token: viewer)
        #expect(done["status"] as? String == "succeeded", "\(done)")
        let events = done["events"] as? [[String: Any]] ?? []
        #expect(events.contains { $0["kind"] as? String == "approval-granted" && ($0["payload"] as? [String: Any])?["actor"] as? String == "rita" })
        // And a step that is not waiting is a 409 naming it
        let late = try HTTPExchange.send("POST", "\(server.base)/v1/runs/\(run)/approvals/stop-instance", headers: ["Authorization": "Bearer \(responder)"])
        #expect(late.status == 409)
        #expect(server.stop() == 0)
    }

    @Test func theConsoleSignsInWithATokenAndRefusesFormsFromElsewhere() throws {
        let server = try ServeProcess()
        let ingest = try server.token("eventbridge", role: "ingest"), responder = try server.token("rita", role: "responder")
        #expect(try post(try guardDutyFinding(), to: server, token: ingest).status == 202)
        // Without a session the console sends you to sign in
        let anonymous = try HTTPExchange.send("GET", "\(server.base)/")
        #expect(anonymous.status == 303 && anonymous.headers["location"] == "/login")
        // Signing in sets an HttpOnly, SameSite=Strict cookie
        let login = try HTTPExchange.send("POST", "\(server.base)/login", headers: ["Content-Type": "application/x-www-form-urlencoded", "Origin": server.base],
                                          body: Data("token=\(responder)".utf8))
        let cookie = try #require(login.headers["set-cookie"])
        #expect(login.status == 303 && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
        let session = String(cookie.split(separator: ";")[0])
        let page = try HTTPExchange.send("GET", "\(server.base)/", headers: ["Cookie": session])
        #expect(page.status == 200 && page.body.contains("ec2-quarantine") && page.body.contains("Backdoor:EC2/C&amp;CActivity.B!DNS"))
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(try HTTPExchange.send("GET", "\(server.base)/findings", headers: ["Cookie": session]).body.contains("started"))
        // A form posted from another site is refused before anything is decided
        let forged = try HTTPExchange.send("POST", "\(server.base)/runs/x/approvals/stop-instance",
                                           headers: ["Cookie": session, "Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"], body: Data("decision=approve".utf8))
        #expect(forged.status == 403)
        let noCheck = try HTTPExchange.send("POST", "\(server.base)/runs/x/approvals/stop-instance",
                                            headers: ["Cookie": session, "Origin": server.base, "Content-Type": "application/x-www-form-urlencoded"], body: Data("decision=approve&csrf=wrong".utf8))
        #expect(noCheck.status == 403 && noCheck.body.contains("csrf"))
        #expect(server.stop() == 0)
    }

    @Test func healthAndMetricsAnswerWithoutAToken() throws {
        let server = try ServeProcess()
        let ingest = try server.token("eventbridge", role: "ingest"), viewer = try server.token("val", role: "viewer")
        _ = try post(try guardDutyFinding(sample: true), to: server, token: ingest)
        let started = try post(try guardDutyFinding(finding: "0ther"), to: server, token: ingest)
        let run = try #require(((started.json?["findings"] as? [[String: Any]])?.first)?["run"] as? String)
        _ = try finished(run, on: server, token: viewer)
        #expect(try HTTPExchange.send("GET", "\(server.base)/healthz").json?["status"] as? String == "ok")
        let metrics = try HTTPExchange.send("GET", "\(server.base)/metrics").body
        #expect(metrics.contains("irun_findings_total{decision=\"sample\"} 1") && metrics.contains("irun_findings_total{decision=\"started\"} 1"))
        #expect(metrics.contains("irun_deliveries_total{status=\"202\"} 2") && metrics.contains("irun_runs{status=\"succeeded\"} 1"))
        // The quarantine's isolation is in the time-to-contain histogram, and its AWS calls by family
        #expect(metrics.contains("irun_time_to_contain_seconds_count 1") && metrics.contains("irun_time_to_contain_seconds_bucket{le=\"+Inf\"} 1"), "\(metrics)")
        let mutating = try #require(metrics.firstMatch(of: /irun_aws_calls_total\{family="ec2-mutating"\} (\d+)/)?.output.1)
        #expect((Int(mutating) ?? 0) > 0)
        #expect(server.stop() == 0)
    }
}
