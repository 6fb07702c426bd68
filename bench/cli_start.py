"""CLI start-up (issue 2): `warroom --help` and `warroom incident list` vs `python -c pass`.

    .venv/bin/python bench/cli_start.py [--runs 15]

Runs each command as a fresh process on the demo database, reports median wall time
and the ratio to a bare interpreter start in the same run. Target: <= 4x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def wall(cmd: list[str], env: dict[str, str], runs: int) -> float:
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the page cache
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WARROOM_DATA_DIR": tmp}
        warroom = str(BIN / "warroom")
        subprocess.run([warroom, "demo"], env=env, capture_output=True, check=True)
        base = wall([sys.executable, "-c", "pass"], env, runs)
        rows = [
            ("python -c pass", base),
            ("warroom --help", wall([warroom, "--help"], env, runs)),
            ("warroom incident --help", wall([warroom, "incident", "--help"], env, runs)),
            ("warroom incident list", wall([warroom, "incident", "list"], env, runs)),
            (
                "warroom incident list --json",
                wall([warroom, "incident", "list", "--json"], env, runs),
            ),
        ]
    print(f"CLI start, median of {runs} runs (target: <= 4x python -c pass)")
    for name, ms in rows:
        print(f"  {name:32s} {ms:8.1f} ms  {ms / base:5.1f}x")


if __name__ == "__main__":
    main()
