"""Time `warroom lint` on a directory of postmortems, beside a baseline, in one run.

Usage: .venv/bin/python bench/lint_speed.py [--baseline PATH/TO/warroom] [--files 200]

The input is the linter's fixture postmortems (en and ko, good and blameful) copied
`--files` times into a temporary directory. Each command runs 5 times; the median
wall time is printed. Then, labelled as an inner-loop figure, the parse step alone:
the markdown-it-py token parser of this checkout against the hand-written line parser
of `main` (read with `git show`), on the same texts.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "unit" / "postmortems" / "lint" / "data"
OURS = ROOT / ".venv" / "bin" / "warroom"


def _inputs(directory: Path, copies: int) -> list[Path]:
    sources = sorted(FIXTURES.glob("*.md"))
    files = []
    for n in range(copies):
        source = sources[n % len(sources)]
        target = directory / f"{n:04d}-{source.name}"
        shutil.copyfile(source, target)
        files.append(target)
    return files


def _median_seconds(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _legacy_parse() -> object | None:
    """main's hand-written parser, loaded from git (None when git or main is missing)."""
    try:
        source = subprocess.run(
            ["git", "show", "main:src/warroom/postmortems/lint/document.py"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / "legacy_document.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("legacy_document", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules["legacy_document"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.parse


def _parse_seconds(parse: object, texts: list[str], rounds: int = 20) -> float:
    assert callable(parse)
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            parse(text)
    return (time.perf_counter() - start) / (rounds * len(texts))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as raw:
        directory = Path(raw)
        files = _inputs(directory, args.files)
        lines = sum(len(f.read_text(encoding="utf-8").splitlines()) for f in files)
        print(f"input: {len(files)} files, {lines} lines")
        single = [str(OURS), "lint", str(files[0])]
        whole = [str(OURS), "lint", str(directory), "--format", "json"]
        print(f"this checkout, one file:      {_median_seconds(single) * 1000:8.0f} ms")
        print(f"this checkout, whole dir:     {_median_seconds(whole) * 1000:8.0f} ms")
        if args.baseline is not None:
            base_single = [str(args.baseline), "lint", str(files[0])]
            base_whole = [str(args.baseline), "lint", str(directory), "--format", "json"]
            print(f"baseline, one file:           {_median_seconds(base_single) * 1000:8.0f} ms")
            print(f"baseline, whole dir:          {_median_seconds(base_whole) * 1000:8.0f} ms")
        texts = [f.read_text(encoding="utf-8") for f in files[:20]]
        from warroom.postmortems.lint.document import parse

        print("inner loop (parse only, per file):")
        print(f"  markdown-it-py tokens:      {_parse_seconds(parse, texts) * 1e6:8.0f} µs")
        legacy = _legacy_parse()
        if legacy is not None:
            print(f"  main's line parser:         {_parse_seconds(legacy, texts) * 1e6:8.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
