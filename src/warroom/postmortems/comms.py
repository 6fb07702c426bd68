"""Communication texts (R5): the announcement of seed 001 (declared, update, resolved)
as plain text or Slack Block Kit, and the brief incident report of 003 appendix B.

Text only: sending them is the notifications package's job. Unknowns stay visible
("under investigation") rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warroom.errors import InvalidInput
from warroom.i18n import translator
from warroom.incidents.models import Incident, StatusUpdate
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.views import facts
from warroom.postmortems.document import Document
from warroom.postmortems.draft import USER_IMPACT, span, when
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy

KINDS = ("declared", "update", "resolved")
HEADLINE = {"declared": "🚨 [INCIDENT]", "update": "🔄 [UPDATE]", "resolved": "✅ [RESOLVED]"}
Gettext = Callable[[str], str]


def parse_kind(value: str) -> str:
    kind = value.strip().lower()
    if kind not in KINDS:
        raise InvalidInput(
            f"unknown announcement kind '{value}'", hint="Use declared, update or resolved."
        )
    return kind


def _fields(
    incident: Incident, policy: IncidentPolicy, now: datetime, _: Gettext
) -> list[tuple[str, str]]:
    tz = policy.tz
    impact = _(USER_IMPACT[incident.user_impact]) if incident.user_impact else "-"
    known = facts(incident, policy, now)
    rows = [
        (_("Severity"), f"{policy.severity.label(incident.severity)}"),
        (_("State"), _(incident.state)),
        (_("Services"), ", ".join(incident.services) or "-"),
        (_("User impact"), impact),
        (_("Started"), when(incident.started_at, tz)),
        (_("Detected"), when(incident.detected_at, tz)),
    ]
    if incident.deploy_version:
        rows.append((_("Deploy / version"), incident.deploy_version))
    if incident.resolved_at:
        rows.append((_("Recovered"), when(incident.mitigated_at or incident.resolved_at, tz)))
        rows.append((_("Downtime"), span(known.durations.downtime)))
    return rows


def _next_steps(
    kind: str,
    incident: Incident,
    ip: IncidentPolicy,
    pp: PostmortemPolicy,
    now: datetime,
    _: Gettext,
) -> list[str]:
    if kind == "resolved" and incident.resolved_at:
        from warroom.postmortems.rules import draft_due, review_due

        draft = when(draft_due(incident.resolved_at, pp.draft_due), ip.tz)
        meeting = when(
            review_due(incident.resolved_at, pp.review_business_days, pp.tz, pp.business_hours),
            ip.tz,
        )
        return [
            _("Postmortem draft by {when}").format(when=draft),
            _("Postmortem review meeting by {when}").format(when=meeting),
        ]
    due = facts(incident, ip, now).next_update_due
    steps = [_("Root cause analysis continues")]
    if due:
        steps.append(_("Next update by {when}").format(when=when(due, ip.tz)))
    return steps


@dataclass(frozen=True, slots=True)
class Notice:
    """Everything one announcement is made from."""

    incident: Incident
    latest: StatusUpdate | None
    kind: str
    lang: str
    ip: IncidentPolicy
    pp: PostmortemPolicy
    now: datetime


def announcement(notice: Notice) -> str:
    """The chat message of seed 001 as plain text."""
    incident, latest, kind, lang = notice.incident, notice.latest, notice.kind, notice.lang
    ip, pp, now = notice.ip, notice.pp, notice.now
    _ = translator(lang).gettext
    lines = [f"{HEADLINE[kind]} {incident.title} ({incident.id})", "", _("Situation") + ":"]
    lines += [f"  {label}: {value}" for label, value in _fields(incident, ip, now, _)]
    lines.append(f"  {_('Cause')}: {incident.summary or _('under investigation')}")
    if latest is not None:
        lines += ["", _("Latest update") + ":", f"  {' '.join(latest.body.split())}"]
    lines += ["", _("Next steps") + ":"]
    lines += [
        f"  {n}. {step}" for n, step in enumerate(_next_steps(kind, incident, ip, pp, now, _), 1)
    ]
    return "\n".join(lines) + "\n"


def slack_message(notice: Notice) -> dict[str, Any]:
    """The same announcement as a Slack Block Kit payload (incoming webhook body)."""
    incident, latest, kind, lang = notice.incident, notice.latest, notice.kind, notice.lang
    ip, pp, now = notice.ip, notice.pp, notice.now
    _ = translator(lang).gettext

    def plain(text: str) -> dict[str, Any]:
        return {"type": "plain_text", "text": text[:150], "emoji": True}

    def mrkdwn(text: str) -> dict[str, Any]:
        return {"type": "mrkdwn", "text": _slack_escape(text)[:3000]}

    fields = [mrkdwn(f"*{label}*\n{value}") for label, value in _fields(incident, ip, now, _)]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(f"{HEADLINE[kind]} {incident.title}")},
        {"type": "section", "text": mrkdwn(f"*{incident.id}*"), "fields": fields[:10]},
        {
            "type": "section",
            "text": mrkdwn(f"*{_('Cause')}*\n{incident.summary or _('under investigation')}"),
        },
    ]
    if latest is not None:
        blocks.append({"type": "section", "text": mrkdwn(f"*{_('Latest update')}*\n{latest.body}")})
    steps = _next_steps(kind, incident, ip, pp, now, _)
    blocks.append({"type": "context", "elements": [mrkdwn(" · ".join(steps))]})
    fallback = announcement(notice)
    return {"text": _slack_escape(fallback), "blocks": blocks}


def _slack_escape(text: str) -> str:
    # Slack's own escaping: &, < and > (so "<!channel>" or "<url|x>" cannot be injected).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def brief_report(
    incident: Incident,
    pm: Postmortem | None,
    doc: Document | None,
    lang: str,
    ip: IncidentPolicy,
) -> str:
    """003 appendix B: the short report for management, from the incident and postmortem."""
    _ = translator(lang).gettext
    tbd = _("[TBD]")
    restored = incident.mitigated_at or incident.resolved_at
    impact = ", ".join(incident.services) or "-"
    if incident.user_impact:
        impact += f"; {_(USER_IMPACT[incident.user_impact])}"
    if pm is not None and pm.status == "published":
        status = _("Postmortem complete")
    elif incident.resolved_at:
        status = _("Service recovered")
    else:
        status = _("In progress")
    cause = (doc.root_cause_summary or doc.root_cause_direct) if doc else ""
    action = (doc.resolution_mitigation if doc else "") or ""
    rows = [
        (_("Incident ID"), incident.id),
        (_("Severity"), ip.severity.label(incident.severity)),
        (_("Occurred"), when(incident.started_at, ip.tz)),
        (_("Recovered"), when(restored, ip.tz) or tbd),
        (_("Impact"), doc.impact_users if doc and doc.impact_users else impact),
        (_("Cause"), " ".join(cause.split()) or tbd),
        (_("Action"), " ".join(action.split()) or tbd),
        (_("Status"), status),
    ]
    return "\n".join([f"[{_('Incident report')}]", *(f"- {k}: {v}" for k, v in rows)]) + "\n"
