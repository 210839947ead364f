import ArgumentParser

/// `irun world …`: the simulated AWS worlds runbooks run against.
struct WorldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world",
        abstract: "Inspect the simulated AWS worlds runbooks run against, or reset one.",
        discussion: """
            A world file (Runbooks/worlds/*.yaml) describes a simulated account: VPCs, subnets, security groups, instances, Auto Scaling groups, load balancers, and how the simulated APIs behave (latency, rate limits, faults). See Runbooks/worlds/README.md.
            """,
        subcommands: [WorldShowCommand.self, WorldResetCommand.self]
    )
}
