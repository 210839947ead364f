import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel

/// The simulated AWS account the CLI runs against by default, kept in a file next to the
/// audit store so that a quarantine, its release, and a resume after a crash all see the same
/// world. It is saved after every mutating call.
///
/// The first use builds it from the world file (the built-in default world unless `--world`
/// names another) starting at the current time; later uses restore it and let it catch up with
/// the time that passed. Its clock is virtual: waits (snapshot completion, back-off) take no
/// real time, and the audit trail records the simulated times.
struct SimulatedAccount {
    let aws: MockAWS
    let clock: any ProviderClock
    /// The discrete-event clock of a seeded run (``open(world:worldsDirectories:storeDirectory:seed:)``).
    let simulation: SimulationClock?
    let stateFile: URL

    /// Opens the account for the world `name` (a world file or a name in `<runbooks>/worlds`).
    ///
    /// - Parameters:
    ///   - world: A file path, a world name, or `nil` for the built-in default world.
    ///   - worldsDirectories: Where named worlds live, searched in order.
    ///   - storeDirectory: The audit store's directory; the state lives in `simulated/<world>.json` there.
    ///   - seed: For a run that replays exactly (`--seed`): the world's draws come from it, and
    ///     its clock does not follow the wall clock — a new world starts at its file's start
    ///     time, a saved one where it stopped — and moves only as the run's tasks wait.
    /// - Throws: ``CLIError`` for an unreadable or invalid world or state file.
    static func open(world: String?, worldsDirectories: [String], storeDirectory: URL, seed: UInt64? = nil) throws -> SimulatedAccount {
        let spec = try loadSpec(world, worldsDirectories: worldsDirectories)
        let stateFile = storeDirectory.appendingPathComponent("simulated").appendingPathComponent("\(spec.name).json")
        let aws: MockAWS
        let clock: any ProviderClock
        var simulation: SimulationClock?
        if let data = try? Data(contentsOf: stateFile) {
            let saved: SavedSimulation
            do { saved = try JSONDecoder().decode(SavedSimulation.self, from: data) } catch {
                throw CLIError("\(stateFile.path): the saved simulated world is unreadable (\(error)); delete it or run `irun world reset \(spec.name)`")
            }
            if let seed {
                simulation = SimulationClock(start: saved.world.now)
                clock = simulation!
                aws = MockAWS(restoring: saved.reseeded(seed), clock: clock)
            } else {
                clock = TimelineClock(start: max(Date(), saved.world.now))
                aws = MockAWS(restoring: saved, clock: clock)
            }
        } else {
            var fresh = spec
            if let seed {
                fresh.seed = seed
                simulation = SimulationClock(start: fresh.start)
                clock = simulation!
            } else {
                fresh.start = Date()
                clock = TimelineClock(start: fresh.start)
            }
            do { aws = try MockAWS(spec: fresh, clock: clock) } catch { throw CLIError(error.description) }
        }
        return SimulatedAccount(aws: aws, clock: clock, simulation: simulation, stateFile: stateFile)
    }

    /// Starts saving after every mutating call, and saves now.
    func persist() async throws {
        try FileManager.default.createDirectory(at: stateFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let file = stateFile
        await aws.persistAfterEachMutation { saved in try Self.write(saved, to: file) }
        do { try Self.write(await aws.saved(), to: file) } catch {
            throw CLIError("cannot save the simulated account to \(file.path): \(error.localizedDescription); check that its directory is writable, or pass another --db")
        }
    }

    /// Writes atomically (a temporary file renamed over the old one), so a crash never leaves half a world.
    static func write(_ saved: SavedSimulation, to file: URL) throws {
        try JSONEncoder().encode(saved).write(to: file, options: .atomic)
    }

    static func loadSpec(_ world: String?, worldsDirectories: [String]) throws -> WorldSpec {
        guard let world else { return WorldSpec.defaultWorld() }
        let path = world.hasSuffix(".yaml") || world.contains("/") ? world
            : worldsDirectories.map { "\($0)/\(world).yaml" }.first { FileManager.default.fileExists(atPath: $0) } ?? "\(world).yaml"
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no world file '\(path)'; see `irun world show` and Runbooks/worlds/") }
        let result = WorldFileLoader.load(contentsOf: URL(fileURLWithPath: path))
        guard let spec = result.spec else {
            var printer = DiagnosticPrinter()
            throw CLIError(result.errors.map { printer.render($0) }.joined(separator: "\n") + "\n\(path): invalid world file")
        }
        return spec
    }
}

/// A command failed for a reason that is the user's to fix; the message says what and how.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32

    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
