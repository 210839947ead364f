public import Foundation
public import AuditStore
import RunbookModel

/// One event of a run as the report's timeline shows it.
public struct TimelineEntry: Hashable, Sendable {
    /// The event, with its place in the chain.
    public var recorded: RecordedEvent
    /// Milliseconds since the run started.
    public var offsetMilliseconds: Int
    /// For an event that ends something, how long that took: an attempt (from its
    /// `step-started`), an approval wait, an undo, or the whole run.
    public var durationMilliseconds: Int?
    /// One line saying what happened.
    public var detail: String
    /// Its colour.
    public var tone: ReportTone
    /// Whether the chain verification covered this event and found it intact.
    public var verified: Bool

    /// Creates an entry.
    ///
    /// - Parameters:
    ///   - recorded: The event.
    ///   - offsetMilliseconds: Since the run's start.
    ///   - durationMilliseconds: What it ends took this long.
    ///   - detail: What happened.
    ///   - tone: Its colour.
    ///   - verified: Whether it verified.
    public init(recorded: RecordedEvent, offsetMilliseconds: Int, durationMilliseconds: Int?, detail: String, tone: ReportTone, verified: Bool) {
        self.recorded = recorded
        self.offsetMilliseconds = offsetMilliseconds
        self.durationMilliseconds = durationMilliseconds
        self.detail = detail
        self.tone = tone
        self.verified = verified
    }

    /// The timeline of a run.
    ///
    /// - Parameters:
    ///   - events: The run's events in order.
    ///   - start: The run's start.
    ///   - isVerified: Whether an event (by `seq`) verified.
    /// - Returns: One entry per event.
    public static func timeline(of events: [RecordedEvent], start: Date, isVerified: (Int) -> Bool) -> [TimelineEntry] {
        struct Key: Hashable { var step: String; var attempt: Int }
        var started: [Key: Date] = [:]
        var latestAttempt: [String: Int] = [:]
        var requested: [String: Date] = [:]
        var undoing: [String: Date] = [:]
        return events.map { recorded in
            let event = recorded.event
            var duration: Int?
            switch event.kind {
            case .stepStarted:
                if let step = event.step {
                    // A start without an attempt opens the next one, as the audit store counts.
                    let attempt = event.attempt ?? (latestAttempt[step] ?? 0) + 1
                    latestAttempt[step] = attempt
                    started[Key(step: step, attempt: attempt)] = event.time
                }
            case .stepSucceeded, .stepFailed, .stepRetrying, .stepReconciled:
                // An end without an attempt ends the latest one.
                if let step = event.step, let attempt = event.attempt ?? latestAttempt[step], let begin = started[Key(step: step, attempt: attempt)] {
                    duration = ReportFormatting.milliseconds(from: begin, to: event.time)
                }
            case .approvalRequested:
                if let step = event.step { requested[step] = event.time }
            case .approvalGranted, .approvalDenied:
                if let step = event.step, let begin = requested[step] { duration = ReportFormatting.milliseconds(from: begin, to: event.time) }
            case .undoStarted:
                if let step = event.step { undoing[step] = event.time }
            case .undoSucceeded, .undoFailed:
                if let step = event.step, let begin = undoing[step] { duration = ReportFormatting.milliseconds(from: begin, to: event.time) }
            case .runFinished:
                duration = ReportFormatting.milliseconds(from: start, to: event.time)
            default:
                break
            }
            let (detail, tone) = describe(event)
            return TimelineEntry(
                recorded: recorded, offsetMilliseconds: ReportFormatting.milliseconds(from: start, to: event.time),
                durationMilliseconds: duration, detail: detail, tone: tone, verified: isVerified(recorded.seq))
        }
    }

