"""Structured log input: JSON lines and JSON arrays (such as `gcloud logging read --format json`).

Keys are found by name at any nesting depth up to three (`msg`, `jsonPayload.message`,
`log.level`), case-insensitively, so common shapes (plain JSON logs, ECS, Cloud Logging,
Docker) need no configuration. A JSON array is read entry by entry, never whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from warroom.errors import InvalidInput
from warroom.evidence.analysis.headers import level_of
from warroom.evidence.analysis.records import LogRecord
from warroom.evidence.analysis.timestamps import TimeContext, parse_timestamp

MESSAGE_KEYS = ("message", "msg", "textpayload", "log", "text", "event", "@message", "body")
LEVEL_KEYS = ("level", "severity", "lvl", "levelname", "loglevel", "priority")
TIME_KEYS = ("timestamp", "time", "ts", "@timestamp", "datetime", "date", "asctime", "t")
LOGGER_KEYS = ("logger", "logger_name", "name", "component", "module", "source")
PATH_KEYS = ("path", "url", "uri", "endpoint", "route", "requesturl", "request_path")
MAX_ENTRY_CHARS = 10_000_000


def parse_object(line: str) -> dict[str, Any] | None:
    stripped = line.strip()
    if not stripped.startswith("{"):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def detect(sample: Sequence[str]) -> Literal["text", "jsonl", "json"]:
    """Say "json" for a JSON array, "jsonl" when most lines are JSON objects, else "text"."""
    lines = [line for line in sample if line.strip()]
    if lines and lines[0].lstrip().startswith("[") and lines[0].strip() != "[" + "]":
        first = lines[0].lstrip()[1:].lstrip()
        if not first or first.startswith("{"):
            return "json"
    objects = sum(1 for line in lines if parse_object(line) is not None)
    return "jsonl" if lines and objects >= 0.8 * len(lines) else "text"


def _flatten(record: dict[str, Any], prefix: str = "", depth: int = 3) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}".lower()
        if isinstance(value, dict) and depth > 1:
            flat.update(_flatten(value, f"{name}.", depth - 1))
        elif not isinstance(value, list | dict) and value is not None:
            flat[name] = value
    return flat


def _pick(flat: dict[str, Any], keys: Sequence[str]) -> Any:
    for key in keys:
        if key in flat:
            return flat[key]
    for key in keys:
        for name, value in flat.items():
            if name.endswith(f".{key}"):
                return value
    return None


def _time(value: Any, context: TimeContext) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, UTC)
    return parse_timestamp(str(value), context) if value is not None else None


def _path(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return urlsplit(text).path or None if "://" in text else text.split("?", 1)[0]


def entry_record(number: int, raw: str, entry: dict[str, Any], context: TimeContext) -> LogRecord:
    """Turn one JSON object into a record: message, time, level, logger and HTTP path."""
    flat = _flatten(entry)
    message = _pick(flat, MESSAGE_KEYS)
    level = _pick(flat, LEVEL_KEYS)
    logger = _pick(flat, LOGGER_KEYS)
    return LogRecord(
        number,
        raw,
        str(message) if message is not None else raw.strip(),
        _time(_pick(flat, TIME_KEYS), context),
        (level_of(str(level)) or str(level).upper()) if level is not None else None,
        str(logger) if logger is not None else None,
        _path(_pick(flat, PATH_KEYS)),
    )


def line_record(number: int, line: str, context: TimeContext) -> LogRecord:
    """Read one JSON line; a line that is not a JSON object is kept whole as the message."""
    entry = parse_object(line)
    if entry is None:
        return LogRecord(number, line, line.strip(), None)
    return entry_record(number, line, entry, context)


def array_entries(lines: Iterable[str]) -> Iterator[Any]:
    """Yield the values of a JSON array spread over lines, holding one entry at a time."""
    decoder = json.JSONDecoder()
    buffer, opened = "", False
    for line in lines:
        buffer += line + "\n"
        while True:
            buffer = buffer.lstrip()
            if not opened:
                if not buffer:
                    break
                if buffer[0] != "[":
                    raise InvalidInput("not a JSON array", hint="Use --format jsonl or text.")
                buffer, opened = buffer[1:], True
                continue
            buffer = buffer.removeprefix(",").lstrip()
            if not buffer or buffer[0] == "]":
                break
            try:
                value, end = decoder.raw_decode(buffer)
            except ValueError:
                break  # the entry goes on in the next lines
            yield value
            buffer = buffer[end:]
        if len(buffer) > MAX_ENTRY_CHARS:
            raise InvalidInput(
                "the JSON array has an entry that never ends",
                hint="Check that the file is complete JSON, or use --format text.",
            )
    if buffer.strip() not in ("", "]"):
        raise InvalidInput("the JSON array is cut short", hint="Check that the file is complete.")
