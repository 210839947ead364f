public import AuditStore
import Foundation
import Hummingbird
public import Logging
public import RunbookModel
import ServiceLifecycle
import UnixSignals

/// `irun serve`: findings in over HTTP, runs out, and the console — one process, one SQLite file.
public struct ResponderServer: Sendable {
    /// The dry run that shows what a run waiting at its changes gate would change.
    public static func planRunID(for runID: String) -> String { runID + "-plan" }

    /// The largest body accepted: EventBridge's largest event.
    public static let maximumBody = 256 * 1024

    public var host: String
    public var port: Int
    public let store: AuditDatabase
    public let triage: FindingTriage
    public let control: any RunControl
    /// The run of this process: every finding it takes and every decision are events of it.
    public let intakeRunID: String
    public let logger: Logger
    public let intakeSwitch: IntakeSwitch
    public let metrics: ServiceMetrics
    /// The actions runbooks may use: the console draws a run's runbook and what its gate holds back.
    public let catalog: ActionCatalog

    public init(
        host: String, port: Int, store: AuditDatabase, triage: FindingTriage, control: any RunControl, intakeRunID: String, intakeSwitch: IntakeSwitch,
        metrics: ServiceMetrics, catalog: ActionCatalog, logger: Logger
    ) {
        self.catalog = catalog
        self.metrics = metrics
        self.intakeSwitch = intakeSwitch
        self.host = host
        self.port = port
        self.store = store
        self.triage = triage
        self.control = control
        self.intakeRunID = intakeRunID
        self.logger = logger
    }

    func router() -> Router<ServeContext> {
        let router = Router(context: ServeContext.self)
        let authority = TokenAuthority(store: store)
        let intake = IntakeEndpoint(store: store, triage: triage, control: control, intakeRunID: intakeRunID, metrics: metrics, logger: logger, intakeSwitch: intakeSwitch)
        let runs = RunsEndpoints(store: store, control: control)
        let console = ConsoleEndpoints(store: store, control: control, catalog: catalog)
        let store = store, metrics = metrics
        router.get("/healthz") { _, _ -> Response in
            do {
                _ = try await store.runs(limit: 1)
                return .json(["status": "ok"])
            } catch {
                return .json(["status": "unavailable", "reason": "the audit store cannot be read"], status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ -> Response in
            let text = metrics.text(runsByStatus: (try? await store.runCounts()) ?? [:])
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.add(middleware: TokenAuthentication(authority: authority))
        router.post("/v1/events", use: intake.receive)
        router.post("/v1/pause") { request, context in try await intake.setPaused(true, request, context: context) }
        router.post("/v1/resume") { request, context in try await intake.setPaused(false, request, context: context) }
        router.get("/v1/runs", use: runs.list)
        router.get("/v1/runs/{id}", use: runs.one)
        router.get("/v1/runs/{id}/events", use: RunEventStream(store: store).stream)
        router.post("/v1/runs/{id}/approvals/{step}", use: runs.decide)
        router.get("/v1/findings", use: runs.findings)
        router.get("/", use: console.runs)
        router.get("/findings", use: console.findings)
        router.get("/runs/{id}", use: console.run)
        router.post("/runs/{id}/approvals/{step}", use: console.decide)
        router.get("/login", use: console.loginPage)
        router.post("/login") { request, context in try await console.login(request, context: context, authority: authority) }
        router.post("/logout", use: console.logout)
        return router
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish,
    /// and has the engine record its open runs as interrupted.
    ///
    /// - Parameter listening: Called with the port once the server listens (port 0 picks one).
    public func run(listening: @escaping @Sendable (Int) -> Void) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "irun"),
            onServerRunning: { channel in listening(channel.localAddress?.port ?? port) },
            logger: logger
        )
        var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(30)
        try await ServiceGroup(configuration: configuration).run()
        await control.shutdown()
    }
}
