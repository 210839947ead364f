import ArgumentParser
import Foundation
import Reports

/// Where a command writes its output: standard output, or a file given with `--output`.
///
/// A file is written as `FILE.partial` and renamed over `FILE` only once complete, so a failed
/// or interrupted export never leaves a truncated file under the final name.
struct OutputDestination {
    /// The `--output` path, or `nil` for standard output.
    var path: String?

    /// What messages call it.
    var name: String { path ?? "standard output" }

    /// Runs `body` with a file descriptor to write to, then commits the file.
    ///
    /// - Parameter body: Writes through the descriptor.
    /// - Returns: What `body` returns.
    /// - Throws: ``ExitCode/failed`` after printing why, if the file cannot be made or renamed;
    ///   what `body` throws (the partial file is removed).
    func write<T>(_ body: (Int32) async throws -> T) async throws -> T {
        guard let path else { return try await body(STDOUT_FILENO) }
        let partial = path + ".partial"
        let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            printError("error: cannot create \(partial): \(String(cString: strerror(errno)))")
            throw ExitCode.failed
        }
        let result: T
        do {
            result = try await body(fd)
            close(fd)
        } catch {
            close(fd)
            unlink(partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            printError("error: cannot rename \(partial) to \(path): \(String(cString: strerror(errno)))")
            unlink(partial)
            throw ExitCode.failed
        }
        return result
    }

    /// Writes `text` in one go.
    ///
    /// - Parameter text: The text.
    /// - Throws: As ``write(_:)``; ``ReportError`` `io` if writing fails.
    func write(_ text: String) async throws {
        try await write { fd in
            var output = FileOutput(descriptor: fd)
            output.write(text)
            try output.flush(path: name)
        }
    }
}
