"""Action item writes on a real database (SQLite, and PostgreSQL when it answers)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from tests.conftest import T0
from warroom.action_items import actions, queries
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.rules import ItemType, Priority, Status
from warroom.action_items.schemas import ActionItemDraft
from warroom.action_items.views import item_view
from warroom.core.actor import Actor
from warroom.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from warroom.incidents.actions import declare_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.timeline.queries import list_events

ALICE = Actor("alice")
POLICY = ActionPolicy()


def incident(session: Session, severity: str = "P3") -> str:
    made = declare_incident(
        session=session,
        actor=ALICE,
        now=T0,
        policy=IncidentPolicy(),
        title="DB connection pool exhausted",
        severity=severity,
    )
    return made.id


def add(
    session: Session,
    incident_id: str,
    *,
    priority: Priority = Priority.P1,
    item_type: ItemType = ItemType.MONITORING,
    policy: ActionPolicy = POLICY,
    **extra: object,
) -> str:
    draft = ActionItemDraft(
        incident_id=incident_id,
        title="Alert on connection pool utilisation > 80%",
        item_type=item_type,
        priority=priority,
        **extra,  # type: ignore[arg-type]
    )
    return actions.add_action_item(
        session=session, actor=ALICE, now=T0, policy=policy, draft=draft
    ).id


def move(session: Session, item_id: str, to: Status, reason: str | None = None) -> None:
    actions.move_action_item(
        session=session,
        actor=ALICE,
        now=T0,
        policy=POLICY,
        item_id=item_id,
        to=to,
        reason=reason,
    )


def test_add_numbers_items_routes_them_and_sets_the_deadline(session: Session) -> None:
    inc = incident(session)
    first = add(session, inc, priority=Priority.P0)
    second = add(session, inc, priority=Priority.P2, item_type=ItemType.CODE_FIX, owner="@bob")

    one, two = queries.get_action_item(session, first), queries.get_action_item(session, "ai-002")
    assert (one.id, two.id, second) == ("AI-001", "AI-002", "AI-002")
    assert one.team == "Infra/configure-cicd"
    assert one.due_at == T0 + timedelta(hours=24)
    assert one.horizon == "immediate"
    assert one.status == "backlog"
    assert two.team == "Dev/fix-bugs"
    assert two.owner == "bob"
    assert two.due_at == T0 + timedelta(days=30)
    assert two.horizon == "roadmap"


def test_add_honours_configured_tables_and_explicit_values(session: Session) -> None:
    inc = incident(session)
    policy = ActionPolicy(due_hours={"P1": 48}, routing={"monitoring": "sre"})
    item = queries.get_action_item(session, add(session, inc, policy=policy))
    assert (item.team, item.due_at) == ("sre", T0 + timedelta(hours=48))
    explicit = add(session, inc, team="payments", due_at=T0 + timedelta(days=2), fixed_date=True)
    item = queries.get_action_item(session, explicit)
    assert (item.team, item.due_at, item.fixed_date) == ("payments", T0 + timedelta(days=2), True)


def test_add_on_a_missing_incident_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        add(session, "INC-20261122-999")


def test_every_change_is_recorded_and_on_the_incident_timeline(session: Session) -> None:
    inc = incident(session)
    item_id = add(session, inc)
    move(session, item_id, Status.IN_PROGRESS)
    actions.assign_action_item(
        session=session, actor=Actor("carol"), now=T0, item_id=item_id, owner="dave"
    )
    move(session, item_id, Status.WONT_DO, reason="superseded by a platform alert")

    changes = [(c.field, c.old, c.new, c.actor) for c in queries.list_changes(session, item_id)]
    assert changes == [
        ("created", None, "backlog", "alice"),
        ("status", "backlog", "in-progress", "alice"),
        ("owner", None, "dave", "carol"),
        ("status", "in-progress", "wont-do", "alice"),
    ]
    events = [e for e in list_events(session, inc) if e.kind == "action"]
    assert [e.data.get("field", e.data.get("change")) for e in events] == [
        "created",
        "status",
        "owner",
        "status",
    ]
    assert events[-1].body == (
        "AI-001 status: in-progress → wont-do (superseded by a platform alert)"
    )
    item = queries.get_action_item(session, item_id)
    assert item.status_reason == "superseded by a platform alert"
    assert item.closed_at == T0


def test_wont_do_without_a_reason_is_refused_and_nothing_changes(session: Session) -> None:
    item_id = add(session, incident(session))
    with pytest.raises(InvalidInput, match="reason"):
        move(session, item_id, Status.WONT_DO)
    assert queries.get_action_item(session, item_id).status == "backlog"
    assert len(queries.list_changes(session, item_id)) == 1


def test_closed_to_closed_needs_a_reopen(session: Session) -> None:
    item_id = add(session, incident(session))
    move(session, item_id, Status.DONE)
    with pytest.raises(IllegalTransition):
        move(session, item_id, Status.WONT_DO, reason="x")
    move(session, item_id, Status.TODO)
    assert queries.get_action_item(session, item_id).closed_at is None


def test_full_column_refuses_a_standard_item_naming_the_limit(session: Session) -> None:
    inc = incident(session, severity="P3")
    policy = ActionPolicy(wip_limits={"actions": {"in-progress": 2}})
    items = [add(session, inc, priority=Priority.P1) for _ in range(3)]
    for item_id in items[:2]:
        actions.move_action_item(
            session=session,
            actor=ALICE,
            now=T0,
            policy=policy,
            item_id=item_id,
            to=Status.IN_PROGRESS,
        )
    with pytest.raises(Conflict) as err:
        actions.move_action_item(
            session=session,
            actor=ALICE,
            now=T0,
            policy=policy,
            item_id=items[2],
            to=Status.IN_PROGRESS,
        )
    assert "'in-progress'" in err.value.message and "WIP limit of 2" in err.value.message
    assert queries.get_action_item(session, items[2]).status == "backlog"


@pytest.mark.parametrize(("severity", "priority"), [("P3", Priority.P0), ("P1", Priority.P2)])
def test_expedite_items_pass_a_full_column(
    session: Session, severity: str, priority: Priority
) -> None:
    policy = ActionPolicy(wip_limits={"actions": {"in-progress": 1}})
    standard = add(session, incident(session, "P3"), priority=Priority.P2)
    actions.move_action_item(
        session=session, actor=ALICE, now=T0, policy=policy, item_id=standard, to=Status.IN_PROGRESS
    )
    urgent = add(session, incident(session, severity), priority=priority)
    actions.move_action_item(
        session=session, actor=ALICE, now=T0, policy=policy, item_id=urgent, to=Status.IN_PROGRESS
    )
    item = queries.get_action_item(session, urgent)
    assert item.status == "in-progress"
    assert item_view(item, policy, T0).class_of_service == "expedite"


def test_reschedule_and_fixed_date_change_class_of_service(session: Session) -> None:
    item_id = add(session, incident(session), priority=Priority.P2)
    item = queries.get_action_item(session, item_id)
    assert item_view(item, POLICY, T0).class_of_service == "standard"
    actions.reschedule_action_item(
        session=session,
        actor=ALICE,
        now=T0,
        item_id=item_id,
        due_at=T0 + timedelta(days=3),
        fixed_date=True,
        reason="certificate expires on the 25th",
    )
    view = item_view(queries.get_action_item(session, item_id), POLICY, T0)
    assert view.class_of_service == "fixed-date"
    assert view.due_at == T0 + timedelta(days=3)
    fields = [c.field for c in queries.list_changes(session, item_id)]
    assert fields == ["created", "due_at", "fixed_date"]


def test_assign_needs_something_to_assign(session: Session) -> None:
    item_id = add(session, incident(session))
    with pytest.raises(InvalidInput):
        actions.assign_action_item(session=session, actor=ALICE, now=T0, item_id=item_id)


def test_list_filters_and_overdue(session: Session) -> None:
    inc = incident(session)
    p0 = add(session, inc, priority=Priority.P0)
    p1 = add(session, inc, priority=Priority.P1, item_type=ItemType.DOCS, owner="bob")
    done = add(session, inc, priority=Priority.P0)
    move(session, done, Status.DONE)

    def ids(**criteria: object) -> list[str]:
        page = queries.list_action_items(session, queries.ItemFilter(**criteria))  # type: ignore[arg-type]
        return [i.id for i in page.items]

    assert ids() == [p0, done, p1]
    assert ids(priorities=["P1"]) == [p1]
    assert ids(teams=["Dev/sync-docs"]) == [p1]
    assert ids(owners=["bob"]) == [p1]
    assert ids(statuses=["done"]) == [done]
    assert ids(open_only=True) == [p0, p1]
    later = T0 + timedelta(days=2)
    assert [i.id for i in queries.list_overdue(session, later)] == [p0]
    assert item_view(queries.get_action_item(session, p0), POLICY, later).overdue is True


def test_link_and_remote_status(session: Session) -> None:
    item_id = add(session, incident(session))
    actions.link_external_issue(
        session=session,
        actor=ALICE,
        now=T0,
        item_id=item_id,
        tracker="github",
        key="acme/ops#42",
        url="https://github.com/acme/ops/issues/42",
    )
    actions.apply_remote_status(
        session=session,
        actor=ALICE,
        now=T0 + timedelta(hours=1),
        item_id=item_id,
        raw="closed (completed)",
        to=Status.DONE,
        reason="synced from GitHub: closed (completed)",
    )
    item = queries.get_action_item(session, item_id)
    assert (item.external_key, item.external_status, item.status) == (
        "acme/ops#42",
        "closed (completed)",
        "done",
    )
    assert item.synced_at == T0 + timedelta(hours=1)
    assert (
        queries.list_changes(session, item_id)[-1].note == "synced from GitHub: closed (completed)"
    )


def test_raised_as_done_is_closed_and_wont_do_cannot_be_raised(session: Session) -> None:
    inc = incident(session)
    done = queries.get_action_item(session, add(session, inc, status=Status.DONE))
    assert (done.status, done.closed_at) == ("done", T0)
    with pytest.raises(InvalidInput, match="won't do"):
        add(session, inc, status=Status.WONT_DO)


def test_import_skips_rows_raised_before(session: Session) -> None:
    inc = incident(session)
    drafts = [
        ActionItemDraft(
            incident_id=inc,
            title=f"Item {n}",
            item_type=ItemType.DOCS,
            priority=Priority.P2,
            postmortem_ref=f"pm.md#L{n}",
        )
        for n in (3, 4)
    ]
    added, skipped = actions.import_action_items(
        session=session, actor=ALICE, now=T0, policy=POLICY, drafts=drafts[:1]
    )
    assert ([i.id for i in added], skipped) == (["AI-001"], [])
    added, skipped = actions.import_action_items(
        session=session, actor=ALICE, now=T0, policy=POLICY, drafts=drafts
    )
    assert [i.id for i in added] == ["AI-002"]
    assert [d.postmortem_ref for d in skipped] == ["pm.md#L3"]
