import Actions
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("ec2.protect")
struct ProtectTests {
    let protect = EC2ProtectAction()

    func attributes(_ harness: Harness, _ id: String) async -> (Bool?, String?) {
        let record = await harness.aws.world.instances[id]
        return (record?.disableApiTermination, record?.shutdownBehavior)
    }

    @Test func protectsOnlyWhatIsMissingAndUndoRestoresIt() async throws {
        // Given the batch worker, unprotected and terminating on shutdown
        let harness = try Harness()
        // When it is protected twice (a retry)
        let first = try await harness.run(protect, ["instance": "i-0b0b"])
        let second = try await harness.run(protect, ["instance": "i-0b0b"])
        // Then both attributes are set once, and each run reports what it found
        #expect(first == ["previousTerminationProtection": false, "previousShutdownBehavior": "terminate"])
        #expect(second == ["previousTerminationProtection": true, "previousShutdownBehavior": "stop"])
        #expect(await attributes(harness, "i-0b0b") == (true, "stop"))
        #expect(await harness.aws.calls.calls(to: .modifyInstanceAttribute).count == 2)
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
        // When the first run is undone
        _ = try await protect.undo(harness.context(["instance": "i-0b0b"]), outputs: first)
        // Then the previous values are back
        #expect(await attributes(harness, "i-0b0b") == (false, "terminate"))
    }

    @Test func onlyTheMissingAttributeIsWritten() async throws {
        // Given the database, already protected, shutting down to stop
        let harness = try Harness()
        _ = try await harness.run(protect, ["instance": "i-0db0001"])
        #expect(await harness.mutations().isEmpty)
        // And i-123, unprotected but already stopping on shutdown
        _ = try await harness.run(protect, ["instance": "i-123"])
        let writes = await harness.aws.calls.calls(to: .modifyInstanceAttribute)
        #expect(writes.count == 1 && (writes[0].request as? ModifyInstanceAttributeInput)?.change == .disableApiTermination(true))
    }

    @Test func reconcileTellsWhetherTheProtectionIsInPlace() async throws {
        let harness = try Harness()
        #expect(try await protect.reconcile(harness.context(["instance": "i-0b0b"])) == .notDone)
        _ = try await harness.run(protect, ["instance": "i-0b0b"])
        #expect(try await protect.reconcile(harness.context(["instance": "i-0b0b"])) == .completed(["previousTerminationProtection": true, "previousShutdownBehavior": "stop"]))
    }

    @Test func planDescribesTheChangeAndMakesNone() async throws {
        let harness = try Harness()
        let plan = try await protect.plan(harness.context(["instance": "i-0b0b"], mode: .dryRun))
        #expect(plan["wouldDo"] == "on i-0b0b: set DisableApiTermination false → true; set InstanceInitiatedShutdownBehavior terminate → stop")
        let already = try await protect.plan(harness.context(["instance": "i-0db0001"], mode: .dryRun))
        #expect(already["wouldDo"]?.stringValue?.contains("already protected") == true)
        #expect(await harness.mutations().isEmpty)
    }

    @Test func badInputAndDeniedCallsFail() async throws {
        let harness = try Harness(faults: [fault("ModifyInstanceAttribute")])
        #expect(await errorCode { _ = try await harness.run(protect, ["instance": "i-XYZ"]) } == "InvalidInput")
        #expect(await errorCode { _ = try await harness.run(protect, ["instance": "i-0000beef"]) } == "InvalidInstanceID.NotFound")
        #expect(await errorCode { _ = try await harness.run(protect, ["instance": "i-123"]) } == "UnauthorizedOperation")
        #expect(await attributes(harness, "i-123") == (false, "stop"))
    }
}
