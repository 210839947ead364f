import MockAWS

/// Renders a ``WorldSummary`` as the text of `irun world show`: a header, then aligned tables
/// of instances, Auto Scaling groups, load balancers and target groups.
enum WorldTable {
    static func render(_ summary: WorldSummary) -> String {
        var out = "world \(summary.world)" + (summary.description.isEmpty ? "" : " — \(summary.description)") + "\n"
        out += "  account \(summary.account), region \(summary.region), start \(summary.start)\n"

        out += "\ninstances (\(summary.instances.count)):\n"
        out += table(["ID", "NAME", "STATE", "TYPE", "INTERFACES (ENI:GROUPS)", "VOLUMES (ID:GIB)", "ASG", "ELB", "TARGET GROUPS"],
                     summary.instances.map { instance in
                         [instance.id, instance.name ?? "-", instance.state, instance.type,
                          list(instance.interfaces.map { "\($0.id):\($0.groups.joined(separator: ","))" }, separator: " "),
                          list(instance.volumes.map { "\($0.id):\($0.size)" }, separator: " "),
                          instance.autoScalingGroup ?? "-", list(instance.loadBalancers), list(instance.targetGroups)]
                     })

        out += "\nauto scaling groups (\(summary.autoScalingGroups.count)):\n"
        out += table(["NAME", "MIN/DESIRED/MAX", "HEALTH CHECK", "GRACE", "LOAD BALANCERS", "TARGET GROUPS", "MEMBERS"],
                     summary.autoScalingGroups.map { group in
                         [group.name, "\(group.min)/\(group.desired)/\(group.max)", group.healthCheckType, "\(group.healthCheckGracePeriodSeconds)s",
                          list(group.loadBalancers), list(group.targetGroups), list(group.members)]
                     })

        out += "\nload balancers (\(summary.loadBalancers.count)):\n"
        out += table(["NAME", "VPC", "HEALTH CHECK", "MEMBERS"], summary.loadBalancers.map { balancer in
            [balancer.name, balancer.vpc, balancer.healthCheck, list(balancer.members.map { "\($0.id) (\($0.health))" })]
        })

        out += "\ntarget groups (\(summary.targetGroups.count)):\n"
        out += table(["NAME", "PROTOCOL:PORT", "VPC", "TARGETS"], summary.targetGroups.map { group in
            [group.name, "\(group.protocol):\(group.port)", group.vpc, list(group.members.map { "\($0.id):\($0.port ?? group.port) (\($0.health))" })]
        })
        return out
    }

    /// The items joined, or `-` for none.
    private static func list(_ items: [String], separator: String = ", ") -> String {
        items.isEmpty ? "-" : items.joined(separator: separator)
    }

    /// Rows under a header, each column as wide as its widest cell, indented two spaces; `(none)` for no rows.
    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "  (none)\n" }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            return "  " + cells.joined(separator: "  ") + "\n"
        }.joined()
    }
}
