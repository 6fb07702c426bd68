"""What every tracker client speaks: a draft issue in, a reference and a status out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from warroom.errors import WarroomError


class RemoteState(StrEnum):
    """A tracker's status reduced to what our statuses can learn from it."""

    OPEN = "open"  # not started, or just "open" (GitHub cannot say more)
    ACTIVE = "active"  # someone is working on it
    BLOCKED = "blocked"
    DONE = "done"
    DECLINED = "declined"  # closed without doing it


@dataclass(frozen=True, slots=True)
class IssueDraft:
    """An action item as an outside tracker should see it."""

    ref: str  # AI-001
    title: str
    description: str
    incident_id: str
    priority: str
    item_type: str
    team: str
    owner: str | None = None
    due: date | None = None
    labels: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class ExternalIssue:
    tracker: str  # "github" or "jira"
    key: str  # "owner/repo#42" or "OPS-17"
    url: str


@dataclass(frozen=True, slots=True)
class RemoteStatus:
    key: str
    raw: str  # the tracker's own words, e.g. "closed (not_planned)" or "In Review"
    state: RemoteState


class Tracker(Protocol):
    name: str

    def create_issue(self, draft: IssueDraft) -> ExternalIssue: ...

    def fetch_status(self, key: str) -> RemoteStatus: ...


class TrackerError(WarroomError):
    """The tracker refused or could not be reached; nothing local was changed."""

    code = "tracker_error"
    exit_code = 7


class TrackerRateLimited(TrackerError):
    code = "tracker_rate_limited"

    def __init__(self, message: str, *, retry_after: float | None, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after
