import AuditStore
import Foundation
import RunbookModel

extension RunReport {
    /// The report as a format-neutral document, for Markdown and HTML.
    public var document: ReportDocument {
        var blocks: [ReportBlock] = alerts
        blocks += summaryBlocks
        blocks += graphBlocks
        blocks += stepBlocks
        blocks += timelineBlocks
        blocks += evidenceBlocks
        blocks += approvalBlocks
        blocks += resourceBlocks
        blocks += chainBlocks
        blocks.append(.heading(level: 2, text: "Runbook as run", anchor: "runbook"))
        blocks.append(.paragraph("The exact text recorded when the run started (\(header.runbookPath), sha256 \(header.runbookSHA256))."))
        blocks.append(.preformatted(summary: "\(header.runbookPath) (\(header.runbookText.split(separator: "\n", omittingEmptySubsequences: false).count) lines)",
                                    language: "yaml", text: header.runbookText))
        return ReportDocument(title: "Run report: \(header.runbookName) \(header.id)", blocks: blocks)
    }

    /// Prominent notices: a broken chain, checkpoints that do not hold.
    private var alerts: [ReportBlock] {
        var blocks: [ReportBlock] = []
        if let sentence = chain.breakSentence, let broken = chain.verification.firstBreak {
            let affected = events.filter { $0.seq >= broken.seq }.count
            let scope = chain.scope == .full ? "The audit chain" : "This run's events"
            blocks.append(.alert(.failure, title: "AUDIT CHAIN BROKEN", text: """
                \(sentence). \(scope) did not verify: event \(broken.seq) was changed, removed or reordered after it was \
                recorded, and nothing from it on can be trusted. \(affected) of this run's \(events.count) events are at or after it.
                """))
        }
        if let audit = chain.checkpointAudit, !audit.isTrusted {
            let failing = audit.results.filter { !$0.isValid }
            let text = audit.results.isEmpty ? "No signed checkpoint is recorded: nothing proves the chain was not rewritten."
                : failing.map { "checkpoint \($0.checkpoint.id) (event \($0.checkpoint.seq)): \($0.problem!)" }.joined(separator: "; ") + "."
            blocks.append(.alert(.failure, title: "SIGNED CHECKPOINTS DO NOT HOLD", text: text))
        }
        return blocks
    }

    private var summaryBlocks: [ReportBlock] {
        let contain = timeToContain
        var facts: [ReportFact] = [
            ReportFact("Run", .code(header.id)),
            ReportFact("Runbook", ReportCell(header.runbookName)),
            ReportFact("Runbook file", .code(header.runbookPath)),
            ReportFact("Runbook SHA-256", .code(header.runbookSHA256)),
            ReportFact("Outcome", .status(status.rawValue, Self.tone(of: status))),
            ReportFact("Mode", ReportCell(header.mode.rawValue)),
            ReportFact("Provider", ReportCell(header.provider + (header.actingAs.map { ", acting as \($0)" } ?? ""))),
            ReportFact("Started by", ReportCell(header.actor)),
            ReportFact("Started", .code(ReportFormatting.time(header.startedAt))),
            ReportFact("Finished", .code(finishedAt.map(ReportFormatting.time) ?? "-")),
            ReportFact("Duration", ReportCell(durationMilliseconds.map { ReportFormatting.duration(milliseconds: $0) } ?? "-")),
            ReportFact("Time to contain", ReportCell("\(contain.text) (\(contain.explanation))")),
        ]
        if let parent = header.parentRunID { facts.append(ReportFact("Fleet run", .code(parent))) }
        facts.append(ReportFact("Events", ReportCell(String(events.count))))
        facts.append(ReportFact("Report made", ReportCell("\(ReportFormatting.time(generatedAt)) by \(generator)")))
        let parameters = header.parameters.keys.sorted().map { name -> [ReportCell] in
            let value = header.parameters[name]!
            return [.code(name), value == RunHeader.redacted ? .status("[redacted]", .neutral) : .code(value.interpolated)]
        }
        return [
            .heading(level: 2, text: "Summary", anchor: "summary"),
            .facts(facts),
            .heading(level: 3, text: "Parameters", anchor: "parameters"),
            .paragraph("As bound when the run started; secret parameters were redacted before they were recorded."),
            .table(ReportTable(columns: ["Parameter", "Value"], rows: parameters, emptyText: "The run had no parameters.")),
        ]
    }

