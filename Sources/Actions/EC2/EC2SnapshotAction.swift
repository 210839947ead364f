import Foundation
public import RunbookModel
import Providers

/// `ec2.snapshot`: one EBS snapshot per attached volume, taken in parallel, tagged with the
/// case and the run, then waited for until every one is `completed`.
///
/// It is idempotent per run: a volume that already has a snapshot tagged
/// `<prefix>-run=<this run>` is not snapshotted again, the existing snapshot is reused (a
/// retry or resume never doubles a snapshot). Evidence is never deleted, so there is no undo.
public struct EC2SnapshotAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.snapshot }

    /// How often completion is polled.
    static let pollInterval: Duration = .seconds(15)

    /// Snapshots every attached volume and waits for completion.
    ///
    /// - Parameter context: Inputs `instance`, `case`, `prefix`, `wait`.
    /// - Returns: `snapshots`: `[{id, volumeId, state}]`, in device order.
    /// - Throws: ``ActionError`` `InvalidInput`, `SnapshotTimeout` when `wait` passes first, `SnapshotFailed`; `AWSError`.
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let request = try Request(context)
        let started = context.clock.now
        _ = try await request.inspection.instance()
        let volumes = try await request.inspection.volumes()
        let ec2 = request.providers.ec2
        let clock = context.clock
        // One child per volume, each on its own timeline of a simulated clock (joined after),
        // so simulated time does not depend on how the runtime interleaves them.
        let snapshots = try await withThrowingTaskGroup(of: ((Int, Snapshot), Date).self) { group in
            for (index, volume) in volumes.enumerated() {
                group.addTask {
                    try await clock.fork {
                        if let existing = try await request.existing(for: volume.volumeId) { return (index, existing) }
                        let created = try await ec2.createSnapshot(CreateSnapshotInput(
                            volumeId: volume.volumeId, description: request.description(volume), tags: request.tags
                        ))
                        return (index, created)
                    }
                }
            }
            var found = [Snapshot?](repeating: nil, count: volumes.count)
            for try await ((index, snapshot), end) in group {
                found[index] = snapshot
                clock.join(end)
            }
            return found.compactMap { $0 }
        }
        if !snapshots.isEmpty {
            context.log("info", "snapshots \(snapshots.map { "\($0.snapshotId) (\($0.volumeId))" }.joined(separator: ", ")); waiting up to \(request.wait) for completion")
        }
        let done = try await waitForCompletion(snapshots, context: context, deadline: started.addingTimeInterval(request.wait.duration.timeInterval), wait: request.wait)
        return Self.outputs(done)
    }

    /// Polls every 15 s on the run's clock until every snapshot is `completed`.
    private func waitForCompletion(_ snapshots: [Snapshot], context: ActionContext, deadline: Date, wait: RunbookDuration) async throws -> [Snapshot] {
        guard !snapshots.isEmpty else { return [] }
        let ec2 = try context.requireProviders().ec2
        var current = snapshots
        while true {
            let byId = Dictionary(try await ec2.describeSnapshots(DescribeSnapshotsInput(snapshotIds: snapshots.map(\.snapshotId))).snapshots.map { ($0.snapshotId, $0) }, uniquingKeysWith: { first, _ in first })
            current = current.map { byId[$0.snapshotId] ?? $0 }
            if let failed = current.first(where: { $0.state == .error }) {
                throw ActionError(code: "SnapshotFailed", message: "snapshot \(failed.snapshotId) of \(failed.volumeId) failed (state error)")
            }
            if current.allSatisfy({ $0.state == .completed }) { return current }
            let now = context.clock.now
            guard now < deadline else {
                let pending = current.filter { $0.state != .completed }.map { "\($0.snapshotId) (\($0.volumeId)) \($0.state.rawValue) \($0.progress)" }
                throw ActionError(code: "SnapshotTimeout", message: "snapshots not completed within \(wait): \(pending.joined(separator: ", ")); they keep going, and a retry of this step reuses them")
            }
            try await context.clock.sleep(until: min(deadline, now.addingTimeInterval(Self.pollInterval.timeInterval)))
        }
    }

    /// Describes the snapshots it would take.
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        let request = try Request(context)
        _ = try await request.inspection.instance()
        let volumes = try await request.inspection.volumes()
        var parts: [String] = []
        var snapshots: [Value] = []
        for volume in volumes {
            let device = request.inspection.device(of: volume)
            if let existing = try await request.existing(for: volume.volumeId) {
                parts.append("reuse \(existing.snapshotId) of \(volume.volumeId) (\(device)), already taken by this run")
                snapshots.append(Self.value(existing))
            } else {
                parts.append("snapshot \(volume.volumeId) (\(volume.size) GiB, \(device))")
                snapshots.append(.object(["id": .null, "volumeId": .string(volume.volumeId), "state": "planned"]))
            }
        }
        let text = volumes.isEmpty
            ? "\(request.instanceId) has no attached EBS volume: nothing to snapshot"
            : sentence(parts) + "; tag them \(request.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) and wait up to \(request.wait) for completion"
        return ["wouldDo": .string(text), "snapshots": .list(snapshots)]
    }

    /// Nothing: evidence snapshots are kept. Makes no AWS call.
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        context.log("info", "evidence snapshots are kept; nothing to undo")
        return [:]
    }

    /// Completed when every attached volume has a snapshot tagged with this run (in any state).
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let request = try Request(context)
        var snapshots: [Snapshot] = []
        for volume in try await request.inspection.volumes() {
            guard let existing = try await request.existing(for: volume.volumeId) else { return .notDone }
            snapshots.append(existing)
        }
        return .completed(Self.outputs(snapshots))
    }

    static func value(_ snapshot: Snapshot) -> Value {
        .object(["id": .string(snapshot.snapshotId), "volumeId": .string(snapshot.volumeId), "state": .string(snapshot.state.rawValue)])
    }

    static func outputs(_ snapshots: [Snapshot]) -> [String: Value] { ["snapshots": .list(snapshots.map(value))] }

    /// The checked inputs, and the look-ups that depend on them.
    private struct Request: Sendable {
        let instanceId: String
        let runID: String
        let caseID: String
        let prefix: String
        let wait: RunbookDuration
        let providers: AWSProviders
        var inspection: EC2Inspection { EC2Inspection(providers: providers, instanceId: instanceId) }

        init(_ context: ActionContext) throws {
            instanceId = try context.instanceID()
            runID = context.runID
            caseID = try context.optionalString("case") ?? context.runID
            prefix = try context.optionalString("prefix") ?? "quarantine"
            wait = try context.duration("wait", default: RunbookDuration(milliseconds: 30 * 60 * 1000))
            providers = try context.requireProviders()
        }

        var tags: [Tag] { [Tag(key: "\(prefix)-case", value: caseID), Tag(key: "\(prefix)-run", value: runID)] }

        func description(_ volume: Volume) -> String {
            let text = "irun evidence: case \(caseID), run \(runID), volume \(volume.volumeId) (\(inspection.device(of: volume))) of \(instanceId)"
            return String(text.prefix(255))
        }

        /// A snapshot of the volume this run already took (not a failed one).
        func existing(for volumeId: String) async throws -> Snapshot? {
            let filters = [Filter(name: "volume-id", values: [volumeId]), Filter(name: "tag:\(prefix)-run", values: [runID])]
            let snapshots = try await EC2Inspection.paginate { token in
                let page = try await providers.ec2.describeSnapshots(DescribeSnapshotsInput(filters: filters, nextToken: token))
                return (page.snapshots, page.nextToken)
            }
            return snapshots.first { $0.state == .completed } ?? snapshots.first { $0.state != .error }
        }
    }
}
