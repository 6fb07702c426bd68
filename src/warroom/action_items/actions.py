"""Action item writes: raise, move on the board, assign, reschedule, link and sync.

Each action validates with `rules`, mutates, writes one `ActionItemChange` per field
(who, when, from -> to) and the matching entry on the incident's timeline, and never
commits: the transport wraps one call in `unit_of_work`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.action_items import rules
from warroom.action_items.models import ActionItem, ActionItemChange
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.queries import (
    PREFIX,
    count_in_status,
    find_by_postmortem_ref,
    get_action_item,
)
from warroom.action_items.rules import CLOSED_STATUSES, ClassOfService, Status
from warroom.action_items.schemas import ActionItemDraft
from warroom.action_items.views import class_of_service
from warroom.core.actor import Actor
from warroom.core.ids import format_sequential_id
from warroom.db.counters import hold, next_value
from warroom.errors import InvalidInput
from warroom.incidents.queries import get_incident
from warroom.timeline import actions as timeline
from warroom.timeline.rules import EventKind


def add_action_item(
    *, session: Session, actor: Actor, now: datetime, policy: ActionPolicy, draft: ActionItemDraft
) -> ActionItem:
    """Raise a follow-up: team from the routing table, due date and horizon from priority.

    WIP limits govern pulling work into a column, not recording work that already
    exists, so an item raised as in progress or done is not refused for a full column.
    """
    if draft.status is Status.WONT_DO:
        raise InvalidInput(
            "an item cannot be raised as won't do",
            hint="Raise it, then close it with `warroom action move ID wont-do --reason ...`.",
        )
    incident = get_incident(session, draft.incident_id, lock=True)
    title = _clean_title(draft.title)
    number = next_value(session, PREFIX)
    item = ActionItem(
        id=format_sequential_id(PREFIX, number),
        number=number,
        incident_id=incident.id,
        title=title,
        description=draft.description.strip(),
        item_type=draft.item_type.value,
        priority=draft.priority.value,
        horizon=(draft.horizon or rules.default_horizon(draft.priority)).value,
        status=draft.status.value,
        postmortem_ref=draft.postmortem_ref,
        owner=_handle(draft.owner),
        team=(draft.team or "").strip() or rules.route_team(draft.item_type, policy.routing),
        due_at=rules.check_due(
            draft.due_at or rules.default_due(draft.priority, now, policy.due_hours),
            now,
            title=title,
        ),
        fixed_date=draft.fixed_date,
        created_by=str(actor),
        created_at=now,
        updated_at=now,
        closed_at=now if draft.status in CLOSED_STATUSES else None,
    )
    session.add(item)
    session.flush()
    due = item.due_at.isoformat() if item.due_at else "-"
    state = "" if draft.status is Status.BACKLOG else f", {item.status}"
    _Edit(session, item, actor, now).log("created", None, item.status, note=None)
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.ACTION,
        now=now,
        body=f"{item.id} raised: {title} ({item.priority} {item.item_type} → {item.team}{state})",
        data={"action_item": item.id, "change": "created", "team": item.team, "due_at": due},
    )
    return item


def import_action_items(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: ActionPolicy,
    drafts: list[ActionItemDraft],
) -> tuple[list[ActionItem], list[ActionItemDraft]]:
    """Raise every draft not imported before (same postmortem file and line); all or none."""
    added: list[ActionItem] = []
    skipped: list[ActionItemDraft] = []
    for draft in drafts:
        if draft.postmortem_ref and find_by_postmortem_ref(session, draft.postmortem_ref):
            skipped.append(draft)
            continue
        added.append(
            add_action_item(session=session, actor=actor, now=now, policy=policy, draft=draft)
        )
    return added, skipped


def move_action_item(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: ActionPolicy,
    item_id: str,
    to: Status,
    reason: str | None = None,
) -> ActionItem:
    """Move an item to another status (board column); full columns refuse non-Expedite items.

    A limited column is counted under its own lock (`counters.hold`), so two moves
    into its last free slot cannot both see it free: the second waits, then counts
    the first. Expedite items ignore the limit and take no lock.
    """
    item = _locked(session, item_id)
    current = Status(item.status)
    rules.ensure_transition(current, to, reason=reason)
    limit = rules.wip_limit(policy.wip_limits, rules.LANE_ACTIONS, to.value)
    cos = class_of_service(item, policy)
    if limit is not None and cos is not ClassOfService.EXPEDITE:
        hold(session, rules.wip_scope(rules.LANE_ACTIONS, to.value))
    rules.ensure_within_wip(
        lane=rules.LANE_ACTIONS,
        column=to.value,
        limit=limit,
        occupied=count_in_status(session, to, excluding=item.id),
        cos=cos,
    )
    _Edit(session, item, actor, now).set_status(to, reason)
    return item


def assign_action_item(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    item_id: str,
    owner: str | None = None,
    team: str | None = None,
    unassign: bool = False,
) -> ActionItem:
    """Hand the item to a person and/or a team; each changed field is recorded."""
    if owner is None and team is None and not unassign:
        raise InvalidInput("nothing to assign", hint="Give --owner HANDLE and/or --team TEAM.")
    item = _locked(session, item_id)
    edit = _Edit(session, item, actor, now)
    new_owner = None if unassign else (_handle(owner) if owner is not None else item.owner)
    if new_owner != item.owner:
        edit.change("owner", item.owner, new_owner)
        item.owner = new_owner
    if team is not None and team.strip() and team.strip() != item.team:
        edit.change("team", item.team, team.strip())
        item.team = team.strip()
    item.updated_at = now
    return item


def reschedule_action_item(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    item_id: str,
    due_at: datetime,
    fixed_date: bool | None = None,
    reason: str | None = None,
) -> ActionItem:
    """Change the due date; `fixed_date` marks it a hard date (Fixed Date class of service)."""
    rules.check_due(due_at, now)
    item = _locked(session, item_id)
    edit = _Edit(session, item, actor, now)
    old = item.due_at.isoformat() if item.due_at else None
    if item.due_at != due_at:
        edit.change("due_at", old, due_at.isoformat(), note=reason)
        item.due_at = due_at
    if fixed_date is not None and fixed_date != item.fixed_date:
        edit.change("fixed_date", str(item.fixed_date), str(fixed_date))
        item.fixed_date = fixed_date
    item.updated_at = now
    return item


def link_external_issue(
    *, session: Session, actor: Actor, now: datetime, item_id: str, tracker: str, key: str, url: str
) -> ActionItem:
    """Remember the issue an item was pushed to, so `sync` can read its status back."""
    item = _locked(session, item_id)
    _Edit(session, item, actor, now).change(
        "external", item.external_url, url, note=f"{tracker} {key}"
    )
    item.external_tracker, item.external_key, item.external_url = tracker, key, url
    item.synced_at = now
    item.updated_at = now
    return item


def apply_remote_status(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    item_id: str,
    raw: str,
    to: Status | None,
    reason: str,
) -> ActionItem:
    """Record what the tracker says and, when it moves the item, move it here too.

    WIP limits are not applied: the work has already moved in the tracker, and refusing
    would only make the board lie.
    """
    item = _locked(session, item_id)
    item.external_status = raw
    item.synced_at = now
    if to is not None and to.value != item.status:
        _Edit(session, item, actor, now).set_status(to, reason)
    return item


@dataclass(frozen=True, slots=True)
class _Edit:
    """One action's context: every change it records shares who, when and which item."""

    session: Session
    item: ActionItem
    actor: Actor
    now: datetime

    def set_status(self, to: Status, reason: str | None) -> None:
        item, previous = self.item, self.item.status
        note = (reason or "").strip() or None
        item.status = to.value
        item.status_reason = note if to in (Status.WONT_DO, Status.BLOCKED) else None
        item.closed_at = self.now if to in CLOSED_STATUSES else None
        item.updated_at = self.now
        self.change("status", previous, to.value, note=note)

    def change(
        self, field: str, old: str | None, new: str | None, *, note: str | None = None
    ) -> None:
        item = self.item
        self.log(field, old, new, note=note)
        body = f"{item.id} {field}: {old or '-'} → {new or '-'}" + (f" ({note})" if note else "")
        timeline.record(
            self.session,
            incident_id=item.incident_id,
            actor=self.actor,
            kind=EventKind.ACTION,
            now=self.now,
            body=body,
            data={"action_item": item.id, "field": field, "from": old, "to": new, "note": note},
        )

    def log(self, field: str, old: str | None, new: str | None, *, note: str | None) -> None:
        self.session.add(
            ActionItemChange(
                item_id=self.item.id,
                at=self.now,
                actor=str(self.actor),
                field=field,
                old=old,
                new=new,
                note=note,
            )
        )


def _locked(session: Session, item_id: str) -> ActionItem:
    # Lock the incident first: the timeline numbers its events under that lock.
    item = get_action_item(session, item_id)
    get_incident(session, item.incident_id, lock=True)
    return get_action_item(session, item_id, lock=True)


def _clean_title(title: str) -> str:
    text = " ".join(title.split())
    if not text:
        raise InvalidInput("an action item needs a title", hint='e.g. "Alert on pool usage".')
    return text


def _handle(value: str | None) -> str | None:
    cleaned = (value or "").strip().removeprefix("@")
    return cleaned or None
