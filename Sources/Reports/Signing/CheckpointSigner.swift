public import AuditStore
public import Foundation

/// Makes signed checkpoints: `irun audit checkpoint --key FILE`.
public enum CheckpointSigner {
    /// Verifies the whole chain, signs its head (sequence number and hash) and stores the
    /// signature in the audit database.
    ///
    /// Refuses a broken chain: signing it would vouch for the break. Events appended while it
    /// runs are simply after the signed head.
    ///
    /// - Parameters:
    ///   - store: The audit database.
    ///   - key: The private key.
    ///   - now: The time recorded and signed.
    /// - Returns: The stored checkpoint.
    /// - Throws: ``ReportError`` `cannotCheckpoint` for a broken or empty chain; database errors.
    public static func checkpoint(_ store: AuditDatabase, key: SigningKey, now: Date = Date()) async throws -> Checkpoint {
        let chain = try await store.verifyChain()
        if let broken = chain.firstBreak {
            throw ReportError(.cannotCheckpoint, "chain broken at event \(broken.seq): \(broken.reason); refusing to sign a broken chain")
        }
        guard chain.eventsChecked > 0 else { throw ReportError(.cannotCheckpoint, "the audit database has no events yet; nothing to sign") }
        let verifying = key.verifyingKey
        // An intact chain numbers its events 1…n, so the head is event n.
        var checkpoint = Checkpoint(
            seq: chain.eventsChecked, hash: chain.headHash, createdAt: now, keyID: verifying.keyID, publicKey: verifying.base64, signature: "")
        checkpoint.signature = try key.signature(for: checkpoint.signedStatement).base64EncodedString()
        return try await store.recordCheckpoint(checkpoint)
    }
}
