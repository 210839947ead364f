/// A benchmark failed to set itself up.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Tiny flag parsing for `--name value` pairs.
enum Options {
    static func int(_ flag: String, in arguments: [String], default defaultValue: Int) throws -> Int {
        guard let index = arguments.firstIndex(of: flag) else { return defaultValue }
        guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else {
            throw BenchmarkError("\(flag) takes a positive whole number")
        }
        return value
    }
}

extension Options {
    /// The value after `flag`, or `nil` when the flag is absent.
    static func string(_ flag: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }
}

/// Order statistics of timing samples.
struct Statistics {
    var median: Duration
    var p95: Duration
    var min: Duration

    init(_ samples: [Duration]) {
        let sorted = samples.sorted()
        median = sorted[sorted.count / 2]
        p95 = sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
        min = sorted[0]
    }
}

extension Duration {
    /// Milliseconds with two decimals, for printing.
    var milliseconds: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
