import GRDB
import RunbookModel

/// The projections: `runs.status`, `step_executions` and `approvals`, updated from each event
/// in the transaction that appends it, so they never disagree with the log.
///
/// `step_executions` has one row per (run, step, attempt). An event without an attempt applies
/// to the step's latest attempt (a `step-started` without one opens the next attempt). Rows
/// are upserted, so an event whose `step-started` is missing still leaves a row.
extension ChainWriter {
    /// Applies `event` to the projections.
    func project(_ event: RunEvent, time: String) throws {
        let payload = event.payload
        switch event.kind {
        case .runStarted, .runResumed:
            try setRunStatus(event.runID, .running)
        case .runWaiting:
            try setRunStatus(event.runID, .waitingApproval)
        case .runInterrupted:
            try setRunStatus(event.runID, .interrupted)
        case .runFinished:
            // validate(_:) checked the status.
            let status = RunStatus(rawValue: payload[member: "status"].stringValue ?? "") ?? .failed
            try db.execute(sql: "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", arguments: [status.rawValue, time, event.runID])

        case .stepStarted:
            let attempt = try event.attempt ?? (latestAttempt(event) ?? 0) + 1
            try db.cachedStatement(sql: """
                INSERT INTO step_executions (run_id, step, attempt, status, action, inputs, started_at)
                VALUES (?, ?, ?, 'running', ?, ?, ?)
                ON CONFLICT (run_id, step, attempt) DO UPDATE SET
                    status = 'running', action = excluded.action, inputs = excluded.inputs, started_at = excluded.started_at,
                    finished_at = NULL
                """).execute(arguments: [event.runID, event.step, attempt, payload[member: "action"].stringValue,
                                         json(payload[member: "inputs"]), time])
        case .stepSucceeded:
            try finishStep(event, status: "succeeded", time: time, outputs: json(payload[member: "outputs"]))
        case .stepRetrying:
            try finishStep(event, status: "retrying", time: time, errorCode: payload[member: "code"].stringValue,
                           errorMessage: payload[member: "message"].stringValue)
        case .stepFailed:
            let tolerated = payload[member: "tolerated"] == .bool(true)
            try finishStep(event, status: "failed", time: time, errorCode: payload[member: "code"].stringValue,
                           errorMessage: payload[member: "message"].stringValue, reason: tolerated ? "tolerated" : nil)
        case .stepSkipped:
            try finishStep(event, status: "skipped", time: time, reason: payload[member: "reason"].stringValue)
        case .stepDecided:
            try finishStep(event, status: "decided", time: time, outputs: json(payload))
        case .stepPlanned:
            try finishStep(event, status: "planned", time: time, inputs: json(payload[member: "inputs"]),
                           outputs: json(.object(["wouldDo": payload[member: "wouldDo"]])))
        case .stepReconciled:
            let completed = payload[member: "outcome"].stringValue == "completed"
            try finishStep(event, status: completed ? "succeeded" : "not-done", time: time,
                           outputs: completed ? json(payload[member: "outputs"]) : nil,
                           reason: "reconciled on resume: \(payload[member: "outcome"].stringValue ?? "unknown outcome")")

        case .undoStarted:
            try setUndoStatus(event, "undoing")
        case .undoSucceeded:
            try setUndoStatus(event, "undone")
        case .undoFailed:
            try setUndoStatus(event, "undo-failed")

        case .approvalGranted, .approvalDenied:
            try db.execute(
                sql: "INSERT INTO approvals (run_id, step, actor, decision, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [event.runID, event.step, payload[member: "actor"].stringValue, event.kind == .approvalGranted ? "granted" : "denied",
                            payload[member: "reason"].stringValue, time])

        case .approvalRequested, .compensationStarted, .evidenceRecorded, .runTakenOver, .actionLogged:
            break
        case .findingReceived, .findingDecided:
            // Their projection (`findings`, `finding_deliveries`) is written by the intake, which knows the decision's context.
            break
        }
    }

    private func setRunStatus(_ runID: String, _ status: RunStatus) throws {
        try db.cachedStatement(sql: "UPDATE runs SET status = ? WHERE id = ?").execute(arguments: [status.rawValue, runID])
    }

    /// The step's highest recorded attempt, if it has any row.
    private func latestAttempt(_ event: RunEvent) throws -> Int? {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT max(attempt) FROM step_executions WHERE run_id = ? AND step = ?"),
                         arguments: [event.runID, event.step])
    }

    /// Upserts the attempt's row with an outcome; `nil` inputs and outputs keep what the row has.
    private func finishStep(
        _ event: RunEvent, status: String, time: String, inputs: String? = nil, outputs: String? = nil,
        errorCode: String? = nil, errorMessage: String? = nil, reason: String? = nil
    ) throws {
        let attempt = try event.attempt ?? latestAttempt(event) ?? 1
        try db.cachedStatement(sql: """
            INSERT INTO step_executions (run_id, step, attempt, status, inputs, outputs, error_code, error_message, reason, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, step, attempt) DO UPDATE SET
                status = excluded.status, inputs = coalesce(excluded.inputs, inputs), outputs = coalesce(excluded.outputs, outputs),
                error_code = excluded.error_code, error_message = excluded.error_message, reason = excluded.reason,
                finished_at = excluded.finished_at
            """).execute(arguments: [event.runID, event.step, attempt, status, inputs, outputs, errorCode, errorMessage, reason, time])
    }

    /// Sets the undo status of the step's latest attempt (the attempt that completed).
    private func setUndoStatus(_ event: RunEvent, _ status: String) throws {
        guard let attempt = try event.attempt ?? latestAttempt(event) else { return }
        try db.cachedStatement(sql: "UPDATE step_executions SET undo_status = ? WHERE run_id = ? AND step = ? AND attempt = ?")
            .execute(arguments: [status, event.runID, event.step, attempt])
    }

    /// The JSON text of a payload member, or `nil` when it is absent (`null`).
    private func json(_ value: Value) -> String? {
        value == .null ? nil : value.json
    }
}
