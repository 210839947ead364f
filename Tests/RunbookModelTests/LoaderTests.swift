import Actions
import Foundation
import RunbookModel
import Testing

@Suite("Loading bad input")
struct LoaderTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        var file: String
        var code: String
        var position: String
        var testDescription: String { file }
    }

    static let corpusDirectory = repositoryRoot.appendingPathComponent("Tests/RunbookModelTests/Fixtures/broken")

    static let corpus: [Expectation] = {
        let manifest = (try? String(contentsOf: corpusDirectory.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t").map(String.init)
            return Expectation(file: fields[0], code: fields[1], position: fields[2])
        }
    }()

    @Test("the corpus of broken runbooks is large enough")
    func corpusSize() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpusDirectory.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 40)
        #expect(Set(files) == Set(Self.corpus.map(\.file)), "every fixture has an expectation and every expectation a fixture")
    }

    @Test("each broken runbook gets its precise error", arguments: corpus)
    func brokenRunbook(_ expectation: Expectation) throws {
        // Given a broken runbook from the corpus
        let path = Self.corpusDirectory.appendingPathComponent(expectation.file).path
        // When it is compiled
        let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
        // Then it is invalid, with the expected error at the expected place, and every error says where
        #expect(compilation.plan == nil)
        let match = try #require(compilation.errors.first { $0.code.name == expectation.code },
                                 "got \(compilation.diagnostics.map(\.description))")
        let location = try #require(match.location)
        #expect("\(location.line):\(location.column)" == expectation.position)
        #expect(location.file == path)
        #expect(compilation.errors.allSatisfy { $0.location != nil && !$0.message.isEmpty })
    }

    @Test("a file over 4 MiB (here 10 MB) is refused before parsing")
    func hugeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("irun-huge-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: path) }
        let line = "# " + String(repeating: "x", count: 97) + "\n"
        try String(repeating: line, count: 100_000).write(to: path, atomically: true, encoding: .utf8)
        let compilation = RunbookCompiler.compile(contentsOf: path.path, catalog: BuiltinActions.catalog)
        #expect(compilation.errorSummary == ["file-too-large@1:1"])
        #expect(compilation.errors[0].message.contains("9.5 MiB"))
    }

    @Test("deeply nested YAML is refused with a position, not a crash", arguments: ["flow", "block", "sequence"])
    func deeplyNested(_ shape: String) throws {
        let yaml = switch shape {
        case "flow": String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        case "block": (0..<2000).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined() + String(repeating: " ", count: 2000) + "v: 1\n"
        default: String(repeating: "- ", count: 3000) + "x\n"
        }
        let compilation = compile(yaml)
        let error = try #require(compilation.errors.first)
        #expect(error.location != nil)
    }

    @Test("a large but valid runbook within the limits loads and plans")
    func largeValidRunbook() throws {
        var yaml = header + "steps:\n"
        for index in 0..<3000 {
            yaml += "  s\(index): { action: core.noop\(index > 0 ? ", needs: [s\(index - 1)]" : "") }\n"
        }
        let plan = try plan(yaml)
        #expect(plan.layers.count == 3000)
    }

    @Test("a long chain of YAML aliases is refused without expanding it")
    func aliasBomb() {
        var yaml = header + "steps:\n  a:\n    action: notify.log\n    with:\n      message: hi\n      x0: &a0 [lol, lol]\n"
        for level in 1..<40 { yaml += "      x\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        let compilation = compile(yaml)
        #expect(compilation.errors.contains { $0.message.contains("anchors and aliases") })
    }

    @Test("more than 10,000 steps are refused")
    func tooManySteps() {
        let yaml = header + "steps:\n" + (0...RunbookLoader.maximumSteps).map { "  s\($0): { action: core.noop }\n" }.joined()
        #expect(compile(yaml).errors.map(\.code) == [.fileTooLarge])
    }

    @Test("a byte-order mark and CRLF line endings are accepted")
    func bomAndCRLF() throws {
        let text = (header + "steps:\n  a: { action: core.noop }\n").replacingOccurrences(of: "\n", with: "\r\n")
        let result = RunbookLoader.load(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), path: "bom.yaml")
        #expect(!result.hasErrors)
        #expect(result.runbook?.steps.map(\.name) == ["a"])
    }

    @Test("a missing file and a directory are errors that say so")
    func unreadable() {
        #expect(RunbookCompiler.compile(contentsOf: "/nonexistent/runbook.yaml", catalog: BuiltinActions.catalog).errors.first?.message == "no such file")
        #expect(RunbookCompiler.compile(contentsOf: repositoryRoot.path, catalog: BuiltinActions.catalog).errors.first?.code == .unreadable)
    }
}