    private var graphBlocks: [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Runbook graph", anchor: "graph")]
        if let graph = ReportGraph(plan: plan, outcomes: outcomes) {
            blocks.append(.paragraph("Each step coloured by its outcome. Solid arrows are `needs`; dashed arrows are a decision's choices."))
            blocks.append(.graph(graph))
        } else {
            blocks.append(.paragraph("No graph: \(planProblem ?? "the runbook has no steps")."))
        }
        return blocks
    }

    private var stepBlocks: [ReportBlock] {
        let rows = steps.map { step -> [ReportCell] in
            let (label, tone) = StepOutcome.describe(step)
            var duration: String?
            if let start = step.startedAt, let end = step.finishedAt {
                duration = ReportFormatting.duration(milliseconds: ReportFormatting.milliseconds(from: start, to: end))
            }
            var detail = [step.errorCode, step.errorMessage].compactMap { $0 }.joined(separator: ": ")
            if let reason = step.reason { detail += (detail.isEmpty ? "" : "; ") + reason }
            return [.code(step.step), ReportCell(String(step.attempt)), .status(label, tone), .code(step.action ?? "-"),
                    .code(step.startedAt.map(ReportFormatting.time) ?? "-"), ReportCell(duration ?? "-"),
                    ReportCell(detail.isEmpty ? "-" : ReportFormatting.short(detail))]
        }
        let problemRows = problems.map { entry -> [ReportCell] in
            let event = entry.recorded.event
            return [ReportCell(String(entry.recorded.seq)), .code(ReportFormatting.time(event.time)), .code(event.step ?? "-"),
                    ReportCell(event.attempt.map(String.init) ?? "-"), .status(event.kind.rawValue, entry.tone), ReportCell(entry.detail)]
        }
        return [
            .heading(level: 2, text: "Steps", anchor: "steps"),
            .table(ReportTable(columns: ["Step", "Attempt", "Status", "Action", "Started", "Duration", "Detail"], rows: rows,
                               emptyText: "No step ran.")),
            .heading(level: 3, text: "Retries and errors", anchor: "errors"),
            .table(ReportTable(columns: ["Event", "Time", "Step", "Attempt", "Kind", "Error"], rows: problemRows,
                               emptyText: "No attempt was retried or failed.")),
        ]
    }

    private var timelineBlocks: [ReportBlock] {
        let rows = timeline.map { entry -> [ReportCell] in
            let event = entry.recorded.event
            return [ReportCell(String(entry.recorded.seq)), .code(ReportFormatting.time(event.time)),
                    ReportCell(ReportFormatting.offset(milliseconds: entry.offsetMilliseconds)), .status(event.kind.rawValue, entry.tone),
                    .code(event.step ?? "-"), ReportCell(event.attempt.map(String.init) ?? "-"),
                    ReportCell(entry.durationMilliseconds.map { ReportFormatting.duration(milliseconds: $0) } ?? ""), ReportCell(entry.detail),
                    entry.verified ? ReportCell("ok") : .status("UNVERIFIED", .failure)]
        }
        return [
            .heading(level: 2, text: "Timeline", anchor: "timeline"),
            .paragraph("Every event of the run, in chain order. Event numbers are positions in the audit chain (`irun audit export` shows the same). Duration is how long the attempt, approval wait, undo or run that the event ends took."),
            .table(ReportTable(columns: ["Event", "Time", "Offset", "Kind", "Step", "Attempt", "Duration", "Detail", "Chain"], rows: rows,
                               emptyText: "The run has no events.")),
        ]
    }

