"""CLI start (issues 2 and 17): the commands run mid-incident vs `python -c pass`.

    .venv/bin/python bench/cli_start.py [--runs 15] [--importtime]

Each command runs as a fresh process, the way a user runs it: in local mode on the
demo SQLite database, and in remote mode against `warroom serve` on that database
(loopback). Remote commands are measured twice in the same run: on the lean path
(the default) and on the full Typer path it replaced (`WARROOM_LEAN=0`, the previous
time). Runs are interleaved round-robin so machine load hits every command alike.
Reports medians and the ratio to a bare interpreter start. Target: <= 4x.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
WARROOM = str(BIN / "warroom")
TARGET = 4.0


def sh(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run(args, env=env, capture_output=True, check=True, text=True).stdout


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    args = [WARROOM, "serve", "--port", str(port), "--no-worker"]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
        except OSError:
            time.sleep(0.1)
            continue
        return proc
    proc.kill()
    raise SystemExit("warroom serve did not start")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Bench:
    """Commands measured round-robin; `argv` may be a callable giving fresh arguments."""

    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.rows: list[tuple[str, object, dict[str, str]]] = []

    def add(self, name: str, argv: object, env: dict[str, str]) -> None:
        self.rows.append((name, argv, env))

    def measure(self) -> dict[str, float]:
        samples: dict[str, list[float]] = {name: [] for name, _a, _e in self.rows}
        for run in range(self.runs + 1):  # the first round warms the page cache
            for name, argv, env in self.rows:
                args = argv(run) if callable(argv) else argv
                started = time.perf_counter()
                subprocess.run(args, env=env, capture_output=True, check=True)
                if run:
                    samples[name].append((time.perf_counter() - started) * 1000)
        return {name: statistics.median(values) for name, values in samples.items()}


def modules(args: list[str], env: dict[str, str]) -> tuple[int, int]:
    """(modules imported, of which warroom's) for one command, from -X importtime."""
    cmd = [sys.executable, "-X", "importtime", "-c", "from warroom.cli.main import main; main()"]
    err = subprocess.run(cmd + args[1:], env=env, capture_output=True, text=True, check=True).stderr
    lines = [line.split("|")[-1].strip() for line in err.splitlines() if "|" in line][1:]
    return len(lines), sum(1 for name in lines if name.startswith("warroom"))


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # still stop the server
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--importtime", action="store_true", help="Also count modules.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        local = {**os.environ, "WARROOM_DATA_DIR": tmp, "WARROOM_CONFIG_DIR": f"{tmp}/cfg"}
        for name in ("WARROOM_URL", "WARROOM_TOKEN", "WARROOM_CONTEXT"):
            local.pop(name, None)
        sh([WARROOM, "demo"], local)
        sh([WARROOM, "user", "add", "bench", "--role", "admin", "--no-password"], local)
        token = json.loads(sh([WARROOM, "token", "create", "--user", "bench", "--json"], local))
        port = free_port()
        server = start_server(local, port)
        try:
            remote = local | {
                "WARROOM_URL": f"http://127.0.0.1:{port}",
                "WARROOM_TOKEN": token["token"],
            }
            shown = json.loads(sh([WARROOM, "incident", "list", "--json"], remote))["items"][0][
                "id"
            ]
            fresh = [
                json.loads(
                    sh([WARROOM, "incident", "declare", f"bench {i}", "-S", "P4", "--json"], remote)
                )["id"]
                for i in range(2 * (options.runs + 1))
            ]
            bench = Bench(options.runs)
            bench.add("python -c pass", [sys.executable, "-c", "pass"], local)
            bench.add("warroom --help", [WARROOM, "--help"], local)
            hot = [
                ("incident list", ["incident", "list"]),
                ("incident list --json", ["incident", "list", "--json"]),
                ("incident show --json", ["incident", "show", shown, "--json"]),
                ("timeline add", ["timeline", "add", shown, "note", "bench"]),
                ("oncall who", ["oncall", "who", "platform"]),
            ]
            for mode, env in (("local ", local), ("remote", remote)):
                for label, args in hot:
                    bench.add(f"{mode}  {label}", [WARROOM, *args], env)
                before = env | {"WARROOM_LEAN": "0"}
                bench.add(
                    f"  {mode} before (full path) incident list", [WARROOM, *hot[0][1]], before
                )
            bench.add(
                "remote  incident ack", lambda r: [WARROOM, "incident", "ack", fresh[r]], remote
            )
            bench.add(
                "  remote before (full path) incident ack",
                lambda r: [WARROOM, "incident", "ack", fresh[options.runs + 1 + r]],
                remote | {"WARROOM_LEAN": "0"},
            )
            figures = bench.measure()
            counts = {}
            if options.importtime:
                counts["remote  incident list"] = modules([WARROOM, "incident", "list"], remote)
                counts["local   incident list"] = modules([WARROOM, "incident", "list"], local)
                counts["warroom --help"] = modules([WARROOM, "--help"], local)
        finally:
            server.terminate()
            server.wait(timeout=30)
    base = figures["python -c pass"]
    load = os.getloadavg()[0]
    print(f"CLI start, median of {options.runs} interleaved runs, load average {load:.1f}")
    print(f"target: <= {TARGET:g}x python -c pass ({TARGET * base:.0f} ms in this run)")
    for name, ms in figures.items():
        ratio = ms / base
        verdict = (
            "" if name.startswith(("python", "  ")) else ("ok" if ratio <= TARGET else "MISSED")
        )
        print(f"  {name:40s} {ms:8.1f} ms  {ratio:5.1f}x  {verdict}")
    for name, (total, ours) in counts.items():
        print(f"  modules imported by {name}: {total} ({ours} warroom)")


if __name__ == "__main__":
    main()
