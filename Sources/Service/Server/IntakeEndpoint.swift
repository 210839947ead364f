import AuditStore
import Foundation
import Hummingbird
import Logging
import RunbookModel

/// `POST /v1/events`: an EventBridge event of findings in, committed before the answer.
///
/// EventBridge retries 429 and 5xx (honouring `Retry-After`) and gives up on other 4xx, so the
/// answers are: 202 once stored (a redelivery too), 400 naming the field for what can never be
/// processed, 401/403 for the token, 413 above 256 KiB, 503 with `Retry-After` when the store
/// cannot take it.
struct IntakeEndpoint: Sendable {
    let store: AuditDatabase
    let triage: FindingTriage
    let control: any RunControl
    let intakeRunID: String
    let metrics: ServiceMetrics
    let logger: Logger
    let intakeSwitch: IntakeSwitch

    /// `POST /v1/pause` and `POST /v1/resume`: a responder stops or restarts intake.
    func setPaused(_ paused: Bool, _ request: Request, context: ServeContext) async throws -> Response {
        let caller = try context.require([.responder], to: paused ? "pause intake" : "resume intake")
        try await intakeSwitch.set(paused: paused, by: caller.name)
        // The switch is in the chain too, on this server's run: who stopped intake, and when.
        let note = paused ? "intake paused by \(caller.name): EventBridge is answered 429 until POST /v1/resume" : "intake resumed by \(caller.name)"
        try await store.append([RunEvent(runID: intakeRunID, time: Date(), .actionLogged(ActionLogged(level: .warning, message: note)))])
        logger.warning("intake \(paused ? "paused" : "resumed") by \(caller.name)")
        return .json(["paused": .bool(paused), "by": .string(caller.name)])
    }

    func receive(_ request: Request, context: ServeContext) async throws -> Response {
        do {
            let response = try await accept(request, context: context)
            metrics.delivery(status: Int(response.status.code))
            return response
        } catch let error as APIError {
            metrics.delivery(status: Int(error.status.code))
            throw error
        }
    }

    private func accept(_ request: Request, context: ServeContext) async throws -> Response {
        _ = try context.require([.ingest], to: "post findings")
        let (paused, by, _) = intakeSwitch.paused
        if paused {
            throw APIError(.tooManyRequests, "intake is paused (by \(by ?? "a responder")); EventBridge retries", headers: [.retryAfter: "60"])
        }
        var request = request
        let body = try await request.collectBody(upTo: ResponderServer.maximumBody)
        let bytes = Array(body.readableBytesView)
        let raw = Data(bytes)
        let value: Value
        do { value = try JSONBytes.parse(bytes) } catch {
            throw APIError(.badRequest, "the body is not JSON: \(error.description)", field: "$")
        }
        let event: FindingEvent
        do { event = try FindingEvent(value) } catch { throw APIError(.badRequest, error.problem, field: error.field) }
        guard event.deliveryID.utf8.count <= 128, event.deliveryID.utf8.allSatisfy({ byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || [0x2E, 0x5F, 0x3A, 0x2D].contains(byte)
        }) else {
            throw APIError(.badRequest, "'\(event.deliveryID.prefix(60))' is not an EventBridge event id (letters, digits, '.', '_', ':', '-'; at most 128)", field: "id")
        }
        let now = Date()
        let outcome: DeliveryOutcome
        do {
            outcome = try await store.recordDelivery(eventID: event.deliveryID, raw: raw, findings: event.findings, intakeRunID: intakeRunID, at: now) { finding, ledger in
                try triage.plan(finding, ledger: ledger, at: now)
            }
        } catch {
            logger.error("could not record delivery \(event.deliveryID): \(error)")
            throw APIError(.serviceUnavailable, "the audit store could not record the event; EventBridge retries", headers: [.retryAfter: "5"])
        }
        switch outcome {
        case .duplicate:
            return .json(["accepted": true, "duplicate": true, "delivery": .string(event.deliveryID)], status: .accepted)
        case .accepted(let plans):
            for plan in plans {
                metrics.finding(plan.decision)
                logger.info("finding \(plan.finding.key): \(plan.decision.rawValue)\(plan.runID.map { " run \($0)" } ?? "")")
            }
            for plan in plans where plan.decision.startedRun { await control.start(plan) }
            return .json([
                "accepted": true, "duplicate": false, "delivery": .string(event.deliveryID),
                "findings": .list(plans.map { plan in
                    .object(["finding": .string(plan.finding.key), "decision": .string(plan.decision.rawValue), "rule": plan.rule.map(Value.string) ?? .null,
                             "run": plan.runID.map(Value.string) ?? .null, "reason": .string(plan.reason)])
                }),
            ], status: .accepted)
        }
    }
}