    private var evidenceBlocks: [ReportBlock] {
        let rows = evidence.map { stored -> [ReportCell] in
            let custody = custody(of: stored)
            return [.code(stored.artifact.name), .code(stored.artifact.kind), .code(stored.artifact.mediaType), .code(stored.artifact.step ?? "-"),
                    ReportCell("\(ReportFormatting.size(stored.size)) (\(stored.size) bytes)"), .code(stored.sha256),
                    .code(ReportFormatting.time(stored.artifact.time)),
                    custody.contentIntact ? .status("content matches", .success) : .status("CONTENT CHANGED", .failure),
                    custody.matchesChain ? .status("hash in chain", .success) : .status("NOT IN CHAIN", .failure)]
        }
        return [
            .heading(level: 2, text: "Evidence (chain of custody)", anchor: "evidence"),
            .paragraph("Each artifact as stored, with the SHA-256 of its content recomputed now and compared with the hash recorded when it was captured, which its evidence-recorded event carries into the hash chain."),
            .table(ReportTable(columns: ["Artifact", "Kind", "Type", "Step", "Size", "SHA-256", "Recorded", "Content", "Chain"], rows: rows,
                               emptyText: "The run recorded no evidence.")),
        ]
    }

    private var approvalBlocks: [ReportBlock] {
        let rows = approvals.map { approval -> [ReportCell] in
            let request = approvalRequest(for: approval.step, before: approval.decidedAt)
            let waited = request.map { ReportFormatting.duration(milliseconds: ReportFormatting.milliseconds(from: $0.time, to: approval.decidedAt)) }
            return [.code(approval.step ?? "-"), ReportCell(request?.payload[member: "message"].stringValue ?? "-"),
                    .code(request.map { ReportFormatting.time($0.time) } ?? "-"),
                    .status(approval.decision.rawValue, approval.decision == .granted ? .success : .failure), ReportCell(approval.actor),
                    .code(ReportFormatting.time(approval.decidedAt)), ReportCell(waited ?? "-"), ReportCell(approval.reason ?? "-")]
        }
        return [
            .heading(level: 2, text: "Approvals", anchor: "approvals"),
            .table(ReportTable(columns: ["Step", "Asked", "Requested", "Decision", "By", "At", "Waited", "Reason"], rows: rows,
                               emptyText: "No approval was requested or decided.")),
        ]
    }

    private var resourceBlocks: [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Resources: before, after, and undo", anchor: "resources")]
        for state in captured {
            blocks.append(.heading(level: 3, text: "\(state.instance) as captured by step '\(state.step)'", anchor: "captured-\(state.step)"))
            blocks.append(.facts(state.outputs.keys.sorted().map { ReportFact($0, .code(Self.describe(state.outputs[$0]!))) }))
        }
        let rows = changes.map { change -> [ReportCell] in
            [.code(change.step), .code(change.resource), ReportCell(change.attribute), .code(change.before), .code(change.after),
             ReportCell(change.undo ?? "-"), change.undoStatus.map { .status($0, $0 == "undone" ? .warning : .failure) } ?? ReportCell("-")]
        }
        blocks.append(.heading(level: 3, text: "Changes", anchor: "changes"))
        blocks.append(.table(ReportTable(columns: ["Step", "Resource", "Attribute", "Before", "After", "Undo", "Undone"], rows: rows,
                                         emptyText: "The run recorded no change to a resource.")))
        return blocks
    }

