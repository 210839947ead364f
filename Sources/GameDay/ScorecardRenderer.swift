import Foundation
import RunbookModel

/// Scorecards as text for a terminal, and as JSON.
public enum ScorecardRenderer {
    /// A scorecard a responder reads in a terminal.
    ///
    /// - Parameters:
    ///   - card: The scorecard.
    ///   - colour: Whether to use ANSI colours.
    /// - Returns: Lines of text.
    public static func text(_ card: Scorecard, colour: Bool) -> String {
        func paint(_ text: String, _ code: Int) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = paint("game day \(card.scenario)", 1) + " (seed \(card.seed), run \(card.runID)) — " +
            (card.passed ? paint("PASSED", 32) : paint("FAILED", 31)) + "\n"
        if !card.lesson.isEmpty { out += "  lesson: \(card.lesson)\n" }
        out += "  run status: \(card.status.rawValue)\n"
        for verdict in card.verdicts {
            let mark = verdict.passed ? "✔" : "✘"
            let note = verdict.meantToFail ? (verdict.passed ? "  (meant to fail — it did not!)" : "  (meant to fail)") : ""
            out += "  " + paint("\(mark) \(verdict.name)", verdict.asIntended ? 32 : 31) + ": \(verdict.evidence)\(note)\n"
        }
        out += "  time to contain: \(seconds(card.timeToContain)); time to evidence: \(seconds(card.timeToEvidence)); simulated duration: \(seconds(card.simulatedDuration))\n"
        out += "  call log sha256: \(card.callLogDigest)\n"
        out += "  retries: \(card.retries); API calls: \(card.totalCalls)"
        let top = card.callsByOperation.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8).map { "\($0.key) \($0.value)" }
        if !top.isEmpty { out += " (\(top.joined(separator: ", ")))" }
        out += "\n"
        if !card.faultsMet.isEmpty {
            out += "  faults met: " + card.faultsMet.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") + "\n"
        }
        if let drawn = card.faultsDrawn {
            out += "  swarm faults (swarm-1, swarm-2… above): " + (drawn.isEmpty ? "none drawn" : drawn.map(\.description).joined(separator: "; ")) + "\n"
        }
        return out
    }

    /// The distribution line of a repeated scenario.
    public static func text(_ summary: RepeatSummary) -> String {
        "repeat \(summary.scenario): \(summary.runs) seeds, pass rate \(String(format: "%.0f", summary.passRate * 100))%, " +
            "time to contain p50 \(seconds(summary.timeToContainP50)), p95 \(seconds(summary.timeToContainP95))\n"
    }

    /// JSON (sorted keys, pretty-printed).
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value < 120 ? String(format: "%.1fs", value) : String(format: "%dm%02ds", Int(value) / 60, Int(value) % 60)
    }
}
