"""Pure ingestion rules: which incoming alert state wins, and the integration's knobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from warroom.alerts.severity import DEFAULT_MAPPING as DEFAULT_SEVERITY
from warroom.alerts.severity import SeverityMapping
from warroom.alerts.sources.base import NormalizedAlert
from warroom.errors import Conflict, InvalidInput

Change = Literal["firing", "refiring", "resolved"]
INTEGRATION_KINDS = ("alertmanager", "pagerduty", "webhook")
DEFAULT_AUTO_RECOVERY = timedelta(minutes=5)
DEFAULT_FLAP_WINDOW = timedelta(minutes=15)
DEFAULT_FLAP_THRESHOLD = 3


@dataclass(frozen=True, slots=True)
class IngestPolicy:
    """What an integration decides: severity mapping, auto-recovery window, flapping."""

    severity: SeverityMapping = DEFAULT_SEVERITY
    auto_recovery: timedelta = DEFAULT_AUTO_RECOVERY
    flap_window: timedelta = DEFAULT_FLAP_WINDOW
    flap_threshold: int = DEFAULT_FLAP_THRESHOLD

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> IngestPolicy:
        return cls(
            severity=SeverityMapping.from_config(config.get("severity")),
            auto_recovery=timedelta(
                seconds=float(config.get("auto_recovery_seconds", DEFAULT_AUTO_RECOVERY.seconds))
            ),
            flap_window=timedelta(
                seconds=float(config.get("flap_window_seconds", DEFAULT_FLAP_WINDOW.seconds))
            ),
            flap_threshold=int(config.get("flap_threshold", DEFAULT_FLAP_THRESHOLD)),
        )


@dataclass(frozen=True, slots=True)
class Known:
    """The stored state of one alert, as far as ordering is concerned."""

    status: str
    starts_at: datetime | None
    ends_at: datetime | None


def _order(status: str, starts_at: datetime | None) -> tuple[datetime | None, int]:
    return (starts_at, 1 if status == "resolved" else 0)


def change_for(known: Known | None, incoming: NormalizedAlert) -> Change | None:
    """Return what applying `incoming` changes, or None when it is stale or a repeat.

    Alertmanager states are ordered by (startsAt, firing < resolved): a redelivery is
    equal (nothing to do), an older delivery arriving late is lower (ignored), a new
    firing after a resolution has a later startsAt. Sources without start times fall
    back to "a different status is a change".
    """
    if known is None:
        return "firing" if incoming.status == "firing" else "resolved"
    if incoming.starts_at is not None and known.starts_at is not None:
        if _order(incoming.status, incoming.starts_at) <= _order(known.status, known.starts_at):
            return None
    elif incoming.status == known.status:
        return None
    if incoming.status == "resolved":
        return "resolved" if known.status == "firing" else None
    return "refiring" if known.status == "resolved" else None


def is_flap(last_resolved_at: datetime | None, now: datetime, policy: IngestPolicy) -> bool:
    """A group that fires again soon after it resolved is flapping once more."""
    return last_resolved_at is not None and now - last_resolved_at <= policy.flap_window


# The timeline shows an alert, it does not archive it: each label or annotation value
# is cut at MAX_SHOWN_VALUE characters and the line at MAX_SHOWN_LINE, and the entry
# says so. The raw delivery keeps everything (`warroom alerts deliveries`).
MAX_SHOWN_VALUE = 200
MAX_SHOWN_LINE = 2000
CUT_NOTE = " [shortened here; the full alert: warroom alerts show, and its raw delivery]"


def alert_line(change: Change, labels: dict[str, Any], annotations: dict[str, Any]) -> str:
    """Describe one alert change for the timeline: `Firing: HighLatency instance=web-1 — …`."""
    verb = {"firing": "Firing", "refiring": "Firing again", "resolved": "Resolved"}[change]
    name, cut_name = _shown(str(labels.get("alertname", "")))
    shown = [
        (_shown(str(k)), _shown(str(v)))
        for k, v in sorted(labels.items())
        if k not in ("alertname", "severity")
    ]
    scope = " ".join(f"{k}={v}" for (k, _), (v, _) in shown)
    summary, cut_summary = _shown(str(annotations.get("summary", "")))
    text = " ".join(part for part in (verb + ":", name, scope) if part)
    line = f"{text} — {summary}" if summary else text
    cut = cut_name or cut_summary or any(a or b for (_, a), (_, b) in shown)
    if len(line) > MAX_SHOWN_LINE:
        line, cut = line[:MAX_SHOWN_LINE] + "…", True
    return line + CUT_NOTE if cut else line


def _shown(value: str) -> tuple[str, bool]:
    if len(value) <= MAX_SHOWN_VALUE:
        return value, False
    return value[:MAX_SHOWN_VALUE] + "…", True


CONFIG_KEYS = frozenset(
    {"auto_recovery_seconds", "flap_window_seconds", "flap_threshold", "severity", "mapping"}
)


def check_config(config: dict[str, Any]) -> None:
    """Validate an integration's config as a whole, naming what is wrong."""
    from warroom.alerts.sources.base import PayloadError
    from warroom.alerts.sources.webhook import WebhookMapping

    unknown = sorted(set(config) - CONFIG_KEYS)
    if unknown:
        raise InvalidInput(
            f"unknown integration setting(s): {', '.join(unknown)}",
            hint=f"Use: {', '.join(sorted(CONFIG_KEYS))} (docs/alerts.md).",
        )
    try:
        policy = IngestPolicy.from_config(config)
        WebhookMapping.from_config(config.get("mapping"))
    except PayloadError as error:
        raise InvalidInput(error.message, hint="See docs/alerts.md, field mapping.") from None
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            f"invalid integration setting: {exc}", hint="See docs/alerts.md."
        ) from None
    if policy.auto_recovery.total_seconds() < 0 or policy.flap_threshold < 1:
        raise InvalidInput(
            "auto_recovery_seconds must be >= 0 and flap_threshold >= 1",
            hint="For example --auto-recovery 300.",
        )


