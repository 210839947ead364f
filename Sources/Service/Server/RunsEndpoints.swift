import AuditStore
import Foundation
import Hummingbird
import RunbookModel

/// `GET /v1/runs`, `GET /v1/runs/{id}`, `POST /v1/runs/{id}/approvals/{step}`, `GET /v1/findings`.
struct RunsEndpoints: Sendable {
    let store: AuditDatabase
    let control: any RunControl

    func list(_ request: Request, context: ServeContext) async throws -> Response {
        _ = try context.require([.viewer, .responder], to: "read runs")
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1), 1000)
        let runs = try await store.runs(limit: limit)
        let parameters = try await store.parameters(ofRuns: runs.map(\.id))
        return .json(["runs": .list(runs.map { run in .object(RunsEndpoints.summary(run, parameters: parameters[run.id] ?? [:])) })])
    }

    func one(_ request: Request, context: ServeContext) async throws -> Response {
        _ = try context.require([.viewer, .responder], to: "read runs")
        let id = try context.parameters.require("id")
        // The summary first: the events read after it are at least as new, so a run it shows as
        // waiting for approval always has the request among them.
        guard let summary = try await store.summary(ofRun: id), let run = try await store.run(id) else { throw APIError(.notFound, "no run '\(id.prefix(80))'", field: "id") }
        let steps = try await store.steps(ofRun: id)
        let evidence = try await store.evidence(ofRun: id)
        var object = RunsEndpoints.summary(summary, parameters: run.header.parameters)
        object["steps"] = .list(steps.map { step in
            .object([
                "step": .string(step.step), "attempt": .int(step.attempt), "status": .string(step.status.rawValue), "action": step.action.map(Value.string) ?? .null,
                "startedAt": step.startedAt.map { .string(Self.time($0)) } ?? .null, "finishedAt": step.finishedAt.map { .string(Self.time($0)) } ?? .null,
                "error": step.errorCode.map { .string("\($0): \(step.errorMessage ?? "")") } ?? .null,
            ])
        })
        object["waitingForApproval"] = .list(run.events.stepsWaitingForApproval.map(Value.string))
        object["evidence"] = .list(evidence.map { .object(["name": .string($0.artifact.name), "kind": .string($0.artifact.kind), "sha256": .string($0.sha256), "size": .int($0.artifact.content.count)]) })
        object["events"] = .list(run.events.map(Self.event))
        return .json(.object(object))
    }

    func decide(_ request: Request, context: ServeContext) async throws -> Response {
        let caller = try context.require([.responder], to: "approve or deny a step")
        let id = try context.parameters.require("id"), step = try context.parameters.require("step")
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let value = body.readableBytes == 0 ? Value.object([:]) : try Self.json(Data(body.readableBytesView))
        let decision = value[member: "decision"].stringValue ?? "approve"
        guard decision == "approve" || decision == "deny" else { throw APIError(.badRequest, "`decision` must be approve or deny, not '\(decision.prefix(40))'", field: "decision") }
        let reason = value[member: "reason"].stringValue ?? ""
        try await Self.decide(control, run: id, step: step, approve: decision == "approve", actor: caller.name, reason: reason)
        return .json(["run": .string(id), "step": .string(step), "decision": .string(decision), "by": .string(caller.name)], status: .accepted)
    }

    /// A responder's decision on a gate, from the API or the console; a refusal as its answer.
    static func decide(_ control: any RunControl, run id: String, step: String, approve: Bool, actor: String, reason: String) async throws {
        do {
            try await control.decide(run: id, step: step, approve: approve, actor: actor, reason: reason)
        } catch GateError.sameRequester(let requester) {
            throw APIError(.forbidden, "the two-person rule: \(requester) started this run, so another responder must decide its gates", field: "Authorization")
        } catch GateError.unknownRun {
            throw APIError(.notFound, "no run '\(id.prefix(80))'", field: "id")
        } catch GateError.notWaiting(_, let waiting) {
            throw APIError(.conflict, "step '\(step)' is not waiting for approval" + (waiting.isEmpty ? "" : "; waiting: \(waiting.joined(separator: ", "))"), field: "step")
        }
    }

    /// An event as the API and the event stream give it.
    static func event(_ event: RunEvent) -> Value {
        ["kind": .string(event.kind.rawValue), "time": .string(time(event.time)), "step": event.step.map(Value.string) ?? .null, "payload": event.payload]
    }

    func findings(_ request: Request, context: ServeContext) async throws -> Response {
        _ = try context.require([.viewer, .responder], to: "read findings")
        let findings = try await store.findings(limit: min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 200, 1), 1000))
        return .json(["findings": .list(findings.map(Self.finding))])
    }

    static func finding(_ stored: StoredFinding) -> Value {
        let finding = stored.finding
        return .object([
            "key": .string(finding.key), "source": .string(finding.source.rawValue), "type": .string(finding.type), "severity": .string(finding.severity.rawValue),
            "account": .string(finding.account), "region": .string(finding.region), "instance": finding.instance.map(Value.string) ?? .null,
            "decision": .string(stored.decision.rawValue), "rule": stored.rule.map(Value.string) ?? .null, "run": stored.runID.map(Value.string) ?? .null,
            "deliveries": .int(stored.deliveries), "firstSeenAt": .string(time(stored.firstSeenAt)), "lastSeenAt": .string(time(stored.lastSeenAt)),
        ])
    }

    static func summary(_ run: RunSummary, parameters: [String: Value]) -> [String: Value] {
        [
            "id": .string(run.id), "runbook": .string(run.runbook), "status": .string(run.status.rawValue), "mode": .string(run.mode.rawValue),
            "actor": .string(run.actor), "provider": .string(run.provider), "startedAt": .string(time(run.startedAt)),
            "finishedAt": run.finishedAt.map { .string(time($0)) } ?? .null, "parameters": .object(parameters),
        ]
    }

    static func json(_ data: Data) throws -> Value {
        do { return try Value(json: String(decoding: data, as: UTF8.self)) } catch { throw APIError(.badRequest, "the body is not JSON", field: "$") }
    }

    static func time(_ date: Date) -> String { date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)) }
}
