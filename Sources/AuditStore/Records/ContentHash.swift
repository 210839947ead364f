import Crypto
public import Foundation

/// The SHA-256 the audit trail records for runbook texts and evidence, as lowercase hex.
public enum ContentHash {
    /// SHA-256 of `data`, lowercase hex.
    ///
    /// - Parameter data: The bytes.
    /// - Returns: 64 hex digits.
    public static func sha256(_ data: Data) -> String { Hex.string(SHA256.hash(data: data)) }

    /// SHA-256 of `text`'s UTF-8 bytes, lowercase hex (a runbook's `runbookSHA256`).
    ///
    /// - Parameter text: The text.
    /// - Returns: 64 hex digits.
    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }
}
