"""Display labels for stored identifiers (states, kinds, roles, ...), marked for gettext.

Stored values stay stable English identifiers; pages show `_(label)` in the reader's
language. A configured role missing here is shown as its identifier.
"""

from __future__ import annotations

from warroom.i18n import N_

LABELS: dict[str, dict[str, str]] = {
    "state": {
        "detected": N_("Detected"),
        "acknowledged": N_("Acknowledged"),
        "investigating": N_("Investigating"),
        "mitigated": N_("Mitigated"),
        "resolved": N_("Resolved"),
        "closed": N_("Closed"),
    },
    "action": {
        "acknowledged": N_("Acknowledge"),
        "investigating": N_("Start investigating"),
        "mitigated": N_("Mark mitigated"),
        "resolved": N_("Resolve"),
        "closed": N_("Close"),
    },
    "kind": {
        "alert": N_("Alert"),
        "status_change": N_("Status change"),
        "severity_change": N_("Severity change"),
        "role_change": N_("Role change"),
        "note": N_("Note"),
        "action": N_("Action"),
        "decision": N_("Decision"),
        "communication": N_("Communication"),
        "deploy": N_("Deploy"),
        "evidence": N_("Evidence"),
        "runbook_step": N_("Runbook step"),
        "correction": N_("Correction"),
    },
    "role": {
        "incident_commander": N_("Incident Commander"),
        "communication_lead": N_("Communication Lead"),
        "tech_lead": N_("Tech Lead"),
        "oncall_engineer": N_("On-call Engineer"),
        "ops_engineer": N_("Ops Engineer"),
        "dba": N_("DBA"),
    },
    "verdict": {
        "met": N_("met"),
        "breached": N_("breached"),
        "pending": N_("pending"),
        "no_target": N_("no target"),
    },
    "account": {"viewer": N_("viewer"), "responder": N_("responder"), "admin": N_("admin")},
    "delivery": {
        "pending": N_("due"),
        "retrying": N_("retrying"),
        "sending": N_("sending"),
        "sent": N_("sent"),
        "failed": N_("failed"),
        "cancelled": N_("not sent (acknowledged)"),
        "suppressed": N_("withheld (drill)"),
    },
    "users": {
        "very_few": N_("Very few users"),
        "some": N_("Some users"),
        "many": N_("Many users"),
        "all": N_("All users"),
    },
    "business": {
        "revenue": N_("Revenue loss"),
        "work": N_("Work disruption"),
        "inconvenience": N_("Inconvenience"),
    },
    "source": {
        "monitoring": N_("Infrastructure monitoring"),
        "apm": N_("APM"),
        "logs": N_("Log analysis"),
        "synthetic": N_("Synthetic check"),
        "user_report": N_("User report"),
    },
    "level": {"P1": N_("Critical"), "P2": N_("Major"), "P3": N_("Minor"), "P4": N_("Low")},
    # Postmortem statuses use the identifiers the postmortems package translates.
    "pm": {"draft": N_("draft"), "in_review": N_("in_review"), "published": N_("published")},
    "decision": {
        "approved": N_("approved"),
        "changes_requested": N_("changes requested"),
        "published": N_("published"),
    },
    "cos": {"expedite": N_("Expedite"), "fixed-date": N_("Fixed date"), "standard": N_("Standard")},
    "column": {
        "backlog": N_("Backlog"),
        "todo": N_("To do"),
        "in-progress": N_("In progress"),
        "blocked": N_("Blocked"),
        "done": N_("Done"),
    },
}

# Titles the board module gives its lanes and columns, shown through gettext.
BOARD_TITLES = [
    N_("Incident"),
    N_("Post-mortem"),
    N_("Incident Action Items"),
    N_("To write"),
    N_("Draft"),
    N_("In review"),
]


def label_of(table: str, key: str) -> str:
    """The untranslated label of `key`; the caller passes it through gettext."""
    return LABELS.get(table, {}).get(key, key)
