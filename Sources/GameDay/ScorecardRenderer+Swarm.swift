import Foundation

extension ScorecardRenderer {
    /// How many failing seeds the text shows per expectation (JSON lists them all).
    static let seedsShown = 3

    /// A swarm's summary as a responder reads it in a terminal.
    ///
    /// - Parameters:
    ///   - summary: The swarm.
    ///   - reference: How the user named the scenario, for the replay commands.
    ///   - colour: Whether to use ANSI colours.
    /// - Returns: Lines of text.
    public static func text(_ summary: SwarmSummary, reference: String, colour: Bool) -> String {
        func paint(_ text: String, _ code: Int) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let verdict = summary.passed == summary.runs ? paint("PASSED", 32) : paint("FAILED", 31)
        var out = paint("swarm \(summary.scenario)", 1) + ": \(summary.runs) runs (seeds \(summary.firstSeed)…\(summary.lastSeed)) — \(verdict) "
            + "\(summary.passed) of \(summary.runs) (\(String(format: "%.1f", summary.passRate * 100))%)\n"
        out += "  time to contain:  \(spread(summary.timeToContain, of: summary.runs, "contained"))\n"
        out += "  time to evidence: \(spread(summary.timeToEvidence, of: summary.runs, "with evidence"))\n"
        let kinds = SwarmFault.Kind.allCases.compactMap { kind in summary.faultsDrawn[kind.rawValue].map { "\(kind.rawValue) in \($0)" } }
        out += "  faults drawn: " + (kinds.isEmpty ? "none" : kinds.joined(separator: ", ") + " runs") + "\n"
        for failure in summary.failures {
            out += "  " + paint("✘ \(failure.expectation)", 31) + " failed in \(failure.seeds.count) run\(failure.seeds.count == 1 ? "" : "s") (smallest fault schedule first):\n"
            for seed in failure.seeds.prefix(seedsShown) {
                out += "      seed \(seed.seed): " + (seed.faults.isEmpty ? "no faults drawn" : seed.faults.joined(separator: "; ")) + "\n"
                out += "        observed: \(seed.evidence)\n"
                out += "        replay:   irun gameday \(reference) --swarm 1 --seed \(seed.seed)\n"
            }
            if failure.seeds.count > seedsShown { out += "      … \(failure.seeds.count - seedsShown) more (--format json lists every seed)\n" }
        }
        return out
    }

    private static func spread(_ spread: SwarmSummary.Spread, of runs: Int, _ reached: String) -> String {
        guard spread.reached > 0 else { return "never (0 of \(runs) \(reached))" }
        return "p50 \(seconds(spread.p50)), p95 \(seconds(spread.p95)), max \(seconds(spread.max)) (\(spread.reached) of \(runs) \(reached))"
    }
}
