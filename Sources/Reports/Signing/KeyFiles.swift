import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Key pair files: `PREFIX.key` (private, mode 0600) and `PREFIX.pub` (public, mode 0644).
public enum KeyFiles {
    /// Writes a new key pair; never overwrites a file.
    ///
    /// The private key file is created with mode 0600 in the same `open` call that creates it,
    /// so it is never readable by others, even for a moment.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - prefix: The path prefix: writes `prefix.key` and `prefix.pub`.
    /// - Returns: The two paths written.
    /// - Throws: ``ReportError`` `fileExists` if either file exists (nothing is written then), `io`.
    @discardableResult
    public static func write(_ key: SigningKey, prefix: String) throws -> (privateKey: String, publicKey: String) {
        let privatePath = prefix + ".key", publicPath = prefix + ".pub"
        for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw ReportError(.fileExists, "\(path) already exists; keys are never overwritten: choose another --out or move it away")
        }
        try create(privatePath, mode: 0o600, contents: key.pem)
        do {
            try create(publicPath, mode: 0o644, contents: key.verifyingKey.pem)
        } catch {
            try? FileManager.default.removeItem(atPath: privatePath)
            throw error
        }
        return (privatePath, publicPath)
    }

    /// Whether the private key file at `path` can be read or written by group or others.
    ///
    /// - Parameter path: The file.
    /// - Returns: `true` if its mode has any group or other bit.
    public static func isExposed(_ path: String) -> Bool {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber else { return false }
        return mode.intValue & 0o077 != 0
    }

    /// Creates `path` exclusively with `mode` and writes `contents`.
    private static func create(_ path: String, mode: mode_t, contents: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw errno == EEXIST ? ReportError(.fileExists, "\(path) already exists; keys are never overwritten")
                : ReportError(.io, "cannot create \(path): \(reason)")
        }
        defer { close(fd) }
        // The umask may have cleared bits of `mode` but never adds any; set it exactly.
        fchmod(fd, mode)
        var output = FileOutput(descriptor: fd)
        output.write(contents)
        try output.flush(path: path)
    }
}
