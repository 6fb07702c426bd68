"""Pure escalation and delivery rules: targets, the default matrix, channel order, retries.

No session and no I/O: `engine` and `dispatch` apply these inside transactions.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from warroom.errors import InvalidInput

TARGET_KINDS = ("oncall", "person", "role", "team", "channel", "external")
# 003 §7.2: pager, chat, phone, e-mail, SMS (webhooks last: machines, not people).
CHANNEL_ORDER = ("ntfy", "pagerduty", "opsgenie", "slack", "teams", "voice", "email", "sms")
PERSONAL_KINDS = ("email", "sms", "voice", "slack", "ntfy")
SHARED_KINDS = (
    "slack_webhook",
    "slack_chat",
    "teams",
    "webhook",
    "ntfy",
    "pagerduty",
    "opsgenie",
    "email",
)
# A person without rules is paged on every verified method in the 003 §7.2 order; the
# phone call and the SMS wait 5 minutes ("when unanswered", "backup").
DEFAULT_DELAY_MINUTES = {"voice": 5, "sms": 5}
BUCKETS = ((0, 15), (15, 30), (30, 60), (60, 120), (120, None))
ACK_STATES = ("acknowledged", "investigating", "mitigated", "resolved", "closed")


@dataclass(frozen=True, slots=True)
class Target:
    """Who a step pages: `kind:value[:role]`, e.g. oncall:primary, team:team-leads."""

    kind: str
    value: str
    role: str = ""

    def __str__(self) -> str:
        return ":".join(p for p in (self.kind, self.value, self.role) if p)


def parse_target(text: str) -> Target:
    """Read `oncall:primary` (the service's schedule), `oncall:SCHEDULE:secondary`, …"""
    parts = [p.strip() for p in text.strip().split(":")]
    kind = parts[0].lower()
    if kind not in TARGET_KINDS or len(parts) < 2 or not parts[1]:
        raise InvalidInput(
            f"'{text}' is not an escalation target",
            hint="Use oncall:primary, oncall:SCHEDULE:secondary, person:HANDLE, "
            "role:tech_lead, team:NAME, channel:NAME or external:NAME (external:* for all).",
        )
    if kind == "oncall":
        if len(parts) == 2:
            return Target("oncall", "", parts[1].lower())  # the incident's services' schedules
        return Target("oncall", parts[1], parts[2].lower() or "primary")
    return Target(kind, parts[1].lower() if kind != "external" else parts[1])


@dataclass(frozen=True, slots=True)
class Step:
    at_minutes: int
    targets: tuple[Target, ...]
    note: str = ""


def parse_steps(raw: list[dict[str, Any]]) -> list[Step]:
    steps = []
    for item in raw:
        at = int(item.get("at", 0))
        if at < 0:
            raise InvalidInput("a step cannot start before paging does", hint="Use at: 0 or more.")
        targets = tuple(parse_target(str(t)) for t in item.get("targets", []))
        if not targets:
            raise InvalidInput("every step needs at least one target", hint="targets: [...]")
        steps.append(Step(at, targets, str(item.get("note", ""))))
    if [s.at_minutes for s in steps] != sorted(s.at_minutes for s in steps):
        raise InvalidInput("steps must be in time order", hint="Sort them by `at`.")
    return steps


def step_due(started: datetime, step: Step, repeat: int, cycle_minutes: int) -> datetime:
    """When step falls due: its minute in the policy, plus one cycle per repeat."""
    return started + timedelta(minutes=step.at_minutes + repeat * cycle_minutes)


def cycle_minutes(steps: list[Step], repeat_after: int) -> int:
    return (steps[-1].at_minutes if steps else 0) + max(1, repeat_after)


def _step(at: int, *targets: str, note: str = "") -> dict[str, Any]:
    return {"at": at, "targets": list(targets), "note": note}


# 003 §7.1 by severity × elapsed time, with §4.2's "no answer → the secondary".
DEFAULT_POLICIES: dict[str, dict[str, Any]] = {
    "P1": {
        "description": "003 §7.1 P1: on-call + Tech Lead, IC + team leads at 15 min, "
        "CTO/VP at 30, executives at 1 h, external support at 2 h",
        "steps": [
            _step(0, "oncall:primary", "role:tech_lead"),
            _step(15, "oncall:secondary", "role:incident_commander", "team:team-leads"),
            _step(30, "team:leadership", note="CTO / VP of Engineering"),
            _step(60, "team:executives", note="report to executives"),
            _step(120, "external:*", note="consider external expert support"),
        ],
    },
    "P2": {
        "description": "003 §7.1 P2: on-call, Tech Lead at 15 min, secondary + IC + team "
        "leads at 30, CTO at 1 h, executives at 2 h",
        "steps": [
            _step(0, "oncall:primary"),
            _step(15, "role:tech_lead"),
            _step(30, "oncall:secondary", "role:incident_commander", "team:team-leads"),
            _step(60, "team:leadership", note="report to the CTO"),
            _step(120, "team:executives", note="report to executives"),
        ],
    },
    "P3": {
        "description": "003 §7.1 P3: on-call, secondary + Tech Lead at 30 min, team lead "
        "at 1 h, IC designation review at 2 h",
        "steps": [
            _step(0, "oncall:primary"),
            _step(30, "oncall:secondary", "role:tech_lead"),
            _step(60, "team:team-leads"),
            _step(120, "role:incident_commander", note="review whether an IC is needed"),
        ],
    },
    "P4": {"description": "003 §7.1 P4: backlog only, nobody is paged", "steps": []},
}


def bucket_of(at_minutes: int) -> int:
    for index, (low, high) in enumerate(BUCKETS):
        if at_minutes >= low and (high is None or at_minutes < high):
            return index
    return len(BUCKETS) - 1


def matrix_row(steps: list[Step]) -> list[list[str]]:
    """The targets of each §7.1 column (0–15, 15–30, 30–60 min, 1–2 h, 2 h+)."""
    row: list[list[str]] = [[] for _ in BUCKETS]
    for step in steps:
        row[bucket_of(step.at_minutes)].extend(str(t) for t in step.targets)
    return row


def default_methods(kinds: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """(method id, delay) for a person without rules: every verified method, §7.2 order."""
    ordered = sorted(kinds, key=lambda m: (_order(m[1]), m[0]))
    return [(method_id, DEFAULT_DELAY_MINUTES.get(kind, 0)) for method_id, kind in ordered]


def _order(kind: str) -> int:
    return CHANNEL_ORDER.index(kind) if kind in CHANNEL_ORDER else len(CHANNEL_ORDER)


def delivery_key(*parts: object) -> str:
    """The idempotency key: readable, or hashed when it would not fit its column."""
    key = ":".join(str(p) for p in parts)
    if len(key) <= 200:
        return key
    return key[:120] + "#" + hashlib.sha256(key.encode()).hexdigest()


def retry_delay(attempt: int, retry_after: float | None, base: float = 5.0) -> timedelta:
    """Wait after failed attempt `attempt`: exponential, capped at 10 min, or Retry-After."""
    backoff = min(600.0, base * 2 ** (attempt - 1))
    wait = max(backoff, retry_after or 0.0) if retry_after is not None else backoff
    return timedelta(seconds=min(wait, 3600.0))


def hash_code(method_id: int, code: str) -> str:
    return hashlib.sha256(f"{method_id}:{code.strip()}".encode()).hexdigest()


def code_matches(method_id: int, code: str, stored: str | None) -> bool:
    return stored is not None and hmac.compare_digest(hash_code(method_id, code), stored)


def validate_address(kind: str, address: str) -> str:
    value = address.strip()
    if kind not in PERSONAL_KINDS:
        raise InvalidInput(
            f"'{kind}' is not a contact method", hint=f"Use one of: {', '.join(PERSONAL_KINDS)}."
        )
    if kind == "email" and ("@" not in value or " " in value):
        raise InvalidInput(f"'{address}' is not an e-mail address", hint="e.g. jane@example.com")
    if kind in ("sms", "voice") and not (value.startswith("+") and value[1:].isdigit()):
        raise InvalidInput(
            f"'{address}' is not a phone number in E.164 form", hint="e.g. +821012345678"
        )
    if not value:
        raise InvalidInput("a contact method needs an address", hint="e.g. U024BE7LH for Slack")
    return value


def severity_rank(level: str) -> int:
    return ("P1", "P2", "P3", "P4").index(level) if level in ("P1", "P2", "P3", "P4") else 9
