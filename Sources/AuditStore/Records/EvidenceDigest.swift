import Foundation

/// The SHA-256 (lowercase hex) and size in bytes of an artifact's content.
struct EvidenceDigest: Hashable, Sendable {
    var sha256: String
    var size: Int

    init(_ content: Data) {
        sha256 = ContentHash.sha256(content)
        size = content.count
    }
}
