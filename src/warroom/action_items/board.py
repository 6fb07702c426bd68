"""The kanban board of 003 appendix C: Incident, Post-mortem and Incident Action Items.

One function builds the whole board from the database; the terminal, the JSON output
and (later) the web page all render the same `Board`.

Seam for postmortems: until the postmortems package tracks documents, the Post-mortem
lane holds resolved and closed incidents, all "to write". Pass `postmortem_stages`
(incident ID -> "draft" / "in-review" / "published") to place them properly; a
published postmortem takes its incident off the board.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.action_items import rules
from warroom.action_items.models import ActionItem
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.queries import ItemFilter, all_action_items
from warroom.action_items.rules import ClassOfService, Status
from warroom.action_items.schemas import Board, Card, Column, Lane
from warroom.action_items.views import class_of_service, is_overdue
from warroom.incidents.models import Incident
from warroom.incidents.queries import list_active
from warroom.incidents.rules import FORWARD, State

LANE_TITLES = {
    rules.LANE_INCIDENT: "Incident",
    rules.LANE_POSTMORTEM: "Post-mortem",
    rules.LANE_ACTIONS: "Incident Action Items",
}
COLUMN_TITLES = {"todo": "To do", "in-progress": "In progress", "in-review": "In review"}
INCIDENT_COLUMNS = tuple(s.value for s in FORWARD[:4])
POSTMORTEM_COLUMNS = ("to-write", "draft", "in-review")
PUBLISHED = "published"
# R10: the postmortem draft is due within 24 hours of recovery (003 appendix A).
DRAFT_WITHIN = timedelta(hours=24)


def build_board(
    session: Session,
    *,
    policy: ActionPolicy,
    now: datetime,
    lanes: Collection[str] = rules.LANES,
    postmortem_stages: Mapping[str, str] | None = None,
) -> Board:
    built: list[Lane] = []
    if rules.LANE_INCIDENT in lanes:
        built.append(incident_lane(session, policy))
    if rules.LANE_POSTMORTEM in lanes:
        if postmortem_stages is None:
            from warroom.action_items.postmortem_link import postmortem_stages as stages_of

            postmortem_stages = stages_of(session)
        built.append(postmortem_lane(session, policy, now, postmortem_stages))
    if rules.LANE_ACTIONS in lanes:
        built.append(action_lane(session, policy, now))
    return Board(generated_at=now, lanes=built)


def incident_lane(session: Session, policy: ActionPolicy) -> Lane:
    columns = _columns(policy, rules.LANE_INCIDENT, INCIDENT_COLUMNS)
    for incident in list_active(session):
        cos = (
            ClassOfService.EXPEDITE
            if incident.severity in policy.expedite_severities
            else ClassOfService.STANDARD
        )
        card = Card(
            ref=incident.id,
            title=incident.title,
            class_of_service=cos,
            detail=" · ".join([incident.severity, *incident.services]),
        )
        columns[incident.state].cards.append(card)
    return _lane(rules.LANE_INCIDENT, columns)


def postmortem_lane(
    session: Session, policy: ActionPolicy, now: datetime, stages: Mapping[str, str]
) -> Lane:
    columns = _columns(policy, rules.LANE_POSTMORTEM, POSTMORTEM_COLUMNS)
    done = [State.RESOLVED.value, State.CLOSED.value]
    query = select(Incident).where(Incident.state.in_(done)).order_by(Incident.resolved_at)
    for incident in session.scalars(query):
        stage = stages.get(incident.id, POSTMORTEM_COLUMNS[0])
        if stage == PUBLISHED or stage not in columns:
            continue
        due = incident.resolved_at + DRAFT_WITHIN if incident.resolved_at else None
        late = stage == POSTMORTEM_COLUMNS[0] and due is not None and due < now
        card = Card(
            ref=incident.id,
            title=incident.title,
            class_of_service=ClassOfService.STANDARD,
            detail=incident.severity,
            due_at=due,
            overdue=late,
        )
        columns[stage].cards.append(card)
    return _lane(rules.LANE_POSTMORTEM, columns)


def action_lane(session: Session, policy: ActionPolicy, now: datetime) -> Lane:
    keys = tuple(s.value for s in rules.ACTION_COLUMNS)
    columns = _columns(policy, rules.LANE_ACTIONS, keys)
    recent = now - timedelta(days=policy.done_days)
    for item in all_action_items(session, ItemFilter(statuses=keys)):
        if item.status == Status.DONE and (item.closed_at is None or item.closed_at < recent):
            continue
        columns[item.status].cards.append(action_card(item, policy, now))
    return _lane(rules.LANE_ACTIONS, columns)


def action_card(item: ActionItem, policy: ActionPolicy, now: datetime) -> Card:
    who = f"@{item.owner}" if item.owner else "-"
    return Card(
        ref=item.id,
        title=item.title,
        class_of_service=class_of_service(item, policy),
        detail=f"{item.priority} · {item.team} · {who}\n{item.incident_id}",
        due_at=item.due_at,
        overdue=is_overdue(item, now),
        owner=item.owner,
        team=item.team,
        incident_id=item.incident_id,
    )


def _columns(policy: ActionPolicy, lane: str, keys: tuple[str, ...]) -> dict[str, Column]:
    return {
        key: Column(
            key=key,
            title=COLUMN_TITLES.get(key, key.replace("-", " ").capitalize()),
            wip_limit=rules.wip_limit(policy.wip_limits, lane, key),
        )
        for key in keys
    }


def _lane(key: str, columns: dict[str, Column]) -> Lane:
    for column in columns.values():
        # Expedite first (003: handled at once), then the soonest due.
        column.cards.sort(key=_order)
    return Lane(key=key, title=LANE_TITLES[key], columns=list(columns.values()))


def _order(card: Card) -> tuple[bool, bool, float]:
    due = card.due_at.timestamp() if card.due_at else 0.0
    return (card.class_of_service != ClassOfService.EXPEDITE, card.due_at is None, due)
