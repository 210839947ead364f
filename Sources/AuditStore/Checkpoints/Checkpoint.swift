public import Foundation
import GRDB

/// A signed statement of the chain head: "the event with sequence number `seq` has hash
/// `hash`", signed with an Ed25519 key that lives outside the database.
///
/// The audit store keeps checkpoints but never signs or trusts them: signing and checking
/// against a public key the reviewer supplies happen in the `Reports` module (`irun audit
/// checkpoint`, `irun audit verify --pubkey`). The stored public key only says which key
/// signed, for messages.
public struct Checkpoint: Hashable, Sendable {
    /// The row id, in recording order; 0 before it is recorded.
    public var id: Int64
    /// The sequence number of the head event signed.
    public var seq: Int
    /// That event's hash, lowercase hex.
    public var hash: String
    /// When the checkpoint was made; stored (and signed) to the millisecond.
    public var createdAt: Date
    /// SHA-256 of the raw 32-byte public key, lowercase hex: which key signed.
    public var keyID: String
    /// The raw 32-byte Ed25519 public key, base64.
    public var publicKey: String
    /// The 64-byte Ed25519 signature of ``signedStatement``, base64.
    public var signature: String

    /// Creates a checkpoint.
    ///
    /// - Parameters:
    ///   - id: The row id (0 for a new one).
    ///   - seq: The head event's sequence number.
    ///   - hash: Its hash.
    ///   - createdAt: When.
    ///   - keyID: The signing key's id.
    ///   - publicKey: The signing key's public half, base64.
    ///   - signature: The signature, base64.
    public init(id: Int64 = 0, seq: Int, hash: String, createdAt: Date, keyID: String, publicKey: String, signature: String) {
        self.id = id
        self.seq = seq
        self.hash = hash
        self.createdAt = createdAt
        self.keyID = keyID
        self.publicKey = publicKey
        self.signature = signature
    }

    /// The stored form of ``createdAt``: ISO-8601 UTC with milliseconds.
    public var createdAtText: String { AuditTime.string(createdAt) }

    /// The exact bytes that are signed: UTF-8 of four lines,
    ///
    /// ```
    /// irun-audit-checkpoint v1
    /// seq 1234
    /// hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
    /// time 2026-01-01T00:00:00.000Z
    /// ```
    ///
    /// each ending in a line feed. The first line keeps the signature from meaning anything
    /// else; anyone can rebuild the statement and check it with standard Ed25519 tools.
    public var signedStatement: Data {
        Data("irun-audit-checkpoint v1\nseq \(seq)\nhash \(hash)\ntime \(createdAtText)\n".utf8)
    }
}

extension Checkpoint {
    /// A `checkpoints` row.
    init(row: Row) throws {
        self.init(
            id: try row.decode(Int64.self, forColumn: "id"), seq: try row.decode(Int.self, forColumn: "seq"),
            hash: try RowReading.text(row, "hash"), createdAt: try RowReading.time(row, "created_at"),
            keyID: try RowReading.text(row, "key_id"), publicKey: try RowReading.text(row, "public_key"),
            signature: try RowReading.text(row, "signature"))
    }
}
