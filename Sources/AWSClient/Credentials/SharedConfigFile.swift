import Foundation

/// An AWS shared `credentials` or `config` file: INI sections of `key = value` lines.
///
/// In `credentials` a section is the profile name (`[default]`, `[ir]`); in `config` it is
/// `[default]` or `[profile ir]`. Comments start with `#` or `;`. Indented lines continue a
/// nested block (`s3 =` sub-settings), which irun does not need and skips.
struct SharedConfigFile: Sendable {
    /// Settings by section name as written (`profile ir`), keys lower-cased.
    private(set) var sections: [String: [String: String]] = [:]

    init(text: String) {
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let isIndented = rawLine.first.map { $0 == " " || $0 == "\t" } ?? false
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().split(whereSeparator: \.isWhitespace).joined(separator: " ")
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let section = current, !isIndented, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") { value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
            sections[section]?[key] = value
        }
    }

    /// Reads a file; `nil` when it does not exist or cannot be read.
    static func load(path: String) -> SharedConfigFile? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return nil }
        return SharedConfigFile(text: text)
    }

    /// The settings of a profile in a `credentials` file (`[name]`).
    func credentialsProfile(_ name: String) -> [String: String]? { sections[name] }

    /// The settings of a profile in a `config` file (`[profile name]`, or `[default]`).
    func configProfile(_ name: String) -> [String: String]? {
        if name == "default" { return sections["default"] ?? sections["profile default"] }
        return sections["profile \(name)"]
    }
}
