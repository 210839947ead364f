#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Foundation

/// A process that drives runs: where it runs, its pid, who started it, and a random token that
/// tells its leases from those of an earlier process that had the same pid.
public struct LeaseOwner: Sendable, Hashable, CustomStringConvertible {
    public var token: String
    public var host: String
    public var pid: Int32
    public var actor: String

    public init(token: String = UUID().uuidString.lowercased(), host: String, pid: Int32, actor: String) {
        self.token = token
        self.host = host
        self.pid = pid
        self.actor = actor
    }

    /// This process, driving as `actor`.
    public static func thisProcess(actor: String) -> LeaseOwner {
        LeaseOwner(host: ProcessInfo.processInfo.hostName, pid: getpid(), actor: actor)
    }

    /// Whether the process still exists, as far as this host can tell: a pid on another host
    /// cannot be checked, so only the heartbeat can say it is gone.
    var isAliveIfLocal: Bool {
        guard host == ProcessInfo.processInfo.hostName else { return true }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // A killed process its parent has not reaped yet still answers kill(0): a zombie is gone all the same.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    public var description: String { "pid \(pid) on \(host) (\(actor))" }
}

/// Why a lease was taken from its holder.
public enum LeaseTakeover: String, Sendable, Hashable {
    /// The holder's pid no longer exists on this host: it crashed or was killed.
    case ownerExited = "owner-exited"
    /// The holder has not renewed the lease for longer than ``RunLeases/staleAfter``.
    case heartbeatExpired = "heartbeat-expired"
}

/// How long leases live without a heartbeat, and how often a holder renews them.
public enum RunLeases {
    /// A lease not renewed for this long is free: the holder is gone or hung.
    public static let staleAfter: TimeInterval = 30
    /// How often a holder renews its leases: well inside ``staleAfter``.
    public static let heartbeatEvery: Duration = .seconds(5)
}
