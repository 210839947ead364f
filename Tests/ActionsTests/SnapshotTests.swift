import Actions
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("ec2.snapshot")
struct SnapshotTests {
    let snapshot = EC2SnapshotAction()

    @Test func snapshotsEveryVolumeTaggedAndWaitsForCompletion() async throws {
        // Given i-123 with an 8 GiB and a 100 GiB volume (2 s per GiB: 200 s for the larger)
        let harness = try Harness()
        let start = harness.clock.now
        // When it is snapshotted for case IR-7
        let outputs = try await harness.run(snapshot, ["instance": "i-123", "case": "IR-7"], runID: "run-7")
        // Then both snapshots completed, polled every 15 s on the run's clock
        let snapshots = try #require(outputs["snapshots"]?.listItems)
        #expect(snapshots.map { $0[member: "volumeId"] } == ["vol-0123a", "vol-0123b"])
        #expect(snapshots.allSatisfy { $0[member: "state"] == "completed" })
        #expect(harness.clock.now.timeIntervalSince(start) == 210)
        // And each is tagged with the case and run, and described
        let stored = try await harness.aws.describeSnapshots(DescribeSnapshotsInput()).snapshots
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0.tags.value(of: "quarantine-case") == "IR-7" && $0.tags.value(of: "quarantine-run") == "run-7" })
        #expect(stored.allSatisfy { $0.description == "irun evidence: case IR-7, run run-7, volumes of i-123" })
        // And both were taken by one call, at the same point in time
        #expect(await harness.aws.calls.calls(to: .createSnapshots).count == 1)
        #expect(await harness.aws.calls.calls(to: .createSnapshot).isEmpty)
        #expect(Set(stored.map(\.startTime)).count == 1)
    }

    @Test func aRetryReusesTheRunsSnapshots() async throws {
        let harness = try Harness()
        let first = try await harness.run(snapshot, ["instance": "i-123"])
        let second = try await harness.run(snapshot, ["instance": "i-123"])
        #expect(first == second)
        #expect(await harness.aws.calls.calls(to: .createSnapshots).count == 1)
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
        // Another run takes its own.
        _ = try await harness.run(snapshot, ["instance": "i-123"], runID: "run-2")
        #expect(await harness.aws.calls.calls(to: .createSnapshots).count == 2)
        #expect(try await harness.aws.describeSnapshots(DescribeSnapshotsInput()).snapshots.count == 4)
    }

    @Test func aRetryAfterAPartialRunSnapshotsOnlyTheMissingVolume() async throws {
        // Given a run whose snapshot of vol-0123a exists but whose vol-0123b was never snapshotted
        let harness = try Harness()
        let earlier = try await harness.aws.createSnapshot(CreateSnapshotInput(
            volumeId: "vol-0123a", tags: [Tag(key: "quarantine-case", value: "run-1"), Tag(key: "quarantine-run", value: "run-1")]))
        // When the step is retried
        let outputs = try await harness.run(snapshot, ["instance": "i-123"], attempt: 2)
        // Then vol-0123a's snapshot is reused and only vol-0123b is snapshotted, on its own
        let snapshots = try #require(outputs["snapshots"]?.listItems)
        #expect(snapshots.map { $0[member: "volumeId"] } == ["vol-0123a", "vol-0123b"])
        #expect(snapshots.first?[member: "id"] == .string(earlier.snapshotId))
        #expect(snapshots.allSatisfy { $0[member: "state"] == "completed" })
        #expect(await harness.aws.calls.calls(to: .createSnapshots).isEmpty)
        let created = await harness.aws.calls.calls(to: .createSnapshot)
        #expect(created.count == 2 && created.last?.resourceIDs == ["vol-0123b"])
        let stored = try await harness.aws.describeSnapshots(DescribeSnapshotsInput(filters: [Filter(name: "volume-id", values: ["vol-0123b"])])).snapshots
        #expect(stored.map(\.description) == ["irun evidence: case run-1, run run-1, volume vol-0123b (/dev/xvdb) of i-123"])
    }

    @Test func withoutCreateSnapshotsPermissionEachVolumeIsSnapshottedAlone() async throws {
        // Given a role allowed CreateSnapshot but not CreateSnapshots (a policy from an older irun)
        let harness = try Harness(faults: [fault("CreateSnapshots")])
        // When the instance is snapshotted
        let outputs = try await harness.run(snapshot, ["instance": "i-123", "case": "IR-7"])
        // Then every volume still has its completed, tagged snapshot, one call each
        #expect(outputs["snapshots"]?.listItems?.allSatisfy { $0[member: "state"] == "completed" } == true)
        #expect(await harness.aws.calls.calls(to: .createSnapshot).filter(\.succeeded).count == 2)
        let stored = try await harness.aws.describeSnapshots(DescribeSnapshotsInput()).snapshots
        #expect(Set(stored.map(\.volumeId)) == ["vol-0123a", "vol-0123b"] && stored.allSatisfy { $0.tags.value(of: "quarantine-case") == "IR-7" })
    }

    @Test func waitingTooLongTimesOutAndTheRetryPicksUpTheSameSnapshots() async throws {
        // Given a wait of one minute, shorter than the 100 GiB snapshot takes
        let harness = try Harness()
        let text = await errorText { _ = try await harness.run(snapshot, ["instance": "i-123", "wait": "1m"]) }
        #expect(text?.hasPrefix("SnapshotTimeout: snapshots not completed within 1m") == true)
        #expect(text?.contains("vol-0123b") == true)
        // When the step is retried with the default wait
        let outputs = try await harness.run(snapshot, ["instance": "i-123"], attempt: 2)
        // Then no new snapshot was started
        #expect(outputs["snapshots"]?.listItems?.allSatisfy { $0[member: "state"] == "completed" } == true)
        #expect(await harness.aws.calls.calls(to: .createSnapshots).count == 1)
        #expect(await harness.aws.calls.calls(to: .createSnapshot).isEmpty)
    }

    @Test func reconcileNeedsATaggedSnapshotOfEveryVolume() async throws {
        let harness = try Harness()
        #expect(try await snapshot.reconcile(harness.context(["instance": "i-123"])) == .notDone)
        let outputs = try await harness.run(snapshot, ["instance": "i-123"])
        #expect(try await snapshot.reconcile(harness.context(["instance": "i-123"])) == .completed(outputs))
    }

    @Test func undoKeepsTheEvidenceAndCallsNothing() async throws {
        let harness = try Harness()
        let outputs = try await harness.run(snapshot, ["instance": "i-123"])
        let calls = await harness.aws.calls.count
        #expect(try await snapshot.undo(harness.context(["instance": "i-123"]), outputs: outputs) == [:])
        #expect(await harness.aws.calls.count == calls)
    }

    @Test func theTagPrefixIsAnInput() async throws {
        let harness = try Harness()
        _ = try await harness.run(snapshot, ["instance": "i-0b0b", "prefix": "ir", "case": "c"])
        let stored = try await harness.aws.describeSnapshots(DescribeSnapshotsInput()).snapshots
        #expect(stored.count == 2 && stored.allSatisfy { $0.tags == [Tag(key: "ir-case", value: "c"), Tag(key: "ir-run", value: "run-1")] })
    }

    @Test func planListsTheVolumesAndTakesNoSnapshot() async throws {
        let harness = try Harness()
        let plan = try await snapshot.plan(harness.context(["instance": "i-123", "case": "IR-7"], mode: .dryRun))
        #expect(plan["wouldDo"] == "snapshot vol-0123a (8 GiB, /dev/xvda); snapshot vol-0123b (100 GiB, /dev/xvdb), all at the same point in time; tag them quarantine-case=IR-7, quarantine-run=run-1 and wait up to 30m for completion")
        #expect(await harness.mutations().isEmpty)
    }

    @Test func badInputAndDeniedCallsFail() async throws {
        let harness = try Harness(faults: [fault("CreateSnapshots"), fault("CreateSnapshot")])
        #expect(await errorCode { _ = try await harness.run(snapshot, ["instance": "i-123", "wait": "soon"]) } == "InvalidInput")
        #expect(await errorCode { _ = try await harness.run(snapshot, ["instance": "vol-0123a"]) } == "InvalidInput")
        #expect(await errorCode { _ = try await harness.run(snapshot, ["instance": "i-0000beef"]) } == "InvalidInstanceID.NotFound")
        #expect(await errorCode { _ = try await harness.run(snapshot, ["instance": "i-123"]) } == "UnauthorizedOperation")
    }
}
