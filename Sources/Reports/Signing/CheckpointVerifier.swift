public import AuditStore
import Foundation

/// Checks signed checkpoints: `irun audit verify --pubkey FILE`.
public enum CheckpointVerifier {
    /// Verifies the chain, then each checkpoint: its signature with the reviewer's key (never
    /// the key stored beside it), and that the chain still has the signed hash at the signed
    /// event.
    ///
    /// Someone who edits an event and recomputes every hash after it gets an intact chain, but
    /// the chain's hash at each later checkpoint changes, and they cannot sign the new one
    /// without the private key. Deleting checkpoints is not caught here: keep the latest
    /// checkpoint's sequence number and hash outside the database too (the command prints them).
    ///
    /// - Parameters:
    ///   - store: The audit database.
    ///   - keys: The public keys to trust.
    ///   - chain: A full chain verification already made on this store, to reuse.
    /// - Returns: The audit.
    /// - Throws: Database errors.
    public static func audit(_ store: AuditDatabase, keys: [VerifyingKey], chain given: ChainVerification? = nil) async throws -> CheckpointAudit {
        let chain: ChainVerification
        if let given { chain = given } else { chain = try await store.verifyChain() }
        var results: [CheckpointAudit.Result] = []
        for checkpoint in try await store.checkpoints() {
            results.append(CheckpointAudit.Result(checkpoint: checkpoint, problem: try await problem(of: checkpoint, store: store, keys: keys, chain: chain)))
        }
        return CheckpointAudit(chain: chain, results: results)
    }

    private static func problem(of checkpoint: Checkpoint, store: AuditDatabase, keys: [VerifyingKey], chain: ChainVerification) async throws -> CheckpointAudit.Problem? {
        guard let key = keys.first(where: { $0.keyID == checkpoint.keyID }) else { return .unknownKey }
        guard let signature = Data(base64Encoded: checkpoint.signature), key.isValidSignature(signature, for: checkpoint.signedStatement) else {
            return .badSignature
        }
        if let broken = chain.firstBreak, broken.seq <= checkpoint.seq { return .afterBreak(seq: broken.seq) }
        // Up to the first break (or the head), each stored hash is the recomputed one.
        guard let current = try await store.eventHash(atSeq: checkpoint.seq) else { return .eventMissing(head: chain.eventsChecked) }
        return current == checkpoint.hash ? nil : .hashChanged(current: current)
    }
}
