"""Benchmark the log template miner against drain3 on the Loghub 2k samples.

Feeds the RAW `.log` lines (headers included) to both miners with no per-dataset
configuration, and prints grouping accuracy (GA), FGA and lines per second per dataset,
the mean row, and optionally (`--million`) throughput and GA on 1,000,000 mixed lines
built by interleaving the ten samples with varied numbers.

    .venv/bin/python bench/logmining.py [--data ../shared/data/loghub-2k] [--million]
"""

from __future__ import annotations

import argparse
import csv
import platform
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from warroom.evidence.analysis.miner import TemplateMiner
from warroom.evidence.analysis.splitter import SAMPLE_SIZE, HeaderSplitter

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "loghub-2k"
PUBLISHED_DRAIN = {
    "HDFS": 0.998,
    "Spark": 0.920,
    "Zookeeper": 0.967,
    "BGL": 0.963,
    "HPC": 0.887,
    "Windows": 0.997,
    "Linux": 0.690,
    "Android": 0.911,
    "Apache": 1.000,
    "OpenSSH": 0.787,
}

# drain3's example configuration (examples/drain3.ini in the drain3 repository),
# written out here rather than copied as a file.
DRAIN3_MASKING = (
    (r"((?<=[^A-Za-z0-9])|^)(([0-9a-f]{2,}:){3,}([0-9a-f]{2,}))((?=[^A-Za-z0-9])|$)", "ID"),
    (r"((?<=[^A-Za-z0-9])|^)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?=[^A-Za-z0-9])|$)", "IP"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9a-f]{6,} ?){3,}((?=[^A-Za-z0-9])|$)", "SEQ"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9A-F]{4} ?){4,}((?=[^A-Za-z0-9])|$)", "SEQ"),
    (r"((?<=[^A-Za-z0-9])|^)(0x[a-f0-9A-F]+)((?=[^A-Za-z0-9])|$)", "HEX"),
    (r"((?<=[^A-Za-z0-9])|^)([\-\+]?\d+)((?=[^A-Za-z0-9])|$)", "NUM"),
    (r"(?<=executed cmd )(\".+?\")", "CMD"),
)


def grouping_scores(
    predicted: Sequence[Hashable], truth: Sequence[Hashable]
) -> tuple[float, float]:
    """Return (GA, FGA): line-level grouping accuracy and the F1 of correct groups."""
    predicted_groups: dict[Hashable, list[int]] = defaultdict(list)
    truth_groups: dict[Hashable, list[int]] = defaultdict(list)
    for index, (guess, actual) in enumerate(zip(predicted, truth, strict=True)):
        predicted_groups[guess].append(index)
        truth_groups[actual].append(index)
    correct_lines = correct_groups = 0
    for members in predicted_groups.values():
        if truth_groups[truth[members[0]]] == members:
            correct_lines += len(members)
            correct_groups += 1
    precision = correct_groups / len(predicted_groups)
    recall = correct_groups / len(truth_groups)
    fga = 2 * precision * recall / (precision + recall) if correct_groups else 0.0
    return correct_lines / len(truth), fga


def run_ours(lines: Sequence[str]) -> list[str]:
    splitter = HeaderSplitter()
    splitter.prime(lines[:SAMPLE_SIZE])
    miner = TemplateMiner()
    clusters = [miner.add(split.message) for _, split in splitter.split_all(lines)]
    patterns, slot = miner.finish()
    return [patterns[slot[index]].id for index in clusters]


def make_drain3() -> Callable[[str], int]:
    from drain3 import TemplateMiner as Drain3Miner
    from drain3.masking import MaskingInstruction
    from drain3.template_miner_config import TemplateMinerConfig

    config = TemplateMinerConfig()
    config.masking_instructions = [MaskingInstruction(p, m) for p, m in DRAIN3_MASKING]
    config.mask_prefix, config.mask_suffix = "<:", ":>"
    config.drain_sim_th, config.drain_depth = 0.4, 4
    config.drain_max_children, config.drain_max_clusters = 100, 1024
    config.drain_extra_delimiters = ["_"]
    config.profiling_enabled = False
    miner = Drain3Miner(config=config)

    def add(line: str) -> int:
        return int(miner.add_log_message(line)["cluster_id"])

    return add


def run_drain3(lines: Sequence[str]) -> list[int]:
    add = make_drain3()
    return [add(line) for line in lines]


def load(folder: Path) -> tuple[list[str], list[str]]:
    lines, truth, _ = load_with_content(folder)
    return lines, truth


