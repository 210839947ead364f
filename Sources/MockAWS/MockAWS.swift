import Foundation
public import Providers

/// The simulated AWS account: EC2, Auto Scaling, Classic ELB and ELBv2 behind the provider protocols.
///
/// It is a simulation, not a stub. Calls change a ``World`` that moves on by itself as the
/// injected clock advances: snapshots complete, load balancers probe through security groups,
/// and an Auto Scaling group terminates and replaces a member that fails its health check —
/// termination protection notwithstanding, as on AWS. Every call passes a token-bucket rate
/// limit and the fault rules, waits its sampled latency on the clock, and lands in ``calls``.
/// The same spec, seed and call sequence give the same world and the same call log.
public actor MockAWS: EC2, AutoScaling, ElasticLoadBalancing, ElasticLoadBalancingV2 {
    /// The clock every latency, delay and background process runs on.
    public nonisolated let clock: any ProviderClock
    /// The world as of the last call or ``settle()``.
    public private(set) var world: World
    /// Every call received, in order.
    public private(set) var calls: [CallRecord] = []
    private var state: SimulationState
    /// Called with the simulation after every successful mutating call (to persist it).
    private var afterMutation: (@Sendable (SavedSimulation) throws -> Void)?

    /// Builds the world a spec describes.
    ///
    /// - Parameters:
    ///   - spec: The world to simulate.
    ///   - clock: The time source; a ``VirtualClock`` starting at the spec's start when `nil`.
    /// - Throws: ``WorldSpecError`` when the spec is inconsistent.
    public init(spec: WorldSpec, clock: (any ProviderClock)? = nil) throws(WorldSpecError) {
        let clock = clock ?? VirtualClock(start: spec.start)
        var world = try World(spec: spec)
        world.advance(to: clock.now)
        self.clock = clock
        self.world = world
        self.state = SimulationState(behaviour: spec.behaviour, seed: spec.seed, start: spec.start, now: clock.now)
    }

    /// Restores a simulation saved with ``saved()``, so a world can live across `irun` invocations.
    ///
    /// - Parameters:
    ///   - saved: What ``saved()`` returned.
    ///   - clock: The time source; it should not be earlier than the saved world's time.
    public init(restoring saved: SavedSimulation, clock: any ProviderClock) {
        self.clock = clock
        self.world = saved.world
        self.state = saved.state
    }

    /// The world and the simulation's counters, as a value that can be encoded and restored.
    public func saved() -> SavedSimulation { SavedSimulation(world: world, state: state) }

    /// Advances the world to the clock's time and returns it.
    ///
    /// - Returns: The settled world.
    @discardableResult
    public func settle() -> World {
        world.advance(to: clock.now)
        return world
    }

    /// Changes the world directly, outside any API call (game days: "the instance dies mid-run").
    ///
    /// - Parameter change: The change to make.
    public func change(_ change: (inout World) -> Void) {
        world.advance(to: clock.now)
        change(&world)
    }

    /// Asks to be handed the saved simulation after every successful mutating call, so that a
    /// world living in a file survives a crash with every change the crash did not prevent.
    ///
    /// - Parameter save: Called on the actor; keep it quick (write a file). When it throws, the
    ///   call fails with `SimulationNotSaved` (not retryable): the change is made in memory but
    ///   would be lost with the process, so the run must not go on as if it were durable.
    public func persistAfterEachMutation(_ save: @escaping @Sendable (SavedSimulation) throws -> Void) {
        afterMutation = save
    }

    /// Adds a fault rule from now on.
    ///
    /// - Parameter rule: The rule.
    public func inject(_ rule: FaultRule) { state.add(rule) }

    /// Runs one API call through rate limits, faults and latency, then applies it to the world.
    func perform<Request: AWSRequest, Output: Sendable>(
        _ request: Request, _ apply: (inout World, _ requestID: String) throws(AWSError) -> Output
    ) async throws -> Output {
        // The call is judged (rate limits, fault windows) and logged at its caller's time. On a
        // timeline clock that may be behind the world's, which only moves forward.
        let startedAt = clock.now
        world.advance(to: startedAt)
        let operation = Request.operation
        let sequence = state.nextSequence()
        var random = state.generator(for: operation, resources: request.resourceIDs)
        let requestID = state.requestID(using: &random)
        let verdict = state.admit(operation, resources: request.resourceIDs, at: startedAt, using: &random)
        if verdict.latency > .zero { try await clock.sleep(for: verdict.latency) }
        world.advance(to: clock.now)
        var record = CallRecord(
            sequence: sequence, operation: operation, request: request, requestID: requestID, startedAt: startedAt,
            finishedAt: clock.now, outcome: .succeeded, injectedBy: verdict.injectedBy
        )
        if var error = verdict.error {
            error.requestID = requestID
            record.outcome = .failed(code: error.code.rawValue)
            calls.append(record)
            throw error
        }
        world.callTime = startedAt
        defer { world.callTime = nil }
        do throws(AWSError) {
            let output = try apply(&world, requestID)
            calls.append(record)
            if operation.mutates, let afterMutation {
                do { try afterMutation(saved()) } catch {
                    throw AWSError("SimulationNotSaved", "the simulated account changed but could not be saved: \(error)", httpStatus: 500, isRetryable: false)
                }
            }
            return output
        } catch {
            var failure = error
            failure.requestID = requestID
            record.outcome = .failed(code: failure.code.rawValue)
            calls.append(record)
            throw failure
        }
    }
}

/// A simulation saved between runs: the world plus the random generator, fault counters and rate-limit buckets.
public struct SavedSimulation: Sendable, Codable {
    public var world: World
    var state: SimulationState

    /// The same world, its calls' random draws (latency, fault dice, request ids) coming from
    /// `seed` from now on, as if no call had been made yet.
    ///
    /// - Parameter seed: The seed.
    /// - Returns: The reseeded simulation.
    public func reseeded(_ seed: UInt64) -> SavedSimulation {
        var copy = self
        copy.state.reseed(seed)
        return copy
    }
}
