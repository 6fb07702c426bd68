"""The weekly plain-text digest each owner gets: what is late, what is due, what got done.

Plain text on purpose: it goes into e-mail and chat as it is (000: "track progress
regularly until every item is done").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from warroom.action_items.rules import OPEN_STATUSES, Status
from warroom.action_items.schemas import ActionItemView
from warroom.core.timefmt import shown_in

WEEK = timedelta(days=7)


def weekly_digest(
    items: Sequence[ActionItemView], *, owner: str, now: datetime, tz: ZoneInfo
) -> str:
    """Render one owner's digest; `items` may hold anyone's, only the owner's are used."""
    mine = [i for i in items if i.owner == owner]
    open_ = [i for i in mine if i.status in OPEN_STATUSES]
    overdue = [i for i in open_ if i.overdue]
    due_soon = [i for i in open_ if not i.overdue and i.due_at and i.due_at <= now + WEEK]
    later = [i for i in open_ if i not in overdue and i not in due_soon]
    done = [
        i
        for i in mine
        if i.status is Status.DONE and i.closed_at is not None and i.closed_at >= now - WEEK
    ]
    day = now.astimezone(tz).date().isoformat()
    lines = [f"Action items for {owner} — week of {day}", ""]
    lines += _section("Overdue", overdue, tz)
    lines += _section("Due in the next 7 days", due_soon, tz)
    lines += _section("Open, due later", later, tz)
    lines += _section("Done in the last 7 days", done, tz)
    lines.append(f"{len(open_)} open, {len(overdue)} overdue, {len(done)} done this week.")
    return "\n".join(lines) + "\n"


def _section(title: str, items: Sequence[ActionItemView], tz: ZoneInfo) -> list[str]:
    if not items:
        return []
    lines = [f"{title} ({len(items)})"]
    for item in items:
        due = shown_in(item.due_at, tz).strftime("%Y-%m-%d") if item.due_at else "no due date"
        lines.append(
            f"  {item.id}  [{item.priority}] {item.title}  (due {due}, {item.status.value}, "
            f"{item.incident_id})"
        )
    return [*lines, ""]


def owners(items: Sequence[ActionItemView]) -> list[str]:
    return sorted({i.owner for i in items if i.owner})
