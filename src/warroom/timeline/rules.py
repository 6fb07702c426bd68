"""Timeline vocabulary and the rules for corrections."""

from __future__ import annotations

from enum import StrEnum

from warroom.core.bounds import NOTE_MAX, check_length
from warroom.errors import InvalidInput


class EventKind(StrEnum):
    ALERT = "alert"
    STATUS_CHANGE = "status_change"
    SEVERITY_CHANGE = "severity_change"
    ROLE_CHANGE = "role_change"
    NOTE = "note"
    ACTION = "action"
    DECISION = "decision"
    COMMUNICATION = "communication"
    DEPLOY = "deploy"
    EVIDENCE = "evidence"
    RUNBOOK_STEP = "runbook_step"
    CORRECTION = "correction"


# What a person may add by hand; the rest are written by actions.
MANUAL_KINDS = frozenset(
    {
        EventKind.NOTE,
        EventKind.ACTION,
        EventKind.DECISION,
        EventKind.COMMUNICATION,
        EventKind.DEPLOY,
        EventKind.EVIDENCE,
        EventKind.RUNBOOK_STEP,
        EventKind.ALERT,
    }
)

# Events that a postmortem timeline shows by default.
KEY_KINDS = frozenset(
    {EventKind.STATUS_CHANGE, EventKind.SEVERITY_CHANGE, EventKind.DECISION, EventKind.DEPLOY}
)


def parse_manual_kind(value: str) -> EventKind:
    try:
        kind = EventKind(value.strip().lower().replace("-", "_"))
    except ValueError:
        kind = None
    if kind is None or kind not in MANUAL_KINDS:
        allowed = ", ".join(sorted(k.value for k in MANUAL_KINDS))
        raise InvalidInput(
            f"'{value}' is not a timeline event kind", hint=f"Use one of: {allowed}."
        )
    return kind


def require_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise InvalidInput(
            "a timeline entry needs text", hint='Say what happened, e.g. "Rolled back to v2.3.3".'
        )
    return check_length(text, limit=NOTE_MAX, what="text")
