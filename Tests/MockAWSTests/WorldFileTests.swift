import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("World files")
struct WorldFileTests {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpusDirectory = repositoryRoot.appendingPathComponent("Tests/MockAWSTests/Fixtures/broken-worlds")

    struct Expectation: CustomTestStringConvertible, Sendable {
        var file: String
        var code: String
        var position: String
        var testDescription: String { file }
    }

    static let corpus: [Expectation] = {
        let manifest = (try? String(contentsOf: corpusDirectory.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t").map(String.init)
            return Expectation(file: fields[0], code: fields[1], position: fields[2])
        }
    }()

    static let shippedWorlds: [String] = {
        let directory = repositoryRoot.appendingPathComponent("Runbooks/worlds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0).path }
    }()

    /// A small valid world that tests extend.
    static let base = """
        world: test
        vpcs:
          vpc-0a1: { cidr: 10.0.0.0/16 }
        subnets:
          subnet-0a1: { vpc: vpc-0a1, zone: us-east-1a, cidr: 10.0.1.0/24 }
        security-groups:
          sg-0a1: { vpc: vpc-0a1, ingress: [{ protocol: tcp, ports: 80, from: 0.0.0.0/0 }] }
        instances:
          i-0a1:
            subnet: subnet-0a1
            interfaces: [{ groups: [sg-0a1] }]

        """

    /// `code@line:column` of every error, for compact assertions.
    static func summary(_ result: WorldFileResult) -> [String] {
        result.errors.map { "\($0.code)@\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
    }

    // MARK: - The default world

    @Test("the default world file and the embedded text are byte for byte the same")
    func defaultWorldFileMatchesEmbeddedText() throws {
        // Given the shipped default world file
        let bytes = try Data(contentsOf: Self.repositoryRoot.appendingPathComponent("Runbooks/worlds/default.yaml"))
        // When it is compared with the text compiled into MockAWS
        // Then they are identical
        #expect(bytes == Data(WorldSpec.defaultWorldText.utf8), "regenerate DefaultWorld.swift from Runbooks/worlds/default.yaml")
    }

    @Test("the default world parses without diagnostics and builds i-123 as the scenario needs it")
    func defaultWorldBuilds() throws {
        // Given the embedded default world
        let result = WorldFileLoader.parse(text: WorldSpec.defaultWorldText, path: "default.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let spec = try #require(result.spec)
        #expect(spec == WorldSpec.defaultWorld())
        // When the live world is built from it
        let world = try World(spec: spec)
        // Then i-123 has two interfaces, two volumes, and belongs to web-asg, web-clb and web-tg
        let instance = try #require(world.instances["i-123"])
        #expect(instance.interfaceIds == ["eni-0123a", "eni-0123b"])
        #expect(instance.volumeIds == ["vol-0123a", "vol-0123b"])
        #expect(world.volumes["vol-0123b"]?.size == 100)
        #expect(world.interfaces["eni-0123a"]?.trackedConnections == 1)
        #expect(world.interfaces["eni-0123b"]?.subnetId == "subnet-0c1")
        #expect(world.autoScalingGroup(of: "i-123")?.name == "web-asg")
        #expect(world.loadBalancers(of: "i-123").map(\.name) == ["web-clb"])
        #expect(world.targetGroups(of: "i-123").map(\.name) == ["web-tg"])
        #expect(instance.tags.value(of: "Name") == "web-1")
        #expect(instance.iamProfile == "web-server")
        // And the bystanders are what the scenario describes
        let group = try #require(world.autoScalingGroups["web-asg"])
        #expect((group.minSize, group.desiredCapacity, group.maxSize, group.healthCheckType) == (2, 3, 6, "ELB"))
        #expect(group.gracePeriod == .seconds(300))
        #expect(group.members.map(\.instanceId) == ["i-123", "i-456", "i-789"])
        for bystander in ["i-0db0001", "i-5709", "i-dead", "i-0b0b"] {
            #expect(world.autoScalingGroup(of: bystander) == nil)
            #expect(world.loadBalancers(of: bystander).isEmpty)
            #expect(world.targetGroups(of: bystander).isEmpty)
        }
        #expect(world.instances["i-5709"]?.state == .stopped)
        #expect(world.instances["i-dead"]?.state == .terminated)
        #expect(spec.behaviour.rateLimits == RateLimits())
        #expect(spec.behaviour.latency["DescribeInstances"] == .logNormal(median: .milliseconds(80), p99: .milliseconds(400)))
    }

    @Test("every world in Runbooks/worlds parses with no errors", arguments: shippedWorlds)
    func shippedWorldIsValid(_ path: String) throws {
        // Given a shipped world file
        // When it is loaded
        let result = WorldFileLoader.load(contentsOf: URL(fileURLWithPath: path))
        // Then it has no errors and builds
        #expect(!result.hasErrors, "\(result.diagnostics.map(\.description))")
        _ = try World(spec: try #require(result.spec))
    }

    // MARK: - The broken corpus

    @Test("the corpus of broken worlds covers every expectation")
    func corpusIsComplete() throws {
        // Given the fixture directory and its manifest
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpusDirectory.path).filter { $0.hasSuffix(".yaml") }
        // Then every fixture has an expectation and every expectation a fixture
        #expect(files.count >= 30)
        #expect(Set(files) == Set(Self.corpus.map(\.file)))
    }

    @Test("each broken world gets its precise error, with a location and a fix", arguments: corpus)
    func brokenWorld(_ expectation: Expectation) throws {
        // Given a broken world from the corpus
        let path = Self.corpusDirectory.appendingPathComponent(expectation.file).path
        // When it is loaded
        let result = WorldFileLoader.load(contentsOf: URL(fileURLWithPath: path))
        // Then there is no spec, and the expected error is at the expected place
        #expect(result.spec == nil)
        let match = try #require(result.errors.first { $0.code.name == expectation.code }, "got \(result.diagnostics.map(\.description))")
        let location = try #require(match.location)
        #expect("\(location.line):\(location.column)" == expectation.position, "\(match)")
        #expect(location.file == path)
        // And every error says where and how to fix it
        for error in result.errors {
            #expect(error.location != nil && !error.message.isEmpty, "\(error)")
            #expect(error.fix != nil, "no fix: \(error)")
        }
    }

    // MARK: - Parsing details

    @Test("a full world file maps every key onto the spec")
    func everyKey() throws {
        // Given a world that uses every kind of key
        let text = Self.base + """
              i-0b2:
                type: m5.large
                image: ami-0abc
                state: stopped
                subnet: subnet-0a1
                iam-profile: web
                termination-protection: true
                shutdown-behavior: terminate
                launched-before: 1h30m
                public-ip: 203.0.113.5
                interfaces:
                  - { id: eni-0b2, groups: sg-0a1, private-ip: 10.0.1.20, tracked-connections: 2 }
                volumes:
                  - { id: vol-0b2, size: 16, type: io2, device: /dev/sdf, delete-on-termination: false, encrypted: false }
                  - 100
                tags: { Name: b, Empty: }
            fleets:
              - count: 3
                name-prefix: worker
                subnets: [subnet-0a1]
                auto-scaling-group: asg
                target-groups: [tg]
                template: { type: t3.small, interfaces: [{ groups: [sg-0a1] }], volumes: [8] }
            auto-scaling-groups:
              asg:
                min: 1
                max: 10
                health-check-type: EC2
                health-check-grace-period: 2m
                instances: [i-0a1]
                tags: { Team: web }
            load-balancers:
              clb:
                vpc: vpc-0a1
                instances: [i-0b2]
                health-check: { target: "TCP:22", interval: 10s, timeout: 2s, unhealthy-threshold: 3, healthy-threshold: 4 }
            target-groups:
              tg:
                protocol: HTTPS
                port: 443
                vpc: vpc-0a1
                health-check-port: 8443
                health-check-interval: 15s
                deregistration-delay: 30s
                targets: [{ id: i-0b2, port: 8443 }]
            behaviour:
              latency:
                default: 40ms
                DescribeInstances: { median: 80ms, p99: 400ms }
                ec2: { min: 20ms, max: 60ms }
              rate-limits: { ec2-mutating: { capacity: 10, refill: 0.5 } }
              timings: { snapshot-seconds-per-gib: 0.5, stop: 1m, terminated-visibility: 2h }
              faults:
                - name: storm
                  operations: [DescribeInstances, ec2:CreateSnapshot]
                  services: ec2
                  resource: i-0a1
                  probability: 0.3
                  calls: "3-5"
                  from: 30s
                  until: 5m
                  error: RequestLimitExceeded
                - { operation: DeregisterTargets, after: 1, delay: 2s }
                - { error: Throttling, message: Slow down. }
            """
        // When it is parsed
        let result = WorldFileLoader.parse(text: text, path: "full.yaml")
        // Then every value arrives where it belongs
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let spec = try #require(result.spec)
        let instance = try #require(spec.instances.first { $0.id == "i-0b2" })
        #expect(instance.type == "m5.large" && instance.image == "ami-0abc" && instance.state == .stopped)
        #expect(instance.iamProfile == "web" && instance.terminationProtection && instance.shutdownBehavior == "terminate")
        #expect(instance.launchedBefore == .seconds(5400) && instance.publicIp == "203.0.113.5")
        #expect(instance.interfaces == [InterfaceSpec(id: "eni-0b2", groups: ["sg-0a1"], privateIp: "10.0.1.20", trackedConnections: 2)])
        #expect(instance.volumes == [VolumeSpec(id: "vol-0b2", size: 16, type: "io2", device: "/dev/sdf", deleteOnTermination: false, encrypted: false), VolumeSpec(size: 100)])
        #expect(instance.tags == [Providers.Tag(key: "Name", value: "b"), Providers.Tag(key: "Empty", value: "")])
        let fleet = try #require(spec.fleets.first)
        #expect(fleet.count == 3 && fleet.namePrefix == "worker" && fleet.template.subnet == "subnet-0a1" && fleet.template.type == "t3.small")
        let group = try #require(spec.autoScalingGroups.first)
        #expect(group.healthCheckType == "EC2" && group.healthCheckGracePeriod == .seconds(120) && group.subnets == ["subnet-0a1"])
        #expect(group.launchTemplate.groups == ["sg-0a1"], "copied from the first member")
        #expect(spec.loadBalancers.first?.healthCheck == ClassicHealthCheck(target: "TCP:22", interval: 10, timeout: 2, unhealthyThreshold: 3, healthyThreshold: 4))
        let targetGroup = try #require(spec.targetGroups.first)
        #expect(targetGroup.protocol == "HTTPS" && targetGroup.port == 443 && targetGroup.healthCheckPort == "8443" && targetGroup.healthCheckInterval == 15)
        #expect(targetGroup.targets == [TargetDescription(id: "i-0b2", port: 8443)] && targetGroup.deregistrationDelay == .seconds(30))
        let behaviour = spec.behaviour
        #expect(behaviour.defaultLatency == .fixed(.milliseconds(40)))
        #expect(behaviour.latency["ec2"] == .uniform(.milliseconds(20), .milliseconds(60)))
        #expect(behaviour.rateLimits?.buckets[.ec2Mutating] == TokenBucketSpec(capacity: 10, refillPerSecond: 0.5))
        #expect(behaviour.rateLimits?.buckets[.ec2NonMutating] == nil, "EC2 reads keep AWS's buckets")
        #expect(behaviour.rateLimits?.buckets(for: .describeInstances) == AWSOperation.describeInstances.documentedBuckets)
        #expect(behaviour.timings.snapshotSecondsPerGiB == 0.5 && behaviour.timings.stop == .seconds(60) && behaviour.timings.terminatedVisibility == .seconds(7200))
        #expect(behaviour.faults == [
            FaultRule(name: "storm", operations: ["DescribeInstances", "ec2:CreateSnapshot"], services: ["ec2"], resource: "i-0a1", window: .calls(3...5),
                      probability: 0.3, activeFrom: .seconds(30), activeUntil: .seconds(300), effect: .fail(code: "RequestLimitExceeded", message: "Request limit exceeded.")),
            FaultRule(name: "fault-2", operations: ["DeregisterTargets"], window: .after(1), effect: .delay(.seconds(2))),
            FaultRule(name: "fault-3", effect: .fail(code: "Throttling", message: "Slow down.")),
        ])
        // And the world builds: the fleet joins its group and target group
        let world = try World(spec: spec)
        #expect(world.autoScalingGroups["asg"]?.members.count == 4)
        #expect(world.targetGroups.values.first?.targets.count == 4)
    }

    @Test("security group rules: port ranges, several sources of each kind, icmp, all traffic, empty egress")
    func rules() throws {
        // Given a group with every kind of rule
        let text = Self.base.replacingOccurrences(of: "  sg-0a1: { vpc: vpc-0a1, ingress: [{ protocol: tcp, ports: 80, from: 0.0.0.0/0 }] }\n", with: """
              sg-0a1:
                vpc: vpc-0a1
                ingress:
                  - { protocol: tcp, ports: 8000-8080, from: ["::/0", 10.0.0.0/8, sg-0a1] }
                  - { protocol: udp, ports: "53", from: 10.0.0.0/8 }
                  - { protocol: icmp, from: 0.0.0.0/0 }
                  - { protocol: all, from: sg-0a1 }
                egress: []

            """)
        // When it is parsed
        let result = WorldFileLoader.parse(text: text, path: "rules.yaml")
        // Then each rule becomes the IpPermission AWS would return
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let group = try #require(result.spec?.securityGroups.first)
        #expect(group.ingress == [
            IpPermission(ipProtocol: "tcp", fromPort: 8000, toPort: 8080, ipRanges: ["10.0.0.0/8"], ipv6Ranges: ["::/0"], userIdGroupPairs: ["sg-0a1"]),
            IpPermission(ipProtocol: "udp", fromPort: 53, toPort: 53, ipRanges: ["10.0.0.0/8"]),
            IpPermission(ipProtocol: "icmp", fromPort: -1, toPort: -1, ipRanges: ["0.0.0.0/0"]),
            IpPermission(ipProtocol: "-1", userIdGroupPairs: ["sg-0a1"]),
        ])
        #expect(group.egress == [])
    }

