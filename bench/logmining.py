"""Benchmark `warroom logs analyze` against drain3: accuracy by split, speed, memory.

Accuracy: the whole pipeline (reading bytes, header detection, masking, mining, report)
is fed the RAW lines of each set with no per-dataset configuration, and its per-line
pattern ids are scored (GA, FGA) against the ground truth. Sets come in three groups,
printed in this order: the Loghub validation half, the generated validation sets
(bench/genlogs.py), and the Loghub tuning half (see bench/logmining_data.py for the
split). Speed: lines per second of the whole pipeline and of drain3 (with its example
masking) on the same raw lines, timed in alternation, best of N; plus drain3 on our
header-stripped messages, so the miners themselves compare fairly.

    .venv/bin/python bench/logmining.py [--group tuning|validation|generated|all]
        [--no-speed] [--million] [--memory] [--data PATH]
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from logmining_data import (
    DEFAULT_DATA,
    GENERATED,
    LOGHUB,
    PUBLISHED_DRAIN,
    TUNING,
    VALIDATION,
    build_million,
    load_sets,
)
from warroom.evidence.analysis.miner import TemplateMiner
from warroom.evidence.analysis.reader import open_lines, read_records
from warroom.evidence.analysis.render import log_report_dict
from warroom.evidence.analysis.report import LogAnalyzer
from warroom.evidence.analysis.splitter import SAMPLE_SIZE, HeaderSplitter
from warroom.evidence.analysis.timestamps import TimeContext

GROUPS = {"validation": VALIDATION, "generated": GENERATED, "tuning": TUNING}
TITLES = {
    "validation": "Validation: Loghub half never used for tuning",
    "generated": "Validation: generated from format strings (bench/genlogs.py)",
    "tuning": "Tuning: Loghub half used while choosing rules (optimistic)",
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


def run_pipeline(data: bytes) -> list[str]:
    """Run what `warroom logs analyze - --json --per-line` runs, on the file's bytes."""
    records = read_records(open_lines(io.BytesIO(data)), context=TimeContext(default_year=2026))
    analyzer = LogAnalyzer(keep_line_ids=True)
    analyzer.add_all(records)
    report = analyzer.finish(top=10)
    json.dumps(log_report_dict(report))
    return report.line_patterns or []


def split_messages(lines: Sequence[str]) -> list[str]:
    """Our header splitter alone: the messages drain3 gets for the fair comparison."""
    splitter = HeaderSplitter()
    splitter.prime(lines[:SAMPLE_SIZE])
    return [split.message or line for line, split in splitter.split_all(lines)]


def run_core(lines: Sequence[str]) -> list[str]:
    """The inner loop alone (splitter and miner, no reading or report): labelled as such."""
    miner = TemplateMiner()
    clusters = [miner.add(message) for message in split_messages(lines)]
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


def best_speed(function: Callable[[], object], count: int, repeat: int) -> tuple[object, float]:
    """Lines per CPU-second, best of `repeat`: the machine is shared, and CPU time of one
    single-threaded run is steadier than wall time under other jobs' load."""
    result: object = None
    best = 0.0
    for _ in range(repeat):
        start = time.process_time()
        result = function()
        best = max(best, count / max(time.process_time() - start, 1e-9))
    return result, best


def measure(lines: list[str], truth: list[str], repeat: int) -> dict[str, float]:
    """Score and time ours and drain3 on one set; timings alternate so load hits both."""
    data = "\n".join(lines).encode()
    stripped = split_messages(lines)
    figures: dict[str, float] = {}
    ours = run_pipeline(data)
    figures["ga"], figures["fga"] = grouping_scores(ours, truth)
    theirs = run_drain3(lines)
    figures["d_ga"], figures["d_fga"] = grouping_scores(theirs, truth)
    on_ours = run_drain3(stripped)
    figures["s_ga"], figures["s_fga"] = grouping_scores(on_ours, truth)
    if repeat:
        speeds = defaultdict(float)
        for _ in range(repeat):
            for key, function, source in (
                ("speed", run_pipeline, data),
                ("d_speed", run_drain3, lines),
                ("core", run_core, lines),
                ("s_speed", run_drain3, stripped),
            ):
                _, speed = best_speed(lambda f=function, s=source: f(s), len(lines), 1)  # type: ignore[misc]
                speeds[key] = max(speeds[key], speed)
        figures.update(speeds)
    return figures


