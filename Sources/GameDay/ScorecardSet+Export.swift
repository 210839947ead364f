import Foundation
public import Reports
public import RunbookModel

/// Scorecards in the report formats (`irun gameday --format md|html|json|csv`).
///
/// Markdown and HTML show each scenario's verdicts with their evidence, timings, and API
/// calls; JSON follows `Schemas/gameday-scorecard.v1.schema.json`; CSV has one row per
/// expectation (RFC 4180).
public struct ScorecardSet: ExportableReport {
    public var scorecards: [Scorecard]
    public var repeats: [RepeatSummary]
    public var swarms: [SwarmSummary]

    public init(scorecards: [Scorecard], repeats: [RepeatSummary] = [], swarms: [SwarmSummary] = []) {
        self.scorecards = scorecards
        self.repeats = repeats
        self.swarms = swarms
    }

    /// The schema identifier of the JSON form.
    public static let schema = "urn:irun:schema:gameday-scorecard:v1"

    public var document: ReportDocument {
        var blocks: [ReportBlock] = []
        let passed = scorecards.filter(\.passed).count
        blocks.append(.alert(passed == scorecards.count ? .success : .failure, title: "\(passed) of \(scorecards.count) game days came out as intended",
                             text: "Expectations a scenario is meant to fail count as intended when they fail."))
        for card in scorecards {
            blocks.append(.heading(level: 2, text: "\(card.scenario) (seed \(card.seed))", anchor: "\(card.scenario)-\(card.seed)"))
            if !card.lesson.isEmpty { blocks.append(.paragraph(card.lesson)) }
            blocks.append(.facts([
                ReportFact("Verdict", ReportCell(card.passed ? "passed" : "failed", .status(card.passed ? .success : .failure))),
                ReportFact("Run", ReportCell(card.runID, .code)),
                ReportFact("Run status", ReportCell(card.status.rawValue)),
                ReportFact("Time to contain", ReportCell(ScorecardRenderer.seconds(card.timeToContain))),
                ReportFact("Time to evidence", ReportCell(ScorecardRenderer.seconds(card.timeToEvidence))),
                ReportFact("Simulated duration", ReportCell(ScorecardRenderer.seconds(card.simulatedDuration))),
                ReportFact("Retries", ReportCell(String(card.retries))),
                ReportFact("API calls", ReportCell(String(card.totalCalls))),
                ReportFact("Call log SHA-256", ReportCell(card.callLogDigest, .code)),
            ] + (card.faultsDrawn.map { [ReportFact("Swarm faults", ReportCell($0.isEmpty ? "none drawn" : $0.map(\.description).joined(separator: "; ")))] } ?? [])))
            blocks.append(.table(ReportTable(
                columns: ["Expectation", "Verdict", "Observed"],
                rows: card.verdicts.map { verdict in
                    let text = verdict.passed ? (verdict.meantToFail ? "passed (meant to fail)" : "passed") : (verdict.meantToFail ? "failed, as meant" : "failed")
                    return [ReportCell(verdict.name, .code), ReportCell(text, .status(verdict.asIntended ? .success : .failure)), ReportCell(verdict.evidence)]
                },
                emptyText: "No expectations."
            )))
            blocks.append(.table(ReportTable(
                columns: ["Operation", "Calls"],
                rows: card.callsByOperation.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { [ReportCell($0.key, .code), ReportCell(String($0.value))] },
                emptyText: "No API calls."
            )))
            if !card.faultsMet.isEmpty {
                blocks.append(.table(ReportTable(
                    columns: ["Fault", "Calls hit"],
                    rows: card.faultsMet.sorted { $0.key < $1.key }.map { [ReportCell($0.key, .code), ReportCell(String($0.value))] },
                    emptyText: ""
                )))
            }
        }
        for summary in repeats {
            blocks.append(.heading(level: 2, text: "\(summary.scenario) over \(summary.runs) seeds", anchor: "\(summary.scenario)-repeat"))
            blocks.append(.facts([
                ReportFact("Pass rate", ReportCell(String(format: "%.0f%%", summary.passRate * 100))),
                ReportFact("Time to contain p50", ReportCell(ScorecardRenderer.seconds(summary.timeToContainP50))),
                ReportFact("Time to contain p95", ReportCell(ScorecardRenderer.seconds(summary.timeToContainP95))),
            ]))
        }
        for swarm in swarms {
            blocks.append(.heading(level: 2, text: "Swarm of \(swarm.scenario): \(swarm.runs) runs", anchor: "\(swarm.scenario)-swarm"))
            blocks.append(.facts([
                ReportFact("Passed", ReportCell("\(swarm.passed) of \(swarm.runs)", .status(swarm.passed == swarm.runs ? .success : .failure))),
                ReportFact("Seeds", ReportCell("\(swarm.firstSeed)…\(swarm.lastSeed)")),
                ReportFact("Time to contain p50 / p95 / max", ReportCell([swarm.timeToContain.p50, swarm.timeToContain.p95, swarm.timeToContain.max].map(ScorecardRenderer.seconds).joined(separator: " / "))),
                ReportFact("Time to evidence p50 / p95 / max", ReportCell([swarm.timeToEvidence.p50, swarm.timeToEvidence.p95, swarm.timeToEvidence.max].map(ScorecardRenderer.seconds).joined(separator: " / "))),
            ]))
            blocks.append(.table(ReportTable(
                columns: ["Expectation", "Seed", "Faults drawn", "Observed"],
                rows: swarm.failures.flatMap { failure in
                    failure.seeds.map { [ReportCell(failure.expectation, .code), ReportCell(String($0.seed)), ReportCell($0.faults.isEmpty ? "none" : $0.faults.joined(separator: "; ")), ReportCell($0.evidence)] }
                },
                emptyText: "Every expectation came out as intended in every run."
            )))
        }
        return ReportDocument(title: "irun game days", blocks: blocks)
    }

