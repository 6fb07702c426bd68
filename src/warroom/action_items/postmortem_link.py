"""Where action items meet postmortems: board stages, published incidents, document rows.

Postmortems list their incident's tracked items; the board's Post-mortem lane follows
each document's review status. Kept in one module so neither package reaches into the
other's internals.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from warroom.action_items.models import ActionItem
from warroom.action_items.queries import ItemFilter, all_action_items
from warroom.core.timefmt import shown_in
from warroom.postmortems.document import ActionRow
from warroom.postmortems.queries import list_postmortems

_STAGE = {"draft": "draft", "in_review": "in-review", "published": "published"}
_HORIZON = {"immediate": "short", "this-sprint": "mid", "roadmap": "long"}


def postmortem_stages(session: Session) -> dict[str, str]:
    """Board column of each incident's postmortem (incidents without one: "to-write")."""
    return {pm.incident_id: _STAGE.get(pm.status, "draft") for pm in list_postmortems(session)}


def published_incidents(session: Session) -> set[str]:
    return {pm.incident_id for pm in list_postmortems(session, statuses=["published"])}


def document_rows(session: Session, incident_id: str, tz: ZoneInfo) -> list[ActionRow]:
    """The incident's tracked items as rows of its postmortem's action-item table."""
    return [
        _row(item, tz) for item in all_action_items(session, ItemFilter(incident_id=incident_id))
    ]


def _row(item: ActionItem, tz: ZoneInfo) -> ActionRow:
    due = shown_in(item.due_at, tz).strftime("%Y-%m-%d") if item.due_at else ""
    return ActionRow(
        id=item.id,
        title=item.title,
        owner=item.owner or item.team,
        due=due,
        priority=item.priority,
        horizon=_HORIZON.get(item.horizon, ""),
        status=item.status,
    )
