import Foundation

/// Writes `text` to standard error, ending it with a newline if it has none.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
