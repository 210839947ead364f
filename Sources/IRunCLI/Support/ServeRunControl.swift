import Actions
import AuditStore
import Engine
import Foundation
import Logging
import Providers
import RunbookModel
import Service
import Synchronization

/// How `irun serve` drives runs: the command line's session (provider, executor, progress) for
/// every run its findings start, and the resume path a responder's decision takes.
final class ServeRunControl: RunControl {
    /// What runs need of a command line session: the store, and an executor acting in one
    /// account and region.
    struct Driving: Sendable {
        let store: AuditDatabase
        let executor: Executor
        let providers: AWSProviders
        let clock: any ProviderClock
        let providerName: String
        let actingAs: String?

        init(_ session: RunSession) {
            (store, executor, providers, clock, providerName, actingAs) = (session.store, session.executor, session.providers, session.clock, session.providerName, session.actingAs)
        }
    }

    /// Opens the session for a finding's account and region (`--role-template`); `nil` acts
    /// everywhere through the command line's own session (the simulated account, or one AWS account).
    typealias Opener = @Sendable (_ account: String, _ region: String) async throws -> Driving

    private let session: Driving
    private let opener: Opener?
    private let sessions = Mutex<[String: Driving]>([:])
    private let locator: RunbookLocator
    private let logger: Logger
    private let intakeRunID: String
    private let rules: ResponseRules
    private let metrics: ServiceMetrics
    /// Whether who started a run may not decide its gates.
    private let twoPersonRule: Bool
    private let tasks = Mutex<[Task<Void, Never>]>([])
    /// An instance carrying this tag is never acted on automatically.
    private var exemptTag: Tag { Tag(key: rules.exemptTag.key, value: rules.exemptTag.value) }

    init(session: RunSession, opener: Opener? = nil, locator: RunbookLocator, rules: ResponseRules, intakeRunID: String, metrics: ServiceMetrics, twoPersonRule: Bool = false, logger: Logger) {
        self.twoPersonRule = twoPersonRule
        self.opener = opener
        self.rules = rules
        self.metrics = metrics
        self.intakeRunID = intakeRunID
        self.session = Driving(session)
        self.locator = locator
        self.logger = logger
    }

    /// The actor a run started for a finding is recorded with.
    static func actor(rule: String?) -> String { "irun serve" + (rule.map { " (rule \($0))" } ?? "") }

    func start(_ plan: FindingPlan) async {
        let task = Task { await self.begin(plan) }
        tasks.withLock { $0.append(task) }
    }

    /// Where a finding's run acts: its own account and region through the role template, else
    /// the command line's session.
    private func driving(account: String, region: String) async throws -> Driving {
        guard let opener else { return session }
        let key = "\(account)/\(region)"
        if let open = sessions.withLock({ $0[key] }) { return open }
        let opened = try await opener(account, region)
        sessions.withLock { $0[key] = opened }
        return opened
    }

    private func begin(_ decision: FindingPlan) async {
        guard let runbook = decision.runbook, let runID = decision.runID else { return }
        let session: Driving
        do { session = try await driving(account: decision.finding.account, region: decision.finding.region) } catch {
            logger.error("run \(runID) for finding \(decision.finding.key): cannot act in account \(decision.finding.account), \(decision.finding.region): \(error)")
            return
        }
        // The simulated account's clock moves only as runs wait; a server's runs start at the wall clock's time.
        (session.clock as? TimelineClock)?.catchUp(to: Date())
        do {
            let path = try locator.path(for: runbook)
            let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
            guard let plan = compilation.plan, compilation.isValid else {
                logger.error("rule \(decision.rule ?? "-"): runbook \(path) is invalid; finding \(decision.finding.key) not acted on")
                return
            }
            if let instance = decision.finding.instance, try await isExempt(instance, in: session) {
                try await session.store.redecide(decision.finding.key, decision: .exempt, reason: "\(instance) carries \(exemptTag.key)=\(exemptTag.value): not acted on",
                                                 intakeRunID: intakeRunID, at: Date())
                logger.info("finding \(decision.finding.key): \(instance) is exempt; run \(runID) not started")
                return
            }
            // The rule's parameters, evaluated over the finding; `instance` and `case` unless it sets them.
            var texts: [String: String] = [:]
            if let instance = decision.finding.instance, plan.runbook.parameter(named: "instance") != nil { texts["instance"] = instance }
            if plan.runbook.parameter(named: "case") != nil { texts["case"] = Self.caseName(decision.finding) }
            let scope = ResponseRule.scope(of: decision.finding)
            for (name, template) in rules.rule(named: decision.rule)?.parameters ?? [:] { texts[name] = template.evaluate(in: scope).interpolated }
            let given = texts.sorted { $0.key < $1.key }.map { (name: $0.key, text: $0.value) }
            let values = try ParameterBinding.bind(given, to: plan.runbook, scope: ExpressionScope(roots: ["run": ["id": .string(runID)]]), flag: { "rule parameter \($0)" })
            var stored = plan.runbook.redacting(values)
            let finding = decision.finding
            stored["finding"] = .object([
                "key": .string(finding.key), "source": .string(finding.source.rawValue), "type": .string(finding.type), "severity": .string(finding.severity.rawValue),
                "account": .string(finding.account), "region": .string(finding.region),
            ])
            let header = RunHeader(
                id: runID, runbookName: plan.runbook.name, runbookPath: path, runbookSHA256: ContentHash.sha256(plan.runbook.source.text),
                runbookText: plan.runbook.source.text, parameters: stored, mode: decision.decision == .startedDryRun ? .dryRun : .live,
                provider: session.providerName, actor: Self.actor(rule: decision.rule), startedAt: session.clock.now, actingAs: session.actingAs,
                changesNeedApproval: decision.decision == .startedForApproval || decision.decision == .capped
            )
            let outcome = try await session.executor.start(plan, header: header, parameters: values)
            logger.info("run \(runID) (\(plan.runbook.name) for \(finding.instance ?? "-")): \(outcome.status.rawValue)")
            if header.changesNeedApproval, outcome.status == .waitingApproval {
                // What approving would change, for the responder at the gate: the same runbook,
                // parameters and world in dry-run mode — reads only, every change recorded as planned.
                var dry = header
                dry.id = Self.planRunID(for: runID)
                dry.mode = .dryRun
                dry.changesNeedApproval = false
                dry.actor = "irun serve (plan of \(runID))"
                dry.startedAt = session.clock.now
                let planned = try await session.executor.start(plan, header: dry, parameters: values)
                logger.info("run \(dry.id): what approving \(runID) would change (\(planned.status.rawValue))")
            }
            await recordContainment(runID)
        } catch {
            logger.error("run \(runID) for finding \(decision.finding.key) could not start: \(error)")
        }
    }

