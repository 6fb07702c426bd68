"""Follow-up figures for managers: counts, completion rate and time to close by group.

The window counts items raised since `since`; "overdue" is as of `now`. Seam for
postmortems: pass the incidents whose postmortem is published to list the items they
left open (000: a postmortem is the start of the follow-up, not the end).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.action_items import rules
from warroom.action_items.models import ActionItem
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.queries import ItemFilter, all_action_items
from warroom.action_items.rules import Status
from warroom.action_items.schemas import Report, ReportRow
from warroom.action_items.views import item_view

_ALL = "all"


def build_report(
    session: Session,
    *,
    policy: ActionPolicy,
    now: datetime,
    since: datetime,
    published_incidents: Collection[str] = (),
) -> Report:
    items = all_action_items(session, ItemFilter(created_since=since))
    still_open: list[ActionItem] = []
    if published_incidents:
        open_items = all_action_items(session, ItemFilter(open_only=True))
        still_open = [i for i in open_items if i.incident_id in published_incidents]
    return Report(
        since=since,
        until=now,
        total=_rows(items, now, lambda _i: _ALL)[0] if items else _empty(_ALL),
        by_team=_rows(items, now, lambda i: i.team),
        by_priority=_rows(items, now, lambda i: i.priority),
        by_incident=_rows(items, now, lambda i: i.incident_id),
        open_after_publication=[item_view(i, policy, now) for i in still_open],
    )


def _rows(
    items: list[ActionItem], now: datetime, key: Callable[[ActionItem], str]
) -> list[ReportRow]:
    groups: dict[str, list[ActionItem]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return [
        ReportRow.from_tally(name, rules.tally((_facts(i) for i in group), now))
        for name, group in sorted(groups.items())
    ]


def _facts(item: ActionItem) -> tuple[Status, datetime | None, datetime, datetime | None]:
    return Status(item.status), item.due_at, item.created_at, item.closed_at


def _empty(key: str) -> ReportRow:
    return ReportRow.from_tally(key, rules.Tally())
