"""Build a first draft from what the incident already knows; invent nothing.

Facts (times in the team's zone, durations, SLA verdicts, roles, key timeline events,
severity, impact category, services, status updates) are filled in; everything only
people can write stays empty, and the template shows it as a placeholder with guidance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from warroom.core.timefmt import duration, shown_in
from warroom.i18n import N_, translator
from warroom.incidents.models import Incident, RoleAssignment, StatusUpdate
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.views import IncidentFacts, facts
from warroom.postmortems import wording
from warroom.postmortems.document import ActionRow, Document, DurationRow, Meta, TimelineRow
from warroom.postmortems.findings import supporting_information
from warroom.severity.rules import NAMES
from warroom.timeline.models import TimelineEvent
from warroom.timeline.queries import superseded_ids

Gettext = Callable[[str], str]

USER_IMPACT = {
    "very_few": N_("very few users"),
    "some": N_("some users (under half)"),
    "many": N_("many users (half or more)"),
    "all": N_("all users"),
}
VERDICT = {
    "met": N_("met"),
    "breached": N_("breached"),
    "pending": N_("pending"),
    "no_target": N_("no target"),
}
KIND = {
    "status_change": N_("status"),
    "severity_change": N_("severity"),
    "decision": N_("decision"),
    "deploy": N_("deploy"),
    "action": N_("action"),
    "alert": N_("alert"),
    "note": N_("note"),
    "communication": N_("communication"),
    "evidence": N_("evidence"),
    "runbook_step": N_("runbook step"),
    "role_change": N_("role"),
}


# Shown in the draft's timeline even when nobody marked them as key events: what the
# monitoring said, which runbook steps ran, and what the evidence showed.
ALWAYS_SHOWN = frozenset({"alert", "runbook_step", "evidence"})


def when(value: datetime | None, tz: ZoneInfo) -> str:
    if value is None:
        return ""
    shown = shown_in(value, tz)
    return f"{shown:%Y-%m-%d %H:%M} {shown.tzname()}"


def span(value: timedelta | None) -> str:
    return "" if value is None else duration(value)


def build_document(
    *,
    incident: Incident,
    events: Sequence[TimelineEvent],
    updates: Sequence[StatusUpdate],
    roles: Sequence[RoleAssignment],
    policy: IncidentPolicy,
    lang: str,
    author: str,
    now: datetime,
    action_items: Sequence[ActionRow] = (),
    related: Sequence[str] = (),
) -> Document:
    """Return a draft document for a resolved incident.

    `related` are the "Related incidents" items, found by the transport (analytics).
    """
    _ = translator(lang).gettext
    tz = policy.tz
    known = facts(incident, policy, now)
    restored = incident.mitigated_at or incident.resolved_at
    if incident.mitigated_at and incident.resolved_at:
        restored = min(incident.mitigated_at, incident.resolved_at)
    downtime = wording.span(known.durations.downtime, lang)
    return Document(
        meta=Meta(
            incident_id=incident.id,
            title=incident.title,
            severity=_severity(incident.severity, policy, _),
            occurred_at=when(incident.started_at, tz),
            detected_at=when(incident.detected_at, tz),
            recovered_at=when(restored, tz),
            duration=downtime,
            scope=", ".join(incident.services),
            incident_commander=_holder(roles, "incident_commander"),
            # "minsu · 장애 총괄 (IC)": the role name may carry its own parenthesis.
            responders=[f"{r.handle} · {_(r.role)}" for r in roles],
            deploy=incident.deploy_version or "",
            authors=[author],
            written_on=f"{now.astimezone(tz):%Y-%m-%d}",
        ),
        tldr=incident.summary,
        impact_users=_(USER_IMPACT[incident.user_impact]) if incident.user_impact else "",
        impact_duration=_impact_window(incident.started_at, restored, downtime, tz),
        impact_systems=", ".join(incident.services),
        timeline=_timeline(incident, events, tz, _),
        durations=_durations(incident, known, policy, lang),
        action_items=list(action_items),
        related_incidents=list(related),
        sign_off_author=author,
        appendix_communication=_communication(updates, tz),
        **supporting_information(events, _),
    )


def _severity(level: str, policy: IncidentPolicy, _: Gettext) -> str:
    name = NAMES.get(level)
    label = policy.severity.label(level)
    return f"{label} {_(name)}" if name else label


def _holder(roles: Sequence[RoleAssignment], role: str) -> str:
    holders = [r.handle for r in roles if r.role == role]
    return ", ".join(dict.fromkeys(holders))


def _impact_window(start: datetime, end: datetime | None, total: str, tz: ZoneInfo) -> str:
    if end is None:
        return ""
    return f"{when(start, tz)} ~ {when(end, tz)} ({total})"


def _timeline(
    incident: Incident, events: Sequence[TimelineEvent], tz: ZoneInfo, _: Gettext
) -> list[TimelineRow]:
    rows: list[tuple[datetime, TimelineRow]] = []
    if incident.started_at < incident.detected_at:
        began = TimelineRow(time=when(incident.started_at, tz), event=_("Impact began"))
        rows.append((incident.started_at, began))
    if incident.detected_at < incident.declared_at:
        label = _("Detected ({source})").format(source=_(incident.detection_source))
        rows.append(
            (incident.detected_at, TimelineRow(time=when(incident.detected_at, tz), event=label))
        )
    hidden = superseded_ids(events)
    for event in events:
        if event.id in hidden or not (event.key or event.kind in ALWAYS_SHOWN):
            continue
        note = f"{event.actor} · {_(KIND.get(event.kind, event.kind))}"
        text = event_text(event, _)
        row = TimelineRow(time=when(event.occurred_at, tz), event=text, note=note)
        rows.append((event.occurred_at, row))
    return [row for _at, row in sorted(rows, key=lambda pair: pair[0])]


def event_text(event: TimelineEvent, _: Gettext) -> str:
    """The event's words in the draft's language when warroom wrote them, else as written.

    A state change keeps its translated states when it carries a note:
    "완화됨 → … : Removed from the load balancer" rather than the note alone.
    """
    data, body = event.data, event.body
    if event.kind == "status_change" and "from" in data and "to" in data:
        auto = f"{data['from']} → {data['to']}"
        label = f"{_(str(data['from']))} → {_(str(data['to']))}"
        if body.startswith(auto):
            rest = body.removeprefix(auto)
            implied = data.get("implied")
            if isinstance(implied, list) and implied:
                raw = f" (implies {', '.join(str(s) for s in implied)})"
                if rest.startswith(raw):
                    states = ", ".join(_(str(s)) for s in implied)
                    rest = " " + _("(implies {states})").format(states=states) + rest[len(raw) :]
            return label + rest
        return f"{label}: {body}" if body.strip() else label
    if event.kind == "status_change" and body.startswith("Declared "):
        return _("Declared") + " " + body.removeprefix("Declared ")
    if event.kind == "role_change" and "role" in data:
        who = f"{data['from']} → {data['to']}" if data.get("from") else str(data.get("to"))
        if body == f"{data['role']}: {who}":
            return f"{_(str(data['role']))}: {who}"
    return body


def _durations(
    incident: Incident, known: IncidentFacts, policy: IncidentPolicy, lang: str
) -> list[DurationRow]:
    """TTD…TTR and downtime; the SLA rows give the target and, as the result, the
    verdict with the deadline it was measured against."""
    _ = translator(lang).gettext
    d, sev, tz = known.durations, policy.severity, policy.tz

    def verdict(value: str, due: datetime | None) -> str:
        shown = _(VERDICT[value])
        return (
            _("{verdict} (deadline {when})").format(verdict=shown, when=when(due, tz))
            if due
            else shown
        )

    return [
        DurationRow(measure=_("Time to detect (TTD)"), value=wording.span(d.ttd, lang)),
        DurationRow(
            measure=_("Time to acknowledge (TTA)"),
            value=wording.span(d.tta, lang),
            target=wording.target(sev.response_target(incident.severity), lang, _),
            result=verdict(known.response.value, incident.response_due_at),
        ),
        DurationRow(measure=_("Time to mitigate (TTM)"), value=wording.span(d.ttm, lang)),
        DurationRow(measure=_("Time to resolve (TTR)"), value=wording.span(d.ttr, lang)),
        DurationRow(
            measure=_("Downtime / recovery (RTO)"),
            value=wording.span(d.downtime, lang),
            target=wording.target(sev.rto_target(incident.severity), lang, _),
            result=verdict(known.rto.value, incident.rto_due_at),
        ),
    ]


def _communication(updates: Sequence[StatusUpdate], tz: ZoneInfo) -> str:
    lines = [f"- {when(u.posted_at, tz)} · {u.author}: {' '.join(u.body.split())}" for u in updates]
    return "\n".join(lines)
