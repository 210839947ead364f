import Foundation
import GRDB
public import RunbookModel

/// An evidence artifact as stored, with the SHA-256 and size computed when it was recorded.
public struct StoredEvidence: Hashable, Sendable {
    /// The row id, in recording order.
    public var id: Int64
    /// The artifact, content included.
    public var artifact: EvidenceArtifact
    /// SHA-256 of the content when recorded, lowercase hex.
    public var sha256: String
    /// Size of the content in bytes.
    public var size: Int

    /// Creates a stored artifact.
    ///
    /// - Parameters:
    ///   - id: The row id.
    ///   - artifact: The artifact.
    ///   - sha256: Its recorded hash.
    ///   - size: Its recorded size.
    public init(id: Int64, artifact: EvidenceArtifact, sha256: String, size: Int) {
        self.id = id
        self.artifact = artifact
        self.sha256 = sha256
        self.size = size
    }

    /// Whether the content still hashes to the recorded SHA-256 and has the recorded size.
    public var isIntact: Bool {
        let digest = EvidenceDigest(artifact.content)
        return digest.sha256 == sha256 && digest.size == size
    }
}

extension StoredEvidence {
    /// An `evidence` row.
    init(row: Row) throws {
        let artifact = EvidenceArtifact(
            runID: try RowReading.text(row, "run_id"), step: try row.decode(String?.self, forColumn: "step"),
            name: try RowReading.text(row, "name"), kind: try RowReading.text(row, "kind"),
            mediaType: try RowReading.text(row, "media_type"), content: try row.decode(Data.self, forColumn: "content"),
            time: try RowReading.time(row, "recorded_at"))
        self.init(id: try row.decode(Int64.self, forColumn: "id"), artifact: artifact,
                  sha256: try RowReading.text(row, "sha256"), size: try row.decode(Int.self, forColumn: "size"))
    }
}
