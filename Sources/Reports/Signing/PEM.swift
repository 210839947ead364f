import Foundation

/// Ed25519 keys as PEM: PKCS #8 `PRIVATE KEY` and SubjectPublicKeyInfo `PUBLIC KEY` (RFC 8410),
/// the forms OpenSSL reads and writes (`openssl pkey -in audit.key -pubout`).
///
/// Ed25519 keys have fixed-size DER encodings: a constant prefix, then the 32 key bytes.
enum PEM {
    /// DER of PKCS #8 `PrivateKeyInfo { version 0, id-Ed25519, OCTET STRING { OCTET STRING key } }`, before the key.
    static let privatePrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    /// DER of `SubjectPublicKeyInfo { id-Ed25519, BIT STRING key }`, before the key.
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The PEM text of `der` under `label`, 64 base64 characters a line.
    static func encode(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The 32 key bytes of a PEM block labelled `label` whose DER starts with `prefix`, or of a
    /// bare base64 line holding the 32 raw bytes.
    static func keyBytes(_ text: String, label: String, prefix: [UInt8]) -> Data? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let body: String
        if let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"), let end = lines.firstIndex(of: "-----END \(label)-----"), begin < end {
            body = lines[(begin + 1)..<end].joined()
        } else if lines.count == 1 {
            body = lines[0]
        } else {
            return nil
        }
        guard let der = Data(base64Encoded: body) else { return nil }
        if der.count == 32 { return der }
        guard der.count == prefix.count + 32, Array(der.prefix(prefix.count)) == prefix else { return nil }
        return der.suffix(32)
    }
}
