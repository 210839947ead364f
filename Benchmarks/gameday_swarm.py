#!/usr/bin/env python3
"""Game-day targets as a user gets them: the built irun, whole processes, default flags.

    swift build -c release --product irun
    python3 Benchmarks/gameday_swarm.py                       # 1,000 swarm runs and the storm, 3 rounds
    python3 Benchmarks/gameday_swarm.py --runs 1000 --rounds 5 --irun .build/release/irun

Times, from start to exit, exactly what the README tells users to type:

    irun gameday web-tier-asg --swarm 1000     # target: under 60 s wall on 2 cores (release)
    irun gameday throttling-storm              # target: under 2 s (200 instances through EC2's rate limits)

each in a fresh scratch directory (so each swarm starts from an empty audit store), alternating
which goes first in each round. Prints both medians with their targets, the pass count the swarm
reported, the cores the machine has, and the call-log digest of the storm in every round (equal
digests: the seed replayed exactly, whatever the load).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command, cwd):
    start = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.monotonic() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--irun", default=".build/release/irun")
    parser.add_argument("--runs", type=int, default=1000, help="swarm size (default 1000)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    irun = os.path.abspath(args.irun)
    repository = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    swarm_times, storm_times, digests = [], [], []
    for round_number in range(args.rounds):
        jobs = [("swarm", [irun, "gameday", "web-tier-asg", "--swarm", str(args.runs)]), ("storm", [irun, "gameday", "throttling-storm"])]
        if round_number % 2:
            jobs.reverse()
        for name, command in jobs:
            with tempfile.TemporaryDirectory(prefix="irun-bench-gameday-") as scratch:
                # A scratch project: Runbooks/ linked in, its audit store the default ./.irun/audit.sqlite.
                os.symlink(os.path.join(repository, "Runbooks"), os.path.join(scratch, "Runbooks"))
                seconds, result = timed(command, scratch)
            if name == "swarm":
                match = re.search(r"(PASSED|FAILED) (\d+) of (\d+)", result.stdout)
                if not match or result.returncode not in (0, 1):
                    sys.exit(f"swarm did not report: exit {result.returncode}\n{result.stdout}\n{result.stderr}")
                swarm_times.append(seconds)
                print(f"round {round_number + 1}: swarm of {args.runs}: {seconds:.2f} s, {match.group(2)} of {match.group(3)} passed")
            else:
                match = re.search(r"call log sha256: ([0-9a-f]{64})", result.stdout)
                if not match or result.returncode != 0:
                    sys.exit(f"storm failed: exit {result.returncode}\n{result.stdout}\n{result.stderr}")
                storm_times.append(seconds)
                digests.append(match.group(1))
                print(f"round {round_number + 1}: throttling-storm: {seconds:.2f} s, call log {match.group(1)[:16]}…")
    cores = os.cpu_count()
    print(f"swarm of {args.runs} web-tier-asg runs: median {statistics.median(swarm_times):.2f} s wall on {cores} cores (target < 60 s)")
    print(f"throttling-storm: median {statistics.median(storm_times):.2f} s per process (target < 2 s)")
    print(f"storm call log identical in every round: {len(set(digests)) == 1}")


if __name__ == "__main__":
    main()
