import RunbookModel

extension WorldSpec {
    /// The text of the default world, byte for byte the file `Runbooks/worlds/default.yaml`.
    ///
    /// A web tier in one VPC: web server `i-123` (two interfaces, two volumes, an attacker's
    /// tracked connection on eth0) is a member of Auto Scaling group `web-asg`, registered with
    /// Classic ELB `web-clb` and ALB target group `web-tg`; its bystanders are two more web
    /// servers, a database, a stopped instance, a terminated one and a standalone batch worker.
    /// A test keeps this text and the file identical.
    public static let defaultWorldText = #"""
# The default world: a small production web tier in one VPC, as `irun` simulates it when no
# world file is named. The incident: web server i-123 is compromised. It is the kind of
# instance that makes containment hard:
#   - it is in an Auto Scaling group that replaces unhealthy members (health-check-type ELB),
#     so isolating it before detaching it gets it terminated, with its evidence;
#   - it is registered with a Classic Load Balancer and an ALB target group;
#   - it has two network interfaces, so every ENI has to be isolated, not just eth0;
#   - an attacker's session is established through eth0: a tracked connection survives a
#     security group change, so isolation first swaps in an allow-all group (which makes
#     the flow untracked) and then a group with no rules (which ends it);
#   - it has two EBS volumes to snapshot.
# Around it are bystanders a runbook must leave alone.
# Every key is described in Runbooks/worlds/README.md.

world: default
description: A web tier behind a Classic ELB and an ALB, in an Auto Scaling group; web server i-123 is compromised.
account: "123456789012"
region: us-east-1
start: 2026-01-01T00:00:00Z        # simulated time at the start of every run
seed: 42                           # latency samples, fault dice and generated ids repeat run after run

vpcs:
  vpc-0a1: { cidr: 10.0.0.0/16 }

subnets:
  subnet-0a1: { vpc: vpc-0a1, zone: us-east-1a, cidr: 10.0.1.0/24 }    # web tier, zone a
  subnet-0b1: { vpc: vpc-0a1, zone: us-east-1b, cidr: 10.0.2.0/24 }    # web tier, zone b
  subnet-0c1: { vpc: vpc-0a1, zone: us-east-1a, cidr: 10.0.10.0/24 }   # management network (second ENIs)
  subnet-0d1: { vpc: vpc-0a1, zone: us-east-1a, cidr: 10.0.20.0/24 }   # data tier

# No quarantine group exists yet: containment runbooks create one.
# Egress omitted means AWS's default: all traffic to 0.0.0.0/0.
security-groups:
  sg-0e1b:
    name: web
    description: Web servers, open to the internet on HTTP and HTTPS
    vpc: vpc-0a1
    ingress:
      - { protocol: tcp, ports: 80, from: 0.0.0.0/0 }
      - { protocol: tcp, ports: 443, from: 0.0.0.0/0 }
    tags: { Team: web }
  sg-0ad0:
    name: mgmt
    description: Management access (SSH) from inside the corporate network
    vpc: vpc-0a1
    ingress:
      - { protocol: tcp, ports: 22, from: 10.0.0.0/8 }
    tags: { Team: platform }
  sg-0db:
    name: database
    description: PostgreSQL, reachable from the web servers only
    vpc: vpc-0a1
    ingress:
      - { protocol: tcp, ports: 5432, from: sg-0e1b }
    tags: { Team: data }
  sg-0ba7c4:
    name: batch
    description: Batch workers take no inbound traffic
    vpc: vpc-0a1
    ingress: []
    tags: { Team: analytics }

instances:
  # The compromised web server.
  i-123:
    type: m5.large
    image: ami-0c02fb55956c7d316
    state: running
    subnet: subnet-0a1
    iam-profile: web-server
    launched-before: 3d
    public-ip: 203.0.113.10
    interfaces:
      # eth0: the web interface. The attacker's established session runs through it.
      - { id: eni-0123a, groups: [sg-0e1b], private-ip: 10.0.1.10, tracked-connections: 1 }
      # eth1: the management interface, in another subnet of the same VPC and zone.
      - { id: eni-0123b, subnet: subnet-0c1, groups: [sg-0ad0], private-ip: 10.0.10.10 }
    volumes:
      - { id: vol-0123a, size: 8, type: gp3, device: /dev/xvda }      # root
      - { id: vol-0123b, size: 100, type: gp3, device: /dev/xvdb }    # data
    tags: { Name: web-1, Role: web, Environment: production }

  # The other two members of web-asg: healthy bystanders that must keep serving.
  i-456:
    type: m5.large
    image: ami-0c02fb55956c7d316
    subnet: subnet-0b1
    iam-profile: web-server
    launched-before: 3d
    interfaces:
      - { id: eni-0456a, groups: [sg-0e1b], private-ip: 10.0.2.10 }
      - { id: eni-0456b, subnet: subnet-0c1, groups: [sg-0ad0] }
    volumes: [{ id: vol-0456a, size: 8 }, { id: vol-0456b, size: 100 }]
    tags: { Name: web-2, Role: web, Environment: production }
  i-789:
    type: m5.large
    image: ami-0c02fb55956c7d316
    subnet: subnet-0a1
    iam-profile: web-server
    launched-before: 2d
    interfaces:
      - { id: eni-0789a, groups: [sg-0e1b], private-ip: 10.0.1.11 }
      - { id: eni-0789b, subnet: subnet-0c1, groups: [sg-0ad0] }
    volumes: [{ id: vol-0789a, size: 8 }, { id: vol-0789b, size: 100 }]
    tags: { Name: web-3, Role: web, Environment: production }

