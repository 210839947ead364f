import ArgumentParser
import Foundation
@testable import IRunCLI
import Testing

@Suite("Messages name commands that exist")
struct CommandMentionTests {
    /// Every command path irun has: `execute`, `audit verify`, `world reset`…
    static func commandPaths() -> Set<String> {
        var paths: Set<String> = []
        func walk(_ command: any ParsableCommand.Type, prefix: String) {
            for sub in command.configuration.subcommands {
                guard let name = sub.configuration.commandName else { continue }
                let path = prefix.isEmpty ? name : "\(prefix) \(name)"
                paths.insert(path)
                walk(sub, prefix: path)
            }
        }
        walk(IRun.self, prefix: "")
        return paths
    }

    @Test func everyIrunCommandAMessageOrDocCommentTellsUsersToTypeExists() throws {
        // Given every place in the sources that tells a user to type `irun …`
        let paths = Self.commandPaths()
        let pattern = try NSRegularExpression(pattern: #"(?:`|\brun |[Ss]ee |[Tt]ry |[Ww]ith: |: )irun ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?"#)
        let sources = repositoryRoot.appendingPathComponent("Sources")
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") && !$0.hasPrefix("IRunCLI/Builtins/") }
        var mentions = 0
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                let words = (1...2).compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }
                // Then its command exists, and so does its subcommand when the command has subcommands
                mentions += 1
                #expect(paths.contains(words[0]), "\(file): `irun \(words.joined(separator: " "))` names no command")
                let hasSubcommands = paths.contains { $0.hasPrefix(words[0] + " ") }
                if hasSubcommands, words.count == 2 {
                    #expect(paths.contains(words.joined(separator: " ")), "\(file): `irun \(words.joined(separator: " "))` names no subcommand")
                }
            }
        }
        #expect(mentions > 50, "the pattern still finds the messages (\(mentions))")
    }
}
