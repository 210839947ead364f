import ArgumentParser
import Foundation
import Providers
import RunbookModel

/// Shared pieces of starting and continuing runs from the command line.
enum RunLaunch {
    /// A new run id: the UTC start time and four random hex digits, e.g. `20261127-031200-3fa2`.
    /// Sorts by time, and is short enough to type into `irun resume`.
    static func newRunID(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }

    /// Who is running irun: `--actor`, else `$IRUN_ACTOR`, else the OS user.
    static func actor(_ flag: String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        let environment = ProcessInfo.processInfo.environment
        return environment["IRUN_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }

    /// Refuses `--param` values that are not `name=value`.
    ///
    /// - Parameters:
    ///   - flags: The `--param` values.
    ///   - hint: Text appended to the message, e.g. an example.
    /// - Throws: `ValidationError` naming the first bad value.
    static func checkPairs(_ flags: [String], hint: String = "") throws {
        for flag in flags where !flag.contains("=") || flag.hasPrefix("=") {
            throw ValidationError("--param '\(flag)' must be name=value\(hint).")
        }
    }

    /// `name=value` flags as pairs, in order.
    static func pairs(_ flags: [String]) -> [(name: String, text: String)] {
        flags.map { flag in
            let separator = flag.firstIndex(of: "=")!
            return (String(flag[..<separator]), String(flag[flag.index(after: separator)...]))
        }
    }

    /// Refuses malformed `--param` values, instance ids that are not `i-…`, and an instance
    /// given both as `--instance` (or another fleet source) and as `--param instance=…`.
    ///
    /// - Parameters:
    ///   - parameters: The `--param` values.
    ///   - instances: The `--instance` values.
    ///   - targetsGiven: Whether targets came from `--instance` or another fleet source.
    static func checkTargets(parameters: [String], instances: [String], targetsGiven: Bool) throws {
        try checkPairs(parameters, hint: ", e.g. --param case=IR-42")
        for instance in instances where !ResourceIdentifier.isInstanceID(instance) {
            throw ValidationError("--instance '\(instance)' is not an instance id; expected 'i-' followed by hexadecimal digits, e.g. i-0abc1234.")
        }
        if parameters.contains(where: { $0.hasPrefix("instance=") }), targetsGiven {
            throw ValidationError("give the instance either with --instance or with --param instance=…, not both.")
        }
    }

    /// `--instance` (a single run's) and `--param` as (name, text) pairs, in the order given.
    static func givenPairs(instance: String?, parameters: [String], fleet: Bool) -> [(name: String, text: String)] {
        (fleet ? [] : instance.map { [(name: "instance", text: $0)] } ?? []) + pairs(parameters)
    }

    /// Binds a run's parameters from the command line, as `execute` and `sfn start` both do. In
    /// a fleet `instance` is bound per target, so it is bound here to a placeholder to check the
    /// rest; a runbook without an `instance` parameter cannot run over a fleet.
    ///
    /// - Parameters:
    ///   - plan: The runbook.
    ///   - runID: The run's id, for `${{ run.id }}` defaults.
    ///   - instance: The `--instance` of a single run.
    ///   - parameters: The `--param` values.
    ///   - fleet: Whether the run covers a fleet.
    /// - Returns: Every parameter, bound and checked.
    /// - Throws: `ExitCode.usage` after printing each problem.
    static func bind(_ plan: Plan, runID: String, instance: String?, parameters: [String], fleet: Bool) throws -> [String: Value] {
        let hasInstance = plan.runbook.parameter(named: "instance") != nil
        let placeholder: [(name: String, text: String)] = fleet && hasInstance ? [("instance", "i-0")] : []
        let given = givenPairs(instance: instance, parameters: parameters, fleet: fleet)
        let values: [String: Value]
        do {
            values = try ParameterBinding.bind(placeholder + given, to: plan.runbook, scope: ExpressionScope(roots: ["run": ["id": .string(runID)]]),
                                               flag: { $0 == "instance" ? "--instance" : "--param \($0)" })
        } catch {
            printError(error.problems.map { "error: \($0)" }.joined(separator: "\n"))
            throw ExitCode.usage
        }
        if fleet, !hasInstance {
            printError("error: runbook '\(plan.runbook.name)' has no `instance` parameter, so it cannot run over a fleet")
            throw ExitCode.usage
        }
        return values
    }
}
