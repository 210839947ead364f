import Engine
import Foundation
import RunbookModel
import Synchronization

/// Live progress of a run on standard output: one line per event.
///
/// On a terminal the lines carry a status mark, colour and the step's elapsed time; piped,
/// they are plain text; with `--output json` each event is one JSON object per line.
final class ProgressPrinter: RunObserver {
    enum Style: Sendable { case terminal, plain, json }

    private let style: Style
    /// When each step's current attempt started (simulated or real, per the run's clock).
    private let started = Mutex<[String: Date]>([:])

    init(style: Style) { self.style = style }

    /// The style for standard output: JSON if asked, colours on a terminal, plain otherwise.
    static func style(json: Bool) -> Style {
        json ? .json : (isatty(STDOUT_FILENO) == 1 ? .terminal : .plain)
    }

    func observe(_ event: RunEvent) {
        if style == .json {
            let object: Value = .object([
                "run": .string(event.runID), "kind": .string(event.kind.rawValue), "time": .string(Self.iso(event.time)),
                "step": event.step.map(Value.string) ?? .null, "attempt": event.attempt.map(Value.int) ?? .null, "payload": event.payload,
            ])
            emit(object.json)
            return
        }
        guard let line = describe(event) else { return }
        emit(line)
    }

    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func describe(_ event: RunEvent) -> String? {
        let step = event.step ?? ""
        let name = step.padding(toLength: 14, withPad: " ", startingAt: 0)
        let payload = event.payload
        switch event.kind {
        case .runStarted:
            let role = payload[member: "actingAs"].stringValue.map { ", acting as \($0)" } ?? ""
            return paint("run \(event.runID) — \(payload[member: "runbook"].interpolated) (\(payload[member: "mode"].interpolated), provider \(payload[member: "provider"].interpolated)\(role), by \(payload[member: "actor"].interpolated))", 1)
        case .runResumed: return paint("run \(event.runID) resumed by \(payload[member: "actor"].interpolated)", 1)
        case .runTakenOver:
            return paint("run \(event.runID) taken over from pid \(payload[member: "previousPid"].interpolated) on \(payload[member: "previousHost"].interpolated) (\(payload[member: "reason"].interpolated))", 33)
        case .actionLogged:
            let level = LogLevel(rawValue: payload[member: "level"].stringValue ?? "") ?? .info
            return paint("  \(name) \(level == .info ? "" : level.rawValue.uppercased() + " ")» \(payload[member: "message"].interpolated)", level == .info ? 36 : 33)
        case .findingReceived, .findingDecided:
            return nil
        case .stepStarted:
            started.withLock { $0[step] = event.time }
            let attempt = (event.attempt ?? 1) > 1 ? " (attempt \(event.attempt!))" : ""
            return "  ▸ \(name) \(payload[member: "action"].interpolated)\(attempt)"
        case .stepSucceeded: return paint("  ✔ \(name) succeeded\(elapsed(step, event.time))", 32)
        case .stepPlanned: return paint("  ◇ \(name) would: \(payload[member: "wouldDo"].interpolated)", 36)
        case .stepRetrying:
            return paint("  ↻ \(name) \(payload[member: "code"].interpolated): \(payload[member: "message"].interpolated) — retrying in \(payload[member: "delayMs"].interpolated) ms", 33)
        case .stepFailed:
            let tolerated = payload[member: "tolerated"] == true ? " (tolerated)" : ""
            return paint("  ✘ \(name) failed\(tolerated)\(elapsed(step, event.time)): \(payload[member: "code"].interpolated): \(payload[member: "message"].interpolated)", 31)
        case .stepSkipped: return paint("  – \(name) skipped: \(payload[member: "reason"].interpolated)", 90)
        case .stepDecided: return "  ◆ \(name) chose \(payload[member: "chosen"].json)"
        case .stepReconciled: return paint("  ⟲ \(name) reconciled after a crash: \(payload[member: "outcome"].interpolated)", 33)
        case .approvalRequested: return paint("  ? \(name) needs approval: \(payload[member: "message"].interpolated)", 35)
        case .approvalGranted: return paint("  ✔ \(name) approved by \(payload[member: "actor"].interpolated)", 35)
        case .approvalDenied: return paint("  ✘ \(name) denied by \(payload[member: "actor"].interpolated)", 35)
        case .compensationStarted: return paint("  ↺ compensating: undoing \(payload[member: "steps"].json)", 33)
        case .undoStarted: return nil
        case .undoSucceeded: return paint("  ↺ \(name) undone", 33)
        case .undoFailed: return paint("  ✘ \(name) undo failed: \(payload[member: "code"].interpolated): \(payload[member: "message"].interpolated)", 31)
        case .evidenceRecorded: return "  ⎙ \(name) evidence \(payload[member: "artifact"].interpolated) sha256 \(payload[member: "sha256"].interpolated)"
        case .runWaiting: return paint("run \(event.runID) is waiting for approval of \(payload[member: "steps"].json)", 35)
        case .runInterrupted: return paint("run \(event.runID) interrupted; continue with: irun resume \(event.runID)", 33)
        case .runFinished:
            let status = payload[member: "status"].interpolated
            return paint("run \(event.runID) \(status)", status == "succeeded" ? 32 : 31)
        }
    }

    private func elapsed(_ step: String, _ time: Date) -> String {
        guard let start = started.withLock({ $0[step] }) else { return "" }
        return String(format: " in %.1fs", time.timeIntervalSince(start))
    }

    private func paint(_ text: String, _ colour: Int) -> String {
        style == .terminal ? "\u{1B}[\(colour)m\(text)\u{1B}[0m" : text
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
