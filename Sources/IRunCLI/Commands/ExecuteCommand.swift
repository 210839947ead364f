import Actions
import ArgumentParser
import AuditStore
import Engine
import Foundation
import Providers
import RunbookModel

/// `irun execute NAME|FILE`: runs a runbook, recording every step in the audit store.
struct ExecuteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Run a runbook against the simulated account (default) or AWS (--provider aws) and record it in the audit trail.",
        discussion: """
            Parameters are given as --param name=value; --instance ID is short for --param instance=ID.
            Fleet mode: several --instance flags, --instances-from FILE (one id per line, # comments)
            or --tag Key=Value run the runbook once per instance, as child runs of one parent run,
            --max-targets targets at a time (default 250), sharing AWS's request token buckets; no
            new targets start once more than --max-errors (N or N%) have failed. Every call waits
            for a token of its action's bucket, modelled on AWS's documented sizes (EC2: each
            action its own bucket, e.g. 50 calls at once then 5 a second for ModifyInstanceAttribute):
            a fleet spends the burst at once and only calls past it wait. irun uses --api-share of
            each bucket (default 100%) and slows an action down when AWS throttles it anyway;
            --pacing adaptive paces only after throttling. The targets' concurrent calls are merged
            where the API allows it, and their reads of the account's load balancers, target
            groups and Auto Scaling groups are shared.
            Every state change is committed to the audit store (--db, $IRUN_DB, see irun audit --help)
            before it is acted on. Ctrl-C stops starting steps, lets the ones in flight finish, and
            records the run as interrupted: continue it with `irun resume RUN`.
            --provider aws calls the real AWS APIs with the credentials, region and endpoint the
            AWS CLI would use (--region, --endpoint-url, --profile, AWS_* variables, ~/.aws);
            check them and the permissions first with `irun doctor --provider aws`.

            Exit codes: 0 succeeded, 1 failed (or invalid runbook), 2 usage error,
            3 waiting for approval (irun approve/deny), 4 interrupted (irun resume).
            """
    )

    @Argument(help: ArgumentHelp("A runbook name (e.g. ec2-quarantine) or file.", valueName: "runbook"))
    var runbook: String

    @Option(name: .customLong("instance"), help: ArgumentHelp("The instance to act on (same as --param instance=ID). Repeat for a fleet.", valueName: "id"))
    var instances: [String] = []

    @Option(name: .customLong("instances-from"), help: ArgumentHelp("A file of instance ids, one per line (fleet mode).", valueName: "file"))
    var instancesFile: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("Every instance with this tag (fleet mode), as Key=Value.", valueName: "Key=Value"))
    var tag: String?

    @Option(name: .customLong("max-errors"), help: ArgumentHelp("Fleet mode: stop starting targets once more than N (or N%) failed. Default: no limit.", valueName: "N|N%"))
    var maxErrors: String?

    @Option(name: .customLong("max-targets"), help: ArgumentHelp("Fleet mode: the most targets in flight at once (pacing, not this cap, protects the account's limits).", valueName: "n"))
    var maxTargets = 250

    @Option(name: .customLong("param"), help: ArgumentHelp("A runbook parameter, as name=value. Repeatable.", valueName: "name=value"))
    var parameters: [String] = []

    @Flag(name: .customLong("dry-run"), help: "Read through the provider and record what each mutating step would do; change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Simulated account only: replay exactly. The world's random draws come from N, its clock stops following the wall clock (a new world starts at its file's start time) and moves only when every step waits, one task runs at a time: the same world and seed give the same calls, events and times. Prints the call log's SHA-256.", valueName: "n"))
    var seed: UInt64?

    @OptionGroup var run: RunOptions
    @OptionGroup var store: AuditStoreOptions
    @OptionGroup var runbooks: RunbookDirectoryOptions

    func validate() throws {
        try RunLaunch.checkTargets(parameters: parameters, instances: instances, targetsGiven: isFleet || !instances.isEmpty)
        if let tag, !tag.contains("=") || tag.hasPrefix("=") {
            throw ValidationError("--tag '\(tag)' must be Key=Value, e.g. --tag Role=web.")
        }
        guard maxTargets >= 1 else { throw ValidationError("--max-targets must be at least 1.") }
        if let maxErrors, ErrorBudget(parsing: maxErrors) == nil {
            throw ValidationError("--max-errors '\(maxErrors)' must be a count like 3 or a share like 10%.")
        }
        if seed != nil, run.aws.chosen == "aws" {
            throw ValidationError("--seed replays the simulated account; AWS cannot be replayed. Drop --seed, or run against --provider mock.")
        }
    }

    /// Whether this is a fleet run (several targets, a file or a tag).
    var isFleet: Bool { instances.count > 1 || instancesFile != nil || tag != nil }

    /// `--instance` (single run) and `--param` as (name, text) pairs, in the order given.
    var givenParameters: [(name: String, text: String)] {
        RunLaunch.givenPairs(instance: instances.first, parameters: parameters, fleet: isFleet)
    }

    func run() async throws {
        let locator = runbooks.locator
        let (plan, path) = try RunbookPlans.plan(runbook, directory: runbooks, outcome: "nothing was run")
        let runID = RunLaunch.newRunID()
        var fileTargets: [String] = []
        if let instancesFile { fileTargets = try FleetTargets.read(instancesFile) }
        let values = try RunLaunch.bind(plan, runID: runID, instance: instances.first, parameters: parameters, fleet: isFleet)
        let session: RunSession
        do {
            // Credentials and region first: a run that cannot reach AWS records nothing.
            let provider = try await ProviderSelection.resolve(run.aws)
            let database = try store.open()
            session = try await RunSession(
                store: database, storePath: store.resolvedPath, options: run, provider: provider, worldsDirectories: locator.worldsDirectories, seed: seed
            )
        } catch let error as CLIError {
            printError("error: \(error.description)")
            throw ExitCode(error.exitCode)
        }
        let header = RunHeader(
            id: runID, runbookName: plan.runbook.name, runbookPath: path, runbookSHA256: ContentHash.sha256(plan.runbook.source.text),
            runbookText: plan.runbook.source.text, parameters: plan.runbook.redacting(values),
            mode: dryRun ? .dryRun : .live, provider: session.providerName, actor: RunLaunch.actor(run.actor), startedAt: session.clock.now,
            actingAs: session.actingAs
        )
        if isFleet {
            let (instances, files, tag, ec2) = (instances, fileTargets, tag, session.providers.ec2)
            let fleet = session.fleet(maxErrors: maxErrors.flatMap(ErrorBudget.init(parsing:)) ?? .percent(100), maxTargets: maxTargets)
            let outcome = try await session.replaying {
                let targets = try await FleetTargets.resolve(instances: instances, file: files, tag: tag, providers: ec2)
                return try await fleet.run(plan, parent: header.withFleet(targets), instances: targets, parameters: values, storedParameters: plan.runbook.redacting(values))
            }
            RunSession.summarize(outcome)
            await printDigest(session, runID: runID)
            throw RunSession.exitCode(for: outcome)
        }
        let executor = session.executor
        let outcome = try await session.replaying { try await executor.start(plan, header: header, parameters: values) }
        session.summarize(outcome)
        await printDigest(session, runID: runID)
        throw RunSession.exitCode(for: outcome)
    }

    /// `--seed`: the line two replays of one seed print alike.
    private func printDigest(_ session: RunSession, runID: String) async {
        guard let seed, let digest = await session.callLogDigest(runID: runID) else { return }
        printError("  seed \(seed): call log sha256 \(digest)")
    }
}
