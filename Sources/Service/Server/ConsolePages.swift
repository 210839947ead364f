import AuditStore
import Foundation
import Reports
import RunbookModel

/// The console's pages: server-rendered HTML, no external assets, a few lines of script that
/// refresh the page's content while it is open.
enum ConsolePages {
    /// Text as HTML: the reports' escaping.
    static func escape(_ text: String) -> String { HTMLRenderer.escaped(text) }

    static let style = """
        :root{color-scheme:dark;--bg:#0f1419;--panel:#161d25;--line:#263140;--text:#d7dee7;--dim:#8a97a8;--ok:#3fb950;--bad:#f85149;--wait:#d29922;--run:#58a6ff}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;background:var(--bg);color:var(--text)}
        header{display:flex;gap:24px;align-items:center;padding:10px 20px;background:var(--panel);border-bottom:1px solid var(--line)}
        header b{font-size:16px;letter-spacing:.5px}header a{color:var(--dim);text-decoration:none}header a:hover{color:var(--text)}
        main{padding:16px 20px;max-width:1400px}h1{font-size:18px;margin:4px 0 12px}h2{font-size:15px;margin:22px 0 8px;color:var(--dim);text-transform:uppercase;letter-spacing:.6px}
        table{border-collapse:collapse;width:100%;background:var(--panel);border:1px solid var(--line)}th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{color:var(--dim);font-weight:600;font-size:12px;text-transform:uppercase}tr:hover td{background:#1b2430}a{color:var(--run)}code{font:12px ui-monospace,monospace}
        .s{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
        .succeeded,.started{background:#12361d;color:var(--ok)}.failed,.compensated,.denied{background:#3d1416;color:var(--bad)}
        .waiting-approval,.interrupted,.capped,.target-busy,.deduplicated{background:#3a2c0b;color:var(--wait)}.running,.started-dry-run{background:#0f2a4a;color:var(--run)}
        .gate{background:var(--panel);border:1px solid var(--wait);padding:12px;margin:10px 0;border-radius:6px}
        button{background:#238636;color:#fff;border:0;padding:6px 14px;border-radius:5px;font-weight:600;cursor:pointer}button.deny{background:#6e1b1b}
        input[type=text],input[type=password]{background:var(--bg);color:var(--text);border:1px solid var(--line);padding:6px;border-radius:4px;width:320px}
        .dim{color:var(--dim)}.graph{display:flex;flex-direction:column;gap:8px}.layer{display:flex;gap:8px;flex-wrap:wrap}
        .node{border:1px solid var(--line);border-radius:6px;padding:6px 10px;min-width:130px;background:var(--panel)}.node small{color:var(--dim)}
        .node.succeeded,.node.decided{border-color:var(--ok)}.node.failed{border-color:var(--bad)}.node.running,.node.retrying{border-color:var(--run)}
        .node.skipped{opacity:.55}
        """

