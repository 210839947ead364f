import AuditStore
import Foundation
import RunbookModel

/// What `irun status` shows of one run: as text, or as JSON (`--format json`, every key
/// always present, `null` when absent, times as ISO-8601 text).
struct StatusReport {
    var run: StoredRun
    var finishedAt: Date?
    var steps: [StepExecution]
    var approvals: [RecordedApproval]
    var evidence: [StoredEvidence]
    /// For a fleet's parent: each target with its child run, in the fleet's order (`nil` for a target never started).
    var children: [(instance: String, run: RunSummary?)]

    init(
        run: StoredRun, finishedAt: Date?, steps: [StepExecution], approvals: [RecordedApproval], evidence: [StoredEvidence],
        children: [(instance: String, run: RunSummary?)] = []
    ) {
        self.run = run
        self.finishedAt = finishedAt
        self.steps = steps
        self.approvals = approvals
        self.evidence = evidence
        self.children = children
    }

    /// The JSON form.
    var json: Value {
        let header = run.header
        return [
            "run": [
                "id": .string(header.id), "runbook": .string(header.runbookName), "runbookPath": .string(header.runbookPath),
                "runbookSHA256": .string(header.runbookSHA256), "mode": .string(header.mode.rawValue), "provider": .string(header.provider),
                "actor": .string(header.actor), "status": .string(run.status.rawValue), "startedAt": .string(AuditFormatting.time(header.startedAt)),
                "finishedAt": AuditFormatting.json(finishedAt), "parentRunID": AuditFormatting.json(header.parentRunID), "actingAs": AuditFormatting.json(header.actingAs),
                "parameters": .object(header.parameters), "events": .int(run.events.count),
            ],
            "steps": .list(steps.map { step in
                [
                    "step": .string(step.step), "attempt": .int(step.attempt), "status": .string(step.status.rawValue),
                    "action": AuditFormatting.json(step.action), "startedAt": AuditFormatting.json(step.startedAt),
                    "finishedAt": AuditFormatting.json(step.finishedAt), "errorCode": AuditFormatting.json(step.errorCode),
                    "errorMessage": AuditFormatting.json(step.errorMessage), "reason": AuditFormatting.json(step.reason),
                    "undoStatus": AuditFormatting.json(step.undoStatus), "inputs": step.inputs ?? .null, "outputs": step.outputs ?? .null,
                ]
            }),
            "approvals": .list(approvals.map { approval in
                [
                    "step": AuditFormatting.json(approval.step), "decision": .string(approval.decision.rawValue), "actor": .string(approval.actor),
                    "reason": AuditFormatting.json(approval.reason), "decidedAt": .string(AuditFormatting.time(approval.decidedAt)),
                ]
            }),
            "evidence": .list(evidence.map { stored in
                [
                    "name": .string(stored.artifact.name), "step": AuditFormatting.json(stored.artifact.step), "kind": .string(stored.artifact.kind),
                    "mediaType": .string(stored.artifact.mediaType), "sha256": .string(stored.sha256), "size": .int(stored.size),
                    "recordedAt": .string(AuditFormatting.time(stored.artifact.time)),
                ]
            }),
            "children": .list(children.map { child in
                [
                    "instance": .string(child.instance), "run": AuditFormatting.json(child.run?.id),
                    "status": .string(child.run?.status.rawValue ?? "not-started"), "finishedAt": AuditFormatting.json(child.run?.finishedAt),
                    "steps": .int(child.run?.steps ?? 0), "succeeded": .int(child.run?.succeeded ?? 0), "failed": .int(child.run?.failed ?? 0),
                ]
            }),
        ]
    }

    /// The text form: the run, then tables of steps, approvals and evidence.
    var text: String {
        let header = run.header
        var out = "run \(header.id)  \(header.runbookName)  \(run.status.rawValue)\n"
        out += "  runbook     \(header.runbookPath) (sha256 \(header.runbookSHA256.prefix(12))…)\n"
        out += "  mode        \(header.mode.rawValue), provider \(header.provider), actor \(header.actor)\n"
        if let actingAs = header.actingAs { out += "  acting as   \(actingAs)\n" }
        out += "  started     \(AuditFormatting.time(header.startedAt))\n"
        out += "  finished    \(finishedAt.map { "\(AuditFormatting.time($0)) (\(AuditFormatting.duration(from: header.startedAt, to: $0)))" } ?? "-")\n"
        if let parent = header.parentRunID { out += "  fleet run   \(parent)\n" }
        if !header.parameters.isEmpty {
            out += "  parameters  " + header.parameters.keys.sorted().map { "\($0)=\(header.parameters[$0]!.interpolated)" }.joined(separator: ", ") + "\n"
        }
        out += "  events      \(run.events.count)\n"

        out += "\nsteps (\(Set(steps.map(\.step)).count)):\n"
        if steps.isEmpty {
            out += "  (none)\n"
        } else {
            out += TextTable.render(["STEP", "ATTEMPT", "STATUS", "ACTION", "STARTED", "DURATION", "DETAIL"], steps.map { step in
                [step.step, String(step.attempt), step.status.rawValue, step.action ?? "-", step.startedAt.map(AuditFormatting.time) ?? "-",
                 AuditFormatting.duration(from: step.startedAt, to: step.finishedAt), Self.detail(step)]
            }, indent: "  ")
        }
        if !approvals.isEmpty {
            out += "\napprovals:\n"
            out += TextTable.render(["STEP", "DECISION", "BY", "AT", "REASON"], approvals.map {
                [$0.step ?? "-", $0.decision.rawValue, $0.actor, AuditFormatting.time($0.decidedAt), $0.reason ?? "-"]
            }, indent: "  ")
        }
        if !children.isEmpty {
            let open = children.filter { $0.run.map { $0.status.isOpen } ?? true }.count
            out += "\ntargets (\(children.count), \(open) still to finish\(open > 0 ? ": irun resume \(header.id)" : "")):\n"
            out += TextTable.render(["INSTANCE", "STATUS", "STEPS ok/failed/all", "RUN"], children.map { child in
                guard let run = child.run else { return [child.instance, "not-started", "-", "-"] }
                return [child.instance, run.status.rawValue, "\(run.succeeded)/\(run.failed)/\(run.steps)", run.id]
            }, indent: "  ")
        }
        if !evidence.isEmpty {
            out += "\nevidence:\n"
            out += TextTable.render(["NAME", "STEP", "KIND", "TYPE", "SIZE", "SHA256"], evidence.map {
                [$0.artifact.name, $0.artifact.step ?? "-", $0.artifact.kind, $0.artifact.mediaType, AuditFormatting.size($0.size), $0.sha256]
            }, indent: "  ")
        }
        return out
    }

    /// The error, skip reason or undo state of an attempt, on one line of at most 120 characters.
    private static func detail(_ step: StepExecution) -> String {
        var parts: [String] = []
        if let code = step.errorCode {
            parts.append(step.errorMessage.map { "\(code): \($0)" } ?? code)
        } else if let message = step.errorMessage {
            parts.append(message)
        }
        if let reason = step.reason { parts.append(reason) }
        if let undo = step.undoStatus { parts.append(undo) }
        let text = parts.joined(separator: "; ").replacingOccurrences(of: "\n", with: " ")
        return text.isEmpty ? "-" : (text.count > 120 ? String(text.prefix(119)) + "…" : text)
    }
}
