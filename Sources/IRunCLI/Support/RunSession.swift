import Actions
import ArgumentParser
import AuditStore
import Dispatch
import Engine
import Foundation
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

    @Option(help: ArgumentHelp("The AWS provider: mock (the simulated account, default). aws arrives with the AWS client.", valueName: "mock"))
    var provider = "mock"

    @Option(help: ArgumentHelp("The simulated world (a file or a name in Runbooks/worlds; default: the built-in default world).", valueName: "world"))
    var world: String?

    @Option(help: ArgumentHelp("Progress output: text (default) or json (one event per line).", valueName: "format"))
    var output = "text"

    func validate() throws {
        guard maxConcurrency >= 1 else { throw ValidationError("--max-concurrency must be at least 1.") }
        guard output == "text" || output == "json" else { throw ValidationError("--output must be text or json, not '\(output)'.") }
        guard provider == "mock" else {
            throw ValidationError("--provider '\(provider)': only 'mock' (the simulated account) is available in this build; the AWS client arrives with issue #6.")
        }
    }
}

/// Everything a run needs from the command line: the store, the simulated account, the
/// executor with live progress and Ctrl-C handling.
struct RunSession {
    let store: AuditDatabase
    let account: SimulatedAccount
    let executor: Executor
    let providerName: String
    let options: RunOptions
    private let signals: any DispatchSourceSignal

    init(store: AuditDatabase, storePath: String, options: RunOptions, worldsDirectory: String) async throws {
        let directory = URL(fileURLWithPath: storePath).deletingLastPathComponent()
        let account = try SimulatedAccount.open(world: options.world, worldsDirectory: worldsDirectory, storeDirectory: directory)
        try await account.persist()
        let interrupt = InterruptSignal()
        self.store = store
        self.account = account
        self.providerName = "mock"
        self.options = options
        self.executor = Executor(
            registry: BuiltinActions.registry, recorder: store, providers: AWSProviders(account.aws),
            options: ExecutionOptions(maxConcurrency: options.maxConcurrency, autoApprove: options.yes, actor: RunLaunch.actor(options.actor), clock: account.clock),
            observer: ProgressPrinter(style: ProgressPrinter.style(json: options.output == "json")), interrupt: interrupt
        )
        signals = Self.handleInterrupts(interrupt)
    }

    /// A fleet runner sharing this session's store, account, progress output and Ctrl-C handling.
    func fleet(maxErrors: ErrorBudget) -> FleetRunner {
        FleetRunner(
            registry: executor.registry, recorder: store, providers: AWSProviders(account.aws),
            options: ExecutionOptions(maxConcurrency: 8, autoApprove: options.yes, actor: RunLaunch.actor(options.actor), clock: account.clock),
            observer: executor.observer, interrupt: executor.interrupt, maxConcurrentTargets: options.maxConcurrency, errorBudget: maxErrors
        )
    }

    /// Prints a fleet's closing summary: one line per target, then the counts.
    static func summarize(_ outcome: FleetOutcome) {
        for target in outcome.targets {
            printError("  \(target.instance.padding(toLength: 22, withPad: " ", startingAt: 0)) \(target.status.padding(toLength: 17, withPad: " ", startingAt: 0)) \(target.runID ?? "-")\(target.failure.map { "  \($0)" } ?? "")")
        }
        let counts = Dictionary(grouping: outcome.targets, by: \.status).mapValues(\.count).sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        printError("fleet \(outcome.parentRunID) \(outcome.status.rawValue): \(outcome.targets.count) targets — \(counts.joined(separator: ", ")); \(outcome.throttledCalls) throttled calls")
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
    static func exitCode(for outcome: RunOutcome) -> ExitCode {
        switch outcome.status {
        case .succeeded: .success
        case .waitingApproval: .waitingApproval
        case .interrupted: .interrupted
        case .running, .failed, .compensated: .failed
        }
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
