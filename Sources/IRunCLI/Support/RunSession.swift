import AWSClient
import Actions
import ArgumentParser
import AuditStore
import Dispatch
import Engine
import Foundation
import GameDay
import MockAWS
import Providers
import RunbookModel

/// Options shared by the commands that run steps: `execute`, `resume`, `approve`, `deny`.
struct RunOptions: ParsableArguments {
    @Flag(name: .customLong("yes"), help: "Approve every approval gate up front (for automation); recorded as approved by --actor.")
    var yes = false

    @Option(help: ArgumentHelp("Who is running and approving (default: $IRUN_ACTOR, else the OS user).", valueName: "name"))
    var actor: String?

    @Option(name: .customLong("max-concurrency"), help: ArgumentHelp("The most steps running at once.", valueName: "n"))
    var maxConcurrency = 8

    @OptionGroup var aws: ProviderOptions

    @Option(help: ArgumentHelp("The simulated world (a file or a name in Runbooks/worlds; default: the built-in default world).", valueName: "world"))
    var world: String?

    @Option(help: ArgumentHelp("Progress output: text (default) or json (one event per line).", valueName: "format"))
    var output = "text"

    @Option(help: ArgumentHelp("Pace AWS calls by the account's token buckets from the first call (buckets, default), or only once AWS throttles an action (adaptive; for raised limits).", valueName: "buckets|adaptive"))
    var pacing: String = FleetPacing.tokenBuckets.rawValue

    @Option(name: .customLong("api-share"), help: ArgumentHelp("The share of each AWS request bucket (its burst and its refill) irun may use; the rest is left to other tools on the account. Default: 100%: a quarantine is the most urgent work on the account.", valueName: "percent"))
    var apiShare: String = "100%"

    /// `--api-share` as a fraction: `50%` or `50` → 0.5; `nil` outside `(0, 100]`.
    var share: Double? {
        guard let percent = Double(apiShare.hasSuffix("%") ? String(apiShare.dropLast()) : apiShare), percent > 0, percent <= 100 else { return nil }
        return percent / 100
    }

    func validate() throws {
        guard maxConcurrency >= 1 else { throw ValidationError("--max-concurrency must be at least 1.") }
        guard output == "text" || output == "json" else { throw ValidationError("--output must be text or json, not '\(output)'.") }
        guard FleetPacing(rawValue: pacing) != nil else { throw ValidationError("--pacing must be buckets or adaptive, not '\(pacing)'.") }
        guard share != nil else {
            throw ValidationError("--api-share '\(apiShare)' must be a percentage above 0 and at most 100, e.g. --api-share 50%.")
        }
        if aws.chosen == "aws", world != nil {
            throw ValidationError("--world picks a simulated world; it does not apply to --provider aws.")
        }
    }
}

/// Everything a run needs from the command line: the store, the provider (the simulated
/// account or the AWS client), the executor with live progress and Ctrl-C handling.
struct RunSession {
    let store: AuditDatabase
    /// The simulated account, when the provider is `mock`.
    let account: SimulatedAccount?
    /// The services every step calls, paced by ``pacer``.
    let providers: AWSProviders
    /// The services unpaced, for a fleet (which paces its own merged calls with ``pacer``).
    private let backend: AWSProviders
    /// The process's pacing and call counts, shared by every run it starts.
    let pacer: CallPacing
    /// The run's clock: the simulated account's, or the system clock for AWS.
    let clock: any ProviderClock
    let executor: Executor
    /// What the run header records: `mock`, or `aws <region>` (with the endpoint's host when overridden).
    let providerName: String
    /// Who the run's AWS calls act as (an assumed role's ARN), for the run header; never keys.
    var actingAs: String? { executor.options.actingAs }
    let options: RunOptions
    /// What the executor records into: the store, or the store committing in place for a seeded run.
    let recorder: any RunRecorder
    private let signals: any DispatchSourceSignal