def require_kind(kind: str) -> str:
    value = kind.strip().lower()
    if value not in INTEGRATION_KINDS:
        raise InvalidInput(
            f"unknown integration kind '{kind}'",
            hint=f"Use one of: {', '.join(INTEGRATION_KINDS)}.",
        )
    return value


def require_name(name: str) -> str:
    value = name.strip()
    if not value or len(value) > 64 or not all(c.isalnum() or c in "-_." for c in value):
        raise InvalidInput(
            f"'{name}' is not a usable integration name",
            hint="Use 1-64 letters, digits, '-', '_' or '.', e.g. --name prod.",
        )
    return value


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how soon the applier tries a delivery again before dead-lettering it.

    A failure the database undoes (a deadlock, a constraint, a bug in the applier) is
    retried after `first_delay`, doubling up to `max_delay`; the attempt that reaches
    `max_attempts` moves the delivery to the dead letters (`failed`).
    """

    max_attempts: int = 5
    first_delay: timedelta = timedelta(seconds=10)
    max_delay: timedelta = timedelta(minutes=5)

    def exhausted(self, attempts: int) -> bool:
        return attempts >= self.max_attempts

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failure (1: the first delay)."""
        doubled: timedelta = self.first_delay * 2 ** min(max(attempts - 1, 0), 30)
        return min(doubled, self.max_delay)


DEFAULT_RETRY = RetryPolicy()
DEAD_LETTER = "failed"


def ensure_retryable(delivery_id: int, status: str, *, later_applied: int, force: bool) -> None:
    """Only a dead letter goes back; over newer state of its group only when forced.

    A group's deliveries are applied in order. Retrying an old one after later ones
    were applied is a late redelivery: harmless for sources that carry start times
    (Alertmanager), but a PagerDuty trigger would fire a resolved group again.
    """
    if status != DEAD_LETTER:
        raise Conflict(
            f"delivery {delivery_id} is {status}, not failed: only dead letters are retried",
            hint="`warroom alerts deliveries --failed` lists them.",
            code="not_dead_letter",
        )
    if later_applied and not force:
        raise Conflict(
            f"{later_applied} later delivery(ies) of the same group were applied since "
            f"delivery {delivery_id} failed",
            hint="Check the group with `warroom alerts show`; retry with --force (API: "
            '{"force": true}) to apply it anyway as a late redelivery.',
            code="later_deliveries_applied",
        )
