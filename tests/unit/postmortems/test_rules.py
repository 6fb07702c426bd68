from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from warroom.errors import Conflict, InvalidInput, PermissionDenied
from warroom.postmortems import rules
from warroom.postmortems.markdown.blocks import escape_cell, split_row
from warroom.postmortems.rules import ImportPlan, Status

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 22), 3, date(2026, 11, 25)),  # Sunday → Wednesday
        (date(2026, 11, 20), 3, date(2026, 11, 25)),  # Friday → Wednesday
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Monday → Tuesday
        (date(2026, 11, 26), 3, date(2026, 12, 1)),  # Thursday → next Tuesday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday → Monday
    ],
)
def test_business_days(start: date, days: int, expected: date) -> None:
    assert rules.add_business_days(start, days) == expected


def test_review_due_is_end_of_business_day_in_the_team_zone() -> None:
    # Friday 23:30 KST is still Friday in Seoul (14:30 UTC): due Wednesday 18:00 KST.
    resolved = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
    due = rules.review_due(resolved, 3, SEOUL, (9, 18))
    assert due == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Checkout API 5xx", "checkout-api-5xx"),
        ("결제 API 장애!", "결제-api-장애"),
        ("  ***  ", "inc-20261122-001"),
        ("snake_case__name", "snake-case-name"),
        (
            "Creative-mode LLM unresponsive: out of memory, breaker downshifted traffic",
            "creative-mode-llm-unresponsive-out-of-memory-breaker",
        ),
        ("x" * 70, "x" * 60),
    ],
)
def test_slug(title: str, expected: str) -> None:
    assert rules.slug(title, "INC-20261122-001") == expected


def base(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "incident_id": "INC-1",
        "db_revision": 2,
        "db_hash": "a",
        "file_incident": "INC-1",
        "file_revision": 2,
        "file_hash": "a",
        "new_hash": "b",
        "force": False,
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("changes", "plan"),
    [
        ({}, ImportPlan.APPLY),
        ({"new_hash": "a"}, ImportPlan.UNCHANGED),
        ({"file_revision": 1, "new_hash": "a"}, ImportPlan.UNCHANGED),
        ({"file_revision": 1, "force": True}, ImportPlan.APPLY),
    ],
)
def test_plan_import(changes: dict[str, object], plan: ImportPlan) -> None:
    assert rules.plan_import(**base(**changes)) is plan  # type: ignore[arg-type]


@pytest.mark.parametrize("changes", [{"file_revision": 1}, {"file_hash": "old"}])
def test_plan_import_refuses_a_stale_file(changes: dict[str, object]) -> None:
    with pytest.raises(Conflict, match="nothing was overwritten"):
        rules.plan_import(**base(**changes))  # type: ignore[arg-type]


def test_plan_import_refuses_another_incidents_file() -> None:
    with pytest.raises(InvalidInput):
        rules.plan_import(**base(file_incident="INC-2"))  # type: ignore[arg-type]


def test_review_participants_and_publishing() -> None:
    assert rules.clean_handles(["@Carol", "carol", " ", "dave"]) == ["carol", "dave"]
    assert rules.ensure_participant("erin", ["carol"], "erin") == "approver"
    with pytest.raises(PermissionDenied):
        rules.ensure_participant("mallory", ["carol"], "erin")
    signoffs = [{"who": "carol", "decision": "approved"}]
    assert rules.pending_reviewers(["carol", "dave"], signoffs) == ["dave"]
    with pytest.raises(PermissionDenied):
        rules.ensure_publishable("carol", "erin", [])
    rules.ensure_publishable("erin", "erin", [])
    rules.ensure_editable(Status.DRAFT)


@pytest.mark.parametrize(
    "cells", [["a", "b"], ["a|b", "c\\"], ["\\|", "\\\\|x"], ["", ""], ["한국어 | 셀", "-"]]
)
def test_table_cells_round_trip(cells: list[str]) -> None:
    line = "| " + " | ".join(escape_cell(c) for c in cells) + " |"
    assert split_row(line) == cells