    /// Opens the provider: the simulated account saved next to the store, or the AWS client.
    ///
    /// - Parameters:
    ///   - store: The audit store.
    ///   - storePath: Its path (the simulated account is kept in its directory).
    ///   - options: The command line.
    ///   - provider: The provider resolved (before anything was recorded) with ``ProviderSelection/resolve(_:environment:)``.
    ///   - worldsDirectories: Where named worlds live, searched in order.
    ///   - seed: `--seed`: the simulated account replays exactly (see ``replaying(_:)``).
    /// - Throws: ``CLIError`` for an unreadable world.
    init(store: AuditDatabase, storePath: String, options: RunOptions, provider: ProviderSelection, worldsDirectories: [String], seed: UInt64? = nil) async throws {
        // Every run this process begins or continues is leased to it, and kept alive by a heartbeat.
        let store = store.owner == nil ? store.driving(as: .thisProcess(actor: RunLaunch.actor(options.actor))) : store
        Self.keepLeasesAlive(store)
        switch provider {
        case .mock:
            let directory = URL(fileURLWithPath: storePath).deletingLastPathComponent()
            let account = try SimulatedAccount.open(world: options.world, worldsDirectories: worldsDirectories, storeDirectory: directory, seed: seed)
            try await account.persist()
            self.account = account
            self.backend = AWSProviders(account.aws)
            self.clock = account.clock
        case .aws(let client, _):
            self.account = nil
            self.backend = AWSProviders(client)
            self.clock = SystemClock()
        }
        pacer = CallPacing(clock: clock, pacing: FleetPacing(rawValue: options.pacing) ?? .tokenBuckets, share: options.share ?? 1)
        // A single run against AWS reuses the reads its steps repeat about its instance, as a fleet
        // does; the simulated account's calls cost nothing, so a single run there keeps one call
        // per request and its call log reads as the steps made them.
        providers = RequestPipeline.paced(backend: backend, clock: clock, pacer: pacer, merging: account == nil, linger: .zero).providers
        var execution = ExecutionOptions(maxConcurrency: options.maxConcurrency, autoApprove: options.yes, actor: RunLaunch.actor(options.actor), clock: clock)
        execution.actingAs = provider.actingAs
        if let seed { execution.jitterSeed = seed }
        let interrupt = InterruptSignal()
        self.store = store
        recorder = account?.simulation == nil ? store : SynchronousAuditRecorder(store)
        self.providerName = provider.headerName
        self.options = options
        self.executor = Executor(
            registry: BuiltinActions.registry, recorder: recorder, providers: providers,
            options: execution,
            observer: ProgressPrinter(style: ProgressPrinter.style(json: options.output == "json")), interrupt: interrupt
        )
        signals = Self.handleInterrupts(interrupt)
    }

