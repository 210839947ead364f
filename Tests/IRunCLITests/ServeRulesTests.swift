import Foundation
import Testing

/// `irun serve --rules FILE`: modes, matching and parameters bound from the finding.
@Suite("irun serve: rules files", .serialized)
struct ServeRulesTests {
    static let rules = """
        rules:
          - name: skip-red-team
            match: { tags: { Team: red-team } }
            mode: ignore
          - name: quarantine-with-approval
            match: { type: ["Backdoor:EC2/*"], severity: high }
            runbook: ec2-quarantine
            parameters: { case: "IR-${{ finding.id }}" }
            mode: approve
          - name: rehearse-recon
            match: { type: ["Recon:EC2/*"] }
            runbook: ec2-quarantine
            mode: dry-run
        breakers:
          - { name: overall, scope: overall, max-runs: 5, window: 10m }
        """

    func serve(_ text: String = rules) throws -> ServeProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("rules.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try ServeProcess(directory: directory, arguments: ["--rules", file.path])
    }

    func post(_ body: Data, to server: ServeProcess, token: String) throws -> [String: Any] {
        let answer = try HTTPExchange.send("POST", "\(server.base)/v1/events", headers: ["Authorization": "Bearer \(token)"], body: body)
        return (answer.json?["findings"] as? [[String: Any]])?.first ?? ["status": answer.status, "body": answer.body]
    }

    func run(_ id: String, on server: ServeProcess, token: String, until done: ([String: Any]) -> Bool) throws -> [String: Any] {
        try server.run(id, token: token, until: done)
    }

    @Test func eachModeDoesWhatItSaysWithParametersFromTheFinding() throws {
        let server = try serve()
        let ingest = try server.token("eventbridge", role: "ingest"), viewer = try server.token("val", role: "viewer")
        // approve: the run captures, then waits before its first change; `case` comes from the finding
        let approve = try post(try guardDutyFinding(finding: "abc123"), to: server, token: ingest)
        #expect(approve["decision"] as? String == "started-for-approval" && approve["rule"] as? String == "quarantine-with-approval", "\(approve)")
        let waiting = try run(try #require(approve["run"] as? String), on: server, token: viewer) { $0["status"] as? String == "waiting-approval" }
        #expect((waiting["parameters"] as? [String: Any])?["case"] as? String == "IR-abc123", "\(waiting)")
        #expect((waiting["waitingForApproval"] as? [String])?.count == 1)
        // and beside it a dry run of the same run says what each change would do, touching nothing
        let approveRun = try #require(approve["run"] as? String)
        let plan = try run(approveRun + "-plan", on: server, token: viewer) { $0["status"] as? String == "succeeded" }
        #expect(plan["mode"] as? String == "dry-run", "\(plan)")
        let planned = (plan["events"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "step-planned" }.compactMap { $0["step"] as? String }
        #expect(Set(["protect", "isolate", "snapshot"]).isSubset(of: Set(planned)), "\(planned)")
        // dry-run: a run in dry-run mode that changes nothing
        var recon = try JSONSerialization.jsonObject(with: try guardDutyFinding(finding: "def456", instance: "i-456")) as! [String: Any]
        var detail = recon["detail"] as! [String: Any]
        detail["type"] = "Recon:EC2/PortProbeUnprotectedPort"
        recon["detail"] = detail
        let rehearse = try post(try JSONSerialization.data(withJSONObject: recon), to: server, token: ingest)
        #expect(rehearse["decision"] as? String == "started-dry-run")
        let dry = try run(try #require(rehearse["run"] as? String), on: server, token: viewer) { ($0["status"] as? String).map { $0 != "running" } ?? false }
        #expect(dry["mode"] as? String == "dry-run" && dry["status"] as? String == "succeeded", "\(dry)")
        // ignore: a red-team instance (its tags in the finding) is recorded and left alone
        let redTeam = try String(decoding: try guardDutyFinding(finding: "ghi789", instance: "i-789"), as: UTF8.self)
            .replacingOccurrences(of: #"{ "key": "Role", "value": "web" }"#, with: #"{ "key": "Team", "value": "red-team" }"#)
        let ignored = try post(Data(redTeam.utf8), to: server, token: ingest)
        #expect(ignored["decision"] as? String == "ignored" && ignored["rule"] as? String == "skip-red-team", "\(ignored)")
        #expect(server.stop() == 0)
    }

    @Test func anInvalidRulesFileIsReportedWhereItIsAndNothingIsServed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-rules-\(UUID().uuidString).yaml")
        try "rules:\n  - name: x\n    match: { severity: urgent }\n    runbook: ec2-quarantin\n    mode: always\n".write(to: file, atomically: true, encoding: .utf8)
        let validate = try runIRun(["validate", file.path])
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("\(file.path):5:11: error: rule 'x': mode 'always'") && validate.stdout.contains("\(file.path):4:14: error: rule 'x': no runbook 'ec2-quarantin'"),
                "\(validate.stdout)")
        #expect(validate.stdout.contains("\(file.path):3:24: error: severity 'urgent'"))
        let serve = try runIRun(["serve", "--listen", "127.0.0.1:0", "--rules", file.path, "--db", file.path + ".sqlite"])
        #expect(serve.status == 1 && serve.stderr.contains("invalid rules file; not serving"))
        #expect(try runIRun(["validate", "Runbooks/rules/example.yaml"]).stdout.contains("valid rules file (4 rules, 2 breakers)"))
    }
}