    /// A whole page; `live` adds the script that refreshes `<main>`: as the run's events arrive
    /// (Server-Sent Events from `/v1/runs/{id}/events`) on a run's page, every few seconds elsewhere.
    static func page(_ title: String, signedIn: APIToken?, body: String, live: Bool = true, run: String? = nil) -> String {
        let runLiteral = run.map { "\"" + escape($0) + "\"" } ?? "null"
        let user = signedIn.map { "<span class=dim>\(escape($0.name)) (\($0.role.rawValue))</span> <form method=post action=/logout style=display:inline><button>Sign out</button></form>" } ?? ""
        let script = live ? """
            <script>
            // Live view: fetch this page again and swap its content; nothing else is loaded.
            let pending = null;
            async function refresh() {
              pending = null;
              if (document.activeElement && document.activeElement.tagName === "INPUT") { pending = setTimeout(refresh, 1000); return; }
              const answer = await fetch(location.href, {credentials: "same-origin"});
              if (!answer.ok) return;
              const next = new DOMParser().parseFromString(await answer.text(), "text/html").querySelector("main");
              if (next) document.querySelector("main").replaceWith(next);
            }
            const run = \(runLiteral);
            if (run && window.EventSource) {
              const events = new EventSource("/v1/runs/" + encodeURIComponent(run) + "/events");
              events.onmessage = () => {};
              events.addEventListener("error", () => {});
              for (const kind of ["step-started", "step-succeeded", "step-failed", "step-skipped", "step-retrying", "approval-requested", "approval-granted",
                                  "approval-denied", "run-waiting-approval", "run-finished", "run-interrupted", "run-resumed", "evidence-recorded", "step-decided"]) {
                events.addEventListener(kind, () => { if (!pending) pending = setTimeout(refresh, 300); });
              }
            } else {
              setInterval(() => { if (!pending) refresh(); }, 3000);
            }
            </script>
            """ : ""
        return """
            <!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content="width=device-width,initial-scale=1">
            <title>\(escape(title)) — irun</title><style>\(style)</style></head><body>
            <header><b>irun</b><a href="/">Runs</a><a href="/findings">Findings</a><span style="flex:1"></span>\(user)</header>
            <main>\(body)</main>\(script)</body></html>
            """
    }

    /// A duration as the reports write it.
    static func duration(_ seconds: TimeInterval) -> String { ReportFormatting.duration(milliseconds: Int((seconds * 1000).rounded())) }

    /// A value as compact JSON, cut to a readable length.
    static func compact(_ value: Value?) -> String {
        guard let value, value != .null, value != .object([:]) else { return "" }
        let text = value.json
        return text.count > 240 ? String(text.prefix(240)) + "…" : text
    }