    /// Renews this process's leases until it exits, so no other process takes its runs over.
    private static func keepLeasesAlive(_ store: AuditDatabase) {
        Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: RunLeases.heartbeatEvery)
                do { try await store.renewLeases() } catch {
                    printError("warning: could not renew this process's run leases (\(error)); another process may take its runs over after \(Int(RunLeases.staleAfter)) s")
                }
            }
        }
    }

    /// A fleet runner sharing this session's store, provider, progress output and Ctrl-C handling.
    ///
    /// The targets' concurrent calls are merged where the API allows it (fewer calls, same
    /// answers), on AWS and on the simulated account alike; a merged call that a fault rule
    /// aimed at one resource fails is retried request by request, so each target still gets
    /// the answer it would have got alone.
    func fleet(maxErrors: ErrorBudget, maxTargets: Int) -> FleetRunner {
        FleetRunner(
            registry: executor.registry, recorder: recorder, providers: backend,
            options: executor.options,
            observer: executor.observer, interrupt: executor.interrupt, maxConcurrentTargets: maxTargets, errorBudget: maxErrors,
            // Merging waits for company on tasks of its own, which a seeded run's clock cannot see.
            batchCalls: account?.simulation == nil, pacer: pacer
        )
    }

    /// Runs `body` — a run on this session — so that it replays exactly when the session is
    /// seeded: every task on one executor, one task at a time, time moving only when all of
    /// them wait. Otherwise it just runs it.
    func replaying<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        guard let clock = account?.simulation else { return try await body() }
        return try await SimulationExecutor.run(clock: clock, body)
    }

    /// For a seeded run: the SHA-256 of the simulated account's call log (the run's id written
    /// as `RUN`), equal for two runs exactly when they made the same calls at the same times.
    func callLogDigest(runID: String) async -> String? {
        guard let account, account.simulation != nil else { return nil }
        return CallLogDigest.sha256(of: await account.aws.calls, runID: runID)
    }

    /// Prints a fleet's closing summary: one line per target, then the counts.
    static func summarize(_ outcome: FleetOutcome) {
        for target in outcome.targets {
            printError("  \(target.instance.padding(toLength: 22, withPad: " ", startingAt: 0)) \(target.statusText.padding(toLength: 17, withPad: " ", startingAt: 0)) \(target.runID ?? "-")\(target.failure.map { "  \($0)" } ?? "")")
        }
        let counts = Dictionary(grouping: outcome.targets, by: \.statusText).mapValues(\.count).sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        printError("fleet \(outcome.parentRunID) \(outcome.status.rawValue): \(outcome.targets.count) targets — \(counts.joined(separator: ", ")); \(callSummary(outcome.sentCalls)), \(outcome.throttledCalls) throttled")
        if outcome.status == .interrupted { printError("continue every unfinished target with: irun resume \(outcome.parentRunID)") }
    }

    /// First Ctrl-C: stop starting steps, let in-flight calls finish, record the run as interrupted.
    /// Second: quit at once.
    private static func handleInterrupts(_ interrupt: InterruptSignal) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if interrupt.isInterrupted { Foundation.exit(130) }
            interrupt.interrupt()
            printError("interrupting: no new steps start; the ones in flight finish (Ctrl-C again to quit now)")
        }
        source.resume()
        return source
    }

    /// The exit code for an outcome: 0 succeeded, 1 failed or compensated, 3 waiting for approval, 4 interrupted.
    static func exitCode(for outcome: FleetOutcome) -> ExitCode {
        switch outcome.status {
        case .succeeded: .success
        case .interrupted: .interrupted
        default: .failed
        }
    }

    static func exitCode(for outcome: RunOutcome) -> ExitCode {
        switch outcome.status {
        case .succeeded: .success
        case .waitingApproval: .waitingApproval
        case .interrupted: .interrupted
        case .running, .failed, .compensated: .failed
        }
    }

    /// `12 AWS calls (ec2 9, autoscaling 1, elbv2 2)`.
    static func callSummary(_ calls: [AWSService: Int]) -> String {
        let parts = calls.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
        return "\(calls.values.reduce(0, +)) AWS calls" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }

    /// Prints a run's closing summary, with the calls this process sent for it.
    func summarize(_ outcome: RunOutcome) {
        Self.summarize(outcome)
        printError("  \(Self.callSummary(pacer.metrics.sentByService)), \(pacer.metrics.throttled) throttled")
    }

    /// Prints the closing summary on standard error (progress went to standard output).
    static func summarize(_ outcome: RunOutcome) {
        switch outcome.status {
        case .succeeded: printError("run \(outcome.runID) succeeded. Report: irun status \(outcome.runID)")
        case .waitingApproval:
            let steps = outcome.waitingForApproval.joined(separator: ", ")
            printError("run \(outcome.runID) is waiting for approval of \(steps): irun approve \(outcome.runID) \(outcome.waitingForApproval[0]) [--reason …] or irun deny …")
        case .interrupted: printError("run \(outcome.runID) interrupted: irun resume \(outcome.runID)")
        case .failed, .compensated, .running:
            printError("run \(outcome.runID) \(outcome.status.rawValue): \(outcome.failure ?? "see irun status \(outcome.runID)")")
        }
    }
}
