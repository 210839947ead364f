/// Deterministic AWS-shaped ids: the same seed gives the same ids in the same order.
public struct IdentifierFactory: Sendable, Codable, Hashable {
    private let seed: UInt64
    private var counter: UInt64 = 0

    public init(seed: UInt64) { self.seed = seed }

    /// The next id with `prefix`: `prefix-` followed by 17 lowercase hex digits, like `i-0a1b2c…`.
    ///
    /// - Parameter prefix: `i`, `sg`, `eni`, `vol`, `snap`, …
    /// - Returns: A new id.
    public mutating func next(_ prefix: String) -> String {
        "\(prefix)-0\(nextHex(16))"
    }

    /// The next `count` hex digits (at most 16).
    public mutating func nextHex(_ count: Int) -> String {
        counter += 1
        let value = SeededGenerator.mix(seed &+ counter &* 0x9E37_79B9_7F4A_7C15)
        let hex = String(value, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return String(padded.suffix(count))
    }
}

/// SplitMix64: a small, fast, seedable random number generator (deterministic across platforms).
public struct SeededGenerator: RandomNumberGenerator, Sendable, Codable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 output function.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
