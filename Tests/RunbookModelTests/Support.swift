import Actions
import Foundation
import RunbookModel

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Compiles YAML text against the built-in catalogue.
func compile(_ yaml: String, path: String = "test.yaml") -> Compilation {
    RunbookCompiler.compile(text: yaml, path: path, catalog: BuiltinActions.catalog)
}

/// Plans YAML that must be valid, failing loudly with its diagnostics otherwise.
func plan(_ yaml: String) throws -> Plan {
    let compilation = compile(yaml)
    guard let plan = compilation.plan else {
        throw PlanFailed(diagnostics: compilation.diagnostics.map(\.description))
    }
    return plan
}

struct PlanFailed: Error, CustomStringConvertible {
    var diagnostics: [String]
    var description: String { diagnostics.joined(separator: "\n") }
}

extension Compilation {
    /// `code@line:column` of every error, for compact assertions.
    var errorSummary: [String] {
        errors.map { "\($0.code)@\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
    }
}

/// A runbook header to prepend to step definitions in tests.
let header = "name: t\ndescription: test\n"
