import Actions
import ArgumentParser
import AuditStore
import Engine
import Foundation
import Logging
import RunbookModel
import Service

/// `irun serve`: findings in (EventBridge → `POST /v1/events`), containment out, a console.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Take GuardDuty and Security Hub findings over HTTP, run the runbooks rules choose, and serve a console.",
        discussion: """
            Listens on --listen (default 127.0.0.1:8433, loopback: put a TLS reverse proxy in front
            to expose it). EventBridge posts findings to POST /v1/events through an API destination
            whose connection sends an ingest token (irun token create eventbridge --role ingest) as
            `Authorization: Bearer …`; every event is committed to the audit store before the 202.
            --rules FILE says which findings run which runbook and how (auto, approve, dry-run,
            notify, ignore; see Runbooks/rules/example.yaml; irun validate checks it). Without it, a
            high or critical Backdoor:EC2/*, Trojan:EC2/* or CryptoCurrency:EC2/* finding whose
            instance is the actor is quarantined at once with ec2-quarantine; every other finding
            is recorded for the console. Breakers turn automatic containment into runs whose
            changes wait for a responder after 20 in 10 minutes (10 per account); an instance
            tagged irun:exempt=true is never acted on; POST /v1/pause stops intake. The same delivery,
            the same finding, or another finding for a target whose run is open or started within
            the hour never starts a second run. Runs go to the simulated account (default) or AWS
            (--provider aws), as with irun execute.
            The console is GET / (sign in with a viewer or responder token); the API is
            GET /v1/runs, GET /v1/runs/{id}, POST /v1/runs/{id}/approvals/{step}, GET /v1/findings;
            /healthz and /metrics need no token. SIGTERM or Ctrl-C stops accepting, lets requests
            and AWS calls in flight finish, and records open runs as interrupted; the next
            `irun serve` continues them, and starts any run that was decided but not begun.
            """
    )

    @Option(help: ArgumentHelp("Where to listen, HOST:PORT (port 0 picks a free one).", valueName: "host:port"))
    var listen = "127.0.0.1:8433"

    @Option(help: ArgumentHelp("A rules file: which findings run which runbook, how (auto, approve, dry-run, notify, ignore), with which parameters; breakers; the exempt tag. Default: the built-in rules.", valueName: "file"))
    var rules: String?

    @Option(name: .customLong("role-template"), help: ArgumentHelp("With --provider aws: act in each finding's own account and region by assuming this role, {account} replaced by the finding's account, e.g. arn:aws:iam::{account}:role/irun-responder. Without it, every run acts in the account and region of the command line's credentials.", valueName: "arn"))
    var roleTemplate: String?

    @Flag(name: .customLong("two-person"), help: "The two-person rule: whoever started a run (the --actor of irun execute) may not approve or deny its gates through irun serve.")
    var twoPerson = false

    @OptionGroup var run: RunOptions
    @OptionGroup var store: AuditStoreOptions
    @OptionGroup var runbooks: RunbookDirectoryOptions

    /// The runbook name of a server's own run, whose events are the findings it took.
    static let intakeRunbook = "irun-serve"

    var address: (host: String, port: Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func validate() throws {
        guard address != nil else { throw ValidationError("--listen '\(listen)' must be HOST:PORT, e.g. --listen 127.0.0.1:8433.") }
        if let roleTemplate {
            guard run.aws.chosen == "aws" else { throw ValidationError("--role-template needs --provider aws: the simulated account is a single account.") }
            guard roleTemplate.contains("{account}"), roleTemplate.hasPrefix("arn:aws"), roleTemplate.contains(":role/") else {
                throw ValidationError("--role-template '\(roleTemplate)' must be a role ARN with {account} in it, e.g. arn:aws:iam::{account}:role/irun-responder.")
            }
            guard run.aws.roleARN == nil else { throw ValidationError("give --role-template or --role-arn, not both: the template names the role in each finding's account.") }
        }
    }

    func run() async throws {
        guard let (host, port) = address else { throw ExitCode.usage }
        let locator = runbooks.locator
        var responseRules = ResponseRules.builtIn
        if let rules {
            let (loaded, diagnostics) = RulesLoader.load(path: rules) { (try? locator.path(for: $0)) != nil }
            var printer = DiagnosticPrinter()
            for diagnostic in diagnostics { printError(printer.render(diagnostic)) }
            guard let loaded else {
                printError("\(rules): invalid rules file; not serving.")
                throw ExitCode.failed
            }
            responseRules = loaded
        }
        var logger = Logger(label: "irun.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .info
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            logger.warning("listening on \(host): irun serve speaks plain HTTP; put a TLS reverse proxy in front of it")
        }
        let session: RunSession
        do {
            let provider = try await ProviderSelection.resolve(run.aws)
            session = try await RunSession(store: try store.open(), storePath: store.resolvedPath, options: run, provider: provider, worldsDirectories: runbooks.locator.worldsDirectories)
        } catch let error as CLIError {
            printError("error: \(error.description)")
            throw ExitCode(error.exitCode)
        }
        let intakeRunID = "serve-" + RunLaunch.newRunID()
        let header = RunHeader(
            id: intakeRunID, runbookName: Self.intakeRunbook, runbookPath: "irun serve", runbookSHA256: ContentHash.sha256(""), runbookText: "",
            parameters: ["listen": .string(listen)], mode: .live, provider: session.providerName, actor: "irun serve", startedAt: Date(), actingAs: session.actingAs
        )
        try await session.store.begin(header, with: RunEvent(runID: intakeRunID, time: header.startedAt, .runStarted(header.started)))
        var opener: ServeRunControl.Opener?
        if let roleTemplate {
            nonisolated(unsafe) let base = run
            let storePath = store.resolvedPath, worlds = locator.worldsDirectories, database = session.store
            opener = { account, region in
                // The role in the finding's account, in the finding's region, with the command line's own credentials as the source.
                var options = base
                options.aws.roleARN = roleTemplate.replacingOccurrences(of: "{account}", with: account)
                options.aws.region = region
                let provider = try await ProviderSelection.resolve(options.aws)
                return ServeRunControl.Driving(try await RunSession(store: database, storePath: storePath, options: options, provider: provider, worldsDirectories: worlds))
            }
        }
        let calls = session.pacer.metrics
        let metrics = ServiceMetrics(calls: { (calls.sentByOperation, calls.throttledByOperation) })
        let control = ServeRunControl(session: session, opener: opener, locator: locator, rules: responseRules, intakeRunID: intakeRunID, metrics: metrics, twoPersonRule: twoPerson, logger: logger)
        await control.recover()
        let server = ResponderServer(
            host: host, port: port, store: session.store,
            triage: FindingTriage(rules: responseRules.rules, breakers: responseRules.breakers, targetWindow: responseRules.targetWindow, newRunID: { RunLaunch.newRunID() }),
            control: control, intakeRunID: intakeRunID, intakeSwitch: try await IntakeSwitch(store: session.store), metrics: metrics,
            catalog: BuiltinActions.catalog, logger: logger
        )
        try await server.run { port in
            FileHandle.standardOutput.write(Data("irun serve listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port) (run \(intakeRunID))\n".utf8))
        }
        try await session.store.append([RunEvent(runID: intakeRunID, time: Date(), .runFinished(RunEnded(status: .succeeded)))])
        logger.info("irun serve stopped")
    }
}
