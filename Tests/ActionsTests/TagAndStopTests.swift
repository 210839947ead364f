import Actions
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("ec2.tag")
struct TagTests {
    let tag = EC2TagAction()

    @Test func tagsTheInstanceOnceWithCaseRunAndTime() async throws {
        // Given i-123, one minute into the run
        let harness = try Harness()
        harness.clock.advance(by: .seconds(61))
        // When it is tagged twice (a resume)
        let first = try await harness.run(tag, ["instance": "i-123", "case": "IR-7"], runID: "run-9")
        harness.clock.advance(by: .seconds(30))
        let second = try await harness.run(tag, ["instance": "i-123", "case": "IR-7"], runID: "run-9")
        // Then the four tags were written once, with the time of the first write
        let expected: Value = ["quarantine": "true", "quarantine-case": "IR-7", "quarantine-run": "run-9", "quarantine-time": "2026-01-01T00:01:01Z"]
        #expect(first == ["tags": expected] && second == first)
        #expect(await harness.aws.calls.calls(to: .createTags).count == 1)
        let tags = try await harness.instance("i-123").tags
        #expect(tags.value(of: "quarantine-time") == "2026-01-01T00:01:01Z" && tags.value(of: "Name") == "web-1")
        #expect(try await tag.reconcile(harness.context(["instance": "i-123"], runID: "run-9")) == .completed(first))
        #expect(try await tag.reconcile(harness.context(["instance": "i-123"], runID: "run-10")) == .notDone)
        // When it is undone
        #expect(try await tag.undo(harness.context(["instance": "i-123"], runID: "run-9"), outputs: first) == ["deleted": ["quarantine", "quarantine-case", "quarantine-run", "quarantine-time"]])
        // Then only the quarantine tags are gone
        #expect(try await harness.instance("i-123").tags.map(\.key) == ["Name", "Role", "Environment"])
    }

    @Test func theCaseDefaultsToTheRunAndThePrefixIsAnInput() async throws {
        let harness = try Harness()
        let outputs = try await harness.run(tag, ["instance": "i-0b0b", "prefix": "ir"], runID: "run-3")
        #expect(outputs["tags"]?[member: "ir-case"] == "run-3" && outputs["tags"]?[member: "ir"] == "true")
    }

    @Test func planNamesTheTagsAndWritesNone() async throws {
        let harness = try Harness()
        let plan = try await tag.plan(harness.context(["instance": "i-123", "case": "IR-7"], mode: .dryRun))
        #expect(plan["wouldDo"] == "tag i-123 with quarantine=true, quarantine-case=IR-7, quarantine-run=run-1, quarantine-time=2026-01-01T00:00:00Z")
        #expect(await harness.mutations().isEmpty)
    }

    @Test func badInputAndDeniedCallsFail() async throws {
        let harness = try Harness(faults: [fault("CreateTags")])
        #expect(await errorCode { _ = try await harness.run(tag, ["instance": "i-12g"]) } == "InvalidInput")
        #expect(await errorCode { _ = try await harness.run(tag, ["instance": "i-123"]) } == "UnauthorizedOperation")
        // An unknown instance is NotFound: from CreateTags in a run (which reads only tags), from
        // DescribeInstances in a dry run
        let allowed = try Harness()
        #expect(await errorCode { _ = try await allowed.run(tag, ["instance": "i-0000beef"]) } == "InvalidInstanceID.NotFound")
        #expect(await errorCode { _ = try await tag.plan(allowed.context(["instance": "i-0000beef"], mode: .dryRun)) } == "InvalidInstanceID.NotFound")
    }
}

@Suite("ec2.stop")
struct StopTests {
    let stop = EC2StopAction()

    @Test func stopsARunningInstanceOnce() async throws {
        let harness = try Harness()
        #expect(try await harness.run(stop, ["instance": "i-0b0b"]) == ["previousState": "running"])
        #expect(try await harness.run(stop, ["instance": "i-0b0b"]) == ["previousState": "stopping"])
        #expect(await harness.aws.calls.calls(to: .stopInstances).count == 1)
        #expect(try await stop.reconcile(harness.context(["instance": "i-0b0b"])) == .completed(["previousState": "stopping"]))
        harness.clock.advance(by: .seconds(31))
        #expect(try await harness.instance("i-0b0b").state == .stopped)
    }

    @Test func aStoppedOrTerminatedInstanceIsLeftAlone() async throws {
        let harness = try Harness()
        #expect(try await harness.run(stop, ["instance": "i-5709"]) == ["previousState": "stopped"])
        #expect(try await harness.run(stop, ["instance": "i-dead"]) == ["previousState": "terminated"])
        #expect(await harness.mutations().isEmpty)
        #expect(try await stop.reconcile(harness.context(["instance": "i-0b0b"])) == .notDone)
    }

    @Test func undoAndPlanChangeNothing() async throws {
        let harness = try Harness()
        let plan = try await stop.plan(harness.context(["instance": "i-0b0b"], mode: .dryRun))
        #expect(plan["wouldDo"] == "stop i-0b0b (running → stopped); its memory is lost")
        #expect(try await stop.undo(harness.context(["instance": "i-0b0b"]), outputs: ["previousState": "running"]) == [:])
        #expect(await harness.mutations().isEmpty)
    }

    @Test func badInputAndDeniedCallsFail() async throws {
        let harness = try Harness(faults: [fault("StopInstances")])
        #expect(await errorCode { _ = try await harness.run(stop, [:]) } == "InvalidInput")
        #expect(await errorCode { _ = try await harness.run(stop, ["instance": "i-0000beef"]) } == "InvalidInstanceID.NotFound")
        #expect(await errorCode { _ = try await harness.run(stop, ["instance": "i-0b0b"]) } == "UnauthorizedOperation")
    }
}