    private var chainBlocks: [ReportBlock] {
        let verification = chain.verification
        let result: ReportCell = verification.firstBreak.map { .status("chain broken at event \($0.seq): \($0.reason)", .failure) }
            ?? .status("intact", .success)
        var facts: [ReportFact] = [
            ReportFact("Checked at", .code(ReportFormatting.time(generatedAt))),
            ReportFact("Scope", ReportCell(chain.scope == .full ? "full chain: every event of the database, in order"
                : "this run's events in place: each hash and its link to the event before (other runs' events were not checked; irun audit verify or report --verify full does that)")),
            ReportFact("Result", result),
            ReportFact("Events checked", ReportCell(String(verification.eventsChecked))),
            ReportFact(chain.scope == .full ? "Last verified hash" : "Run's last hash", .code(verification.headHash)),
        ]
        if let head = chain.head {
            facts.append(ReportFact("Database head", .code("event \(head.seq), hash \(head.hash)")))
        }
        let latest = chain.checkpoints.max { $0.seq < $1.seq }
        facts.append(ReportFact("Signed checkpoints", ReportCell(chain.checkpoints.isEmpty ? "none recorded"
            : "\(chain.checkpoints.count) recorded, latest at event \(latest!.seq)")))
        if let audit = chain.checkpointAudit {
            facts.append(ReportFact("Checkpoint signatures", audit.isTrusted
                ? .status("all \(audit.results.count) verify; events up to \(audit.latestValid!.seq) proven not rewritten", .success)
                : .status("do not hold", .failure)))
        } else if !chain.checkpoints.isEmpty {
            facts.append(ReportFact("Checkpoint signatures", ReportCell("not checked (give the public key with --pubkey)")))
        }
        var blocks: [ReportBlock] = [
            .heading(level: 2, text: "Audit chain verification", anchor: "chain"),
            .paragraph("Every event is hash-chained: hash = SHA-256(previous hash ‖ canonical event). Keep the head hash outside the database to notice a later rewrite of the whole chain; signed checkpoints do that with a key (`irun audit verify --pubkey`)."),
            .facts(facts),
        ]
        if !chain.checkpoints.isEmpty {
            let results = chain.checkpointAudit.map { Dictionary($0.results.map { ($0.checkpoint.id, $0.problem) }, uniquingKeysWith: { a, _ in a }) }
            blocks.append(.table(ReportTable(columns: ["Checkpoint", "Event", "Hash", "Signed at", "Key", "Signature"], rows: chain.checkpoints.map { checkpoint in
                let check: ReportCell
                if let results {
                    if let problem = results[checkpoint.id] ?? nil { check = .status(problem.description, .failure) } else { check = .status("valid", .success) }
                } else {
                    check = ReportCell("not checked")
                }
                return [ReportCell(String(checkpoint.id)), ReportCell(String(checkpoint.seq)), .code(checkpoint.hash),
                        .code(ReportFormatting.time(checkpoint.createdAt)), .code(String(checkpoint.keyID.prefix(16))), check]
            }, emptyText: "")))
        }
        return blocks
    }

    /// The colour of a run status.
    static func tone(of status: RunStatus) -> ReportTone {
        if status == .succeeded { return .success }
        if status.isOpen { return .pending }
        return status == .compensated ? .warning : .failure
    }

    /// A captured value on one line: ENIs as `eni-1 (sg-a, sg-b)`, lists joined, objects as `k=v`.
    static func describe(_ value: Value) -> String {
        switch value {
        case .null: return "-"
        case .list(let items):
            if items.isEmpty { return "(none)" }
            return items.map { item in
                if case .object(let object) = item, let id = object["id"]?.stringValue {
                    let details = object.keys.sorted().filter { $0 != "id" && object[$0] != .null }.map { key in
                        "\(key) \(describe(object[key]!))"
                    }
                    return details.isEmpty ? id : "\(id) (\(details.joined(separator: "; ")))"
                }
                return item.interpolated
            }.joined(separator: ", ")
        case .object(let members):
            if members.isEmpty { return "(none)" }
            return members.keys.sorted().map { "\($0)=\(members[$0]!.interpolated)" }.joined(separator: ", ")
        default:
            return value.interpolated
        }
    }
}