    static func status(_ text: String) -> String { "<span class=\"s \(escape(text))\">\(escape(text))</span>" }

    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        return date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)).replacingOccurrences(of: "T", with: " ")
    }

    static func runs(_ runs: [RunSummary], parameters: [String: [String: Value]], containedAt: [String: Date], signedIn: APIToken) -> String {
        let rows = runs.map { run -> String in
            let values = parameters[run.id] ?? [:]
            let finding = values["finding"] ?? .null
            let trigger = finding[member: "type"].stringValue.map { "\(escape($0)) <span class=dim>\(escape(finding[member: "severity"].stringValue ?? ""))</span>" } ?? "—"
            return "<tr><td>\(status(run.status.rawValue))</td><td><a href=\"/runs/\(escape(run.id))\"><code>\(escape(run.id))</code></a></td><td>\(escape(run.runbook))</td>"
                + "<td><code>\(escape(values["instance"]?.stringValue ?? "—"))</code></td><td>\(trigger)</td><td>\(escape(run.actor))</td><td>\(time(run.startedAt))</td>"
                + "<td>\(containedAt[run.id].map { duration($0.timeIntervalSince(run.startedAt)) } ?? "—")</td>"
                + "<td>\(run.succeeded)/\(run.failed)/\(run.skipped) of \(run.steps)</td></tr>"
        }
        let table = rows.isEmpty ? "<p class=dim>No runs yet. A finding posted to <code>/v1/events</code> starts one.</p>"
            : "<table><tr><th>Status</th><th>Run</th><th>Runbook</th><th>Instance</th><th>Finding</th><th>Started by</th><th>Started</th><th>Time to contain</th><th>Steps ok/failed/skipped</th></tr>\(rows.joined())</table>"
        return page("Runs", signedIn: signedIn, body: "<h1>Runs, newest first</h1>\(table)")
    }

    static func findings(_ findings: [StoredFinding], signedIn: APIToken) -> String {
        let rows = findings.map { stored -> String in
            let finding = stored.finding
            let run = stored.runID.map { "<a href=\"/runs/\(escape($0))\"><code>\(escape($0))</code></a>" } ?? "—"
            return "<tr><td>\(time(stored.lastSeenAt))</td><td>\(escape(finding.type))</td><td>\(escape(finding.severity.rawValue))</td><td><code>\(escape(finding.instance ?? "—"))</code></td>"
                + "<td>\(escape(finding.account)) / \(escape(finding.region))</td><td>\(status(stored.decision.rawValue))</td><td>\(escape(stored.rule ?? "—"))</td><td>\(run)</td><td>\(stored.deliveries)</td></tr>"
        }
        let table = rows.isEmpty ? "<p class=dim>No findings received yet.</p>"
            : "<table><tr><th>Last seen</th><th>Type</th><th>Severity</th><th>Instance</th><th>Account / region</th><th>Decision</th><th>Rule</th><th>Run</th><th>Deliveries</th></tr>\(rows.joined())</table>"
        return page("Findings", signedIn: signedIn, body: "<h1>Findings received, and what was done with each</h1>\(table)")
    }

    static func run(
        _ run: StoredRun, summary: RunSummary, steps: [StepExecution], evidence: [StoredEvidence], plan: Plan?, catalog: ActionCatalog, dryRun: StoredRun?, waiting: [String],
        csrf: @escaping (String) -> String, signedIn: APIToken
    ) -> String {
        var body = "<h1>\(status(summary.status.rawValue)) \(escape(summary.runbook)) <code>\(escape(run.header.id))</code></h1>"
        body += "<p class=dim>started \(time(summary.startedAt)) by \(escape(summary.actor)) on \(escape(summary.provider))\(summary.finishedAt.map { ", finished \(time($0))" } ?? "")</p>"
        // Each step's latest status, for the graph and for what a gate still holds back.
        var latest: [String: String] = [:]
        for step in steps { latest[step.step] = step.status.rawValue }
        for step in waiting {
            let request = run.events.last { $0.kind == .approvalRequested && $0.step == step }?.payload ?? .null
            let pending = (plan?.nodes ?? []).filter { node in
                guard let action = node.step.action, catalog[action.name.value]?.mutates == true else { return false }
                return !["succeeded", "skipped", "planned", "failed"].contains(latest[node.name] ?? "")
            }
            body += "<div class=gate><b>\(escape(request[member: "message"].stringValue ?? "Waiting for approval: \(step)"))</b>"
            body += "<p class=dim>asked by \(escape(summary.actor)) at \(time(run.events.last { $0.kind == .approvalRequested && $0.step == step }?.time)); "
                + (request[member: "timeout"].stringValue.map { "expires \(escape($0)) after it was asked" } ?? "no time limit") + "</p>"
            // The dry run of this run says exactly what each change would do.
            var wouldDo: [String: Value] = [:]
            for event in dryRun?.events ?? [] where event.kind == .stepPlanned { if let step = event.step { wouldDo[step] = event.payload[member: "wouldDo"] } }
            if !pending.isEmpty {
                body += "<p>Approving lets it change\(dryRun.map { " (dry run <a href=\"/runs/\(escape($0.header.id))\"><code>\(escape($0.header.id))</code></a>)" } ?? ""):</p><ul>" + pending.map { node in
                    let signature = node.step.action.flatMap { catalog[$0.name.value] }
                    return "<li><b>\(escape(node.name))</b> — <code>\(escape(node.step.action?.name.value ?? ""))</code> \(escape(signature?.summary ?? ""))"
                        + (signature.map { $0.permissions.isEmpty ? "" : " <span class=dim>(\($0.permissions.map(escape).joined(separator: ", ")))</span>" } ?? "")
                        + (wouldDo[node.name].map { "<br><b>would:</b> <code>\(escape(compact($0)))</code>" } ?? "") + "</li>"
                }.joined() + "</ul>"
            }
            // One form: the reason goes with either answer; the button clicked is the decision.
            let controls = signedIn.role == .responder
                ? "<form method=post action=\"/runs/\(escape(run.header.id))/approvals/\(escape(step))\"><input type=hidden name=csrf value=\"\(csrf(step))\">"
                    + "<input type=text name=reason placeholder=\"reason (recorded in the audit trail)\"> <button name=decision value=approve>Approve</button> "
                    + "<button class=deny name=decision value=deny>Deny</button></form>"
                : "<span class=dim>a responder may approve or deny it</span>"
            body += "<p>\(controls)</p></div>"
        }
        if let plan {
            // The runbook, layer by layer: a step runs once everything above it that it needs has.
            body += "<h2>Runbook</h2><div class=graph>" + plan.layers.map { layer in
                "<div class=layer>" + layer.map { index in
                    let node = plan.nodes[index]
                    let mutates = node.step.action.flatMap { catalog[$0.name.value] }?.mutates == true
                    let needs = node.needs.map { plan.nodes[$0].name }
                    return "<div class=\"node \(escape(latest[node.name] ?? "pending"))\" title=\"\(escape(needs.isEmpty ? "first" : "after " + needs.joined(separator: ", ")))\">"
                        + "<b>\(escape(node.name))</b><br><small>\(escape(node.step.action?.name.value ?? (node.isDecision ? "decision" : "")))\(mutates ? " · changes" : "")</small></div>"
                }.joined() + "</div>"
            }.joined() + "</div>"
        }
        let rows = steps.map { step in
            let took = step.startedAt.flatMap { start in step.finishedAt.map { duration($0.timeIntervalSince(start)) } } ?? "—"
            return "<tr><td>\(escape(step.step))</td><td>\(step.attempt)</td><td>\(status(step.status.rawValue))</td><td><code>\(escape(step.action ?? "—"))</code></td><td>\(time(step.startedAt))</td><td>\(took)</td>"
                + "<td><code>\(escape(compact(step.inputs)))</code></td><td><code>\(escape(compact(step.outputs)))</code></td>"
                + "<td>\(escape(step.errorCode.map { "\($0): \(step.errorMessage ?? "")" } ?? step.reason ?? ""))</td></tr>"
        }
        body += "<h2>Steps</h2><table><tr><th>Step</th><th>Attempt</th><th>Status</th><th>Action</th><th>Started</th><th>Took</th><th>Inputs</th><th>Outputs</th><th>Detail</th></tr>\(rows.joined())</table>"
        // What the actions said while they worked.
        let logged = run.events.filter { $0.kind == .actionLogged }
        if !logged.isEmpty {
            body += "<h2>Log</h2><table><tr><th>Time</th><th>Step</th><th>Level</th><th>Message</th></tr>" + logged.map { event in
                "<tr><td>\(time(event.time))</td><td>\(escape(event.step ?? "—"))</td><td>\(escape(event.payload[member: "level"].stringValue ?? ""))</td><td>\(escape(event.payload[member: "message"].stringValue ?? ""))</td></tr>"
            }.joined() + "</table>"
        }
        if !evidence.isEmpty {
            body += "<h2>Evidence</h2><table><tr><th>Name</th><th>Kind</th><th>Size</th><th>SHA-256</th></tr>" + evidence.map {
                "<tr><td>\(escape($0.artifact.name))</td><td>\(escape($0.artifact.kind))</td><td>\($0.size)</td><td><code>\($0.sha256)</code></td></tr>"
            }.joined() + "</table>"
        }
        let parameters = run.header.parameters.sorted { $0.key < $1.key }.map { "<tr><td>\(escape($0.key))</td><td><code>\(escape($0.value.json))</code></td></tr>" }
        body += "<h2>Parameters</h2><table>\(parameters.joined())</table>"
        return page(summary.runbook, signedIn: signedIn, body: body, run: run.header.id)
    }

    static func login(message: String?) -> String {
        page("Sign in", signedIn: nil, body: """
            <h1>Sign in</h1>\(message.map { "<p style=color:var(--bad)>\(escape($0))</p>" } ?? "")
            <form method=post action=/login><p><input type=password name=token placeholder="your irun token" autofocus></p><p><button>Sign in</button></p></form>
            <p class=dim>Tokens are made with <code>irun token create NAME --role viewer|responder</code>.</p>
            """, live: false)
    }
}
