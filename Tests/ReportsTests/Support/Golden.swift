import Foundation
import Testing

/// Compares `actual` with `Tests/ReportsTests/Golden/<name>`; with `IRUN_UPDATE_GOLDEN=1` in
/// the environment, writes it there instead (review the diff before committing).
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = repositoryRoot.appendingPathComponent("Tests/ReportsTests/Golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["IRUN_UPDATE_GOLDEN"] == "1" {
        try Data(actual.utf8).write(to: url)
        return
    }
    guard let expected = FileManager.default.contents(atPath: url.path).map({ String(decoding: $0, as: UTF8.self) }) else {
        Issue.record("no golden file \(name); run the tests with IRUN_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    if actual != expected {
        let actualLines = actual.components(separatedBy: "\n"), expectedLines = expected.components(separatedBy: "\n")
        let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actualLines.count, expectedLines.count)
        let got = first < actualLines.count ? actualLines[first] : "<end>", want = first < expectedLines.count ? expectedLines[first] : "<end>"
        Issue.record("""
            \(name) differs from the golden file at line \(first + 1) (IRUN_UPDATE_GOLDEN=1 regenerates it):
              expected: \(want)
              actual:   \(got)
            """, sourceLocation: sourceLocation)
    }
}
