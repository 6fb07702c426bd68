"""Pure rules of recording the past: back-dated times, the incident file, chat messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from warroom.errors import InvalidInput
from warroom.incidents import file_format
from warroom.incidents.chat_export import Author, ChatMessage
from warroom.incidents.chat_import import classify
from warroom.incidents.rules import effective_time
from warroom.timeline.rules import EventKind

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
FLOOR = NOW - timedelta(hours=5)
KST = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (None, NOW),
        (FLOOR, FLOOR),  # at the previous state is allowed (a skipped step)
        (NOW, NOW),
        (NOW - timedelta(hours=1), NOW - timedelta(hours=1)),
    ],
)
def test_a_time_in_sequence_is_taken(at: datetime | None, expected: datetime) -> None:
    assert effective_time(at, NOW, floor=FLOOR, floor_what="x", tz=KST) == expected


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (NOW + timedelta(seconds=1), "2026-11-22 14:00:01 KST is in the future"),
        (FLOOR - timedelta(minutes=1), "is before the incident was acknowledged (2026-11-22 "),
    ],
)
def test_a_time_out_of_sequence_is_refused_in_the_team_zone(at: datetime, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        effective_time(at, NOW, floor=FLOOR, floor_what="the incident was acknowledged", tz=KST)
    assert message in error.value.message
    assert error.value.hint


def test_file_times_stay_text_and_errors_name_lines() -> None:
    data, _lines = file_format.read(
        "warroom_incident: 1\ntitle: t\ndetected_at: 2026-11-21 23:30\n"
        "events:\n  - at: 23:41\n    state: acknowledged\n"
    )
    assert data["detected_at"] == "2026-11-21 23:30"
    assert data["events"][0]["at"] == "23:41"  # not YAML 1.1's base-60 number 1421
    with pytest.raises(InvalidInput) as error:
        file_format.read('{"warroom_incident": 2,\n "title": "t",\n "detected_at": 5}')
    assert "line 1 (warroom_incident)" in error.value.message
    assert "line 3 (detected_at): 5 is not of type 'string'" in error.value.message


def _message(text: str, reactions: frozenset[str] = frozenset()) -> ChatMessage:
    author = Author(user_id="U1", name="minsu", email=None)
    return ChatMessage("1.0", NOW, author, text, None, reactions)


@pytest.mark.parametrize(
    ("text", "reactions", "expected"),
    [
        ("We decided to fail over", frozenset(), (EventKind.DECISION, True)),
        ("캐시 우회하기로 결정", frozenset(), (EventKind.DECISION, True)),
        ("Rolled back to v2.3.3", frozenset(), (EventKind.ACTION, True)),
        ("DB 재시작 완료", frozenset(), (EventKind.ACTION, True)),
        ("error rate 30%", frozenset({"pushpin"}), (EventKind.NOTE, True)),
        ("error rate 30%", frozenset({"eyes"}), (EventKind.NOTE, False)),
    ],
)
def test_chat_messages_are_classified(
    text: str, reactions: frozenset[str], expected: tuple[EventKind, bool]
) -> None:
    assert classify(_message(text, reactions)) == expected
