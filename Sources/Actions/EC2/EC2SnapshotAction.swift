import Foundation
public import RunbookModel
import Providers

/// `ec2.snapshot`: one EBS snapshot per attached volume, tagged with the case and the run, then
/// waited for until every one is `completed`.
///
/// A fresh run snapshots every volume with one `CreateSnapshots` call: one call per instance
/// instead of one per volume, and the snapshots are crash-consistent with each other (taken at
/// the same point in time). A volume attached too late for that call's answer, or every volume
/// when the role may not call `CreateSnapshots` (a policy from before irun used it), is
/// snapshotted on its own with `CreateSnapshot`.
///
/// It is idempotent per run: a volume that already has a snapshot tagged
/// `<prefix>-run=<this run>` is not snapshotted again, the existing snapshot is reused (a
/// retry or resume never doubles a snapshot). A retry after a partial run snapshots only the
/// volumes still missing, each with `CreateSnapshot` (`CreateSnapshots` would take all of them
/// again). Evidence is never deleted, so there is no undo.
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
        var taken = try await request.existing(for: volumes)
        var others: [Snapshot] = []
        if taken.isEmpty, !volumes.isEmpty, let together = try await request.snapshotTogether(context) {
            let described = Set(volumes.map(\.volumeId))
            for snapshot in together {
                if described.contains(snapshot.volumeId) { taken[snapshot.volumeId] = snapshot } else { others.append(snapshot) }
            }
        }
        for (volumeId, snapshot) in try await request.snapshotEach(volumes.filter { taken[$0.volumeId] == nil }) {
            taken[volumeId] = snapshot
        }
        // Device order; a volume attached after the look-up (CreateSnapshots took it too) last.
        let snapshots = volumes.compactMap { taken[$0.volumeId] } + others
        if !snapshots.isEmpty {
            context.log(.info, "snapshots \(snapshots.map { "\($0.snapshotId) (\($0.volumeId))" }.joined(separator: ", ")); waiting up to \(request.wait) for completion")
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
        let taken = try await request.existing(for: volumes)
        var parts: [String] = []
        var snapshots: [Value] = []
        for volume in volumes {
            let device = request.inspection.device(of: volume)
            if let existing = taken[volume.volumeId] {
                parts.append("reuse \(existing.snapshotId) of \(volume.volumeId) (\(device)), already taken by this run")
                snapshots.append(Self.value(existing))
            } else {
                parts.append("snapshot \(volume.volumeId) (\(volume.size) GiB, \(device))")
                snapshots.append(.object(["id": .null, "volumeId": .string(volume.volumeId), "state": "planned"]))
            }
        }
        let together = taken.isEmpty && volumes.count > 1 ? ", all at the same point in time" : ""
        let text = volumes.isEmpty
            ? "\(request.instanceId) has no attached EBS volume: nothing to snapshot"
            : sentence(parts) + together + "; tag them \(request.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) and wait up to \(request.wait) for completion"
        return ["wouldDo": .string(text), "snapshots": .list(snapshots)]
    }

    /// Nothing: evidence snapshots are kept. Makes no AWS call.
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        context.log(.info, "evidence snapshots are kept; nothing to undo")
        return [:]
    }

    /// Completed when every attached volume has a snapshot tagged with this run (in any state).
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let request = try Request(context)
        let volumes = try await request.inspection.volumes()
        let taken = try await request.existing(for: volumes)
        let snapshots = volumes.compactMap { taken[$0.volumeId] }
        guard snapshots.count == volumes.count else { return .notDone }
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
        let clock: any ProviderClock
        var inspection: EC2Inspection { EC2Inspection(providers: providers, instanceId: instanceId, clock: clock) }

        init(_ context: ActionContext) throws {
            instanceId = try context.instanceID()
            runID = context.runID
            caseID = try context.optionalString("case") ?? context.runID
            prefix = try context.optionalString("prefix") ?? "quarantine"
            wait = try context.duration("wait", default: RunbookDuration(milliseconds: 30 * 60 * 1000))
            providers = try context.requireProviders()
            clock = context.clock
        }

        var tags: [Tag] { [Tag(key: "\(prefix)-case", value: caseID), Tag(key: "\(prefix)-run", value: runID)] }

        /// The description of a snapshot of one volume (`CreateSnapshot`).
        func description(_ volume: Volume) -> String {
            let text = "irun evidence: case \(caseID), run \(runID), volume \(volume.volumeId) (\(inspection.device(of: volume))) of \(instanceId)"
            return String(text.prefix(255))
        }

        /// The description every snapshot of one `CreateSnapshots` call shares.
        var instanceDescription: String {
            String("irun evidence: case \(caseID), run \(runID), volumes of \(instanceId)".prefix(255))
        }

        /// Snapshots every attached volume in one `CreateSnapshots` call; `nil` when the role may
        /// not call it (`UnauthorizedOperation`), so that the volumes are snapshotted one by one.
        func snapshotTogether(_ context: ActionContext) async throws -> [Snapshot]? {
            do {
                return try await providers.ec2.createSnapshots(CreateSnapshotsInput(instanceId: instanceId, description: instanceDescription, tags: tags)).snapshots
            } catch let error as AWSError where error.code == .unauthorizedOperation {
                context.log(.warning, "not allowed to call CreateSnapshots (\(error.message)); snapshotting volume by volume with CreateSnapshot: grant ec2:CreateSnapshots for one call per instance and snapshots consistent across its volumes")
                return nil
            }
        }

        /// Snapshots each volume with its own `CreateSnapshot`, in parallel: one child per
        /// volume, each on its own timeline of a simulated clock (joined after), so simulated
        /// time does not depend on how the runtime interleaves them.
        ///
        /// - Returns: The new snapshots by volume id.
        func snapshotEach(_ volumes: [Volume]) async throws -> [String: Snapshot] {
            guard !volumes.isEmpty else { return [:] }
            return try await withThrowingTaskGroup(of: (Snapshot, Date).self) { group in
                for volume in volumes {
                    group.addTask {
                        try await clock.fork {
                            try await providers.ec2.createSnapshot(CreateSnapshotInput(volumeId: volume.volumeId, description: description(volume), tags: tags))
                        }
                    }
                }
                var created: [String: Snapshot] = [:]
                for try await (snapshot, end) in group {
                    created[snapshot.volumeId] = snapshot
                    clock.join(end)
                }
                return created
            }
        }

        /// The snapshots this run already took of these volumes, by volume id (a completed one
        /// preferred; failed ones ignored), found with one look-up for all of them.
        func existing(for volumes: [Volume]) async throws -> [String: Snapshot] {
            guard !volumes.isEmpty else { return [:] }
            let filters = [Filter(name: "volume-id", values: volumes.map(\.volumeId)), Filter(name: "tag:\(prefix)-run", values: [runID])]
            let snapshots = try await collectPages { token in
                let page = try await providers.ec2.describeSnapshots(DescribeSnapshotsInput(filters: filters, nextToken: token))
                return (page.snapshots, page.nextToken)
            }
            var found: [String: Snapshot] = [:]
            for snapshot in snapshots where snapshot.state != .error {
                let kept = found[snapshot.volumeId]
                if kept == nil || (kept?.state != .completed && snapshot.state == .completed) { found[snapshot.volumeId] = snapshot }
            }
            return found
        }
    }
}
