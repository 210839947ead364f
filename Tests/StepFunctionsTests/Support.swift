import Actions
import Foundation
import RunbookModel
import StepFunctions
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The plan of a shipped runbook.
func shippedPlan(_ name: String) throws -> Plan {
    let compilation = RunbookCompiler.compile(contentsOf: repositoryRoot.appendingPathComponent("Runbooks/\(name).yaml").path, catalog: BuiltinActions.catalog)
    return try #require(compilation.plan, "\(name) is invalid: \(compilation.errors)")
}

/// The plan of a runbook written in a test.
func plan(_ yaml: String, path: String = "test.yaml") throws -> Plan {
    let compilation = RunbookCompiler.compile(text: yaml, path: path, catalog: BuiltinActions.catalog)
    return try #require(compilation.plan, "invalid runbook: \(compilation.errors)")
}

/// Compares `actual` with a file in Golden/; `IRUN_UPDATE_GOLDEN=1` rewrites it.
func expectGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let url = repositoryRoot.appendingPathComponent("Tests/StepFunctionsTests/Golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["IRUN_UPDATE_GOLDEN"] == "1" {
        try Data(actual.utf8).write(to: url)
        return
    }
    guard let expected = FileManager.default.contents(atPath: url.path).map({ String(decoding: $0, as: UTF8.self) }) else {
        Issue.record("no golden file \(name); run the tests with IRUN_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    let actualLines = actual.components(separatedBy: "\n"), expectedLines = expected.components(separatedBy: "\n")
    guard actualLines != expectedLines else { return }
    let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actualLines.count, expectedLines.count)
    let got = first < actualLines.count ? actualLines[first] : "<end>", want = first < expectedLines.count ? expectedLines[first] : "<end>"
    Issue.record("\(name) differs from the golden file at line \(first + 1) (IRUN_UPDATE_GOLDEN=1 regenerates it):\n  expected: \(want)\n  actual:   \(got)", sourceLocation: sourceLocation)
}

extension ASLNode {
    /// The state called `name` at the top level of a definition.
    func state(_ name: String) -> ASLNode? { self["States"]?[name] }
}
