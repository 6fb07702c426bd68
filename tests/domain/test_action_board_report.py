"""Board lanes, the follow-up report on a known data set, and the weekly digest."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from tests.conftest import T0
from warroom.action_items import actions, queries
from warroom.action_items.board import build_board
from warroom.action_items.digest import owners, weekly_digest
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.report import build_report
from warroom.action_items.rules import ItemType, Priority, Status
from warroom.action_items.schemas import ActionItemDraft, Board
from warroom.action_items.views import item_view
from warroom.core.actor import Actor
from warroom.incidents.actions import declare_incident, transition_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.rules import State

ALICE = Actor("alice")
POLICY = ActionPolicy(wip_limits={"actions": {"in-progress": 2}, "incident": {"investigating": 1}})
DAY = timedelta(days=1)


def incident(session: Session, severity: str, title: str, state: State | None = None) -> str:
    made = declare_incident(
        session=session,
        actor=ALICE,
        now=T0,
        policy=IncidentPolicy(),
        title=title,
        severity=severity,
        services=["checkout"],
    )
    if state is not None:
        transition_incident(
            session=session,
            actor=ALICE,
            now=T0 + timedelta(hours=1),
            policy=IncidentPolicy(),
            incident_id=made.id,
            to=state,
        )
    return made.id


def add(
    session: Session,
    incident_id: str,
    priority: Priority,
    item_type: ItemType,
    *,
    at: timedelta = timedelta(0),
    owner: str | None = None,
) -> str:
    draft = ActionItemDraft(
        incident_id=incident_id,
        title=f"{item_type.value} follow-up",
        item_type=item_type,
        priority=priority,
        owner=owner,
    )
    return actions.add_action_item(
        session=session, actor=ALICE, now=T0 + at, policy=ActionPolicy(), draft=draft
    ).id


def move(
    session: Session, item_id: str, to: Status, at: timedelta, reason: str | None = None
) -> None:
    actions.move_action_item(
        session=session,
        actor=ALICE,
        now=T0 + at,
        policy=ActionPolicy(wip_limits={}),
        item_id=item_id,
        to=to,
        reason=reason,
    )


def cards(board: Board, lane: str) -> dict[str, list[str]]:
    found = next(x for x in board.lanes if x.key == lane)
    return {c.key: [card.ref for card in c.cards] for c in found.columns}


@pytest.fixture
def known(session: Session) -> dict[str, str]:
    """Two incidents and six items with known outcomes (see the report test)."""
    a = incident(session, "P3", "Pool exhausted", State.RESOLVED)
    b = incident(session, "P1", "Checkout down", State.INVESTIGATING)
    ids = {
        "a_p0": add(session, a, Priority.P0, ItemType.MONITORING, owner="bob"),
        "a_p1_fix": add(session, a, Priority.P1, ItemType.CODE_FIX, owner="bob"),
        "a_p1_tests": add(session, a, Priority.P1, ItemType.TESTS, owner="carol"),
        "b_docs": add(session, b, Priority.P2, ItemType.DOCS),
        "b_infra": add(session, b, Priority.P2, ItemType.INFRASTRUCTURE, owner="bob"),
        "b_old": add(session, b, Priority.P0, ItemType.PROCESS, at=-40 * DAY),
    }
    move(session, ids["a_p0"], Status.DONE, timedelta(hours=12))
    move(session, ids["a_p1_fix"], Status.DONE, 3 * DAY)
    move(session, ids["a_p1_tests"], Status.TODO, DAY)
    move(session, ids["b_docs"], Status.WONT_DO, DAY, reason="covered by the runbook rewrite")
    move(session, ids["b_infra"], Status.DONE, 6 * DAY)
    move(session, ids["b_old"], Status.IN_PROGRESS, -39 * DAY)
    return {"a": a, "b": b, **ids}


def test_report_figures_on_a_known_data_set(session: Session, known: dict[str, str]) -> None:
    now = T0 + 10 * DAY
    report = build_report(
        session, policy=POLICY, now=now, since=now - 30 * DAY, published_incidents={known["a"]}
    )
    total = report.total
    assert (total.open, total.done, total.wont_do, total.overdue) == (1, 3, 1, 1)
    assert total.completion_rate == 0.75
    assert total.median_time_to_close == 72 * 3600

    by_priority = {r.key: r for r in report.by_priority}
    assert by_priority["P0"].completion_rate == 1.0
    assert by_priority["P0"].median_time_to_close == 12 * 3600
    assert (by_priority["P1"].open, by_priority["P1"].overdue) == (1, 1)
    assert by_priority["P1"].completion_rate == 0.5
    assert by_priority["P2"].completion_rate == 1.0
    assert by_priority["P2"].median_time_to_close == 6 * 86400

    by_team = {r.key: (r.open, r.done, r.wont_do) for r in report.by_team}
    assert by_team == {
        "Dev/fix-bugs": (0, 1, 0),
        "Dev/sync-docs": (0, 0, 1),
        "Dev/write-tests": (1, 0, 0),
        "Infra/configure-cicd": (0, 1, 0),
        "Infra/plan-infrastructure": (0, 1, 0),
    }
    by_incident = {r.key: r.completion_rate for r in report.by_incident}
    assert by_incident == {known["a"]: pytest.approx(2 / 3), known["b"]: 1.0}
    assert [i.id for i in report.open_after_publication] == [known["a_p1_tests"]]


def test_empty_report_has_no_rates(session: Session) -> None:
    report = build_report(session, policy=POLICY, now=T0, since=T0 - 30 * DAY)
    assert report.total.completion_rate is None
    assert report.total.median_time_to_close is None
    assert report.by_team == []


def test_board_lanes_hold_the_right_cards(session: Session, known: dict[str, str]) -> None:
    board = build_board(session, policy=POLICY, now=T0 + 18 * DAY)
    assert [lane.title for lane in board.lanes] == [
        "Incident",
        "Post-mortem",
        "Incident Action Items",
    ]
    assert cards(board, "incident") == {
        "detected": [],
        "acknowledged": [],
        "investigating": [known["b"]],
        "mitigated": [],
    }
    assert cards(board, "postmortem") == {"to-write": [known["a"]], "draft": [], "in-review": []}
    actions_lane = cards(board, "actions")
    assert actions_lane["todo"] == [known["a_p1_tests"]]
    assert actions_lane["in-progress"] == [known["b_old"]]
    # Done in the last 14 days only; won't-do items leave the board.
    assert actions_lane["done"] == [known["b_infra"]]
    assert all(known["b_docs"] not in refs for refs in actions_lane.values())


def test_board_columns_carry_limits_counts_and_classes(
    session: Session, known: dict[str, str]
) -> None:
    board = build_board(session, policy=POLICY, now=T0 + 10 * DAY)
    incident_lane, _, action_lane = board.lanes
    investigating = next(c for c in incident_lane.columns if c.key == "investigating")
    assert (investigating.wip_limit, investigating.count) == (1, 1)
    assert investigating.cards[0].class_of_service == "expedite", "P1 incident"
    in_progress = next(c for c in action_lane.columns if c.key == "in-progress")
    assert (in_progress.wip_limit, in_progress.count, in_progress.over_limit) == (2, 1, False)
    todo = next(c for c in action_lane.columns if c.key == "todo")
    assert todo.cards[0].overdue is True
    assert todo.cards[0].class_of_service == "standard"
    dumped = board.model_dump(mode="json")
    assert dumped["lanes"][2]["columns"][2]["count"] == 1


def test_postmortem_stages_place_or_remove_incidents(
    session: Session, known: dict[str, str]
) -> None:
    board = build_board(
        session,
        policy=POLICY,
        now=T0,
        lanes=["postmortem"],
        postmortem_stages={known["a"]: "in-review"},
    )
    assert cards(board, "postmortem")["in-review"] == [known["a"]]
    board = build_board(
        session,
        policy=POLICY,
        now=T0,
        lanes=["postmortem"],
        postmortem_stages={known["a"]: "published"},
    )
    assert cards(board, "postmortem") == {"to-write": [], "draft": [], "in-review": []}


def test_weekly_digest_for_an_owner(session: Session, known: dict[str, str]) -> None:
    now = T0 + 8 * DAY
    views = [item_view(i, POLICY, now) for i in queries.all_action_items(session)]
    assert owners(views) == ["bob", "carol"]
    text = weekly_digest(views, owner="carol", now=now, tz=ZoneInfo("Asia/Seoul"))
    assert text.startswith("Action items for carol — week of 2026-11-30")
    assert f"Overdue (1)\n  {known['a_p1_tests']}  [P1] tests follow-up" in text
    assert text.rstrip().endswith("1 open, 1 overdue, 0 done this week.")
    bob = weekly_digest(views, owner="bob", now=now, tz=ZoneInfo("UTC"))
    assert "Done in the last 7 days (2)" in bob
    assert known["b_infra"] in bob
    assert known["a_p1_fix"] in bob
    assert known["a_p0"] not in bob, "done more than a week ago"