def load_with_content(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """Return the raw lines, their ground-truth EventIds and their Content fields."""
    name = folder.name
    text = (folder / f"{name}_2k.log").read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    with (folder / f"{name}_2k.log_structured.csv").open(encoding="utf-8", errors="replace") as f:
        rows = list(csv.DictReader(f))
    return lines, [row["EventId"] for row in rows], [row["Content"] for row in rows]


def timed(
    function: Callable[[Sequence[str]], list[str] | list[int]], lines: Sequence[str]
) -> tuple[list[str] | list[int], float]:
    start = time.perf_counter()
    result = function(lines)
    return result, len(lines) / (time.perf_counter() - start)


_STANDALONE_NUMBER = re.compile(r"(?<![A-Za-z])\d+(?![A-Za-z])")


def vary_numbers(line: str, rng: random.Random) -> str:
    """Replace standalone numbers by random ones one digit shorter, as long or one longer.

    Identifiers with digits (eth0, blk_ ids keep their prefix) stay what they are.
    """

    def replace(found: re.Match[str]) -> str:
        width = max(1, len(found.group()) + rng.randint(-1, 1))
        return str(rng.randrange(10 ** (width - 1) if width > 1 else 0, 10**width))

    return _STANDALONE_NUMBER.sub(replace, line)


def vary_message(line: str, content: str, rng: random.Random) -> str:
    """Vary the numbers of the message part only; headers keep their real timestamps."""
    at = line.rfind(content.strip()) if content.strip() else -1
    if at < 0:
        return line
    return line[:at] + vary_numbers(line[at:], rng)


def build_million(
    datasets: dict[str, tuple[list[str], list[str], list[str]]], size: int
) -> tuple[list[str], list[str]]:
    """Interleave the samples at random (seeded) with varied numbers, up to `size` lines."""
    rng = random.Random(20261125)
    sources = sorted(datasets.items())
    cursors = [0] * len(sources)
    lines_out: list[str] = []
    truth_out: list[str] = []
    while len(lines_out) < size:
        which = rng.randrange(len(sources))
        name, (lines, truth, contents) = sources[which]
        at = cursors[which] % len(lines)
        cursors[which] += 1
        lines_out.append(vary_message(lines[at], contents[at], rng))
        truth_out.append(f"{name}:{truth[at]}")
    return lines_out, truth_out


def row(
    name: str, ours: tuple[float, float, float], theirs: tuple[float, float, float], published: str
) -> str:
    return (
        f"| {name} | {ours[0]:.3f} | {ours[1]:.3f} | {ours[2]:,.0f} | {theirs[0]:.3f} | "
        f"{theirs[1]:.3f} | {theirs[2]:,.0f} | {ours[2] / theirs[2]:.1f}x | {published} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--million", action="store_true", help="also run the 1M mixed set")
    parser.add_argument("--size", type=int, default=1_000_000, help="size of the mixed set")
    args = parser.parse_args(argv)
    folders = sorted(p for p in args.data.iterdir() if (p / f"{p.name}_2k.log").exists())
    full = {folder.name: load_with_content(folder) for folder in folders}
    datasets = {name: (lines, truth) for name, (lines, truth, _) in full.items()}
    print(
        f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    print(
        "| dataset | GA | FGA | lines/s | drain3 GA | drain3 FGA | drain3 lines/s | speed |"
        " published Drain GA |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    totals = [0.0] * 6
    for name, (lines, truth) in datasets.items():
        ours, our_speed = timed(run_ours, lines)
        theirs, their_speed = timed(run_drain3, lines)
        figures = (
            *grouping_scores(ours, truth),
            our_speed,
            *grouping_scores(theirs, truth),
            their_speed,
        )
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        print(row(name, figures[:3], figures[3:], f"{PUBLISHED_DRAIN.get(name, 0):.3f}"))
        sys.stdout.flush()
    mean = [value / len(datasets) for value in totals]
    published = sum(PUBLISHED_DRAIN.get(n, 0) for n in datasets) / len(datasets)
    print(
        row(
            "**mean**", (mean[0], mean[1], mean[2]), (mean[3], mean[4], mean[5]), f"{published:.3f}"
        )
    )
    if args.million:
        lines, truth = build_million(full, args.size)
        print(f"\n{len(lines):,} mixed lines (ten samples interleaved, numbers varied)")
        ours, our_speed = timed(run_ours, lines)
        ga, fga = grouping_scores(ours, truth)
        print(
            f"ours:   GA {ga:.3f}  FGA {fga:.3f}  {our_speed:,.0f} lines/s "
            f"({len(lines) / our_speed:.1f} s)"
        )
        sys.stdout.flush()
        theirs, their_speed = timed(run_drain3, lines)
        ga, fga = grouping_scores(theirs, truth)
        print(
            f"drain3: GA {ga:.3f}  FGA {fga:.3f}  {their_speed:,.0f} lines/s "
            f"({len(lines) / their_speed:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
