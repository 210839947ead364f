import Foundation
import Testing

/// `irun serve` killed with SIGKILL right after it answered 202: the next one finishes the run.
@Suite("irun serve: a finding accepted survives the server's death", .serialized, .enabled(if: Moto.isAvailable, Moto.skipReason))
struct ServeRecoveryTests {
    @Test func aServerKilledAfterItsAnswerIsFollowedByOneThatFinishesTheRun() async throws {
        // Given a web server in moto, and irun serve acting on AWS there (each call a real HTTP round trip)
        let world = try await MotoWorld.seed(client: try Moto.client())
        let target = try await world.instance()
        let scratch = try AWSScratch()
        let endpoint = try #require(Moto.endpoint).absoluteString
        let flags = ["--provider", "aws", "--endpoint-url", endpoint, "--region", "us-east-1"]
        let first = try ServeProcess(directory: scratch.directory, arguments: flags, environment: scratch.environment)
        let ingest = try first.token("eventbridge", role: "ingest"), viewer = try first.token("val", role: "viewer")
        // When EventBridge's delivery is accepted and the server is killed at once
        let answer = try HTTPExchange.send("POST", "\(first.base)/v1/events", headers: ["Authorization": "Bearer \(ingest)"],
                                           body: try guardDutyFinding(instance: target.id))
        first.kill()
        #expect(answer.status == 202, "\(answer.body)")
        let run = try #require(((answer.json?["findings"] as? [[String: Any]])?.first)?["run"] as? String)
        let left = try runIRun(["status", run, "--db", scratch.db], environment: scratch.environment)
        #expect(!left.stdout.contains("succeeded"), "the run finished before the kill: \(left.stdout)")
        // Then the next server takes the run over (its driver is gone) and finishes it
        let second = try ServeProcess(directory: scratch.directory, arguments: flags, environment: scratch.environment)
        let deadline = Date().addingTimeInterval(180)
        var status = ""
        while Date() < deadline {
            status = (try HTTPExchange.send("GET", "\(second.base)/v1/runs/\(run)", headers: ["Authorization": "Bearer \(viewer)"]).json?["status"] as? String) ?? ""
            if status == "succeeded" || status == "failed" { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(status == "succeeded")
        #expect(try await world.terminationProtection(target.id))
        #expect(try await world.autoScalingGroups(of: target.id).isEmpty)
        #expect(second.stop() == 0)
        let verify = try runIRun(["audit", "verify", "--db", scratch.db], environment: scratch.environment)
        #expect(verify.status == 0, "\(verify.stdout)")
    }
}

@Suite("irun serve: acting in the finding's account", .serialized, .enabled(if: Moto.isAvailable, Moto.skipReason))
struct ServeAccountRoutingTests {
    @Test func aRunActsInTheFindingsAccountAndRegionThroughTheRoleTemplate() async throws {
        // Given a server whose own region is us-west-2, with a role template, and a finding in us-east-1
        let world = try await MotoWorld.seed(client: try Moto.client())
        let target = try await world.instance(inAutoScalingGroup: false, inTargetGroup: false, inLoadBalancer: false)
        let scratch = try AWSScratch()
        let endpoint = try #require(Moto.endpoint).absoluteString
        let server = try ServeProcess(directory: scratch.directory, arguments: [
            "--provider", "aws", "--endpoint-url", endpoint, "--region", "us-west-2", "--role-template", "arn:aws:iam::{account}:role/irun-responder",
        ], environment: scratch.environment)
        let ingest = try server.token("eventbridge", role: "ingest"), viewer = try server.token("val", role: "viewer")
        let answer = try HTTPExchange.send("POST", "\(server.base)/v1/events", headers: ["Authorization": "Bearer \(ingest)"], body: try guardDutyFinding(instance: target.id))
        let run = try #require(((answer.json?["findings"] as? [[String: Any]])?.first)?["run"] as? String, "\(answer.body)")
        var done: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            done = try HTTPExchange.send("GET", "\(server.base)/v1/runs/\(run)", headers: ["Authorization": "Bearer \(viewer)"]).json ?? [:]
            if ["succeeded", "failed"].contains(done["status"] as? String ?? "") { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        // Then it ran in us-east-1, as the role in the finding's account, and contained the instance
        #expect(done["status"] as? String == "succeeded", "\(done["status"] ?? "?")")
        #expect((done["provider"] as? String)?.contains("us-east-1") == true, "\(done["provider"] ?? "?")")
        let started = (done["events"] as? [[String: Any]])?.first { $0["kind"] as? String == "run-started" }
        let actingAs = (started?["payload"] as? [String: Any])?["actingAs"] as? String
        #expect(actingAs?.contains("123456789012") == true && actingAs?.contains("irun-responder") == true, "\(actingAs ?? "none")")
        #expect(try await world.terminationProtection(target.id))
        #expect(server.stop() == 0)
    }

    @Test func aRoleTemplateWithoutAnAccountPlaceholderIsRefused() throws {
        let result = try runIRun(["serve", "--provider", "aws", "--region", "us-east-1", "--role-template", "arn:aws:iam::123456789012:role/x"])
        #expect(result.status == 2 && result.stderr.contains("{account}"))
    }
}
