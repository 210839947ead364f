#!/usr/bin/env python3
"""irun as a responder types it, next to a plain boto3 script, against a local moto_server.

    swift build -c release --product irun
    python3 Benchmarks/cli_vs_boto3.py                      # N = 1, 10, 50; 3 rounds each
    python3 Benchmarks/cli_vs_boto3.py --sizes 50 --rounds 5 --irun .build/release/irun

Both tools run as whole processes, timed from start to exit, alternating which goes first in
each round. irun runs with default flags, exactly as the README shows:

    irun execute ec2-quarantine --provider aws --endpoint-url URL --region us-east-1 \\
        --instance i-… [--instance i-… …] --param case=C --yes

from a scratch directory holding only a link to Runbooks/ (so its audit database is the default
./.irun/audit.sqlite there, kept across rounds as a responder's would be). The baseline is
`Benchmarks/boto3_quarantine.py`, a sequential boto3 script doing the same seven steps.

Before each run the server is emptied and a mixed fleet seeded (`moto_fleet.py`: Auto Scaling
groups, two ALB target groups, a classic ELB, two volumes per instance). After each run an
independent boto3 check reads every effect back — termination protection on, in no Auto Scaling
group, load balancer or target group, every interface in one group with no rules (besides the
launch group moto always shows), a snapshot of every volume, the case tag — and the benchmark
fails if either tool missed one.

Without --endpoint, a moto_server is started on a free 127.0.0.1 port and stopped by its PID.
Prints, per N: both medians, the ratio irun / boto3 (below 1: irun is faster), and the API calls
each made (irun's from its summary line; boto3's counted by a botocore hook).
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import moto_fleet  # noqa: E402  (the seeding code lives beside this script)

REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto(server=("moto_server",)):
    """Starts `server` (moto_server, or a launcher taking its arguments) on a free loopback port."""
    port = free_port()
    log = tempfile.TemporaryFile()
    process = subprocess.Popen([*server, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log)
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1).read()
            return process, endpoint
        except OSError:
            if process.poll() is not None:
                log.seek(0)
                sys.exit(f"{server[-1]} exited:\n" + log.read().decode(errors="replace"))
            time.sleep(0.5)
    process.kill()
    sys.exit(f"{server[-1]} did not answer within 60 s")


def reset_and_seed(endpoint, count):
    urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset", method="POST"), timeout=30).read()
    return moto_fleet.seed(endpoint, REGION, count)


def run_irun(binary, workdir, endpoint, fleet, case):
    command = [binary, "execute", "ec2-quarantine", "--provider", "aws", "--endpoint-url", endpoint, "--region", REGION]
    for instance in fleet["instances"]:
        command += ["--instance", instance]
    command += ["--param", f"case={case}", "--yes"]
    started = time.perf_counter()
    finished = subprocess.run(command, cwd=workdir, env={**os.environ, **CREDENTIALS}, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if finished.returncode != 0:
        sys.exit(f"irun exited {finished.returncode}:\n{finished.stderr[-3000:]}")
    calls = re.findall(r"(\d+) AWS calls", finished.stderr)
    return wall, int(calls[-1]) if calls else None


def run_boto3(endpoint, fleet, case):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as ids:
        ids.write("\n".join(fleet["instances"]))
    try:
        command = [sys.executable, os.path.join(HERE, "boto3_quarantine.py"), "--endpoint", endpoint, "--instances-from", ids.name,
                   "--case", case, "--json"]
        started = time.perf_counter()
        finished = subprocess.run(command, env={**os.environ, **CREDENTIALS}, capture_output=True, text=True)
        wall = time.perf_counter() - started
    finally:
        os.unlink(ids.name)
    if finished.returncode != 0:
        sys.exit(f"boto3_quarantine.py exited {finished.returncode}:\n{finished.stderr[-3000:]}")
    import json
    return wall, json.loads(finished.stdout)["calls"]


def check(endpoint, fleet, case, tool):
    """Reads every effect of the quarantine back with boto3; returns the problems found."""
    settings = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")
    ec2, autoscaling = boto3.client("ec2", **settings), boto3.client("autoscaling", **settings)
    elb, elbv2 = boto3.client("elb", **settings), boto3.client("elbv2", **settings)
    problems = []
    instances = set(fleet["instances"])
    in_groups = {m["InstanceId"] for m in autoscaling.describe_auto_scaling_instances(InstanceIds=list(instances))["AutoScalingInstances"]}
    registered = {i["InstanceId"] for lb in elb.describe_load_balancers()["LoadBalancerDescriptions"] for i in lb["Instances"]}
    targets = {h["Target"]["Id"] for arn in fleet["targetGroups"]
               for h in elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
               if h["TargetHealth"]["State"] not in ("draining", "unused")}
    groups = {g["GroupId"]: g for g in ec2.describe_security_groups()["SecurityGroups"]}
    for instance in sorted(instances):
        where = f"{tool}: {instance}"
        if not ec2.describe_instance_attribute(InstanceId=instance, Attribute="disableApiTermination")["DisableApiTermination"]["Value"]:
            problems.append(f"{where} has no termination protection")
        if instance in in_groups:
            problems.append(f"{where} is still in an Auto Scaling group")
        if instance in registered:
            problems.append(f"{where} is still registered with a classic load balancer")
        if instance in targets:
            problems.append(f"{where} is still a target of a target group")
        attached = [{"Name": "attachment.instance-id", "Values": [instance]}]
        for interface in ec2.describe_network_interfaces(Filters=attached)["NetworkInterfaces"]:
            # moto shows an attached interface's groups plus the instance's launch group
            # (Sources/AWSClient/Documentation.docc/MotoDifferences.md), so that one is set aside.
            ids = [g["GroupId"] for g in interface["Groups"] if g["GroupId"] != fleet["securityGroup"]]
            if len(ids) != 1 or groups[ids[0]]["IpPermissions"] or groups[ids[0]]["IpPermissionsEgress"]:
                problems.append(f"{where}: interface {interface['NetworkInterfaceId']} is in {ids}, not one group without rules")
        for volume in ec2.describe_volumes(Filters=attached)["Volumes"]:
            if not ec2.describe_snapshots(Filters=[{"Name": "volume-id", "Values": [volume["VolumeId"]]}])["Snapshots"]:
                problems.append(f"{where}: volume {volume['VolumeId']} has no snapshot")
        tags = {t["Key"]: t["Value"] for t in ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [instance]}])["Tags"]}
        if tags.get("quarantine-case") != case:
            problems.append(f"{where} is not tagged quarantine-case={case} (tags: {tags})")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--irun", default=os.path.join(ROOT, ".build", "release", "irun"), help="the irun binary (default: the release build)")
    parser.add_argument("--endpoint", help="a running moto_server; default: start one on 127.0.0.1")
    parser.add_argument("--sizes", default="1,10,50", help="fleet sizes, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    if not os.access(options.irun, os.X_OK):
        sys.exit(f"no irun binary at {options.irun}: build it with `swift build -c release --product irun`")
    moto = None
    endpoint = options.endpoint
    if not endpoint:
        moto, endpoint = start_moto()
    workdir = tempfile.mkdtemp(prefix="irun-bench-cli-")
    os.symlink(os.path.join(ROOT, "Runbooks"), os.path.join(workdir, "Runbooks"))
    try:
        print(f"irun {options.irun} vs boto3 {boto3.__version__}, moto_server at {endpoint}; whole processes, default flags")
        failed = False
        for size in [int(text) for text in options.sizes.split(",")]:
            walls = {"irun": [], "boto3": []}
            calls = {"irun": [], "boto3": []}
            for round_ in range(options.rounds):
                order = ["irun", "boto3"] if round_ % 2 == 0 else ["boto3", "irun"]
                for tool in order:
                    case = f"BENCH-{size}-{round_}-{tool}"
                    fleet = reset_and_seed(endpoint, size)
                    if tool == "irun":
                        wall, made = run_irun(options.irun, workdir, endpoint, fleet, case)
                    else:
                        wall, made = run_boto3(endpoint, fleet, case)
                    problems = check(endpoint, fleet, case, tool)
                    if problems:
                        failed = True
                        print("\n".join("  NOT CONTAINED " + problem for problem in problems[:10]))
                    walls[tool].append(wall)
                    calls[tool].append(made)
                    print(f"  N={size} round {round_ + 1} {tool:5}: {wall:6.2f} s, {made} API calls, {'contained' if not problems else 'NOT contained'}")
            irun, baseline = statistics.median(walls["irun"]), statistics.median(walls["boto3"])
            print(f"N={size}: irun median {irun:.2f} s ({statistics.median(c for c in calls['irun'] if c is not None) if any(calls['irun']) else '?'} calls), "
                  f"boto3 median {baseline:.2f} s ({statistics.median(calls['boto3'])} calls) → irun/boto3 = {irun / baseline:.2f}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if moto is not None:
            moto.terminate()
            moto.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
