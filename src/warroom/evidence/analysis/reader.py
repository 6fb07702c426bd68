"""Read log input as a stream of records: plain text, gzip or stdin; text or JSON.

Gzip is recognised by its magic bytes, not the file name, so `zcat`-less pipes work.
Memory stays constant: only the first `SAMPLE_SIZE` lines are held, to learn the header
layout (or to recognise JSON lines) before they are replayed with the rest.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, Literal, cast

from warroom.errors import InvalidInput, NotFound
from warroom.evidence.analysis.headers import HeaderLayout
from warroom.evidence.analysis.jsonlogs import array_entries, detect, entry_record, line_record
from warroom.evidence.analysis.records import LogRecord
from warroom.evidence.analysis.splitter import SAMPLE_SIZE, HeaderSplitter
from warroom.evidence.analysis.timestamps import TimeContext, TimestampReader, match_timestamp

__all__ = ["Format", "LogRecord", "detect_format", "open_lines", "read_records"]
Format = Literal["auto", "text", "jsonl", "json"]
detect_format = detect
_PREFIX = 64


def open_lines(source: str | Path | IO[bytes], notes: list[str] | None = None) -> Iterator[str]:
    """Yield the lines of a file or binary stream, gunzipping when the bytes say gzip.

    Only `\\n` ends a line (a bare `\\r` inside a line stays in it, so ids written per
    line match the input's lines). UTF-16 is recognised by its byte-order mark or its
    zero bytes and decoded (a note is appended to `notes`); binary input is refused.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            raise InvalidInput(
                f"'{path}' is a directory, not a log file",
                hint=f"Give one file, or pipe several: cat {path}/*.log | warroom logs analyze -",
            )
        if not path.is_file():
            raise NotFound(
                f"log file '{path}' not found", hint="Check the path, or use - for stdin."
            )
        with path.open("rb") as handle:
            yield from _decode(handle, notes)
    else:
        yield from _decode(source, notes)


def _decode(handle: IO[bytes], notes: list[str] | None = None) -> Iterator[str]:
    own = not isinstance(handle, io.BufferedReader)
    buffered = io.BufferedReader(_Raw(handle)) if own else cast(io.BufferedReader, handle)
    zipped = buffered.peek(2)[:2] == b"\x1f\x8b"
    unzipped = io.BufferedReader(gzip.GzipFile(fileobj=buffered)) if zipped else None
    stream = unzipped or buffered
    encoding = _encoding(stream.peek(_SNIFF)[:_SNIFF])
    if encoding.startswith("utf-16") and notes is not None:
        notes.append(
            f"the input is UTF-16 ({encoding[6:].upper() or 'with a byte-order mark'}); decoded"
        )
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="\n")
    try:
        for line in text:
            yield line.rstrip("\n").removesuffix("\r")
    except (OSError, EOFError) as exc:
        raise InvalidInput(
            f"could not read the log input: {exc}", hint="Check that gzip files are complete."
        ) from exc
    finally:
        # Hand the caller's stream back untouched (stdin stays open); close our wrappers.
        text.detach()
        if unzipped is not None:
            unzipped.close()
        if own:
            buffered.close()


_SNIFF = 4096
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}


def _encoding(head: bytes) -> str:
    """Name the input's encoding from its first bytes, or refuse input that is not text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    even, odd = head[0::2], head[1::2]
    if odd and odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even and even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    # A stray NUL (a torn write) leaves a text log readable; many of them do not.
    # Compressed or executable data: NULs, control bytes or invalid UTF-8 throughout.
    invalid = head.decode("utf-8", errors="replace").count("\ufffd")
    controls = sum(byte in _CONTROL for byte in head)
    size = max(len(head), 160)  # a few odd bytes in a tiny input prove nothing
    if head.count(0) > size // 100 or controls > size // 10 or invalid > size // 20:
        raise InvalidInput(
            "the input looks binary, not like a text log",
            hint="Give a text or gzip log file (or convert it first, e.g. journalctl -o short).",
        )
    return "utf-8"


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
    chosen = detect(head) if fmt == "auto" else fmt
    if chosen == "jsonl":
        lines_read = (line_record(n, line, ctx) for n, line in enumerate(chain(head, source), 1))
        yield from _inner_headers(lines_read, ctx)
    elif chosen == "json":
        entries = enumerate(array_entries(chain(head, source)), start=1)
        yield from _inner_headers((_entry(n, entry, ctx) for n, entry in entries), ctx)
    else:
        yield from _text_records(head, source, ctx, header_tokens)


def _entry(number: int, entry: Any, ctx: TimeContext) -> LogRecord:
    if isinstance(entry, dict):
        return entry_record(number, "", entry, ctx)
    return LogRecord(number, str(entry), str(entry), None)


def _inner_headers(records: Iterator[LogRecord], ctx: TimeContext) -> Iterator[LogRecord]:
    """Split headers that JSON messages still carry (Docker's `log` field holds a raw line)."""
    head = list(islice(records, SAMPLE_SIZE))
    splitter = HeaderSplitter()
    splitter.prime([record.message for record in head])
    if not splitter.layouts:
        yield from chain(head, records)
        return
    for record in chain(head, records):
        split = splitter.fit(record.message)
        if split is None or not split.message:
            yield record
            continue
        found = None if record.timestamp else match_timestamp(split.header, ctx)
        yield replace(
            record,
            message=split.message,
            timestamp=record.timestamp or (found[0] if found else None),
            level=record.level or split.level,
            logger=record.logger or split.logger,
        )


def _text_records(
    head: list[str], rest: Iterator[str], ctx: TimeContext, header_tokens: int | None
) -> Iterator[LogRecord]:
    if header_tokens is not None:
        layout = HeaderLayout(header_tokens, shapes=("W",) * header_tokens)
        splitter = HeaderSplitter(layout)
    else:
        splitter = HeaderSplitter()
        splitter.prime(head)
    times = TimestampReader(ctx)
    last: datetime | None = None
    last_level: str | None = None
    for number, (line, split) in enumerate(splitter.split_all(chain(head, rest)), start=1):
        stamp = None
        # No header found (logfmt `ts=...`, odd formats): look at the start of the line.
        where = split.header or line[:_PREFIX]
        if where.strip():
            stamp = times.read(where, split.layout if split.header else None)
        # Continuation lines (stack traces) inherit the time and level of their line.
        last = stamp or last
        level = split.level if split.header else split.level or last_level
        last_level = level
        yield LogRecord(number, line, split.message, last, level, split.logger)
