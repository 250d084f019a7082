#!/usr/bin/env python3
"""Graceful shutdown under load, measured (not a test: it asserts nothing).

Serves DATABASE_URL with the given `roster` binary, signs in as the Owner of the scale
organization, sends the Users tab's first page (`/api/list_people`) from CLIENTS keep-alive
connections for LOAD_SECONDS, then sends SIGTERM and reports: how long until the process exited
and with what status, how long until new connections were refused, and what became of every
request — those in flight when the signal came (sent before it, answered after it) and those
sent after it.

    cargo leptos build --release   # or any release build of the server
    target/release/roster seed-scale --database-url sqlite:///tmp/scale.db
    python3 server/benches/shutdown_under_load.py target/release/roster sqlite:///tmp/scale.db

Options: --clients N (16), --load-seconds S (5), --email EMAIL (owner@scale.test).
"""

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

BODY = json.dumps(
    {
        "query": {
            "search": "",
            "role": None,
            "team_id": None,
            "project_id": None,
            "sort": "name",
            "descending": False,
            "page": 1,
        }
    }
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    values = sorted(values)
    return values[round(p / 100 * (len(values) - 1))] if values else float("nan")


def sign_in(port, email):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        "/api/sign_in",
        f"email={email.replace('@', '%40')}&password=roster-demo",
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
    )
    answer = conn.getresponse()
    answer.read()
    if answer.status != 200:
        sys.exit(f"sign in: {answer.status}")
    return answer.getheader("Set-Cookie").split(";")[0]


class Client(threading.Thread):
    """One keep-alive connection sending the list request until the server stops answering."""

    def __init__(self, port, cookie, stop):
        super().__init__(daemon=True)
        self.port, self.cookie, self.stop = port, cookie, stop
        self.records = []  # (sent, answered, outcome): outcome is the status or the error's name

    def run(self):
        conn = None
        while not self.stop.is_set():
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                try:
                    conn.connect()
                except OSError as e:
                    now = time.monotonic()
                    self.records.append((now, now, "connect: " + type(e).__name__))
                    return
            sent = time.monotonic()
            try:
                conn.request(
                    "POST",
                    "/api/list_people",
                    BODY,
                    {"Content-Type": "application/json", "Accept": "application/json",
                     "Cookie": self.cookie},
                )
                answer = conn.getresponse()
                answer.read()
                self.records.append((sent, time.monotonic(), answer.status))
                if answer.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                self.records.append((sent, time.monotonic(), type(e).__name__))
                conn.close()
                conn = None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("database_url")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--load-seconds", type=float, default=5.0)
    parser.add_argument("--email", default="owner@scale.test")
    args = parser.parse_args()

    port = free_port()
    env = dict(os.environ, DATABASE_URL=args.database_url, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}",
               LEPTOS_OUTPUT_NAME="roster", RUST_LOG="info,sqlx=warn")
    log = open("shutdown-under-load.log", "w")
    server = subprocess.Popen([args.binary, "serve"], env=env, stdout=log, stderr=log)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        server.kill()
        sys.exit("the server did not start")
    cookie = sign_in(port, args.email)

    stop = threading.Event()
    clients = [Client(port, cookie, stop) for _ in range(args.clients)]
    started = time.monotonic()
    for c in clients:
        c.start()
    time.sleep(args.load_seconds)

    terminated = time.monotonic()
    server.send_signal(signal.SIGTERM)
    refused_after = None
    while server.poll() is None and refused_after is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            time.sleep(0.002)
        except ConnectionRefusedError:
            refused_after = time.monotonic() - terminated
    status = server.wait()
    exited_after = time.monotonic() - terminated
    stop.set()
    for c in clients:
        c.join(timeout=5)

    records = [r for c in clients for r in c.records]
    before = [r for r in records if r[1] <= terminated]
    in_flight = [r for r in records if r[0] <= terminated < r[1]]
    after = [r for r in records if r[0] > terminated]

    def outcomes(rs):
        counts = {}
        for r in rs:
            counts[str(r[2])] = counts.get(str(r[2]), 0) + 1
        return ", ".join(f"{n} × {k}" for k, n in sorted(counts.items())) or "none"

    latencies = [(r[1] - r[0]) * 1000 for r in before if r[2] == 200]
    print(f"load: {args.clients} clients for {terminated - started:.1f} s: "
          f"{len(before) / (terminated - started):.0f} requests/s, "
          f"p50 {percentile(latencies, 50):.1f} ms, p99 {percentile(latencies, 99):.1f} ms "
          f"({outcomes(before)})")
    print(f"SIGTERM: exit status {status} after {exited_after * 1000:.0f} ms; new connections "
          + (f"refused after {refused_after * 1000:.0f} ms" if refused_after is not None
             else "not seen refused before the exit"))
    print(f"in flight at the signal: {len(in_flight)} ({outcomes(in_flight)}); the slowest "
          f"answered {max(((r[1] - terminated) * 1000 for r in in_flight), default=0):.0f} ms "
          "after the signal")
    failed = sorted((terminated - r[0]) * 1000 for r in in_flight if r[2] != 200)
    if failed:
        print("  the failed ones were sent " + ", ".join(f"{ms:.0f}" for ms in failed)
              + " ms before the signal")
    print(f"sent after the signal: {len(after)} ({outcomes(after)})")
    print("server log: shutdown-under-load.log")


if __name__ == "__main__":
    main()
