"""Reading input: plain, gzip, stdin-like streams, JSON lines."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.errors import InvalidInput, NotFound
from warroom.evidence.analysis.reader import detect_format, open_lines, read_records

TEXT = (
    "2025-10-22 14:00:01 INFO api: GET /api/v2/chat took 12 ms\n"
    "2025-10-22 14:00:02 ERROR api: request failed\n"
    "\tat com.example.Chat.send(Chat.java:42)\n"
)


def test_plain_file_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_text(TEXT, encoding="utf-8")
    assert list(open_lines(path)) == TEXT.splitlines()


def test_gzip_is_recognised_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    path = tmp_path / "app.log"  # no .gz suffix on purpose
    path.write_bytes(gzip.compress(TEXT.encode()))
    assert list(open_lines(path)) == TEXT.splitlines()


def test_a_binary_stream_such_as_stdin_is_read() -> None:
    assert list(open_lines(io.BytesIO(TEXT.encode()))) == TEXT.splitlines()
    assert list(open_lines(io.BytesIO(gzip.compress(TEXT.encode())))) == TEXT.splitlines()


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    assert list(open_lines(io.BytesIO(b"caf\xe9 ok\n"))) == ["caf\ufffd ok"]


def test_missing_file_is_a_not_found_error(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as error:
        list(open_lines(tmp_path / "missing.log"))
    assert "not found" in error.value.message
    assert error.value.hint


def test_text_records_carry_message_time_and_level() -> None:
    records = list(read_records(TEXT.splitlines()))
    assert [r.message for r in records] == [
        "GET /api/v2/chat took 12 ms",
        "request failed",
        "at com.example.Chat.send(Chat.java:42)",
    ]
    assert records[0].timestamp == datetime(2025, 10, 22, 14, 0, 1, tzinfo=UTC)
    assert [r.level for r in records[:2]] == ["INFO", "ERROR"]
    # The stack trace line has no header: it takes the time and level of its line.
    assert records[2].timestamp == records[1].timestamp
    assert records[2].level == "ERROR"


def test_json_lines_are_detected_and_their_keys_used() -> None:
    lines = [
        json.dumps({"ts": 1761141600, "level": "warn", "msg": "disk 91% full", "path": "/api/x"}),
        json.dumps({"@timestamp": "2025-10-22T14:00:05Z", "severity": "ERROR", "message": "boom"}),
    ]
    assert detect_format(lines) == "jsonl"
    first, second = read_records(lines)
    assert (first.message, first.level, first.path) == ("disk 91% full", "WARN", "/api/x")
    assert first.timestamp == datetime(2025, 10, 22, 14, 0, tzinfo=UTC)
    assert (second.message, second.level) == ("boom", "ERROR")
    assert second.timestamp == datetime(2025, 10, 22, 14, 0, 5, tzinfo=UTC)


def test_text_is_not_mistaken_for_json() -> None:
    assert detect_format(TEXT.splitlines()) == "text"


def test_explicit_format_overrides_detection() -> None:
    line = '{"msg": "hello"}'
    assert next(read_records([line], fmt="text")).message == line
    assert next(read_records([line], fmt="jsonl")).message == "hello"


def test_explicit_header_width_is_honoured() -> None:
    records = list(read_records(["a b hello world", "c d bye now"], header_tokens=2))
    assert [r.message for r in records] == ["hello world", "bye now"]


def test_truncated_gzip_is_an_input_error() -> None:
    broken = gzip.compress((TEXT * 200).encode())[:-30]
    with pytest.raises(InvalidInput) as error:
        list(open_lines(io.BytesIO(broken)))
    assert "gzip" in error.value.hint


def test_logfmt_lines_get_their_time_from_the_line_start() -> None:
    lines = [
        f'ts=2025-10-22T14:00:0{i}Z level=info msg="served request" took={i}ms' for i in range(5)
    ]
    records = list(read_records(lines))
    assert records[3].timestamp == datetime(2025, 10, 22, 14, 0, 3, tzinfo=UTC)


GCLOUD = """[
  {
    "insertId": "abc",
    "httpRequest": {"requestMethod": "POST", "requestUrl": "https://api.example.com/api/v2/chat?x=1"},
    "jsonPayload": {"message": "upstream timeout after 30 s"},
    "severity": "ERROR",
    "timestamp": "2025-10-22T14:05:00.123Z"
  },
  {
    "insertId": "def",
    "textPayload": "Traceback (most recent call last): KeyError 'session'",
    "severity": "ERROR",
    "timestamp": "2025-10-22T14:06:00Z"
  }
]
"""


def test_json_array_such_as_gcloud_output_is_read_entry_by_entry() -> None:
    lines = GCLOUD.splitlines()
    assert detect_format(lines) == "json"
    first, second = read_records(lines)
    assert first.message == "upstream timeout after 30 s"
    assert (first.level, first.path) == ("ERROR", "/api/v2/chat")
    assert first.timestamp == datetime(2025, 10, 22, 14, 5, 0, 123000, tzinfo=UTC)
    assert second.message.startswith("Traceback")
    assert second.number == 2


def test_nested_keys_are_found_in_json_lines() -> None:
    line = json.dumps({"log": {"level": "warn"}, "event": {"message": "disk full"}, "ts": 1})
    record = next(read_records([line]))
    assert (record.message, record.level) == ("disk full", "WARN")


def test_cut_json_array_is_an_input_error() -> None:
    with pytest.raises(InvalidInput) as error:
        list(read_records(GCLOUD.splitlines()[:5], fmt="json"))
    assert "cut short" in error.value.message


def test_headers_inside_json_messages_are_split_too() -> None:
    lines = [
        json.dumps(
            {
                "log": f"2025-10-22 14:00:{i:02d} {['INFO', 'ERROR'][i % 2]} api.chat: "
                f"{['served request', 'lost session', 'cache miss'][i % 3]} in {i} ms\n",
                "stream": "stdout",
            }
        )
        for i in range(30)
    ]
    records = list(read_records(lines))
    assert records[0].message == "served request in 0 ms"
    assert records[1].level == "ERROR"
    assert records[1].logger == "api.chat"
    assert records[5].timestamp == datetime(2025, 10, 22, 14, 0, 5, tzinfo=UTC)
