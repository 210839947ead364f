import Foundation
import PackagePlugin

/// Records the git commit a build is made from, for `irun --version`.
///
/// A prebuild command (it runs before every build, so the commit is never stale) writes
/// `BuildInfo.swift` with `git rev-parse`; outside a git checkout the commit is `unknown`, and a
/// checkout with uncommitted changes to tracked files is marked `-modified`. The file is only
/// replaced when its text changes, so an unchanged commit recompiles nothing.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        let script = #"""
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
            if [ "$commit" != unknown ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-modified"; fi
            mkdir -p "$2"
            printf '// Generated before each build by the BuildInfo plugin; not committed.\nenum BuildInfo {\n    /// The git commit this build was made from.\n    static let commit = "%s"\n}\n' "$commit" > "$2/BuildInfo.swift.new"
            if cmp -s "$2/BuildInfo.swift.new" "$2/BuildInfo.swift"; then rm "$2/BuildInfo.swift.new"; else mv "$2/BuildInfo.swift.new" "$2/BuildInfo.swift"; fi
            """#
        return [.prebuildCommand(
            displayName: "Recording the git commit for irun --version",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "build-info", context.package.directoryURL.path, output.path],
            outputFilesDirectory: output
        )]
    }
}