ACCURACY = "| set | GA | FGA | drain3 GA | drain3 FGA | drain3 on our messages GA | FGA |"
SPEED = (
    "| set | pipeline lines/CPU-s | drain3 lines/CPU-s | pipeline / drain3 | core lines/CPU-s |"
    " drain3 on our messages lines/CPU-s |"
)


def accuracy_row(name: str, f: dict[str, float]) -> str:
    return (
        f"| {name} | {f['ga']:.3f} | {f['fga']:.3f} | {f['d_ga']:.3f} | {f['d_fga']:.3f} |"
        f" {f['s_ga']:.3f} | {f['s_fga']:.3f} |"
    )


def speed_row(name: str, f: dict[str, float]) -> str:
    return (
        f"| {name} | {f['speed']:,.0f} | {f['d_speed']:,.0f} | {f['speed'] / f['d_speed']:.1f}x |"
        f" {f['core']:,.0f} | {f['s_speed']:,.0f} |"
    )


def report_group(
    title: str, sets: dict[str, tuple[list[str], list[str], list[str]]], repeat: int
) -> None:
    print(f"\n### {title}\n\n{ACCURACY}\n|---|---|---|---|---|---|---|")
    results = {}
    for name, (lines, truth, _) in sets.items():
        results[name] = measure(lines, truth, repeat)
        print(accuracy_row(name, results[name]))
        sys.stdout.flush()
    mean = {
        key: sum(f[key] for f in results.values()) / len(results)
        for key in results[next(iter(results))]
    }
    lowest = min(results, key=lambda name: results[name]["ga"])
    print(accuracy_row("**mean**", mean))
    print(f"\nlowest GA: {lowest} {results[lowest]['ga']:.3f}")
    if repeat:
        print(f"\n{SPEED}\n|---|---|---|---|---|---|")
        for name, figures in results.items():
            print(speed_row(name, figures))
        print(speed_row("**mean**", mean))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = f"{names[0]} x{len(names)}" if names else cpu
    return f"{cpu}, Python {platform.python_version()}, drain3 {version('drain3')}"


def million(data: Path, size: int) -> None:
    """The whole pipeline and drain3 on `size` mixed lines, one run each."""
    lines, truth = build_million(load_sets(data, LOGHUB), size)
    payload = "\n".join(lines).encode()
    print(f"\n{len(lines):,} mixed lines (ten Loghub samples interleaved, numbers varied)")
    stripped = split_messages(lines)
    for name, function, source in (
        ("warroom pipeline", run_pipeline, payload),
        ("drain3 (raw lines)", run_drain3, lines),
        ("drain3 on our messages", run_drain3, stripped),
    ):
        start = time.process_time()
        result = function(source)  # type: ignore[operator]
        elapsed = time.process_time() - start
        ga, fga = grouping_scores(result, truth)
        print(
            f"{name}: GA {ga:.3f}  FGA {fga:.3f}  {len(lines) / elapsed:,.0f} lines/CPU-s"
            f" ({elapsed:.1f} CPU-s)"
        )
        sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--group", choices=(*GROUPS, "all"), default="all")
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings per set")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    parser.add_argument("--million", action="store_true", help="also run the 1M mixed set")
    parser.add_argument("--size", type=int, default=1_000_000, help="size of the mixed set")
    args = parser.parse_args(argv)
    print(f"# {machine()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    chosen = GROUPS if args.group == "all" else {args.group: GROUPS[args.group]}
    for group, names in chosen.items():
        report_group(
            TITLES[group], load_sets(args.data, names), 0 if args.no_speed else args.repeat
        )
    if args.million:
        million(args.data, args.size)
    published = ", ".join(f"{name} {PUBLISHED_DRAIN[name]:.3f}" for name in LOGHUB)
    print(f"\npublished Drain GA (tuned per dataset, content only): {published}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