    /// What an event says, on one line, and its colour.
    static func describe(_ event: RunEvent) -> (String, ReportTone) {
        let payload = event.payload
        func text(_ key: String) -> String? {
            let value = payload[member: key]
            return value == .null ? nil : value.interpolated
        }
        func names(_ key: String) -> String {
            if case .list(let items) = payload[member: key] { return items.map(\.interpolated).joined(separator: ", ") }
            return text(key) ?? ""
        }
        func error() -> String {
            [text("code"), text("message")].compactMap { $0 }.joined(separator: ": ")
        }
        let line: String
        let tone: ReportTone
        switch event.kind {
        case .runStarted:
            let role = text("actingAs").map { ", acting as \($0)" } ?? ""
            line = "\(text("runbook") ?? "runbook") (\(text("mode") ?? "?"), provider \(text("provider") ?? "?")\(role)) started by \(text("actor") ?? "?")"
            tone = .info
        case .runResumed: (line, tone) = ("resumed by \(text("actor") ?? "?")\(text("actingAs").map { ", acting as \($0)" } ?? "")", .info)
        case .runWaiting: (line, tone) = ("waiting for approval of \(names("steps"))", .pending)
        case .runTakenOver:
            line = "taken over by \(text("actor") ?? "?") (pid \(text("pid") ?? "?") on \(text("host") ?? "?")) from pid \(text("previousPid") ?? "?") on \(text("previousHost") ?? "?"): \(text("reason") ?? "?")"
            tone = .warning
        case .actionLogged:
            let level = LogLevel(rawValue: text("level") ?? "") ?? .info
            line = (level == .info ? "" : "\(level.rawValue): ") + (text("message") ?? "")
            tone = level == .info ? .info : level == .warning ? .warning : .failure
        case .findingReceived:
            let finding = payload[member: "finding"]
            line = "finding \(finding[member: "type"].stringValue ?? "?") (\(finding[member: "severity"].stringValue ?? "?")) on \(finding[member: "instance"].stringValue ?? "no instance") received, delivery \(text("delivery") ?? "?")"
            tone = .info
        case .findingDecided:
            let decision = FindingDecision(rawValue: text("decision") ?? "")
            line = "finding \(text("finding") ?? "?"): \(decision?.rawValue ?? "?")\(text("run").map { ", run \($0)" } ?? "") — \(text("reason") ?? "")"
            tone = decision?.startedRun == true ? .info : .pending
        case .runInterrupted: (line, tone) = ("interrupted", .pending)
        case .runFinished:
            let status = text("status") ?? "?"
            line = status + (text("reason").map { ": \($0)" } ?? "")
            tone = status == "succeeded" ? .success : status == "compensated" ? .warning : .failure
        case .stepStarted:
            line = (text("action") ?? "started") + (payload[member: "mutates"] == .bool(true) ? " (mutates)" : "")
            tone = .info
        case .stepRetrying:
            line = error() + (text("delayMs").map { "; retrying in \($0)ms" } ?? "")
            tone = .warning
        case .stepSucceeded:
            let outputs = payload[member: "outputs"]
            line = outputs == .null || outputs == [:] ? "succeeded" : "outputs " + outputs.json
            tone = .success
        case .stepFailed:
            line = error() + (payload[member: "tolerated"] == .bool(true) ? " (tolerated)" : "")
            tone = payload[member: "tolerated"] == .bool(true) ? .warning : .failure
        case .stepSkipped: (line, tone) = (text("reason") ?? "skipped", .neutral)
        case .stepDecided: (line, tone) = ("branch \(text("branch") ?? "?") → \(names("chosen").isEmpty ? "(none)" : names("chosen"))", .info)
        case .stepPlanned: (line, tone) = ("would: \(text("wouldDo") ?? "?")", .info)
        case .stepReconciled: (line, tone) = ("reconciled on resume: \(text("outcome") ?? "?")", .info)
        case .approvalRequested: (line, tone) = (text("message") ?? "approval requested", .pending)
        case .approvalGranted: (line, tone) = ("granted by \(text("actor") ?? "?")" + (text("reason").map { ": \($0)" } ?? ""), .success)
        case .approvalDenied: (line, tone) = ("denied by \(text("actor") ?? "?")" + (text("reason").map { ": \($0)" } ?? ""), .failure)
        case .compensationStarted: (line, tone) = ("undoing \(names("steps"))", .warning)
        case .undoStarted: (line, tone) = ("undo started", .warning)
        case .undoSucceeded:
            let outputs = payload[member: "outputs"]
            (line, tone) = (outputs == .null || outputs == [:] ? "undone" : "undone: " + outputs.json, .warning)
        case .undoFailed: (line, tone) = ("undo failed: " + error(), .failure)
        case .evidenceRecorded:
            let size = payload[member: "size"]
            let sizeText = if case .int(let bytes) = size { ReportFormatting.size(bytes) } else { "?" }
            line = "\(text("artifact") ?? "?") (\(text("kind") ?? "?"), \(sizeText)) sha256 \(text("sha256") ?? "?")"
            tone = .info
        }
        return (ReportFormatting.short(line, 240), tone)
    }
}