@Suite("Shipped runbooks")
struct ShippedRunbookTests {
    static let files: [String] = {
        let directory = repositoryRoot.appendingPathComponent("Runbooks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0).path }
    }()

    @Test("the quarantine and release runbooks ship")
    func shipped() {
        #expect(Self.files.map { ($0 as NSString).lastPathComponent }.contains("ec2-quarantine.yaml"))
        #expect(Self.files.map { ($0 as NSString).lastPathComponent }.contains("ec2-release.yaml"))
    }

    @Test("every runbook in Runbooks/ has no error diagnostics", arguments: files)
    func valid(_ path: String) {
        let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
        #expect(compilation.errors.isEmpty, "\(compilation.errors.map(\.description))")
        #expect(compilation.plan != nil)
    }
}

@Suite("Parameter binding")
struct ParameterBindingTests {
    let runbook = try! #require(compile(header + """
        parameters:
          instance: { type: instance-id, required: true }
          level: { type: string, enum: [low, high], default: low }
          count: { type: int, default: 2 }
          case: { type: string, default: "IR-${{ run.id }}" }
          token: { type: string, secret: true }
        steps:
          a: { action: core.noop }
        """).runbook)

    @Test("values are converted to their types and defaults applied")
    func binds() throws {
        let values = try ParameterBinding.bind([("instance", "i-0abc1234"), ("count", "5")], to: runbook,
                                               scope: ExpressionScope(roots: ["run": ["id": "r9"]]))
        #expect(values == ["instance": "i-0abc1234", "level": "low", "count": 5, "case": "IR-r9", "token": nil])
    }

    @Test("every problem is reported, each naming its flag")
    func reportsEveryProblem() {
        #expect {
            _ = try ParameterBinding.bind([("instance", "vol-1"), ("count", "two"), ("level", "medium"), ("colour", "red")], to: runbook)
        } throws: { error in
            guard let error = error as? ParameterBindingError else { return false }
            return error.problems.count == 4
                && error.problems[0].hasPrefix("--param instance: 'vol-1' is not an instance id")
                && error.problems[1] == "--param count: expected a whole number, got 'two'"
                && error.problems[2] == "--param level: 'medium' is not allowed; use one of low, high"
                && error.problems[3].hasPrefix("--param colour: runbook 't' has no parameter 'colour'")
        }
    }

    @Test("a missing required parameter is named with its type")
    func missingRequired() {
        #expect {
            _ = try ParameterBinding.bind([], to: runbook)
        } throws: { ($0 as? ParameterBindingError)?.problems == ["--param instance: required by runbook 't' (instance-id)"] }
    }

    @Test("an interpolated default is checked against its type when bound")
    func interpolatedDefaultChecked() throws {
        let runbook = try #require(compile(header + "parameters:\n  target: { type: instance-id, default: \"${{ run.id }}\" }\nsteps:\n  a: { action: core.noop }\n").runbook)
        #expect {
            _ = try ParameterBinding.bind([], to: runbook, scope: ExpressionScope(roots: ["run": ["id": "run-7"]]))
        } throws: { ($0 as? ParameterBindingError)?.problems.first?.hasPrefix("--param target: its default 'run-7' is not an instance id") == true }
    }
}
