#!/usr/bin/env python3
"""irun serve's ingest targets, measured on loopback against the built binary (release).

    swift build -c release --product irun
    python3 Benchmarks/serve_ingest.py [--irun .build/release/irun] [--seconds 10] [--connections 16]

1. Sustained ingest (target: 2,000 findings/s, p99 answer < 50 ms): wrk (Debian's `wrk`) posts
   new low-severity GuardDuty findings — each a new EventBridge delivery, every tenth a
   redelivery — for --seconds over --connections keep-alive connections. Each answer is a 202
   only once the delivery is committed. Afterwards the store must hold exactly one
   finding-received event per distinct delivery.
2. A storm (target: 500 findings for 500 distinct instances within 10 s; the cap holds, nothing
   is lost, every decision recorded): 500 high-severity backdoor findings, 16 at a time. The
   built-in breakers allow 10 automatic containments per account in 10 minutes: exactly 10 must
   be `started`, the other 490 `capped` (their runs wait for a responder before any change), and
   the store must hold 500 findings and 500 finding-decided events.

The server runs with default flags (`irun serve --listen 127.0.0.1:PORT --db …`), as the README
tells users to start it; wrk and the storm run as separate processes.
"""
import argparse
import concurrent.futures
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(REPOSITORY, "Runbooks", "findings", "guardduty-c2-i-123.json")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(irun, scratch):
    db = os.path.join(scratch, "audit.sqlite")
    token = subprocess.run([irun, "token", "create", "eventbridge", "--role", "ingest", "--db", db], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen([irun, "serve", "--listen", f"127.0.0.1:{port}", "--db", db], cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    if "listening" not in line:
        sys.exit(f"irun serve did not start: {line}")
    # Keep its progress output flowing.
    import threading
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    return server, port, token, db


def stop(server):
    server.terminate()
    server.wait(timeout=60)


def ingest(irun, seconds, connections):
    with tempfile.TemporaryDirectory(prefix="irun-bench-serve-") as scratch:
        server, port, token, db = start(irun, scratch)
        try:
            result = subprocess.run(["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s", os.path.join(REPOSITORY, "Benchmarks", "serve_ingest.lua"),
                                     f"http://127.0.0.1:{port}", "--", token, SAMPLE], capture_output=True, text=True)
        finally:
            stop(server)
        summary = [line for line in result.stdout.splitlines() if line.startswith("requests ")]
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
        with sqlite3.connect(db) as connection:
            received = connection.execute("SELECT COUNT(*) FROM events WHERE kind = 'finding-received'").fetchone()[0]
            deliveries = connection.execute("SELECT COUNT(*) FROM finding_deliveries").fetchone()[0]
        print("ingest:", summary[0] if summary else result.stdout)
        print(f"ingest: non-2xx answers {non2xx.group(1) if non2xx else 0}; deliveries stored {deliveries}, finding-received events {received} (must be equal)")
        return received == deliveries


def post(port, token, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/events", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["findings"][0]["decision"]


def storm(irun):
    template = open(SAMPLE).read()
    bodies = []
    for index in range(500):
        instance = "i-%08x" % (0x5000 + index)
        bodies.append(template.replace("7f0d4c2e-3a61-4b1e-9d3c-2b8a6f1e0c01", f"storm-{index}")
                              .replace("4ec6a1f2b8d94e1fa0c3d5e7f9a1b2c3", f"storm{index}")
                              .replace('"i-123"', f'"{instance}"').encode())
    with tempfile.TemporaryDirectory(prefix="irun-bench-storm-") as scratch:
        server, port, token, db = start(irun, scratch)
        try:
            started = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
                decisions = list(pool.map(lambda body: post(port, token, body), bodies))
            elapsed = time.monotonic() - started
        finally:
            stop(server)
        with sqlite3.connect(db) as connection:
            findings = connection.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
            decided = connection.execute("SELECT COUNT(*) FROM events WHERE kind = 'finding-decided'").fetchone()[0]
            by_decision = dict(connection.execute("SELECT decision, COUNT(*) FROM findings GROUP BY decision").fetchall())
        counts = {decision: decisions.count(decision) for decision in set(decisions)}
        print(f"storm: 500 findings for 500 instances answered in {elapsed:.2f} s (target < 10 s): {counts}")
        print(f"storm: stored findings {findings}, finding-decided events {decided}, by decision {by_decision}")
        return findings == 500 and decided == 500 and counts.get("started", 0) <= 10


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--irun", default=os.path.join(REPOSITORY, ".build", "release", "irun"))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    irun = os.path.abspath(args.irun)
    ok = ingest(irun, args.seconds, args.connections)
    ok = storm(irun) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
