"""Issue 14's defects: long lines, lines that must never vanish, odd input files."""

from __future__ import annotations

import gzip
import io
import json
import random
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.errors import InvalidInput
from warroom.evidence.analysis.miner import TemplateMiner
from warroom.evidence.analysis.reader import open_lines, read_records
from warroom.evidence.analysis.report import LogAnalyzer
from warroom.evidence.analysis.timestamps import TimeContext, match_timestamp


def _analyze(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    analyzer = LogAnalyzer(keep_line_ids=True)
    analyzer.add_all(read_records(lines))
    report = analyzer.finish()
    return report.line_patterns or [], {p.id: p.template for p in report.patterns}


def _long_line(size: int, seed: int) -> str:
    rng = random.Random(seed)
    words = (f"key{rng.randrange(10**6)}=value{rng.randrange(10**6)}" for _ in range(size // 8))
    return " ".join(words)[:size]


def test_a_long_line_costs_memory_in_proportion_to_the_cap_not_its_square() -> None:
    miner = TemplateMiner()
    lines = [_long_line(200_000, seed) for seed in range(20)]
    tracemalloc.start()
    for line in lines:
        miner.add(line)
    miner.finish()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000
    assert miner.truncated == 20


def test_truncated_lines_are_counted_in_the_report() -> None:
    analyzer = LogAnalyzer(miner=TemplateMiner(max_chars=100))
    analyzer.add_all(read_records(["short line 1", "word " * 100, "short line 2"]))
    report = analyzer.finish()
    assert report.truncated_lines == 1
    assert report.lines == 3


def test_a_file_without_header_keeps_its_verbs_apart() -> None:
    rng = random.Random(7)
    lines = []
    for _ in range(300):
        task, ms = rng.randrange(1, 500), rng.randrange(900)
        lines.append(
            rng.choice(
                (
                    f"task_{task} started",
                    f"task_{task} finished in {ms} ms",
                    f"task_{task} failed after {ms} ms",
                )
            )
        )
    ids, templates = _analyze(lines)
    assert "-" not in ids
    assert len(set(ids)) == 3
    assert all(templates[i] != "<*>" for i in ids)


def test_messages_that_begin_with_fixed_words_keep_them() -> None:
    rng = random.Random(3)
    lines = [
        f"2025-10-22 14:{i % 60:02d}:00 INFO "
        + rng.choice(
            (
                f"Cache hit ratio {rng.randrange(100)}",
                f"Cache evicted {rng.randrange(100)} keys",
                f"Queue depth is {rng.randrange(100)}",
            )
        )
        for i in range(300)
    ]
    ids, templates = _analyze(lines)
    assert "-" not in ids
    assert len(set(ids)) == 3
    assert {t.split()[0] for t in templates.values()} == {"Cache", "Queue"}


def test_a_line_that_is_all_header_keeps_its_text() -> None:
    lines = [f"2025-10-22 14:00:{i:02d} INFO worker: job {i} done" for i in range(50)]
    lines += ["2025-10-22 14:01:00 INFO worker:"]
    ids, templates = _analyze(lines)
    assert "-" not in ids
    assert templates[ids[-1]] != ""


def test_single_word_json_messages_are_kept() -> None:
    lines = [json.dumps({"level": "info", "msg": ("started", "stopped")[i % 2]}) for i in range(60)]
    ids, templates = _analyze(lines)
    assert "-" not in ids
    assert sorted(templates.values()) == ["started", "stopped"]


def test_a_bare_carriage_return_does_not_split_a_line() -> None:
    data = b"one\rstill one\ntwo\r\nthree"
    assert list(open_lines(io.BytesIO(data))) == ["one\rstill one", "two", "three"]


def test_a_directory_is_not_reported_as_missing(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="directory"):
        list(open_lines(tmp_path))


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "core.bin"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InvalidInput, match="binary"):
        list(open_lines(path))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "windows.log"
    path.write_bytes("2025-10-22 14:00:00 INFO 시작\r\nsecond line\r\n".encode(encoding))
    assert list(open_lines(path)) == ["2025-10-22 14:00:00 INFO 시작", "second line"]


def test_gzip_of_utf16_is_decoded_too() -> None:
    data = gzip.compress("a line\nanother\n".encode("utf-16"))
    assert list(open_lines(io.BytesIO(data))) == ["a line", "another"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2915]:",
            datetime(2005, 11, 9, 12, 1, 1, tzinfo=UTC),
        ),
        ("[10.30 16:49:06] chrome.exe -", datetime(2025, 10, 30, 16, 49, 6, tzinfo=UTC)),
    ],
)
def test_more_header_timestamps(header: str, expected: datetime) -> None:
    found = match_timestamp(header, TimeContext(default_year=2025))
    assert found is not None
    assert found[0] == expected


def test_a_stray_nul_byte_does_not_make_a_log_binary() -> None:
    data = b"2025-10-22 14:00:00 INFO start\n" * 20 + b"torn\x00write\n"
    assert len(list(open_lines(io.BytesIO(data)))) == 21


def test_random_bytes_are_refused_as_binary() -> None:
    data = random.Random(5).randbytes(8192)
    with pytest.raises(InvalidInput, match="binary"):
        list(open_lines(io.BytesIO(data)))
