import AuditStore
import Foundation
public import RunbookModel

extension RunReport {
    /// The schema id the JSON form states and follows: `Schemas/run-report.v1.schema.json`.
    public static let jsonSchemaID = "urn:irun:schema:run-report:v1"

    /// The report as JSON, following `Schemas/run-report.v1.schema.json`: every key always
    /// present (`null` when absent) but `run.actingAs`, which v1 gained later and so appears only
    /// when a role acted; times as ISO-8601 UTC text with milliseconds, durations in whole milliseconds.
    public var json: Value {
        var document = body
        if let actingAs = header.actingAs, case .object(var members) = document, case .object(var run)? = members["run"] {
            run["actingAs"] = .string(actingAs)
            members["run"] = .object(run)
            document = .object(members)
        }
        return document
    }

    private var body: Value {
        let contain = timeToContain
        return [
            "schema": .string(Self.jsonSchemaID),
            "generatedAt": time(generatedAt),
            "generator": .string(generator),
            "run": [
                "id": .string(header.id),
                "runbook": ["name": .string(header.runbookName), "path": .string(header.runbookPath),
                            "sha256": .string(header.runbookSHA256), "text": .string(header.runbookText)],
                "parameters": .object(header.parameters),
                "mode": .string(header.mode.rawValue), "provider": .string(header.provider), "actor": .string(header.actor),
                "status": .string(status.rawValue), "startedAt": time(header.startedAt), "finishedAt": time(finishedAt),
                "durationMs": int(durationMilliseconds), "parentRunID": text(header.parentRunID), "events": .int(events.count),
            ],
            "timeToContain": [
                "basis": .string(contain.basis.rawValue), "milliseconds": int(contain.milliseconds), "step": text(contain.step),
                "until": time(contain.until), "explanation": .string(contain.explanation),
            ],
            "steps": .list(steps.map { step in
                var duration: Int?
                if let start = step.startedAt, let end = step.finishedAt { duration = ReportFormatting.milliseconds(from: start, to: end) }
                return [
                    "step": .string(step.step), "attempt": .int(step.attempt), "status": .string(step.status.rawValue),
                    "outcome": .string(StepOutcome.describe(step).0), "action": text(step.action), "startedAt": time(step.startedAt),
                    "finishedAt": time(step.finishedAt), "durationMs": int(duration), "errorCode": text(step.errorCode),
                    "errorMessage": text(step.errorMessage), "reason": text(step.reason), "undoStatus": text(step.undoStatus),
                    "inputs": step.inputs ?? .null, "outputs": step.outputs ?? .null,
                ]
            }),
            "graph": graphJSON,
            "timeline": .list(timeline.map { entry in
                let event = entry.recorded.event
                return [
                    "seq": .int(entry.recorded.seq), "time": time(event.time), "offsetMs": .int(entry.offsetMilliseconds),
                    "kind": .string(event.kind.rawValue), "step": text(event.step), "attempt": int(event.attempt),
                    "durationMs": int(entry.durationMilliseconds), "detail": .string(entry.detail), "payload": event.payload,
                    "hash": .string(entry.recorded.hash), "verified": .bool(entry.verified),
                ]
            }),
            "problems": .list(problems.map { entry in
                let event = entry.recorded.event
                return [
                    "seq": .int(entry.recorded.seq), "time": time(event.time), "kind": .string(event.kind.rawValue), "step": text(event.step),
                    "attempt": int(event.attempt), "code": text(event.payload[member: "code"].stringValue),
                    "message": text(event.payload[member: "message"].stringValue),
                    "delayMs": event.payload[member: "delayMs"] == .null ? .null : event.payload[member: "delayMs"],
                ]
            }),
            "evidence": .list(evidence.map { stored in
                let custody = custody(of: stored)
                return [
                    "artifact": .string(stored.artifact.name), "kind": .string(stored.artifact.kind), "mediaType": .string(stored.artifact.mediaType),
                    "step": text(stored.artifact.step), "size": .int(stored.size), "sha256": .string(stored.sha256),
                    "recordedAt": time(stored.artifact.time), "contentIntact": .bool(custody.contentIntact), "matchesChain": .bool(custody.matchesChain),
                ]
            }),
            "approvals": .list(approvals.map { approval in
                let request = approvalRequest(for: approval.step, before: approval.decidedAt)
                return [
                    "step": text(approval.step), "message": text(request?.payload[member: "message"].stringValue),
                    "requestedAt": time(request?.time), "decision": .string(approval.decision.rawValue), "actor": .string(approval.actor),
                    "reason": text(approval.reason), "decidedAt": time(approval.decidedAt),
                    "waitedMs": int(request.map { ReportFormatting.milliseconds(from: $0.time, to: approval.decidedAt) }),
                ]
            }),
            "resources": [
                "captured": .list(captured.map { ["step": .string($0.step), "instance": .string($0.instance), "state": .object($0.outputs)] }),
                "changes": .list(changes.map { change in
                    [
                        "step": .string(change.step), "action": .string(change.action), "resource": .string(change.resource),
                        "attribute": .string(change.attribute), "before": .string(change.before), "after": .string(change.after),
                        "undo": text(change.undo), "undoStatus": text(change.undoStatus),
                    ]
                }),
            ],
            "chain": chainJSON,
        ]
    }

