"""Map a tracker's status onto ours, changing only what the tracker actually knows.

GitHub can only say open or closed (and why it was closed), so an open issue never
moves a local item between backlog, todo, in progress and blocked; it only reopens an
item closed here. Jira's categories say a little more (new / in progress / done).
"""

from __future__ import annotations

from dataclasses import dataclass

from warroom.action_items.rules import CLOSED_STATUSES, Status
from warroom.integrations.trackers.base import RemoteState


@dataclass(frozen=True, slots=True)
class Reconciled:
    status: Status
    reason: str


def reconcile(current: Status, remote: RemoteState, *, tracker: str, raw: str) -> Reconciled | None:
    """Return the status to move to, or None when the local one already agrees."""
    target = _target(current, remote)
    if target is None or target is current:
        return None
    if current in CLOSED_STATUSES and target in CLOSED_STATUSES:
        return None  # done here and declined there (or the reverse): a person decides
    return Reconciled(target, f"synced from {tracker}: {raw}")


def _target(current: Status, remote: RemoteState) -> Status | None:
    closed = current in CLOSED_STATUSES
    match remote:
        case RemoteState.OPEN:
            return Status.TODO if closed else None
        case RemoteState.ACTIVE:
            return (
                Status.IN_PROGRESS if closed or current in (Status.BACKLOG, Status.TODO) else None
            )
        case RemoteState.BLOCKED:
            return Status.BLOCKED
        case RemoteState.DONE:
            return Status.DONE
        case RemoteState.DECLINED:
            return Status.WONT_DO
