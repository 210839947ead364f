import RunbookModel
import Testing

@Suite("Expressions")
struct ExpressionTests {
    let scope = ExpressionScope(roots: [
        "params": ["instance": "i-123", "force": false, "count": 3],
        "steps": ["capture": ["output": ["state": "running", "autoScalingGroups": ["web-asg"], "tags": ["env": "prod"], "iamInstanceProfile": nil],
                              "status": "succeeded"]],
        "run": ["id": "r-1"],
    ])

    func eval(_ text: String) throws -> Value {
        try ExpressionParser.parse(text).evaluate(in: scope)
    }

    @Test("&& binds tighter than ||, comparisons tighter than &&")
    func precedence() throws {
        // Given an expression that is true only under the documented precedence
        // When it is evaluated
        // Then || is applied last
        #expect(try eval("true || false && false") == true)
        #expect(try eval("params.count == 3 && params.force == false") == true)
        #expect(try eval("!params.force && params.instance == 'i-123'") == true)
        #expect(try eval("!(params.count == 3)") == false)
    }

    @Test("references read parameters, step outputs and run fields")
    func references() throws {
        #expect(try eval("steps.capture.output.state") == "running")
        #expect(try eval("steps.capture.output.tags.env") == "prod")
        #expect(try eval("steps.capture.output.tags['env']") == "prod")
        #expect(try eval("steps.capture.output.autoScalingGroups[0]") == "web-asg")
        #expect(try eval("steps.capture.output.autoScalingGroups[-1]") == "web-asg")
        #expect(try eval("run.id") == "r-1")
    }

    @Test("missing members and null are handled without errors")
    func nullHandling() throws {
        #expect(try eval("steps.capture.output.nothing") == .null)
        #expect(try eval("steps.capture.output.nothing.deeper") == .null)
        #expect(try eval("steps.capture.output.iamInstanceProfile == null") == true)
        #expect(try eval("len(steps.capture.output.nothing)") == 0)
        #expect(try eval("steps.capture.output.nothing < 3") == false)
        #expect(try eval("contains(null, 'x')") == false)
        #expect(try ExpressionParser.parse("steps.capture.output.nothing").isTrue(in: scope) == false)
    }

    @Test("in, len, contains, startsWith, endsWith, lower, upper")
    func functions() throws {
        #expect(try eval("'web-asg' in steps.capture.output.autoScalingGroups") == true)
        #expect(try eval("'db' in steps.capture.output.autoScalingGroups") == false)
        #expect(try eval("steps.capture.output.state in ['terminated', 'shutting-down']") == false)
        #expect(try eval("'env' in steps.capture.output.tags") == true)
        #expect(try eval("'run' in 'running'") == true)
        #expect(try eval("len(steps.capture.output.autoScalingGroups) > 0") == true)
        #expect(try eval("len('abc')") == 3)
        #expect(try eval("contains(steps.capture.output.state, 'unn')") == true)
        #expect(try eval("startsWith(params.instance, 'i-')") == true)
        #expect(try eval("endsWith(params.instance, '23')") == true)
        #expect(try eval("upper(steps.capture.output.state)") == "RUNNING")
        #expect(try eval("lower('ABC') == 'abc'") == true)
    }

    @Test("numbers compare across int and decimal; mixed types never order")
    func comparisons() throws {
        #expect(try eval("params.count >= 3") == true)
        #expect(try eval("params.count < 3.5") == true)
        #expect(try eval("2 == 2.0") == true)
        #expect(try eval("params.count > 'a'") == false)
        #expect(try eval("'a' < 'b'") == true)
        #expect(try eval("-1 < 0") == true)
    }

    @Test("strings keep escapes in both quote styles")
    func strings() throws {
        #expect(try eval("'it\\'s'") == "it's")
        #expect(try eval("\"say \\\"hi\\\"\"") == "say \"hi\"")
    }

    @Test("syntax errors point at the offending column", arguments: [
        ("params.x ==", 11, "expected a value"),
        ("params.x = 1", 9, "unexpected character '='"),
        ("lenght(params.x)", 0, "unknown function 'lenght'; did you mean 'len'?"),
        ("len(a, b)", 0, "len() takes 1 argument, not 2"),
        ("'open", 0, "unterminated string"),
        ("a < b < c", 6, "comparisons cannot be chained"),
        ("(a", 2, "expected ')'"),
        ("a b", 2, "unexpected 'b'"),
        ("", 0, "empty expression"),
        ("3s", 1, "a number cannot be followed by 's'"),
    ])
    func syntaxErrors(text: String, offset: Int, message: String) {
        #expect {
            _ = try ExpressionParser.parse(text)
        } throws: { error in
            guard let error = error as? ExpressionSyntaxError else { return false }
            return error.offset == offset && error.message.hasPrefix(message)
        }
    }

    @Test("deep nesting is refused, not a stack overflow")
    func deepNesting() {
        let text = String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000)
        #expect(throws: ExpressionSyntaxError.self) { _ = try ExpressionParser.parse(text) }
        let nots = String(repeating: "!", count: 10_000) + "true"
        #expect(throws: ExpressionSyntaxError.self) { _ = try ExpressionParser.parse(nots) }
    }

    @Test("a template that is one interpolation keeps the value's type; others are strings")
    func templates() throws {
        let sole = try Template.parse("${{ steps.capture.output.autoScalingGroups }}")
        #expect(sole.evaluate(in: scope) == ["web-asg"])
        let mixed = try Template.parse("groups: ${{ steps.capture.output.autoScalingGroups }} on ${{ params.instance }}")
        #expect(mixed.evaluate(in: scope) == "groups: [\"web-asg\"] on i-123")
        let braces = try Template.parse("${{ 'a}}b' }}")
        #expect(braces.evaluate(in: scope) == "a}}b")
        #expect(try Template.parse("plain text").isLiteral)
    }

    @Test("an unclosed interpolation is an error at the ${{")
    func unclosedTemplate() {
        #expect {
            _ = try Template.parse("hello ${{ run.id ")
        } throws: { ($0 as? ExpressionSyntaxError)?.offset == 6 }
    }
}

@Suite("Durations")
struct DurationTests {
    @Test("responder-style durations parse and print canonically", arguments: [
        ("500ms", 500), ("30s", 30_000), ("2m", 120_000), ("1h30m", 5_400_000), ("1d", 86_400_000), ("1m30s250ms", 90_250),
    ])
    func parses(text: String, milliseconds: Int64) throws {
        let duration = try #require(RunbookDuration(parsing: text))
        #expect(duration.milliseconds == milliseconds)
        #expect(RunbookDuration(parsing: duration.description) == duration)
    }

    @Test("malformed durations are rejected", arguments: ["", "5", "5 minutes", "m5", "1.5s", "-3s", "99999999999999999d", "3x"])
    func rejects(text: String) {
        #expect(RunbookDuration(parsing: text) == nil)
    }

    @Test("exponential backoff doubles from initial and is capped at max")
    func backoff() {
        let policy = RetryPolicy(attempts: 6, backoff: .exponential, initial: .init(milliseconds: 1000), maximum: .init(milliseconds: 5000))
        #expect((1...5).map { policy.delay(after: $0).milliseconds } == [1000, 2000, 4000, 5000, 5000])
        let constant = RetryPolicy(backoff: .constant, initial: .init(milliseconds: 700))
        #expect(constant.delay(after: 4).milliseconds == 700)
        #expect(policy.delay(after: 200).milliseconds == 5000)
    }
}
