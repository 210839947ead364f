import Foundation

/// `irun-bench`: prints performance figures. Run it in release: `swift run -c release irun-bench parse`.
@main
enum IRunBench {
    static let usage = """
        usage: irun-bench <benchmark> [options]
          parse [--steps N] [--iterations N]   parse + validate + plan a generated runbook (default 1000 steps)
          fleet [--instances N] [--latency-ms N] [--concurrency N] [--no-batching]   ec2-quarantine over a simulated fleet, with AWS's rate limits
        (irun against moto next to boto3, as a responder types it: python3 Benchmarks/cli_vs_boto3.py)
          gameday [--runs N]                   the 200-instance throttling-storm game day: wall time and time to contain vs its bound
          quarantine [--runs N]                the whole `irun execute ec2-quarantine --instance i-123` process, zero latency
          engine [--steps N]                   a generated core.noop DAG, wide and deep, with the durable audit store
          world [--instances N] [--calls N]    mixed API calls against a simulated world (default 10000 / 100000)
          audit [--events N] [--runs N] [--batch N]  fill an audit database, then verify its chain (default 1000000 / 10000 / 10)
          reports [--events N] [--runs N]     audit export of a whole database, and report of one run (default 1000000 / 10000)
        """

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "parse": try ParseBenchmark.run(arguments: Array(arguments.dropFirst()))
            case "world": try await WorldBenchmark.run(arguments: Array(arguments.dropFirst()))
            case "audit": try await AuditBenchmark.run(arguments: Array(arguments.dropFirst()))
            case "reports": try await ReportsBenchmark.run(arguments: Array(arguments.dropFirst()))
            case "engine": try await EngineBenchmark.run(arguments: Array(arguments.dropFirst()))
            case "fleet": try await FleetBenchmark.run(arguments: Array(arguments.dropFirst()))
            case "gameday": try await GameDayBenchmark.run(arguments: Array(arguments.dropFirst()))
            case "quarantine": try QuarantineBenchmark.run(arguments: Array(arguments.dropFirst()))
            default:
                FileHandle.standardError.write(Data((usage + "\n").utf8))
                exit(2)
            }
        } catch {
            FileHandle.standardError.write(Data("irun-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
