import Yams

/// Turns libyaml's errors into diagnostics that say where and what would fix them.
enum YAMLErrorTranslator {
    static func diagnostic(for error: YamlError, text: String, path: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: path, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return .error(.yamlSyntax, message, at: at(mark), fix: fix(for: problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let second = secondOccurrence(of: key, after: context.mark, in: text)
            let location = second.map { SourceLocation(file: path, line: $0.line, column: $0.column) } ?? at(context.mark)
            return .error(.duplicateName, "'\(key)' is written twice in the same mapping (first at line \(context.mark.line))",
                          at: location, fix: "names must be unique: rename or remove one of them")
        case .reader(let problem, let offset, _, _):
            var location = SourceLocation(file: path, line: 1, column: 1)
            if let offset {
                let prefix = text.prefix(offset)
                let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                let lineStart = prefix.lastIndex(of: "\n").map { prefix.index(after: $0) } ?? prefix.startIndex
                let column = prefix[lineStart...].unicodeScalars.count + 1
                location = SourceLocation(file: path, line: line, column: column)
            }
            return .error(.encoding, "YAML reader: \(problem)", at: location, fix: "remove control characters; save the file as UTF-8 text")
        default:
            return .error(.yamlSyntax, "the YAML could not be read: \(error)", at: SourceLocation(file: path, line: 1, column: 1))
        }
    }

    /// Where a duplicated key is written the second time: the next line after `first` with the
    /// same key at the same column.
    static func secondOccurrence(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line <= lines.count else { return nil }
        for number in first.line..<lines.count {
            let line = lines[number]
            let indent = line.prefix { $0 == " " || $0 == "-" }.count
            let rest = line.dropFirst(indent)
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate + ":") && indent + 1 == first.column {
                return (number + 1, first.column)
            }
        }
        return nil
    }

    static func fix(for problem: String) -> String? {
        switch problem {
        case let p where p.contains("mapping values are not allowed"):
            "a value contains ': ' or a key is mis-indented; quote the value or align the key with its siblings"
        case let p where p.contains("could not find expected ':'"):
            "a key is missing its ':' or a line is mis-indented"
        case let p where p.contains("did not find expected key"):
            "check the indentation of this line against the keys above it"
        case let p where p.contains("cannot start any token"):
            "quote the value; characters such as @, ` and % cannot start a plain YAML value"
        case let p where p.contains("found unexpected end of stream"), let p where p.contains("did not find expected"):
            "close the open quote, bracket or brace"
        case let p where p.contains("Maximum nesting level"):
            "runbooks never need this much nesting; flatten the structure"
        case let p where p.contains("found undefined alias"):
            "anchors and aliases are not supported in runbooks; write the value out"
        default:
            nil
        }
    }
}
