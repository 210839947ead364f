import Actions
import ArgumentParser
import AuditStore
import Foundation
import GameDay
import Reports
import RunbookModel

/// `irun gameday SCENARIO…`: rehearses incidents against a simulated world and scores the response.
struct GameDayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gameday",
        abstract: "Run game-day scenarios: real runbooks against a simulated world, with injected trouble, scored.",
        discussion: """
            SCENARIO is a scenario's name (looked up in gamedays/ of --runbooks, $IRUN_RUNBOOKS,
            ./Runbooks, ~/.config/irun/runbooks, then the built-in ones: `irun gameday web-tier-asg`),
            a file, or a folder (every scenario in it; the runbooks only scenarios use live in its
            runbooks/ subfolder). `irun gameday --list` names the scenarios found.
            Each scenario runs its runbook on a simulated clock — a
            scenario spanning hours finishes in well under a second — and is recorded in the audit
            store as a run in mode `gameday`. A scorecard shows each expectation with what was
            observed, time to contain, time to evidence, retries, API calls, faults met and the
            SHA-256 of the call log. A scenario runs one task at a time on an executor of its
            own, on a clock that moves only when every task waits, so the same scenario and seed
            replay exactly: the same digest on any machine.
            --swarm N runs N seeds, each with faults drawn from the scenario's `swarm:` section,
            one run per core, and lists each failing seed with its faults (smallest schedule
            first) and the command that replays it: irun gameday NAME --swarm 1 --seed S.
            Expectations a scenario lists under `expected-failures` are meant to fail (a naive
            runbook's lesson); the exit code is 1 if any expectation came out otherwise.
            """
    )

    @Argument(help: ArgumentHelp("Scenario names, files or folders.", valueName: "scenario"))
    var scenarios: [String] = []

    @Flag(help: "List the scenarios found by name, and where each came from.")
    var list = false

    @Option(help: ArgumentHelp("Seed for every random choice; the same seed replays exactly (default: each scenario's own).", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Run each scenario under N seeds and report the distribution.", valueName: "n"))
    var `repeat` = 1

    @Option(help: ArgumentHelp("Swarm: run N seeds (from --seed on), each with faults drawn from the scenario's `swarm:` section, one run per core; report the pass rate, p50/p95/max time to contain and to evidence, and each failing seed with its faults, smallest schedule first. `--swarm 1 --seed S` replays one (and records it).", valueName: "n"))
    var swarm: Int?

    @Option(help: ArgumentHelp("text (default), or a report format: md, html, json, csv.", valueName: "format"))
    var format = "text"

    @Option(help: ArgumentHelp("Write the scorecards to this file instead of standard output (report formats).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Only mock: game days always run against a simulated world, never a real account.", valueName: "mock"))
    var provider = "mock"

    @OptionGroup var store: AuditStoreOptions
    @OptionGroup var runbooks: RunbookDirectoryOptions

    func validate() throws {
        guard list || !scenarios.isEmpty else { throw ValidationError("name a scenario, file or folder (irun gameday --list shows them), e.g. irun gameday web-tier-asg.") }
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1.") }
        if let swarm {
            guard swarm >= 1 else { throw ValidationError("--swarm must be at least 1.") }
            guard `repeat` == 1 else { throw ValidationError("--swarm and --repeat both choose the seeds; give one of them.") }
            guard format != "csv" else { throw ValidationError("--format csv has one row per expectation of single game days; a swarm reports as text, md, html or json.") }
        }
        guard format == "text" || ReportFormat(rawValue: format) != nil else { throw ValidationError("--format must be text, md, html, json or csv, not '\(format)'.") }
        if output != nil && format == "text" { throw ValidationError("--output needs a report format: --format md, html, json or csv.") }
        guard provider == "mock" else {
            throw ValidationError("--provider \(provider): game days run only against the simulated world (--provider mock), never against a real account; their faults and terminations are injected into the simulation.")
        }
    }

    /// The scenario files `scenarios` names: a folder's `.yaml` files, a file, or a name.
    func scenarioFiles(_ locator: RunbookLocator) throws -> [String] {
        var files: [String] = []
        for reference in scenarios {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { files.append(reference); continue }
                let names = try FileManager.default.contentsOfDirectory(atPath: reference).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                guard !names.isEmpty else { throw ValidationError("no scenario files (*.yaml) in the folder '\(reference)'.") }
                files += names.map { (reference as NSString).appendingPathComponent($0) }
            } else if let path = locator.scenario(named: reference) {
                files.append(path)
            } else {
                let known = locator.scenarioFiles().map { RunbookLocator.name(ofFile: $0.path) }
                let hint = Suggestion.closest(to: reference, in: known).map { "; did you mean '\($0)'?" } ?? " (scenarios: \(known.joined(separator: ", ")))."
                throw ValidationError("no scenario file or folder '\(reference)', and no scenario by that name\(hint)")
            }
        }
        return files
    }

    /// Progress on standard error while a swarm runs, when it is a terminal.
    static func progress(_ name: String, of count: Int) -> (@Sendable (Int) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { done in
            FileHandle.standardError.write(Data("\rswarm \(name): \(done) of \(count) runs".utf8))
            if done == count { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }

    func run() async throws {
        let locator = runbooks.locator
        if list {
            for (path, source) in locator.scenarioFiles() { print("\(RunbookLocator.name(ofFile: path))  \(source.label)") }
            return
        }
        var scenarios: [Scenario] = []
        var printer = DiagnosticPrinter()
        var invalid = false
        let files = try scenarioFiles(locator)
        // How to name each scenario in a replay command: as the user did, unless it came from a folder.
        let references = files.map { file in self.scenarios.contains(file) || locator.scenario(named: RunbookLocator.name(ofFile: file)) != file ? file : RunbookLocator.name(ofFile: file) }
        for file in files {
            let (scenario, diagnostics) = ScenarioLoader.load(path: file, worldsDirectories: locator.worldsDirectories)
            for diagnostic in diagnostics { printError(printer.render(diagnostic)) }
            if let scenario { scenarios.append(scenario) } else { invalid = true; printError("\(file): invalid scenario; not run.") }
        }
        guard !invalid else { throw ExitCode.failed }
        let runner = GameDayRunner(registry: BuiltinActions.registry, store: try store.open(), runbooksDirectories: locator.directories)
        var allAsIntended = true
        var cards: [Scorecard] = []
        var summaries: [RepeatSummary] = []
        var swarms: [SwarmSummary] = []
        let colour = isatty(STDOUT_FILENO) == 1
        for (scenario, reference) in zip(scenarios, references) where swarm != nil {
            let count = swarm ?? 1
            let runs: [Scorecard]
            do {
                runs = try await Swarm(runner: runner).run(scenario, count: count, firstSeed: seed ?? scenario.seed, finished: count > 1 ? Self.progress(scenario.name, of: count) : nil)
            } catch let error as SwarmError {
                printError("error: \(error.description)")
                throw ExitCode.usage
            } catch let error as GameDayError {
                printError("error: \(error.description)")
                throw ExitCode.failed
            }
            if runs.contains(where: { !$0.passed }) { allAsIntended = false }
            if count == 1 {
                cards += runs
                if format == "text" { print(ScorecardRenderer.text(runs[0], colour: colour)) }
            } else {
                let summary = SwarmSummary(scenario: scenario.name, cards: runs)
                swarms.append(summary)
                if format == "text" { print(ScorecardRenderer.text(summary, reference: reference, colour: colour)) }
            }
        }
        for scenario in scenarios where swarm == nil {
            var runs: [Scorecard] = []
            for offset in 0..<`repeat` {
                let chosen = (seed ?? scenario.seed) &+ UInt64(offset)
                let card: Scorecard
                do { card = try await runner.run(scenario, seed: chosen) } catch let error as GameDayError {
                    printError("error: \(error.description)")
                    throw ExitCode.failed
                }
                runs.append(card)
                if !card.passed { allAsIntended = false }
                if format == "text" && `repeat` == 1 { print(ScorecardRenderer.text(card, colour: colour)) }
            }
            cards += runs
            if `repeat` > 1 {
                let summary = RepeatSummary(runs)
                summaries.append(summary)
                if format == "text" { print(ScorecardRenderer.text(summary)) }
            }
        }
        if let reportFormat = ReportFormat(rawValue: format) {
            let text = ReportExporter.render(ScorecardSet(scorecards: cards, repeats: summaries, swarms: swarms), as: reportFormat)
            if let output {
                do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    printError("error: cannot write \(output): \(error.localizedDescription)")
                    throw ExitCode.failed
                }
            } else {
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            }
        }
        if !allAsIntended { throw ExitCode.failed }
    }
}
