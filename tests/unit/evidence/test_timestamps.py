"""Timestamps in log headers: many formats, always aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from warroom.evidence.analysis.timestamps import (
    TimeContext,
    TimestampReader,
    match_timestamp,
    parse_timestamp,
)

CTX = TimeContext(default_year=2025)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("2015-07-29 17:41:44,747 - INFO", datetime(2015, 7, 29, 17, 41, 44, 747000, UTC)),
        ("2025-10-22T14:00:00Z", datetime(2025, 10, 22, 14, 0, tzinfo=UTC)),
        ("2025-10-22T23:00:00+09:00", datetime(2025, 10, 22, 14, 0, tzinfo=UTC)),
        ("[Sun Dec 04 04:47:44 2005] [notice]", datetime(2005, 12, 4, 4, 47, 44, tzinfo=UTC)),
        ("Jun 14 15:16:01 combo", datetime(2025, 6, 14, 15, 16, 1, tzinfo=UTC)),
        ("081109 203615 148 INFO", datetime(2008, 11, 9, 20, 36, 15, tzinfo=UTC)),
        ("20171223-22:15:29:606|Step_LSC|30002312", datetime(2017, 12, 23, 22, 15, 29, tzinfo=UTC)),
        ("17/06/09 20:10:40 INFO", datetime(2017, 6, 9, 20, 10, 40, tzinfo=UTC)),
        ("03-17 16:13:38.811  1702", datetime(2025, 3, 17, 16, 13, 38, 811000, UTC)),
        (
            "- 1117838570 2005.06.03 X 2005-06-03-15.42.50.675872",
            datetime(2005, 6, 3, 15, 42, 50, 675872, UTC),
        ),
        (
            "134681 node-246 unix.hw state 1077804742 1",
            datetime(2004, 2, 26, 14, 12, 22, tzinfo=UTC),
        ),
        (
            '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET',
            datetime(2000, 10, 10, 20, 55, 36, tzinfo=UTC),
        ),
    ],
)
def test_header_timestamps_are_parsed_to_utc(header: str, expected: datetime) -> None:
    found = match_timestamp(header, CTX)
    assert found is not None
    assert found[0] == expected
    assert found[0].tzinfo is UTC


def test_naive_times_take_the_given_zone() -> None:
    seoul = TimeContext(zone=timezone(timedelta(hours=9)))
    assert parse_timestamp("2025-10-22 23:00:00", seoul) == datetime(2025, 10, 22, 14, tzinfo=UTC)


def test_naive_times_default_to_utc() -> None:
    assert parse_timestamp("2025-10-22 14:00:00") == datetime(2025, 10, 22, 14, tzinfo=UTC)


def test_text_without_time_gives_none() -> None:
    assert match_timestamp("no time here", CTX) is None
    assert parse_timestamp("") is None


def test_yearless_times_in_the_future_belong_to_last_year() -> None:
    january = TimeContext(default_year=2026, not_after=datetime(2026, 1, 5, tzinfo=UTC))
    found = match_timestamp("Dec 31 23:59:00 host", january)
    assert found is not None
    assert found[0] == datetime(2025, 12, 31, 23, 59, tzinfo=UTC)
    recent = match_timestamp("Jan 04 10:00:00 host", january)
    assert recent is not None
    assert recent[0] == datetime(2026, 1, 4, 10, 0, tzinfo=UTC)


def test_the_reader_gives_what_match_timestamp_gives() -> None:
    headers = [
        "2015-07-29 17:41:44,747 - INFO",
        "2015-07-29 17:41:44,012 - INFO",
        "2015-07-29 17:41:44 - INFO",
        "1131566461.25 node",
        "1131566461.5 node",
        "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228",
        "Jun 14 15:16:01 combo",
        "2025-10-22T23:00:00.5+09:00",
        "2025-10-22T23:00:00.25+09:00",
    ]
    reader = TimestampReader(CTX)
    for header in headers * 2:
        found = match_timestamp(header, CTX)
        assert reader.read(header) == (found[0] if found else None), header
