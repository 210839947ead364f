import ArgumentParser
import Foundation
@testable import IRunCLI
import Testing

@Suite("irun world show")
struct WorldCommandTests {
    @Test("world show takes an optional file and a format")
    func parsing() throws {
        // Given the command lines
        // When they are parsed
        let bare = try #require(try IRun.parseAsRoot(["world", "show"]) as? WorldShowCommand)
        let json = try #require(try IRun.parseAsRoot(["world", "show", "w.yaml", "--format", "json"]) as? WorldShowCommand)
        // Then the file and the format arrive
        #expect(bare.file == nil && bare.format == .table)
        #expect(json.file == "w.yaml" && json.format == .json)
        #expect(throws: (any Error).self) { try IRun.parseAsRoot(["world", "show", "--format", "yaml"]) }
    }

    @Test("without a file it shows the default world: i-123 in web-asg, behind web-clb and web-tg")
    func defaultWorldTable() throws {
        // Given no world file
        // When irun world show runs
        let result = try runIRun(["world", "show"])
        // Then it exits 0 with the header and i-123's row
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("world default — "))
        #expect(result.stdout.contains("account 123456789012, region us-east-1, start 2026-01-01T00:00:00Z"))
        let row = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  i-123 ") })
        for cell in ["web-1", "running", "m5.large", "eni-0123a:sg-0e1b", "eni-0123b:sg-0ad0", "vol-0123a:8", "vol-0123b:100", "web-asg", "web-clb", "web-tg"] {
            #expect(row.contains(cell), "\(row) lacks \(cell)")
        }
        #expect(result.stdout.contains("web-asg  2/3/6            ELB           300s"))
    }

    @Test("--format json decodes, with every instance and its memberships")
    func json() throws {
        // Given the default world file, named by path
        // When irun world show prints JSON
        let result = try runIRun(["world", "show", "Runbooks/worlds/default.yaml", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        // Then it decodes, and i-123 is there with its group, balancers, interfaces and volumes
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["world"] as? String == "default")
        let instances = try #require(object["instances"] as? [[String: Any]])
        #expect(instances.count == 7)
        let instance = try #require(instances.first { $0["id"] as? String == "i-123" })
        #expect(instance["autoScalingGroup"] as? String == "web-asg")
        #expect(instance["loadBalancers"] as? [String] == ["web-clb"])
        #expect(instance["targetGroups"] as? [String] == ["web-tg"])
        #expect((instance["interfaces"] as? [[String: Any]])?.count == 2)
        #expect((instance["volumes"] as? [[String: Any]])?.map { $0["size"] as? Int } == [8, 100])
        let database = try #require(instances.first { $0["id"] as? String == "i-0db0001" })
        #expect(database["autoScalingGroup"] is NSNull, "absent values are null, so the keys are stable")
        #expect((object["targetGroups"] as? [[String: Any]])?.first?["name"] as? String == "web-tg")
    }

    @Test("a broken world file exits 1 with every error as file:line:column, a caret and a fix")
    func brokenFile() throws {
        // Given a world file with an unknown subnet
        let path = "Tests/MockAWSTests/Fixtures/broken-worlds/unknown-subnet.yaml"
        // When irun world show reads it
        let result = try runIRun(["world", "show", path])
        // Then it fails with the located error on stderr and prints nothing on stdout
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(path):13:13: error: unknown subnet 'subnet-0a2'\n 13 |     subnet: subnet-0a2\n    |             ^\n  fix: "))
        #expect(result.stderr.contains("\(path): invalid world file (1 error)."))
    }

    @Test("a world name that does not exist is a usage error")
    func unknownName() throws {
        let result = try runIRun(["world", "show", "nowhere"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no world named 'nowhere' in Runbooks/worlds, ") && result.stderr.contains("give a path to a world file"))
    }
}