    @Test("defaults: account, region, start, seed, egress, rate limits and the root volume")
    func defaults() throws {
        // Given a minimal world
        // When it is parsed
        let spec = try #require(WorldFileLoader.parse(text: Self.base, path: "min.yaml").spec)
        // Then the defaults apply
        #expect(spec.name == "test" && spec.accountId == "123456789012" && spec.region == "us-east-1")
        #expect(spec.start == WorldSpec.defaultStart && spec.seed == 1)
        #expect(spec.securityGroups.first?.egress == nil)
        #expect(spec.behaviour.rateLimits == RateLimits())
        #expect(spec.instances.first?.volumes == [VolumeSpec(size: 8)])
    }

    @Test("rate-limits: off turns rate limiting off; start and seed are read")
    func rateLimitsOff() throws {
        let text = Self.base + "start: 2026-03-01T12:00:00Z\nseed: 7\nregion: eu-west-2\naccount: \"000011112222\"\nbehaviour: { rate-limits: off }\n"
        let result = WorldFileLoader.parse(text: text.replacingOccurrences(of: "us-east-1a", with: "eu-west-2a"), path: "off.yaml")
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.description))")
        #expect(spec.behaviour.rateLimits == nil)
        #expect(spec.start == Date(timeIntervalSince1970: 1_772_366_400))
        #expect(spec.seed == 7 && spec.region == "eu-west-2" && spec.accountId == "000011112222")
    }

    @Test("every error is collected, not just the first")
    func collectsAll() {
        // Given a world with three independent mistakes
        let text = Self.base + "    state: runing\n    launched-before: soon\nfleets:\n  - count: many\n    template: { subnet: subnet-0a1, interfaces: [{ groups: [sg-0a1] }] }\n"
        // When it is parsed
        let result = WorldFileLoader.parse(text: text, path: "three.yaml")
        // Then all three are reported, in file order
        #expect(Self.summary(result) == ["invalid-value@12:12", "invalid-value@13:22", "wrong-shape@15:12"])
    }

    @Test("unknown keys get a suggestion")
    func unknownKeySuggestion() throws {
        let result = WorldFileLoader.parse(text: Self.base.replacingOccurrences(of: "subnets:", with: "subnet:"), path: "k.yaml")
        let error = try #require(result.errors.first { $0.code == .unknownKey })
        #expect(error.message == "unknown key 'subnet' in the world file; did you mean 'subnets'?")
        #expect(error.fix == "rename it to `subnets`")
    }

    @Test("spec problems point at the value they concern, found by path")
    func problemLocations() throws {
        // Given an Auto Scaling group naming an unknown target group
        let text = Self.base + "auto-scaling-groups:\n  asg:\n    min: 1\n    max: 2\n    instances: [i-0a1]\n    target-groups: [tg-a, tg-b]\n"
        // When it is parsed
        let result = WorldFileLoader.parse(text: text, path: "p.yaml")
        // Then each unknown name is reported at its own list item
        #expect(Self.summary(result) == ["unknown-reference@17:21", "unknown-reference@17:27"])
        #expect(result.errors.first?.message == "unknown target group 'tg-a'")
    }

    @Test("a wrong value is reported once, not again as a spec problem")
    func noCascade() {
        let text = Self.base + "auto-scaling-groups:\n  asg:\n    min: 1\n    max: 2\n    instances: [i-0a1]\n    health-check-type: ELF\n"
        let result = WorldFileLoader.parse(text: text, path: "c.yaml")
        #expect(Self.summary(result) == ["invalid-value@17:24"])
        #expect(result.errors.first?.message.contains("did you mean 'ELB'?") == true)
    }

    @Test("a section that cannot be read does not make every reference into it an error")
    func noCascadeFromSection() {
        // Given subnets written as a list instead of a mapping
        let text = Self.base.replacingOccurrences(of: "  subnet-0a1: { vpc: vpc-0a1, zone: us-east-1a, cidr: 10.0.1.0/24 }", with: "  - subnet-0a1")
        // When it is parsed
        let result = WorldFileLoader.parse(text: text, path: "s.yaml")
        // Then only the section is reported, not the instance's subnet
        #expect(Self.summary(result) == ["wrong-shape@5:3"])
    }

    @Test("bad bytes are refused with a location: not UTF-8, NUL, too large")
    func badBytes() {
        #expect(Self.summary(WorldFileLoader.parse(bytes: Array("world: x\n  a: \u{FF}".utf8) + [0xFF], path: "b.yaml")) == ["encoding@2:7"])
        #expect(Self.summary(WorldFileLoader.parse(bytes: Array("world: x\n".utf8) + [0], path: "n.yaml")) == ["encoding@2:1"])
        let huge = [UInt8](repeating: UInt8(ascii: "#"), count: WorldFileLoader.maximumFileSize + 1)
        #expect(Self.summary(WorldFileLoader.parse(bytes: huge, path: "h.yaml")) == ["file-too-large@1:1"])
        #expect(WorldFileLoader.load(contentsOf: URL(fileURLWithPath: "/nonexistent/world.yaml")).errors.first?.message == "no such file")
    }

    @Test("a byte-order mark and CRLF line endings are accepted")
    func bomAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.base.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let result = WorldFileLoader.parse(bytes: bytes, path: "bom.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.spec?.instances.map(\.id) == ["i-0a1"])
    }
}
