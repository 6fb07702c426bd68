"""Read log input as a stream of records: plain text, gzip or stdin, text or JSON lines.

Gzip is recognised by its magic bytes, not the file name, so `zcat`-less pipes work.
Memory stays constant: only the first `SAMPLE_SIZE` lines are held, to learn the header
layout (or to recognise JSON lines) before they are replayed with the rest.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, Literal

from warroom.errors import InvalidInput, NotFound
from warroom.evidence.analysis.headers import HeaderLayout, level_of
from warroom.evidence.analysis.splitter import SAMPLE_SIZE, HeaderSplitter
from warroom.evidence.analysis.timestamps import TimeContext, match_timestamp, parse_timestamp

Format = Literal["auto", "text", "jsonl"]
MESSAGE_KEYS = ("message", "msg", "log", "text", "event", "@message", "body")
LEVEL_KEYS = ("level", "severity", "lvl", "levelname", "log.level", "loglevel", "priority")
TIME_KEYS = ("timestamp", "time", "ts", "@timestamp", "datetime", "date", "asctime", "t")
LOGGER_KEYS = ("logger", "logger_name", "name", "component", "module", "source")
PATH_KEYS = ("path", "url", "uri", "endpoint", "route", "http.path", "request_path")


@dataclass(frozen=True)
class LogRecord:
    """One input line: its 1-based number, message (header removed) and header fields."""

    number: int
    raw: str
    message: str
    timestamp: datetime | None
    level: str | None = None
    logger: str | None = None
    path: str | None = None


def open_lines(source: str | Path | IO[bytes]) -> Iterator[str]:
    """Yield the lines of a file or binary stream, gunzipping when the bytes say gzip."""
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise NotFound(
                f"log file '{path}' not found", hint="Check the path, or use - for stdin."
            )
        with path.open("rb") as handle:
            yield from _decode(handle)
    else:
        yield from _decode(source)


def _decode(handle: IO[bytes]) -> Iterator[str]:
    buffered = handle if isinstance(handle, io.BufferedReader) else io.BufferedReader(_Raw(handle))
    stream: IO[bytes] | gzip.GzipFile = buffered
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        stream = gzip.GzipFile(fileobj=buffered)
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline=None)
    try:
        for line in text:
            yield line.rstrip("\n")
    except (OSError, EOFError) as exc:
        raise InvalidInput(
            f"could not read the log input: {exc}", hint="Check that gzip files are complete."
        ) from exc


class _Raw(io.RawIOBase):
    """Adapt any binary stream (such as a test's BytesIO or stdin) for BufferedReader."""

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def detect_format(sample: Sequence[str]) -> Literal["text", "jsonl"]:
    """Say "jsonl" when most non-empty lines of the sample are JSON objects."""
    lines = [line for line in sample if line.strip()]
    objects = sum(1 for line in lines if _json_object(line) is not None)
    return "jsonl" if lines and objects >= 0.8 * len(lines) else "text"


def _json_object(line: str) -> dict[str, Any] | None:
    stripped = line.strip()
    if not stripped.startswith("{"):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _pick(record: dict[str, Any], keys: Sequence[str]) -> Any:
    lowered = {key.lower(): value for key, value in record.items()}
    for key in keys:
        value = lowered.get(key)
        if value is not None and not isinstance(value, dict | list):
            return value
    return None


def _json_time(value: Any, context: TimeContext) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, UTC)
    return parse_timestamp(str(value), context) if value is not None else None


def json_record(number: int, line: str, context: TimeContext) -> LogRecord:
    """Read one JSON line; a line that is not a JSON object is kept whole as the message."""
    record = _json_object(line)
    if record is None:
        return LogRecord(number, line, line.strip(), None)
    message = _pick(record, MESSAGE_KEYS)
    level = _pick(record, LEVEL_KEYS)
    logger = _pick(record, LOGGER_KEYS)
    path = _pick(record, PATH_KEYS)
    return LogRecord(
        number,
        line,
        str(message) if message is not None else line.strip(),
        _json_time(_pick(record, TIME_KEYS), context),
        level_of(str(level)) or str(level).upper() if level is not None else None,
        str(logger) if logger is not None else None,
        str(path) if path is not None else None,
    )


def read_records(
    lines: Iterable[str],
    *,
    fmt: Format = "auto",
    context: TimeContext | None = None,
    header_tokens: int | None = None,
) -> Iterator[LogRecord]:
    """Turn lines into records, learning the header layout from the first lines."""
    ctx = context or TimeContext()
    source = iter(lines)
    head = list(islice(source, SAMPLE_SIZE))
    chosen = detect_format(head) if fmt == "auto" else fmt
    if chosen == "jsonl":
        for number, line in enumerate(chain(head, source), start=1):
            yield json_record(number, line, ctx)
        return
    yield from _text_records(head, source, ctx, header_tokens)


def _text_records(
    head: list[str], rest: Iterator[str], ctx: TimeContext, header_tokens: int | None
) -> Iterator[LogRecord]:
    if header_tokens is not None:
        layout = HeaderLayout(header_tokens, shapes=("W",) * header_tokens)
        splitter = HeaderSplitter(layout)
    else:
        splitter = HeaderSplitter()
        splitter.prime(head)
    pattern, last = 0, None
    for number, (line, split) in enumerate(splitter.split_all(chain(head, rest)), start=1):
        stamp = None
        if split.header:
            found = match_timestamp(split.header, ctx, pattern)
            if found is not None:
                stamp, pattern = found
        # Continuation lines (stack traces) inherit the time of the line they continue.
        last = stamp or last
        yield LogRecord(number, line, split.message, last, split.level, split.logger)
