import ArgumentParser
import AuditStore
import Reports

/// `irun audit verify`: recomputes the event hash chain and names the first broken event; with
/// `--pubkey`, also checks the signed checkpoints.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit trail's hash chain and report the first broken event; with --pubkey, check the signed checkpoints.",
        discussion: """
            Reads every event in order, recomputes each hash from the stored columns, and checks that each event links to the one before it and that no sequence number is missing.

            Prints `chain intact: N events, head <hash>` and exits 0, or `chain broken at event N: <reason>` and exits 1. This proves that no event was changed, removed or reordered without recomputing the hashes after it.

            A rewrite of the whole chain (hashes recomputed after the edit) is caught only against something kept elsewhere: the head hash written down, or signed checkpoints (`irun audit checkpoint`). With --pubkey, each checkpoint's signature is checked with that key (never the key stored in the database), and the chain must still have the signed hash at the signed event. Exits 1 if any checkpoint fails, or if none is recorded.
            """
    )

    @Option(help: ArgumentHelp("A public key (PREFIX.pub from `irun audit keygen`) to check the signed checkpoints with; repeatable.", valueName: "file"))
    var pubkey: [String] = []

    @OptionGroup var database: AuditStoreOptions

    func run() async throws {
        let keys = try AuditKeyLoading.publicKeys(pubkey)
        guard let store = try database.openExisting() else {
            printError("error: \(database.missingMessage)")
            throw ExitCode.failed
        }
        let result: ChainVerification
        do {
            result = try await store.verifyChain()
        } catch {
            printError("error: cannot read the events of \(database.resolvedPath): \(error)")
            throw ExitCode.failed
        }
        if let broken = result.firstBreak {
            print("chain broken at event \(broken.seq): \(broken.reason)")
        } else {
            print("chain intact: \(result.eventsChecked) event\(result.eventsChecked == 1 ? "" : "s"), head \(result.headHash)")
        }
        var trusted = result.isIntact
        if !keys.isEmpty {
            trusted = try await checkCheckpoints(store, keys: keys, chain: result) && trusted
        }
        if !trusted { throw ExitCode.failed }
    }

    /// Prints one line per checkpoint and a conclusion; returns whether they all hold.
    private func checkCheckpoints(_ store: AuditDatabase, keys: [VerifyingKey], chain: ChainVerification) async throws -> Bool {
        let audit: CheckpointAudit
        do {
            audit = try await CheckpointVerifier.audit(store, keys: keys, chain: chain)
        } catch {
            printError("error: cannot read the checkpoints of \(database.resolvedPath): \(error)")
            throw ExitCode.failed
        }
        for result in audit.results {
            let checkpoint = result.checkpoint
            let verdict = result.problem.map { "INVALID: \($0)" } ?? "valid"
            print("checkpoint \(checkpoint.id): event \(checkpoint.seq), signed \(checkpoint.createdAtText), key \(checkpoint.keyID.prefix(16)): \(verdict)")
        }
        if audit.results.isEmpty {
            print("no signed checkpoint recorded: nothing proves the chain was not rewritten (`irun audit checkpoint --key FILE` makes one)")
        } else if audit.isTrusted, let latest = audit.latestValid {
            let after = chain.eventsChecked - latest.seq
            print("checkpoints valid: events 1-\(latest.seq) proven not rewritten" + (after > 0 ? "; the \(after) event\(after == 1 ? "" : "s") after it are covered by the chain only" : ""))
        } else {
            let failing = audit.results.filter { !$0.isValid }.count
            print("checkpoints do not hold: \(failing) of \(audit.results.count) failed")
        }
        return audit.isTrusted
    }
}