    public var json: Value {
        func seconds(_ value: Double?) -> Value { value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        func spread(_ spread: SwarmSummary.Spread) -> Value {
            .object(["reached": .int(spread.reached), "p50Seconds": seconds(spread.p50), "p95Seconds": seconds(spread.p95), "maxSeconds": seconds(spread.max)])
        }
        let swarmValues: [String: Value] = swarms.isEmpty ? [:] : ["swarms": .list(swarms.map { swarm in
            .object([
                "scenario": .string(swarm.scenario), "runs": .int(swarm.runs), "firstSeed": .int(Int(truncatingIfNeeded: swarm.firstSeed)),
                "lastSeed": .int(Int(truncatingIfNeeded: swarm.lastSeed)), "passed": .int(swarm.passed), "passRate": .double(swarm.passRate),
                "timeToContain": spread(swarm.timeToContain), "timeToEvidence": spread(swarm.timeToEvidence),
                "faultsDrawn": .object(swarm.faultsDrawn.mapValues { .int($0) }),
                "failures": .list(swarm.failures.map { failure in
                    .object(["expectation": .string(failure.expectation), "seeds": .list(failure.seeds.map { seed in
                        .object(["seed": .int(Int(truncatingIfNeeded: seed.seed)), "faults": .list(seed.faults.map(Value.string)),
                                 "evidence": .string(seed.evidence), "callLogSHA256": .string(seed.callLogSHA256)])
                    })])
                }),
            ])
        })]
        return .object(swarmValues.merging([
            "schema": .string(Self.schema),
            "scorecards": .list(scorecards.map { card in
                .object([
                    "scenario": .string(card.scenario), "lesson": .string(card.lesson), "seed": .int(Int(truncatingIfNeeded: card.seed)),
                    "run": .string(card.runID), "status": .string(card.status.rawValue), "passed": .bool(card.passed),
                    "timeToContainSeconds": seconds(card.timeToContain), "timeToEvidenceSeconds": seconds(card.timeToEvidence),
                    "simulatedDurationSeconds": seconds(card.simulatedDuration), "retries": .int(card.retries),
                    "verdicts": .list(card.verdicts.map { .object(["name": .string($0.name), "passed": .bool($0.passed), "meantToFail": .bool($0.meantToFail), "evidence": .string($0.evidence)]) }),
                    "callsByOperation": .object(card.callsByOperation.mapValues { .int($0) }),
                    "faultsMet": .object(card.faultsMet.mapValues { .int($0) }), "callLogSHA256": .string(card.callLogDigest),
                ].merging(card.faultsDrawn.map { ["faultsDrawn": .list($0.map { .string($0.description) })] } ?? [:]) { $1 })
            }),
            "repeats": .list(repeats.map { summary in
                .object(["scenario": .string(summary.scenario), "runs": .int(summary.runs), "passRate": .double(summary.passRate),
                         "timeToContainP50Seconds": seconds(summary.timeToContainP50), "timeToContainP95Seconds": seconds(summary.timeToContainP95)])
            }),
        ]) { $1 })
    }

    public var csv: String {
        CSVWriter.table(["scenario", "seed", "run", "expectation", "passed", "meant_to_fail", "as_intended", "evidence"], scorecards.flatMap { card in
            card.verdicts.map { [card.scenario, String(card.seed), card.runID, $0.name, String($0.passed), String($0.meantToFail), String($0.asIntended), $0.evidence] }
        })
    }
}
