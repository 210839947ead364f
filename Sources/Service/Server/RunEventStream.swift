import AuditStore
import Foundation
import HTTPTypes
import Hummingbird
import RunbookModel
import ServiceLifecycle

/// `GET /v1/runs/{id}/events`: a run's events as Server-Sent Events — those recorded so far,
/// then each new one as it is committed, until the run ends (or the client goes, or the server
/// stops). Each has its chain position as `id`, so a client that reconnects with
/// `Last-Event-ID` misses nothing and sees nothing twice. The store is the source: events
/// another process records (an approval from the command line) arrive too.
struct RunEventStream: Sendable {
    let store: AuditDatabase
    /// How often the store is read for new events.
    static let pollEvery: Duration = .milliseconds(250)

    func stream(_ request: Request, context: ServeContext) async throws -> Response {
        _ = try context.require([.viewer, .responder], to: "follow runs")
        let id = try context.parameters.require("id")
        guard try await store.summary(ofRun: id) != nil else { throw APIError(.notFound, "no run '\(id.prefix(80))'", field: "id") }
        let resumeAfter = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int64($0) } ?? 0
        let store = store
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: ResponseBody { writer in
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    var last = resumeAfter
                    while !Task.isCancelled && !Task.isShuttingDownGracefully {
                        let events = try await store.events(ofRun: id, after: last)
                        for (seq, event) in events {
                            let data = RunsEndpoints.event(event)
                            try await writer.write(ByteBuffer(string: "id: \(seq)\nevent: \(event.kind.rawValue)\ndata: \(data.json)\n\n"))
                            last = seq
                        }
                        if events.contains(where: { $0.event.kind == .runFinished }) { break }
                        try await Task.sleep(for: Self.pollEvery)
                    }
                }
            } catch is CancellationError {
                return
            }
            try await writer.finish(nil)
        })
    }
}
