"""Job kinds and scopes that cross layers: incidents enqueue them, notifications handle them.

They live here, in the queue's layer, so `incidents` can start paging and cancel it in
its own transaction without importing `notifications` (which sits above it).
"""

from __future__ import annotations

PAGE = "notify.page"  # {"incident": id}: start (or re-evaluate) paging, announce
INCIDENT_EVENT = "notify.event"  # {"incident": id, "event": "resolved" | "update", ...}
STEP = "notify.step"  # {"run": id, "step": n, "repeat": r}: one escalation step falls due
SEND = "notify.send"  # {"delivery": id}: one message to one destination (detached)
REMIND = "notify.remind"  # {"incident": id}: the status-update cadence check (003 §4.3)


def page_scope(incident_id: str) -> str:
    """Pending escalation steps and page sends: an acknowledgement cancels them."""
    return f"page:{incident_id}"


def remind_scope(incident_id: str) -> str:
    """Status-update reminders: resolving the incident cancels them."""
    return f"remind:{incident_id}"
