import Foundation
import Providers

extension LatencyModel {
    /// Draws one latency from the distribution.
    ///
    /// - Parameter random: The world's seeded generator.
    /// - Returns: A non-negative duration.
    func sample(using random: inout SeededGenerator) -> Duration {
        switch self {
        case .fixed(let duration):
            return duration
        case .uniform(let low, let high):
            let span = max(0, high.timeInterval - low.timeInterval)
            return .interval(low.timeInterval + span * random.nextUnit())
        case .logNormal(let median, let p99):
            let mu = log(max(median.timeInterval, 1e-6))
            let sigma = max(0, log(max(p99.timeInterval, 1e-6)) - mu) / 2.326_348
            // Box–Muller: one standard normal from two uniforms.
            let u1 = max(random.nextUnit(), 1e-12), u2 = random.nextUnit()
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return .interval(exp(mu + sigma * z))
        }
    }
}
