from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from warroom.action_items import harvest
from warroom.action_items.harvest import Row
from warroom.action_items.rules import Horizon, ItemType, Priority, Status

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
KST = ZoneInfo("Asia/Seoul")


def row(
    text: str = "Fix it",
    *,
    owner: str = "",
    due: str = "",
    priority: str = "",
    raw: str = "",
    heading: str = "Action Items",
) -> Row:
    return Row(10, text, owner, due, priority, raw or f"| {text} |", heading)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Add memory growth rate alert (> 10% per hour)", ItemType.MONITORING),
        ("연결 풀 모니터링 알람 추가", ItemType.MONITORING),
        ("Enhance load tests to include long sequences", ItemType.TESTS),
        ("부하 테스트 자동화", ItemType.TESTS),
        ("Document memory leak debugging procedures in runbook", ItemType.DOCS),
        ("코드 리뷰 체크리스트 작성", ItemType.PROCESS),
        ("Increase the memory limit to 24GB", ItemType.INFRASTRUCTURE),
        ("Canary 배포 도입", ItemType.INFRASTRUCTURE),
        ("Deploy hotfix with corrected reference counting", ItemType.CODE_FIX),
        ("DB 연결 코드 수정", ItemType.CODE_FIX),
    ],
)
def test_type_from_words(text: str, expected: ItemType) -> None:
    assert harvest.type_from(row(text)) is expected


@pytest.mark.parametrize(
    ("priority", "heading", "expected"),
    [
        ("P0", "", Priority.P0),
        ("p2", "", Priority.P2),
        ("상", "", Priority.P1),
        ("하", "", Priority.P2),
        ("critical", "", Priority.P0),
        ("", "P1 - High", Priority.P1),
        ("", "Action Items", None),
    ],
)
def test_priority_from_cell_or_heading(
    priority: str, heading: str, expected: Priority | None
) -> None:
    assert harvest.priority_from(row(priority=priority, heading=heading)) is expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("즉시 조치 (이번 주)", Horizon.IMMEDIATE),
        ("단기 조치 (이번 스프린트)", Horizon.THIS_SPRINT),
        ("장기 조치 (로드맵)", Horizon.ROADMAP),
        ("Long-term", Horizon.ROADMAP),
        ("Action Items", None),
    ],
)
def test_horizon_from_heading(heading: str, expected: Horizon | None) -> None:
    assert harvest.horizon_from(row(heading=heading)) is expected


@pytest.mark.parametrize(
    ("text", "raw", "expected"),
    [
        ("Deploy hotfix", "| Deploy hotfix | Alice | P0 | 2025-10-14 | ✅ Done |", Status.DONE),
        ("DB 연결 코드 수정", "| 1 | DB 연결 코드 수정 | @dev | ✅ 완료 |", Status.DONE),
        ("모니터링 알람 추가", "| 2 | 모니터링 알람 추가 | @ops | 🔄 진행중 |", Status.IN_PROGRESS),
        ("Add dashboard", "| Add dashboard | Bob | P2 | 2025-10-20 | 📝 Open |", Status.BACKLOG),
    ],
)
def test_status_from_the_rest_of_the_row(text: str, raw: str, expected: Status) -> None:
    assert harvest.status_from(row(text, raw=raw)) is expected


def test_title_words_do_not_set_the_status() -> None:
    assert (
        harvest.status_from(row("Mark the job done", raw="| Mark the job done | a |"))
        is Status.BACKLOG
    )


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-12-01", datetime(2026, 12, 1, 9, 0, tzinfo=UTC)),  # 18:00 KST
        ("2026/12/01", datetime(2026, 12, 1, 9, 0, tzinfo=UTC)),
        ("1주", datetime(2026, 11, 29, 5, 0, tzinfo=UTC)),
        ("2 weeks", datetime(2026, 12, 6, 5, 0, tzinfo=UTC)),
        ("1개월", datetime(2026, 12, 22, 5, 0, tzinfo=UTC)),
        ("", None),
        ("soon", None),
    ],
)
def test_due_from_dates_and_spans(due: str, expected: datetime | None) -> None:
    assert harvest.due_from(row(due=due), now=NOW, tz=KST, end_hour=18) == expected


def test_draft_from_a_row_fills_every_field() -> None:
    draft = harvest.draft_from(
        row(
            "연결 풀 모니터링 알람 추가",
            owner="@ops",
            raw="| 2 | 연결 풀 모니터링 알람 추가 | @ops | 🔄 진행중 |",
            heading="즉시 조치 (이번 주)",
        ),
        incident_id="INC-20261122-001",
        source="2026-11-22-pool.md",
        now=NOW,
        tz=KST,
        end_hour=18,
    )
    assert (draft.item_type, draft.priority, draft.horizon, draft.status, draft.owner) == (
        ItemType.MONITORING,
        Priority.P0,
        Horizon.IMMEDIATE,
        Status.IN_PROGRESS,
        "ops",
    )
    assert draft.postmortem_ref == "2026-11-22-pool.md#L10"


def test_draft_without_priority_or_horizon_takes_the_default() -> None:
    draft = harvest.draft_from(
        row(),
        incident_id="INC-20261122-001",
        source="x.md",
        now=NOW,
        tz=KST,
        end_hour=18,
        default_priority=Priority.P2,
    )
    assert draft.priority is Priority.P2
    assert draft.horizon is None
