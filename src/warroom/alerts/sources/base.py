"""What every alert source normalises into, and the helpers the parsers share.

Sources are pure functions from a decoded JSON body to a `NormalizedGroup`; they never
touch the database, so each format is tested with tables of payloads.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from warroom.errors import InvalidInput

AlertStatus = Literal["firing", "resolved"]
GroupAction = Literal["update", "acknowledge", "resolve"]


class PayloadError(InvalidInput):
    """A payload that cannot be applied; `errors` lists every reason, for the 400 body."""

    code = "invalid_payload"
    http_status = 400

    def __init__(self, errors: list[str], *, source: str) -> None:
        summary = "; ".join(errors[:3]) + (f" (+{len(errors) - 3} more)" if len(errors) > 3 else "")
        super().__init__(
            f"invalid {source} payload: {summary}",
            hint="The payload was kept for inspection: `warroom alerts deliveries --rejected`.",
        )
        self.errors = errors


@dataclass(frozen=True, slots=True)
class NormalizedAlert:
    fingerprint: str
    status: AlertStatus
    labels: dict[str, str]
    annotations: dict[str, str] = field(default_factory=dict)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    url: str = ""


@dataclass(frozen=True, slots=True)
class NormalizedGroup:
    """One delivery about one alert group, whatever the wire format was.

    `key` is the group's identity across sources (Alertmanager's groupKey hashed the
    way its PagerDuty notifier hashes it), so the webhook and PagerDuty receivers of
    one Alertmanager land on the same group. Alerts absent from a delivery keep their
    last known state: only explicit statuses change anything.

    `action` is "update" (apply the alerts' statuses), "acknowledge" (someone acted on
    the group at the source) or "resolve" (every alert of the group is resolved, as a
    PagerDuty resolve for a dedup_key says).
    """

    source: str
    key: str
    title: str
    alerts: tuple[NormalizedAlert, ...]
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    action: GroupAction = "update"
    external_key: str = ""  # the source's own name for the group (groupKey, dedup_key)
    url: str = ""

    @property
    def all_resolved(self) -> bool:
        return all(alert.status == "resolved" for alert in self.alerts)


def group_key_hash(group_key: str) -> str:
    """Hash a group key as Alertmanager's PagerDuty notifier derives `dedup_key` (sha256 hex)."""
    return hashlib.sha256(group_key.encode("utf-8")).hexdigest()


_FRACTION = re.compile(r"(\.\d{6})\d+")
GO_ZERO_TIME = datetime(1, 1, 1, tzinfo=UTC)


def parse_time(value: Any, where: str, errors: list[str]) -> datetime | None:
    """Parse an RFC 3339 time (nanoseconds allowed); Go's zero time and absence are None."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        errors.append(f"{where} must be an RFC 3339 time string")
        return None
    try:
        parsed = datetime.fromisoformat(_FRACTION.sub(r"\1", value.strip()))
    except ValueError:
        errors.append(f"{where} is not an RFC 3339 time: {value!r}")
        return None
    if parsed.tzinfo is None:
        errors.append(f"{where} has no time zone offset: {value!r}")
        return None
    parsed = parsed.astimezone(UTC)
    return None if parsed <= GO_ZERO_TIME else parsed


def string_map(value: Any, where: str, errors: list[str]) -> dict[str, str]:
    """Return a {str: str} map, or record why `value` is not one."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(f"{where} must be an object of strings")
        return {}
    bad = [key for key, item in value.items() if not isinstance(item, str)]
    if bad:
        errors.append(f"{where} values must be strings (not: {', '.join(sorted(bad)[:5])})")
        return {}
    return dict(value)


def optional_str(value: Any, where: str, errors: list[str], *, limit: int = 1024) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(f"{where} must be a string")
        return ""
    if len(value) > limit:
        errors.append(f"{where} is longer than {limit} characters")
        return ""
    return value


def require_object(body: Any, source: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise PayloadError(["the body must be a JSON object"], source=source)
    return body


REPLACEMENT = "\ufffd"  # what a NUL in alert text becomes (PostgreSQL text refuses NUL)


def clean_text(text: str) -> str:
    """Replace the characters PostgreSQL cannot store in text (NUL), on every database."""
    return text.replace("\x00", REPLACEMENT) if "\x00" in text else text


def clean_decoded(data: Any, *, escapes: bool, source: str) -> Any:
    """Return `data` with NUL replaced in every string and key; refuse lone surrogates.

    `escapes` says the JSON text held `\\u` escapes that could have produced either
    (anything else came from UTF-8 decoded with replacement, which holds neither), so
    the common body skips the walk. The walk is iterative: depth costs no stack.
    """
    if not escapes:
        return data
    errors: list[str] = []
    root: list[Any] = [data]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        parent, slot = stack.pop()
        value = parent[slot]
        if isinstance(value, str):
            parent[slot] = _clean_string(value, errors)
        elif isinstance(value, list):
            stack.extend((value, i) for i in range(len(value)))
        elif isinstance(value, dict):
            items = [(_clean_string(k, errors), v) for k, v in value.items()]
            value.clear()
            value.update(items)
            stack.extend((value, k) for k in value)
    if errors:
        raise PayloadError(errors[:1], source=source)
    return root[0]


def _clean_string(value: str, errors: list[str]) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        errors.append(
            "the body holds a lone UTF-16 surrogate (such as \\ud800): not valid Unicode text"
        )
        return value
    return clean_text(value)
