import Crypto
public import Foundation

/// The public half of an audit signing key: what a reviewer uses to check checkpoints.
public struct VerifyingKey: Hashable, Sendable {
    /// The raw 32-byte Ed25519 public key.
    public let rawRepresentation: Data

    /// A key from its raw 32 bytes.
    ///
    /// - Parameter rawRepresentation: The key.
    /// - Throws: ``ReportError`` `invalidKey` if it is not 32 bytes.
    public init(rawRepresentation: Data) throws {
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)) != nil else {
            throw ReportError(.invalidKey, "an Ed25519 public key is 32 bytes, not \(rawRepresentation.count)")
        }
        self.rawRepresentation = Data(rawRepresentation)
    }

    /// A key from a PEM `PUBLIC KEY` block (SubjectPublicKeyInfo, as `irun audit keygen` and
    /// `openssl pkey -pubout` write), or a line of base64 of the raw 32 bytes.
    ///
    /// - Parameter pem: The text.
    /// - Throws: ``ReportError`` `invalidKey` if it is neither.
    public init(pem: String) throws {
        guard let raw = PEM.keyBytes(pem, label: "PUBLIC KEY", prefix: PEM.publicPrefix) else {
            throw ReportError(.invalidKey, "not an Ed25519 public key: expected a PEM 'PUBLIC KEY' block as `irun audit keygen` writes")
        }
        try self.init(rawRepresentation: raw)
    }

    /// Reads a key file.
    ///
    /// - Parameter path: The file.
    /// - Throws: ``ReportError`` `io` if it cannot be read, `invalidKey` if it is not a public key.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportError(.io, "cannot read the public key file \(path)") }
        do {
            try self.init(pem: String(decoding: data, as: UTF8.self))
        } catch let error as ReportError {
            throw ReportError(error.code, "\(path): \(error.message)")
        }
    }

    /// The PEM `PUBLIC KEY` text.
    public var pem: String { PEM.encode(PEM.publicPrefix + Array(rawRepresentation), label: "PUBLIC KEY") }

    /// The raw key, base64, as checkpoints store it.
    public var base64: String { rawRepresentation.base64EncodedString() }

    /// SHA-256 of the raw key, lowercase hex: the key id checkpoints record.
    public var keyID: String { SHA256.hash(data: rawRepresentation).map { String(format: "%02x", $0) }.joined() }

    /// Whether `signature` is this key's Ed25519 signature of `data`.
    ///
    /// - Parameters:
    ///   - signature: The 64-byte signature.
    ///   - data: The signed bytes.
    /// - Returns: Whether it verifies.
    public func isValidSignature(_ signature: Data, for data: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: data)
    }
}
