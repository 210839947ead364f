#!/usr/bin/env python3
"""ec2-quarantine on Step Functions: a 50-instance fleet in moto's interpreter, and compile time.

    swift build -c release --product irun
    python3 Benchmarks/sfn_fleet.py [--irun .build/release/irun] [--instances 50] [--rounds 3]

1. Compile time (target < 50 ms): `irun export ec2-quarantine --to step-functions`, the whole
   process with default flags, timed --rounds × 10 times; the median is an upper bound of the
   compile itself (it includes process start-up, reading and validating the runbook).
2. The fleet (target: every check of the independent verification passes): per round, moto
   (Scripts/moto-sfn, on a free 127.0.0.1 port) is emptied and a mixed fleet seeded
   (`moto_fleet.py`); then, as a responder types them:

       irun sfn deploy ec2-quarantine --role-arn arn:aws:iam::123456789012:role/irun-sfn …
       irun sfn start ec2-quarantine --instance i-… ×N --param case=C --wait …

   timed from start to exit; then the same boto3 check as cli_vs_boto3.py reads every effect
   back (termination protection, no Auto Scaling group, load balancer or target group, each
   interface in one rule-less group, a snapshot of every volume, the case tag), and
   `irun sfn import` + `irun audit verify` must succeed with N child runs.
Any failed check exits 1.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import cli_vs_boto3  # noqa: E402  (the independent check)
import moto_fleet  # noqa: E402

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/irun-sfn"
ENVIRONMENT = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true"}


def irun(binary, arguments, endpoint, workdir):
    command = [binary] + arguments + ["--endpoint-url", endpoint, "--region", REGION]
    return subprocess.run(command, cwd=workdir, env=ENVIRONMENT, capture_output=True, text=True)


def compile_times(binary, rounds):
    times = []
    for _ in range(rounds * 10):
        started = time.perf_counter()
        done = subprocess.run([binary, "export", "ec2-quarantine", "--to", "step-functions"], cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"irun export failed:\n{done.stderr}")
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--irun", default=os.path.join(ROOT, ".build", "release", "irun"))
    parser.add_argument("--instances", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    binary = os.path.abspath(options.irun)

    times = compile_times(binary, options.rounds)
    print(f"compile: irun export ec2-quarantine --to step-functions (whole process), median {statistics.median(times) * 1000:.1f} ms "
          f"over {len(times)} runs (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}); target < 50 ms")

    process, endpoint = cli_vs_boto3.start_moto((sys.executable, os.path.join(ROOT, "Scripts", "moto-sfn")))
    failures = 0
    walls = []
    try:
        for round_number in range(options.rounds):
            workdir = tempfile.mkdtemp(prefix="irun-sfn-bench-")
            os.symlink(os.path.join(ROOT, "Runbooks"), os.path.join(workdir, "Runbooks"))
            fleet = cli_vs_boto3.reset_and_seed(endpoint, options.instances)
            case = f"IR-SFN-{round_number}"
            deployed = irun(binary, ["sfn", "deploy", "ec2-quarantine", "--role-arn", ROLE], endpoint, workdir)
            if deployed.returncode != 0:
                sys.exit(f"deploy failed:\n{deployed.stderr}")
            command = ["sfn", "start", "ec2-quarantine", "--param", f"case={case}", "--wait"]
            for instance in fleet["instances"]:
                command += ["--instance", instance]
            started = time.perf_counter()
            run = irun(binary, command, endpoint, workdir)
            wall = time.perf_counter() - started
            if run.returncode != 0:
                sys.exit(f"sfn start exited {run.returncode}:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
            walls.append(wall)
            problems = cli_vs_boto3.check(endpoint, fleet, case, "step-functions")
            arn = next(line.split(" ", 1)[1] for line in run.stdout.splitlines() if line.startswith("started arn:"))
            imported = irun(binary, ["sfn", "import", arn, "--db", os.path.join(workdir, "audit.sqlite")], endpoint, workdir)
            verified = subprocess.run([binary, "audit", "verify", "--db", os.path.join(workdir, "audit.sqlite")], cwd=workdir, capture_output=True, text=True)
            children = f"and {options.instances} child runs" in imported.stdout
            if imported.returncode != 0 or verified.returncode != 0 or not children:
                problems.append(f"import/verify failed: {imported.stdout}{imported.stderr}{verified.stdout}{verified.stderr}")
            failures += len(problems)
            for problem in problems[:10]:
                print("  problem:", problem)
            print(f"round {round_number + 1}: {options.instances} instances contained through Step Functions in {wall:.1f} s; "
                  f"independent check: {'all passed' if not problems else f'{len(problems)} problems'}; imported and verified: {children and verified.returncode == 0}")
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(f"fleet: median {statistics.median(walls):.1f} s over {len(walls)} rounds (sfn start --wait, whole process, moto's interpreter on 2 shared cores)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
