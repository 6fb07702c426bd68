"""Peak memory (RSS) and time of `warroom logs analyze` on long lines and on 1M mixed lines.

Each measurement runs the real command in a fresh process (`python -m warroom logs
analyze FILE --json --per-line IDS`) and reads that process's own peak RSS and CPU
time from GNU time (`/usr/bin/time`, Debian package `time`). "extra" is the peak minus
the peak of the same command on a one-line file.
The 1M mixed set is also fed to drain3 (in this process, lines already in memory) for
the lines-per-second comparison on the same lines.

    .venv/bin/python bench/logmining_memory.py [--size 1000000] [--skip-million]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from logmining import grouping_scores, run_drain3
from logmining_data import DEFAULT_DATA, LOGHUB, build_million, load_sets, long_line

TIME = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"  # GNU time (Debian: time)


def run_command(path: Path, out: Path) -> tuple[float, float]:
    """Run the command on `path`; return (CPU seconds, peak RSS in MB) of that process alone.

    Measured by GNU time around the command: a child forked straight from this process
    would report this process's own (large) resident set as its peak, which Linux
    carries over an exec. CPU time (user + system) rather than wall time: the machine
    is shared.
    """
    report = out.with_suffix(".time")
    command = [TIME, "-f", "%M %U %S", "-o", str(report), sys.executable, "-m", "warroom"]
    command += ["logs", "analyze", str(path), "--json", "--per-line", str(out)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        raise SystemExit(f"command failed on {path}: {done.stderr.decode()}")
    peak_kb, user, system = report.read_text().split()[-3:]
    return float(user) + float(system), int(peak_kb) / 1024


def long_lines(folder: Path) -> None:
    base = folder / "one.log"
    base.write_text("2026-11-20 09:00:00,000 INFO api: hello\n")
    _, floor = run_command(base, folder / "ids")
    print(f"one short line: peak RSS {floor:.0f} MB (the floor)")
    print("\n| input | size | CPU time | peak RSS | extra over the floor |\n|---|---|---|---|---|")
    cases = [
        (f"1 line of {size:,} characters", [long_line(size)])
        for size in (1_000, 10_000, 100_000, 1_000_000)
    ]
    cases.append(
        ("300 distinct lines of 10,000 characters", [long_line(10_000, s) for s in range(300)])
    )
    for name, lines in cases:
        path = folder / "long.log"
        path.write_text("\n".join(lines) + "\n")
        seconds, peak = run_command(path, folder / "ids")
        size = path.stat().st_size
        print(
            f"| {name} | {size / 1e6:.2f} MB | {seconds:.2f} s | {peak:.0f} MB"
            f" | {peak - floor:+.0f} MB |"
        )
        sys.stdout.flush()


def million(folder: Path, data: Path, size: int) -> None:
    lines, truth = build_million(load_sets(data, LOGHUB), size)
    path = folder / "mixed.log"
    path.write_text("\n".join(lines) + "\n")
    ids = folder / "ids"
    seconds, peak = run_command(path, ids)
    predicted = ids.read_text().splitlines()
    ga, fga = grouping_scores(predicted, truth)
    ours = len(lines) / seconds
    print(f"\n{len(lines):,} mixed lines ({path.stat().st_size / 1e6:.0f} MB file)")
    print("| run | GA | FGA | CPU time | lines/CPU-s | peak RSS |\n|---|---|---|---|---|---|")
    print(
        f"| warroom logs analyze (whole command, own process) | {ga:.3f} | {fga:.3f}"
        f" | {seconds:.1f} s | {ours:,.0f} | {peak:.0f} MB |"
    )
    sys.stdout.flush()
    start = time.process_time()
    theirs = run_drain3(lines)
    elapsed = time.process_time() - start
    ga, fga = grouping_scores(theirs, truth)
    print(
        f"| drain3 (lines in memory, in the bench process) | {ga:.3f} | {fga:.3f}"
        f" | {elapsed:.1f} s | {len(lines) / elapsed:,.0f} | - |"
    )
    print(f"\nwhole command / drain3: {ours / (len(lines) / elapsed):.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        long_lines(folder)
        if not args.skip_million:
            million(folder, args.data, args.size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