  # The database: in no Auto Scaling group and behind no load balancer. Protected from termination.
  i-0db0001:
    type: r5.xlarge
    image: ami-0a1b2c3d4e5f60718
    subnet: subnet-0d1
    iam-profile: database
    termination-protection: true
    launched-before: 90d
    interfaces:
      - { id: eni-0db0a, groups: [sg-0db], private-ip: 10.0.20.10 }
    volumes:
      - { id: vol-0db0a, size: 20, type: gp3 }
      - { id: vol-0db0b, size: 500, type: io2 }
    tags: { Name: db-1, Role: database, Environment: production }

  # A stopped reporting server: describe calls see it, it has no connections.
  i-5709:
    type: t3.medium
    image: ami-0c02fb55956c7d316
    state: stopped
    subnet: subnet-0b1
    launched-before: 30d
    interfaces:
      - { id: eni-05709a, groups: [sg-0ad0] }
    volumes: [{ id: vol-05709a, size: 30 }]
    tags: { Name: reporting-1, Role: reporting, Environment: production }

  # An old web server, already terminated: describe calls still list it, as AWS does for a while.
  i-dead:
    type: m5.large
    image: ami-0c02fb55956c7d316
    state: terminated
    subnet: subnet-0a1
    launched-before: 1d
    interfaces:
      - { id: eni-0dead0a, groups: [sg-0e1b] }
    volumes: [{ id: vol-0dead0a, size: 8 }]
    tags: { Name: web-old-1, Role: web, Environment: production }

  # A standalone batch worker: no Auto Scaling group, no load balancer, no inbound rules.
  i-0b0b:
    type: c5.large
    image: ami-0a1b2c3d4e5f60718
    subnet: subnet-0b1
    iam-profile: batch-worker
    shutdown-behavior: terminate
    launched-before: 6h
    interfaces:
      - { id: eni-0b0ba, groups: [sg-0ba7c4], private-ip: 10.0.2.50 }
    volumes:
      - { id: vol-0b0ba, size: 8 }
      - { id: vol-0b0bb, size: 200, type: st1, delete-on-termination: false, encrypted: false }   # scratch
    tags: { Name: batch-1, Role: batch, Environment: production }

# Members of a group are registered with its load balancers and target groups, as on AWS.
# A replacement is launched from launch-template with the same groups and volumes.
auto-scaling-groups:
  web-asg:
    min: 2
    max: 6
    desired: 3
    health-check-type: ELB             # an instance the load balancers mark unhealthy is replaced
    health-check-grace-period: 300s
    subnets: [subnet-0a1, subnet-0b1]
    load-balancers: [web-clb]
    target-groups: [web-tg]
    instances: [i-123, i-456, i-789]
    launch-template:
      type: m5.large
      image: ami-0c02fb55956c7d316
      groups: [sg-0e1b]
      iam-profile: web-server
      volumes: [8, 100]
      tags: { Role: web, Environment: production }
    tags: { Team: web }

load-balancers:                        # Classic ELB
  web-clb:
    vpc: vpc-0a1
    subnets: [subnet-0a1, subnet-0b1]
    security-groups: [sg-0e1b]
    health-check: { target: "HTTP:80/health", interval: 30s, timeout: 5s, unhealthy-threshold: 2, healthy-threshold: 10 }

target-groups:                         # ELBv2 (the ALB web-alb forwards to it)
  web-tg:
    protocol: HTTP
    port: 80
    vpc: vpc-0a1
    health-check-port: traffic-port
    health-check-interval: 30s
    healthy-threshold: 5
    unhealthy-threshold: 2
    deregistration-delay: 300s         # a deregistered target drains for five minutes
    load-balancer: web-alb

behaviour:
  # Log-normal latencies: mostly quick, with the long tail real AWS APIs have.
  latency:
    default: { median: 40ms, p99: 250ms }
    DescribeInstances: { median: 80ms, p99: 400ms }
    CreateSnapshot: { median: 150ms, p99: 800ms }
    CreateSnapshots: { median: 150ms, p99: 800ms }
    autoscaling: { median: 60ms, p99: 350ms }
    elasticloadbalancing: { median: 50ms, p99: 300ms }
    elbv2: { median: 50ms, p99: 300ms }
  rate-limits: aws                     # EC2's documented token buckets; throttled calls get RequestLimitExceeded
  timings:
    snapshot-seconds-per-gib: 2        # the 100 GiB data volume snapshots in 200s
    snapshot-minimum: 20s
    stop: 30s
    terminate: 30s
    launch: 45s
    auto-scaling-check-interval: 10s
    terminated-visibility: 1h
  faults: []                           # game-day worlds inject throttling, errors and slow calls here

"""#

    /// The default world: ``defaultWorldText`` parsed.
    ///
    /// - Returns: The spec of the web tier `irun` simulates when no world file is named.
    public static func defaultWorld() -> WorldSpec {
        let result = WorldFileLoader.parse(text: defaultWorldText, path: "Runbooks/worlds/default.yaml")
        guard let spec = result.spec else {
            // Only an edit to the embedded text can get here; WorldFileTests guards against it.
            fatalError("the embedded default world is invalid:\n" + result.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return spec
    }
}
