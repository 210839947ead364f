import Actions
import ArgumentParser
import AuditStore
import Engine
import Foundation
import RunbookModel

/// `irun resume RUN`: continues an interrupted run, a run waiting for approval, or a run cut off by a crash.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an interrupted or crashed run (or one waiting for approval) from where it stopped.",
        discussion: """
            Steps recorded as finished are not run again. A mutating step that was started but not
            recorded as finished is reconciled, which means irun re-reads the resource through the
            provider and either records it as done or runs it again (every action is idempotent).
            The run uses the runbook text recorded when it started, not the file as it is now.
            Secret parameters are not stored: give them again with --param.

            RUN may be a fleet's parent: every child still open is resumed, every target never
            started is started, under the --max-errors, --max-targets, --pacing and --api-share
            the fleet was started with, and the parent ends with the fleet's outcome. A child
            resumes alone too.

            One process drives a run at a time. A run another live process drives is refused,
            naming that process; one whose process is gone (killed, crashed: its pid no longer
            exists on this host, or it sent no heartbeat for 30 s) is taken over, and the
            takeover is recorded in the audit trail.
            """
    )

    @Argument(help: ArgumentHelp("The run id (or a unique prefix of it).", valueName: "run"))
    var runID: String

    @Option(name: .customLong("param"), help: ArgumentHelp("A secret parameter's value, as name=value (secrets are never stored).", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var run: RunOptions
    @OptionGroup var store: AuditStoreOptions
    @OptionGroup var runbooks: RunbookDirectoryOptions

    func validate() throws {
        try RunLaunch.checkPairs(parameters)
    }

    func run() async throws {
        guard let database = try store.openExisting() else {
            printError("error: \(store.missingMessage)")
            throw ExitCode.failed
        }
        let prepared = try await Self.prepare(runID, database: database, secrets: RunLaunch.pairs(parameters))
        do {
            if prepared.stored.header.parentRunID == nil, let fleet = FleetPlan(startedPayload: prepared.stored.events.first?.payload ?? .null) {
                let outcome = try await resumeFleet(prepared, fleet: fleet, database: database)
                RunSession.summarize(outcome)
                throw RunSession.exitCode(for: outcome)
            }
            let outcome = try await Self.resume(prepared, database: database, store: store, run: run, runbooks: runbooks)
            RunSession.summarize(outcome)
            throw RunSession.exitCode(for: outcome)
        } catch let error as AuditStoreError where error.code == .runLeased {
            printError("error: \(error.message); wait for it to finish, or stop it, then run irun resume \(prepared.stored.header.id) again")
            throw ExitCode.failed
        } catch let error as ResumeError {
            printError("error: \(error.message)")
            throw ExitCode.failed
        }
    }

    /// Continues a fleet: every open child from where it stopped, every target never started,
    /// under the error budget, concurrency and pacing the fleet was started with.
    private func resumeFleet(_ prepared: Prepared, fleet: FleetPlan, database: AuditDatabase) async throws -> FleetOutcome {
        var run = self.run
        run.pacing = fleet.pacing.rawValue
        run.apiShare = "\(fleet.apiShare * 100)%"
        let provider = try await Self.provider(for: prepared, run: run)
        let session = try await Self.session(database, provider: provider, store: store, run: run, runbooks: runbooks)
        let parent = prepared.stored.header
        var children: [String: StoredRun] = [:]
        for target in fleet.targets {
            if let child = try await database.run("\(parent.id).\(target)") { children[target] = child }
        }
        var shared = prepared.parameters, stored = parent.parameters
        shared["fleet"] = nil
        stored["fleet"] = nil
        return try await session.fleet(maxErrors: fleet.errorBudget, maxTargets: fleet.maxConcurrentTargets)
            .resume(prepared.plan, parent: prepared.stored, targets: fleet.targets, children: children, parameters: shared, storedParameters: stored)
    }

    /// A stored run ready to continue: its plan rebuilt from the recorded text, its parameters complete.
    struct Prepared {
        var stored: StoredRun
        var plan: Plan
        var parameters: [String: Value]
    }

    /// Loads a stored run and checks it can continue: still open, its runbook still valid, secrets given.
    ///
    /// - Throws: ``ExitCode`` after printing what is wrong and how to fix it.
    static func prepare(_ reference: String, database: AuditDatabase, secrets: [(name: String, text: String)], requireSecrets: Bool = true) async throws -> Prepared {
        let id: String
        do { id = try await database.runID(matching: reference) } catch {
            printError("error: \(error)")
            throw ExitCode.failed
        }
        guard let stored = try await database.run(id) else { throw ExitCode.failed }
        guard stored.status.isOpen else {
            printError("error: run \(id) already ended (\(stored.status.rawValue)); nothing to resume. See irun status \(id).")
            throw ExitCode.failed
        }
        let header = stored.header
        let compilation = RunbookCompiler.compile(text: header.runbookText, path: header.runbookPath, catalog: BuiltinActions.catalog)
        guard let plan = compilation.plan, compilation.isValid else {
            printError("error: the runbook recorded with run \(id) no longer validates with this irun:")
            var printer = DiagnosticPrinter()
            for diagnostic in compilation.errors { printError(printer.render(diagnostic)) }
            throw ExitCode.failed
        }
        var values = header.parameters
        let secretNames = Set(plan.runbook.parameters.filter(\.secret).map(\.name))
        for (name, text) in secrets {
            guard secretNames.contains(name) else {
                printError("error: --param \(name): only secret parameters are given again on resume (secret here: \(secretNames.isEmpty ? "none" : secretNames.sorted().joined(separator: ", ")))")
                throw ExitCode.usage
            }
            values[name] = .string(text)
        }
        let missing = secretNames.filter { values[$0] == RunHeader.redacted }.sorted()
        guard missing.isEmpty || !requireSecrets else {
            printError("error: secret parameters are not stored; give them again: \(missing.map { "--param \($0)=…" }.joined(separator: " "))")
            throw ExitCode.usage
        }
        return Prepared(stored: stored, plan: plan, parameters: values)
    }

    /// The provider to continue a run with: the one chosen on the command line, which must be
    /// the one the run was recorded with (a run in AWS never continues against the simulated
    /// account, nor in another region).
    ///
    /// - Throws: ``ExitCode`` after printing the AWS client's error (1) or the mismatch (2).
    static func provider(for prepared: Prepared, run: RunOptions) async throws -> ProviderSelection {
        do {
            let provider = try await ProviderSelection.resolve(run.aws)
            if let problem = provider.mismatch(with: prepared.stored.header.provider) {
                throw CLIError("run \(prepared.stored.header.id): \(problem).", exitCode: ExitCode.usage.rawValue)
            }
            return provider
        } catch let error as CLIError {
            printError("error: \(error.description)")
            throw ExitCode(error.exitCode)
        }
    }

    /// Continues a prepared run.
    ///
    /// - Parameter resolved: The provider, when the caller resolved it already (its keys, a role assumed, are reused).
    static func resume(
        _ prepared: Prepared, database: AuditDatabase, store: AuditStoreOptions, run: RunOptions, runbooks: RunbookDirectoryOptions,
        provider resolved: ProviderSelection? = nil
    ) async throws -> RunOutcome {
        let provider = if let resolved { resolved } else { try await provider(for: prepared, run: run) }
        let session = try await session(database, provider: provider, store: store, run: run, runbooks: runbooks)
        // The executor reads the run again once it holds it: an approval recorded since `prepare` is seen.
        return try await session.executor.resume(prepared.stored, plan: prepared.plan, parameters: prepared.parameters)
    }

    /// Opens the provider for continuing a run.
    ///
    /// - Throws: ``ExitCode`` after printing why (an unreadable world).
    static func session(
        _ database: AuditDatabase, provider: ProviderSelection, store: AuditStoreOptions, run: RunOptions, runbooks: RunbookDirectoryOptions
    ) async throws -> RunSession {
        do {
            return try await RunSession(store: database, storePath: store.resolvedPath, options: run, provider: provider, worldsDirectories: runbooks.locator.worldsDirectories)
        } catch let error as CLIError {
            printError("error: \(error.description)")
            throw ExitCode(error.exitCode)
        }
    }
}
