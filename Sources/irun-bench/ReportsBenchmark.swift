import Actions
import AuditStore
import Foundation
import Providers
import Reports
import RunbookModel

/// `irun-bench reports`: exports and reports on a large audit database.
///
/// Fills a database with `--events` events over `--runs` runs (default 1,000,000 / 10,000, the
/// `audit` benchmark's generator, with a runbook that compiles so reports draw a graph), then:
/// - `irun audit export --format jsonl` of everything to /dev/null, through the library in this
///   process and through the `irun` binary next to this one (if built), with the child's peak
///   memory (target under 10 s and 150 MB);
/// - `irun report` of one run, in each format and both verification scopes, in process and
///   through the binary (target under 200 ms).
enum ReportsBenchmark {
    static func run(arguments: [String]) async throws {
        let eventCount = try Options.int("--events", in: arguments, default: 1_000_000)
        let runCount = try Options.int("--runs", in: arguments, default: 10_000)
        guard eventCount >= runCount * 2 else { throw BenchmarkError("--events must be at least twice --runs (begin and finish per run)") }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-reports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("audit.sqlite").path
        let store = try AuditDatabase.open(path: path)
        let steps = max(1, (eventCount / runCount - 2) / 2 + 1)
        let fillStart = ContinuousClock.now
        let (written, _, _) = try await AuditBenchmark.fill(
            store, events: eventCount, runs: runCount, batch: 50, runbookText: runbook(steps: steps), action: "core.noop")
        print("fill: \(written) events over \(runCount) runs in \((ContinuousClock.now - fillStart).milliseconds) ms")

        // Export through the library, in this process.
        let null = open("/dev/null", O_WRONLY)
        defer { close(null) }
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
        let baseline = residentMiB()
        let exportStart = ContinuousClock.now
        let exported = try await AuditExporter.export(from: store, matching: EventFilter(), format: .jsonl, to: null, name: "/dev/null")
        let exportTime = ContinuousClock.now - exportStart
        print("export jsonl (library): \(exported) events in \(exportTime.milliseconds) ms → \(Int(Double(exported) / exportTime.timeInterval)) events/s; peak RSS \(WorldBenchmark.peakMemoryMiB()) MiB (was \(baseline) MiB before; target < 10000 ms)")
        let csvStart = ContinuousClock.now
        _ = try await AuditExporter.export(from: store, matching: EventFilter(), format: .csv, to: null, name: "/dev/null")
        print("export csv (library): \((ContinuousClock.now - csvStart).milliseconds) ms")

        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("irun").path
        if FileManager.default.isExecutableFile(atPath: binary) {
            let (time, status) = try spawn(binary, ["audit", "export", "--format", "jsonl", "--db", path])
            var usage = rusage()
            #if os(Linux)
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)  // Glibc imports the constant as an enum
            #else
            getrusage(RUSAGE_CHILDREN, &usage)
            #endif
            print("irun audit export --format jsonl > /dev/null: \(time.milliseconds) ms, exit \(status), peak RSS \(usage.ru_maxrss / 1024) MiB (targets < 10000 ms, < 150 MiB)")
        } else {
            print("(no irun binary at \(binary): build it too for the end-to-end figures)")
        }

        // Report one run.
        let id = "bench-\(runCount / 2)"
        for scope in ChainAudit.Scope.allCases {
            for format in ReportFormat.allCases {
                var samples: [Duration] = []
                var size = 0
                for _ in 0..<(scope == .full ? 3 : 15) {
                    let start = ContinuousClock.now
                    let report = try await RunReport.load(run: id, from: store, options: RunReportOptions(catalog: BuiltinActions.catalog, verification: scope))
                    size = ReportExporter.render(report, as: format).utf8.count
                    samples.append(ContinuousClock.now - start)
                }
                let stats = Statistics(samples)
                print("report \(format.rawValue) --verify \(scope.rawValue) (library): median \(stats.median.milliseconds) ms, min \(stats.min.milliseconds) ms, \(size) bytes")
            }
        }
        if FileManager.default.isExecutableFile(atPath: binary) {
            for scope in ChainAudit.Scope.allCases {
                let (time, status) = try spawn(binary, ["report", id, "--format", "html", "--verify", scope.rawValue, "--db", path])
                print("irun report \(id) --format html --verify \(scope.rawValue) > /dev/null: \(time.milliseconds) ms, exit \(status) (target < 200 ms)")
            }
        }
    }

    /// A runbook of `steps` core.noop steps named like the generated events, seven wide.
    static func runbook(steps: Int) -> String {
        var text = "name: ec2-quarantine\nsteps:\n"
        for index in 0..<steps {
            text += index < 7 ? "  step-\(index): { action: core.noop }\n" : "  step-\(index): { action: core.noop, needs: [step-\(index - 7)] }\n"
        }
        return text
    }

    /// Runs a program with standard output to /dev/null; returns the wall time and exit status.
    static func spawn(_ program: String, _ arguments: [String]) throws -> (Duration, Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return (ContinuousClock.now - start, process.terminationStatus)
    }

    /// The current resident set (VmRSS), in MiB.
    static func residentMiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib / 1024
    }
}
