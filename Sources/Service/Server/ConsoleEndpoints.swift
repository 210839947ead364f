import AuditStore
import Foundation
import HTTPTypes
import Hummingbird
import RunbookModel

/// The web console: sign in with a token (kept in an `HttpOnly`, `SameSite=Strict` cookie),
/// runs, findings, a run's page with its gates. Approving is a POST form carrying a token bound
/// to the session and the gate, from this origin only.
struct ConsoleEndpoints: Sendable {
    let store: AuditDatabase
    let control: any RunControl
    let catalog: ActionCatalog

    private func reader(_ context: ServeContext) throws -> APIToken? {
        guard let caller = context.caller else { return nil }
        guard caller.role != .ingest else { throw APIError(.forbidden, "token '\(caller.name)' is an ingest token; the console needs a viewer or responder token") }
        return caller
    }

    private static let signIn = Response(status: .seeOther, headers: [.location: "/login"])

    func runs(_ request: Request, context: ServeContext) async throws -> Response {
        guard let caller = try reader(context) else { return Self.signIn }
        let runs = try await store.runs(limit: 200)
        let ids = runs.map(\.id)
        return .html(ConsolePages.runs(runs, parameters: try await store.parameters(ofRuns: ids), containedAt: try await store.containedAt(runs: ids), signedIn: caller))
    }

    func findings(_ request: Request, context: ServeContext) async throws -> Response {
        guard let caller = try reader(context) else { return Self.signIn }
        return .html(ConsolePages.findings(try await store.findings(limit: 500), signedIn: caller))
    }

    func run(_ request: Request, context: ServeContext) async throws -> Response {
        guard let caller = try reader(context) else { return Self.signIn }
        let id = try context.parameters.require("id")
        // The summary first, as the API does: the events read after it are at least as new.
        guard let summary = try await store.summary(ofRun: id), let run = try await store.run(id) else {
            return .html(ConsolePages.page("Not found", signedIn: caller, body: "<h1>No run \(ConsolePages.escape(id))</h1>", live: false), status: .notFound)
        }
        let session = request.cookies[TokenAuthentication.cookie]?.value ?? ""
        let plan = RunbookCompiler.compile(text: run.header.runbookText, path: run.header.runbookPath, catalog: catalog).plan
        let dryRun = run.header.changesNeedApproval ? try await store.run(ResponderServer.planRunID(for: id)) : nil
        return .html(ConsolePages.run(
            run, summary: summary, steps: try await store.steps(ofRun: id), evidence: try await store.evidence(ofRun: id), plan: plan, catalog: catalog, dryRun: dryRun,
            waiting: run.events.stepsWaitingForApproval, csrf: { Self.csrf(session: session, run: id, step: $0) }, signedIn: caller
        ))
    }

    func decide(_ request: Request, context: ServeContext) async throws -> Response {
        let caller = try context.require([.responder], to: "approve or deny a step")
        try Self.checkSameOrigin(request)
        let id = try context.parameters.require("id"), step = try context.parameters.require("step")
        var request = request
        let form = Self.form(try await request.collectBody(upTo: 16 * 1024))
        let session = request.cookies[TokenAuthentication.cookie]?.value ?? ""
        guard !session.isEmpty, let csrf = form["csrf"], TokenAuthority.equal(Array(csrf.utf8), Array(Self.csrf(session: session, run: id, step: step).utf8)) else {
            throw APIError(.forbidden, "the form's check token is missing or wrong; reload the run page and try again", field: "csrf")
        }
        let decision = form["decision"] ?? ""
        guard decision == "approve" || decision == "deny" else { throw APIError(.badRequest, "`decision` must be approve or deny", field: "decision") }
        try await RunsEndpoints.decide(control, run: id, step: step, approve: decision == "approve", actor: caller.name, reason: form["reason"] ?? "")
        return Response(status: .seeOther, headers: [.location: "/runs/\(id)"])
    }

    func loginPage(_ request: Request, context: ServeContext) async throws -> Response { .html(ConsolePages.login(message: nil)) }

    func login(_ request: Request, context: ServeContext, authority: TokenAuthority) async throws -> Response {
        try Self.checkSameOrigin(request)
        var request = request
        let form = Self.form(try await request.collectBody(upTo: 4 * 1024))
        guard let secret = form["token"], let token = try await authority.token(for: secret), token.role != .ingest else {
            return .html(ConsolePages.login(message: "Unknown, revoked or ingest-only token."), status: .unauthorized)
        }
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(Cookie(name: TokenAuthentication.cookie, value: secret, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    func logout(_ request: Request, context: ServeContext) async throws -> Response {
        try Self.checkSameOrigin(request)
        var response = Response(status: .seeOther, headers: [.location: "/login"])
        response.setCookie(Cookie(name: TokenAuthentication.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    /// A form post from another site is refused: its `Origin` must be this server's, and a
    /// browser's `Sec-Fetch-Site`, when sent, must say so too.
    static func checkSameOrigin(_ request: Request) throws {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw APIError(.forbidden, "cross-site form posts are refused (Sec-Fetch-Site: \(site))", field: "Sec-Fetch-Site")
        }
        if let origin = request.headers[HTTPField.Name("Origin")!], origin != "null" {
            let host = request.head.authority ?? ""
            guard let originHost = URL(string: origin)?.host.map({ host in URL(string: origin)?.port.map { "\(host):\($0)" } ?? host }), originHost == host else {
                throw APIError(.forbidden, "form posts must come from this console (Origin \(origin.prefix(80)))", field: "Origin")
            }
        }
    }

    /// The form check token: bound to the session and to the gate it approves.
    static func csrf(session: String, run: String, step: String) -> String { ContentHash.sha256("irun-console|\(session)|\(run)|\(step)") }

    /// An `application/x-www-form-urlencoded` body.
    static func form(_ buffer: ByteBuffer) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if let key = parts.first { fields[key] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }
}
