import Foundation
import StepFunctions
import Testing

/// The checks irun makes before a definition leaves it.
struct StateMachineValidatorTests {
    private func problems(_ json: String) throws -> [String] {
        StateMachineValidator.problems(in: try ASLNode(parsing: Data(json.utf8))).map(\.description)
    }

    @Test
    func aValidMachineHasNoProblems() throws {
        #expect(try problems(#"{"StartAt":"a","States":{"a":{"Type":"Pass","Next":"b"},"b":{"Type":"Succeed"}}}"#).isEmpty)
    }

    @Test
    func danglingNextAndBadStartAtAreNamed() throws {
        let found = try problems(#"{"StartAt":"x","States":{"a":{"Type":"Pass","Next":"nowhere"}}}"#)
        #expect(found.contains("StartAt: names 'x', which is not a state here"))
        #expect(found.contains("States.a.Next: names 'nowhere', which is not a state here (dangling transition)"))
        #expect(found.contains("States.a: no transition reaches it from 'x'"))
    }

    @Test
    func statesMustEndOrMoveOn() throws {
        let found = try problems(#"""
            {"StartAt":"a","States":{
              "a":{"Type":"Task","Next":"c"},
              "c":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true}],"Default":"d"},
              "d":{"Type":"Pass","Next":"e","End":true},
              "e":{"Type":"Fail","Next":"a"}}}
            """#)
        #expect(found.contains("States.a.Resource: missing: a Task names the integration it calls"))
        #expect(found.contains("States.c.Choices[0].Next: missing: each rule names the state it chooses"))
        #expect(found.contains("States.d: has both Next and End"))
        #expect(found.contains("States.e: a Fail state ends the scope: no Next or End"))
    }

    @Test
    func nestedScopesAreCheckedOnTheirOwn() throws {
        let found = try problems(#"""
            {"StartAt":"m","States":{"m":{"Type":"Map","ItemProcessor":{"StartAt":"i","States":{"i":{"Type":"Pass","Next":"m"}}},"End":true}}}
            """#)
        #expect(found.contains("States.m.ItemProcessor.States.i.Next: names 'm', which is not a state here (dangling transition)"))
    }

    @Test
    func dollarFieldsHoldPathsAndDefinitionsStayUnderTheLimit() throws {
        let found = try problems(#"{"StartAt":"a","States":{"a":{"Type":"Pass","Parameters":{"x.$":"params.x"},"End":true}}}"#)
        #expect(found.contains("States.a.Parameters.x.$: a field ending in .$ holds a path ($.…) or an intrinsic function (States.…)"))
        let padding = String(repeating: "x", count: StateMachineLimits.definitionBytes)
        let big = try problems(#"{"StartAt":"a","States":{"a":{"Type":"Pass","Result":"\#(padding)","End":true}}}"#)
        #expect(big.contains { $0.hasPrefix("(definition): is ") && $0.contains("1 MB") })
    }
}