    private var graphJSON: Value {
        guard let graph = ReportGraph(plan: plan, outcomes: outcomes) else {
            return ["available": false, "problem": text(planProblem ?? "the runbook has no steps"), "nodes": [], "edges": []]
        }
        return [
            "available": true, "problem": .null,
            "nodes": .list(graph.nodes.map { node in
                [
                    "id": .string(node.id), "step": .string(node.title), "action": node.isDecision ? .null : .string(node.subtitle),
                    "decision": .bool(node.isDecision), "layer": .int(node.layer), "outcome": .string(node.outcome), "tone": .string(node.tone.rawValue),
                ]
            }),
            "edges": .list(graph.edges.map { edge in
                ["from": .string(edge.from), "to": .string(edge.to), "kind": .string(edge.isChoice ? "choice" : "needs"), "label": text(edge.label)]
            }),
        ]
    }

    private var chainJSON: Value {
        let verification = chain.verification
        let results = chain.checkpointAudit.map { Dictionary($0.results.map { ($0.checkpoint.id, $0.problem) }, uniquingKeysWith: { a, _ in a }) }
        return [
            "scope": .string(chain.scope.rawValue), "checkedAt": time(generatedAt), "intact": .bool(verification.isIntact),
            "eventsChecked": .int(verification.eventsChecked), "headHash": .string(verification.headHash),
            "firstBreak": verification.firstBreak.map { ["seq": .int($0.seq), "reason": .string($0.reason.description)] } ?? .null,
            "message": text(chain.breakSentence),
            "databaseHead": chain.head.map { ["seq": .int($0.seq), "hash": .string($0.hash)] } ?? .null,
            "checkpoints": [
                "checked": .bool(chain.checkpointAudit != nil),
                "trusted": chain.checkpointAudit.map { .bool($0.isTrusted) } ?? .null,
                "items": .list(chain.checkpoints.map { checkpoint in
                    let problem = results?[checkpoint.id] ?? nil
                    return [
                        "id": .int(Int(checkpoint.id)), "seq": .int(checkpoint.seq), "hash": .string(checkpoint.hash),
                        "createdAt": time(checkpoint.createdAt), "keyID": .string(checkpoint.keyID),
                        "valid": results == nil ? .null : .bool(problem == nil), "problem": text(problem?.description),
                    ]
                }),
            ],
        ]
    }

    private func time(_ date: Date?) -> Value { date.map { .string(ReportFormatting.time($0)) } ?? .null }
    private func text(_ text: String?) -> Value { text.map(Value.string) ?? .null }
    private func int(_ number: Int?) -> Value { number.map(Value.int) ?? .null }
}
