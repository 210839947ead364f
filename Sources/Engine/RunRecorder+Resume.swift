import Foundation
import Providers
import RunbookModel

extension RunRecorder {
    /// Takes up a stored run to continue it: claims it (so no other process drives it), reads it
    /// again (what was recorded until then — an approval from another terminal, the end of the
    /// run — is what is continued), checks it is still open, and records who resumed it.
    ///
    /// - Parameters:
    ///   - stored: The run as read before.
    ///   - what: `run` or `fleet`, for the message when it already ended.
    ///   - options: Who resumes it, on which clock.
    ///   - observer: Shown the takeover, if any, and the `run-resumed` event.
    /// - Returns: The run as it stands now.
    /// - Throws: ``ResumeError`` if it already ended; the recorder's error if another live process drives it.
    func takeUp(_ stored: StoredRun, what: String, options: ExecutionOptions, observer: (any RunObserver)?) async throws -> StoredRun {
        if let takeover = try await claim(stored.header.id) { observer?.observe(takeover) }
        let current = try await run(stored.header.id) ?? stored
        guard current.status.isOpen else {
            throw ResumeError(message: "\(what) \(current.header.id) already ended (\(current.status.rawValue)); nothing to resume")
        }
        let resumed = RunEvent(runID: current.header.id, time: options.clock.now, .runResumed(RunResumed(actor: options.actor, actingAs: options.actingAs)))
        try await append([resumed])
        observer?.observe(resumed)
        return current
    }
}
