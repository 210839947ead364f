import Crypto
import Foundation

/// The SHA-256 (lowercase hex) and size in bytes of an artifact's content.
struct EvidenceDigest: Hashable, Sendable {
    var sha256: String
    var size: Int

    init(_ content: Data) {
        sha256 = Hex.string(SHA256.hash(data: content))
        size = content.count
    }
}
