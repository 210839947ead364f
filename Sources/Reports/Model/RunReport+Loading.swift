public import AuditStore
public import Foundation
public import RunbookModel

/// What ``RunReport/load(run:from:options:)`` needs besides the database.
public struct RunReportOptions: Sendable {
    /// The actions, to compile the recorded runbook into its graph and describe undos.
    public var catalog: ActionCatalog
    /// How much of the chain to recompute.
    public var verification: ChainAudit.Scope
    /// Public keys to check the signed checkpoints with; none to only list them.
    public var verifyingKeys: [VerifyingKey]
    /// The time the report states it was made.
    public var generatedAt: Date
    /// What the report states made it.
    public var generator: String

    /// Creates options.
    ///
    /// - Parameters:
    ///   - catalog: The actions.
    ///   - verification: What to recompute (default: the run's events; see ``ChainAudit/Scope``).
    ///   - verifyingKeys: Keys for checkpoints.
    ///   - generatedAt: The report's time (default: now).
    ///   - generator: The report's maker.
    public init(catalog: ActionCatalog, verification: ChainAudit.Scope = .run, verifyingKeys: [VerifyingKey] = [],
                generatedAt: Date = Date(), generator: String = "irun") {
        self.catalog = catalog
        self.verification = verification
        self.verifyingKeys = verifyingKeys
        self.generatedAt = generatedAt
        self.generator = generator
    }
}

extension RunReport {
    /// Reads one run and checks the audit trail.
    ///
    /// - Parameters:
    ///   - id: The full run id.
    ///   - store: The audit database.
    ///   - options: Catalog, verification scope, keys, time.
    /// - Returns: The report.
    /// - Throws: ``ReportError`` `runNotFound`; ``AuditStoreError`` `corrupt` if a row cannot
    ///   be read back; database errors.
    public static func load(run id: String, from store: AuditDatabase, options: RunReportOptions) async throws -> RunReport {
        guard let run = try await store.run(id), let summary = try await store.summary(ofRun: id) else {
            throw ReportError(.runNotFound, "no run with id '\(id)'")
        }
        let verification: ChainVerification
        var checkpointAudit: CheckpointAudit?
        switch options.verification {
        case .full: verification = try await store.verifyChain()
        case .run: verification = try await store.verifyEvents(ofRun: id)
        }
        if !options.verifyingKeys.isEmpty {
            checkpointAudit = try await CheckpointVerifier.audit(
                store, keys: options.verifyingKeys, chain: options.verification == .full ? verification : nil)
        }
        let compilation = RunbookCompiler.compile(text: run.header.runbookText, path: run.header.runbookPath, catalog: options.catalog)
        let problem = compilation.plan == nil
            ? "the recorded runbook does not compile with this irun" + (compilation.errors.first.map { ": \($0.message)" } ?? "")
            : nil
        return RunReport(
            header: run.header, status: run.status, finishedAt: summary.finishedAt, events: try await store.recordedEvents(ofRun: id),
            steps: try await store.steps(ofRun: id), evidence: try await store.evidence(ofRun: id), approvals: try await store.approvals(ofRun: id),
            chain: ChainAudit(scope: options.verification, verification: verification, checkpoints: try await store.checkpoints(),
                              checkpointAudit: checkpointAudit, head: try await store.head()),
            plan: compilation.plan, planProblem: problem, catalog: options.catalog, generatedAt: options.generatedAt, generator: options.generator)
    }
}
