"""Inputs of the log-mining benchmark: the Loghub split, generated sets, the 1M mixed set.

The split of the ten Loghub 2k samples is by system and was fixed before any rule or
threshold of issue 14 was touched: the systems sorted by the SHA-256 of their names,
the first five tune, the other five validate. Nobody chooses rules by looking at
validation figures; they are run at checkpoints only and are the headline.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from pathlib import Path

from genlogs import SYSTEMS, generate

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = next(
    (
        folder / "shared" / "data" / "loghub-2k"
        for folder in ROOT.parents
        if (folder / "shared" / "data" / "loghub-2k").is_dir()
    ),
    ROOT.parent / "shared" / "data" / "loghub-2k",
)
LOGHUB = (
    "Android",
    "Apache",
    "BGL",
    "HDFS",
    "HPC",
    "Linux",
    "OpenSSH",
    "Spark",
    "Windows",
    "Zookeeper",
)
_BY_HASH = sorted(LOGHUB, key=lambda name: hashlib.sha256(name.encode()).hexdigest())
TUNING = tuple(sorted(_BY_HASH[:5]))  # BGL, HPC, Linux, Spark, Zookeeper
VALIDATION = tuple(sorted(_BY_HASH[5:]))  # Android, Apache, HDFS, OpenSSH, Windows
GENERATED = tuple(SYSTEMS)  # bench/genlogs.py: validation only
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

Dataset = tuple[list[str], list[str], list[str]]  # raw lines, labels, message contents


def load_loghub(folder: Path) -> Dataset:
    """Return the raw lines, their ground-truth EventIds and their Content fields."""
    name = folder.name
    text = (folder / f"{name}_2k.log").read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    with (folder / f"{name}_2k.log_structured.csv").open(encoding="utf-8", errors="replace") as f:
        rows = list(csv.DictReader(f))
    return lines, [row["EventId"] for row in rows], [row["Content"] for row in rows]


def load_generated(name: str) -> Dataset:
    lines, labels = generate(name)
    return lines, labels, ["" for _ in lines]


def load_sets(data: Path, names: tuple[str, ...]) -> dict[str, Dataset]:
    return {
        name: load_generated(name) if name in GENERATED else load_loghub(data / name)
        for name in names
    }


_STANDALONE_NUMBER = re.compile(r"(?<![A-Za-z])\d+(?![A-Za-z])")


def vary_numbers(line: str, rng: random.Random) -> str:
    """Replace standalone numbers by random ones one digit shorter, as long or one longer."""

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


def build_million(datasets: dict[str, Dataset], size: int) -> tuple[list[str], list[str]]:
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


def long_line(size: int, seed: int = 0) -> str:
    """One log line of about `size` characters: a header, then a JSON-ish blob of fields."""
    rng = random.Random(seed)
    parts = ["2026-11-20 09:00:00,000 ERROR api.payload: request body"]
    length = len(parts[0])
    while length < size:
        part = f'"field_{rng.randrange(10**6)}": "{rng.choice(("ok", "fail", "n/a"))}-' + (
            f'{rng.randrange(10**9)}",'
        )
        parts.append(part)
        length += len(part) + 1
    return " ".join(parts)[:size]