    /// Feeds the time-to-contain histogram: from the run's start (the moment the finding was
    /// decided) to the end of its last successful `ec2.isolate` step, read from the step projection.
    private func recordContainment(_ id: String) async {
        guard let at = try? await session.store.containedAt(runs: [id])[id], let run = try? await session.store.summary(ofRun: id) else { return }
        metrics.contained(after: at.timeIntervalSince(run.startedAt))
    }

    /// Whether the instance carries the exempt tag, read when its run is about to start (the
    /// tag may have been set since the finding arrived). An instance that cannot be read is not
    /// exempt: the runbook's own capture step reports it.
    private func isExempt(_ instance: String, in session: Driving) async throws -> Bool {
        guard let described = try? await session.providers.ec2.describeInstances(DescribeInstancesInput(instanceIds: [instance])) else { return false }
        let tag = exemptTag
        return described.instances.contains { $0.tags.contains(tag) }
    }

    /// The dry run that shows what a run waiting at its changes gate would change.
    static func planRunID(for runID: String) -> String { ResponderServer.planRunID(for: runID) }

    /// `case` for the runbook: the finding's own id (the last part of its key), as a responder searches for it.
    static func caseName(_ finding: Finding) -> String {
        String(finding.id.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.prefix(60))
    }

    func decide(run id: String, step: String, approve: Bool, actor: String, reason: String) async throws {
        guard let stored = try await session.store.run(id) else { throw GateError.unknownRun(id) }
        let waiting = stored.events.stepsWaitingForApproval
        guard stored.status.isOpen, waiting.contains(step) else { throw GateError.notWaiting(step: step, waiting: stored.status.isOpen ? waiting : []) }
        if twoPersonRule, stored.header.actor == actor { throw GateError.sameRequester(actor) }
        let decided = ApprovalDecided(actor: actor, reason: reason)
        try await session.store.append([RunEvent(runID: id, time: session.clock.now, step: step, approve ? .approvalGranted(decided) : .approvalDenied(decided))])
        let task = Task { await self.resume(id) }
        tasks.withLock { $0.append(task) }
    }

    /// Continues a run from where its events leave it.
    private func resume(_ id: String) async {
        do {
            guard let stored = try await session.store.run(id), stored.status.isOpen else { return }
            // The run continues where it acted: the account and region of its finding.
            var session = self.session
            let finding = stored.header.parameters["finding"] ?? .null
            if let account = finding[member: "account"].stringValue, let region = finding[member: "region"].stringValue {
                session = try await driving(account: account, region: region)
            }
            (session.clock as? TimelineClock)?.catchUp(to: Date())
            let header = stored.header
            let compilation = RunbookCompiler.compile(text: header.runbookText, path: header.runbookPath, catalog: BuiltinActions.catalog)
            guard let plan = compilation.plan, compilation.isValid else {
                logger.error("run \(id): its recorded runbook no longer validates; continue it by hand")
                return
            }
            let outcome = try await session.executor.resume(stored, plan: plan, parameters: header.parameters)
            logger.info("run \(id) continued: \(outcome.status.rawValue)")
            await recordContainment(id)
        } catch {
            logger.warning("run \(id) not continued here: \(error)")
        }
    }

    func recover() async {
        do {
            for finding in try await session.store.findingsAwaitingTheirRun() {
                logger.info("finding \(finding.finding.key): its run \(finding.runID ?? "-") was decided but never begun; starting it")
                await start(FindingPlan(finding: finding.finding, decision: finding.decision, rule: finding.rule, runbook: finding.runbook, runID: finding.runID, reason: "recovered"))
            }
            // Runs this service started and left open (killed, crashed, interrupted): continue them.
            // One another process still drives is refused by its lease, and left to it.
            for run in try await session.store.runs(limit: 500) where (run.status == .running || run.status == .interrupted) && run.runbook != ServeCommand.intakeRunbook && run.actor.hasPrefix(Self.actor(rule: nil)) {
                logger.info("run \(run.id) was left \(run.status.rawValue) by a stopped server; continuing it")
                let task = Task { await self.resume(run.id) }
                tasks.withLock { $0.append(task) }
            }
        } catch {
            logger.error("could not look for unfinished runs: \(error)")
        }
    }

    func shutdown() async {
        session.executor.interrupt.interrupt()
        for other in sessions.withLock({ Array($0.values) }) { other.executor.interrupt.interrupt() }
        for task in tasks.withLock({ $0 }) { await task.value }
    }
}
