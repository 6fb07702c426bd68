"""Render what is sent: pages, announcements (the existing comms texts), reminders, codes.

Every text goes through the catalogs in the team's language; announcements, updates
and resolution notices reuse `postmortems.comms` (seed 001's chat message) as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from warroom.i18n import translator
from warroom.incidents.models import Incident, StatusUpdate
from warroom.notifications.context import Notifier
from warroom.notifications.ports import Message
from warroom.postmortems import comms
from warroom.postmortems.draft import when


def _labels(lang: str) -> dict[str, str]:
    _ = translator(lang).gettext
    return {"ack": _("Acknowledge"), "open": _("Open incident")}


def page(
    n: Notifier,
    incident: Incident,
    key: str,
    context: dict[str, Any],
    ack_url: str | None,
    *,
    runbooks: Sequence[tuple[str, str]] = (),
) -> Message:
    """A page: severity, title, why this person, the acknowledgement link, the room.

    The attached runbooks are linked; a drill's page says DRILL first, everywhere.
    """
    _ = translator(n.lang).gettext
    tz = n.incident_policy.tz
    label = n.incident_policy.severity.label(incident.severity)
    facts = (
        (_("Severity"), label),
        (_("State"), _(incident.state)),
        (_("Services"), ", ".join(incident.services) or "-"),
        (_("Detected"), when(incident.detected_at, tz)),
    )
    step = int(context.get("step", 0)) + 1
    why = _("Escalation step {n} ({at} min): you are paged as {why}.").format(
        n=step, at=context.get("at", 0), why=context.get("why", "")
    )
    url = n.incident_url(incident.id)
    drill = _("[DRILL]") + " " if incident.is_drill else ""
    lines = [f"{drill}🚨 {label} {incident.id}: {incident.title}", why, ""]
    lines += [f"{k}: {v}" for k, v in facts]
    if ack_url:
        lines += ["", _("Acknowledge (one click, no sign-in): {url}").format(url=ack_url)]
    lines.append(_("Incident room: {url}").format(url=url))
    for runbook_id, title in runbooks:
        link = f"{n.public_url}/runbooks/{runbook_id}"
        lines.append(_("Runbook: {title} {url}").format(title=title, url=link))
    text = "\n".join(lines) + "\n"
    return Message(
        key=key,
        purpose="page",
        subject=f"{drill}[{label}] {incident.id} {incident.title}",
        text=text,
        lang=n.lang,
        incident_id=incident.id,
        severity=incident.severity,
        title=incident.title,
        url=url,
        ack_url=ack_url,
        facts=facts,
        slack=_page_blocks(text, incident, facts=facts, url=url, ack_url=ack_url, lang=n.lang),
        labels=_labels(n.lang),
    )


def _page_blocks(
    text: str,
    incident: Incident,
    *,
    facts: tuple[tuple[str, str], ...],
    url: str,
    ack_url: str | None,
    lang: str,
) -> dict[str, Any]:
    labels = _labels(lang)
    buttons: list[dict[str, Any]] = []
    if ack_url:
        buttons.append(_button(labels["ack"], ack_url, "ack", primary=True))
    buttons.append(_button(labels["open"], url, "open"))
    first, *rest = text.split("\n\n", 1)
    return {
        "text": _escape(first),
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": first[:150]}},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _escape(rest[0] if rest else first)[:3000]},
                "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{_escape(v)}"} for k, v in facts],
            },
            {"type": "actions", "elements": buttons},
        ],
        "metadata": {"event_type": "warroom_page", "event_payload": {"incident": incident.id}},
    }


def _button(text: str, url: str, action: str, *, primary: bool = False) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "url": url,
        "action_id": f"warroom_{action}",
    }
    if primary:
        button["style"] = "primary"
    return button


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def announcement(
    n: Notifier,
    incident: Incident,
    key: str,
    *,
    kind: str,
    latest: StatusUpdate | None,
    now: datetime,
) -> Message:
    """Seed 001's announcement (declared, update, resolved) from `postmortems.comms`."""
    notice = comms.Notice(
        incident, latest, kind, n.lang, n.incident_policy, n.postmortem_policy, now
    )
    text = comms.announcement(notice)
    if incident.is_drill:
        text = _drill_prefix(n, text)
    purpose = {"declared": "announce", "update": "update", "resolved": "resolved"}[kind]
    return Message(
        key=key,
        purpose=purpose,
        subject=text.splitlines()[0],
        text=text,
        lang=n.lang,
        incident_id=incident.id,
        severity=incident.severity,
        title=incident.title,
        url=n.incident_url(incident.id),
        slack=comms.slack_message(notice),
        labels=_labels(n.lang),
    )


def _drill_prefix(n: Notifier, text: str) -> str:
    """Everything about a drill says so first (announcements are suppressed, but logged)."""
    return translator(n.lang).gettext("[DRILL]") + " " + text


def reminder(n: Notifier, incident: Incident, key: str, due: datetime) -> Message:
    """003 §4.3: the stakeholder update is due (P1 every 5 min, P2 every 15)."""
    _ = translator(n.lang).gettext
    minutes = n.incident_policy.cadence_minutes.get(incident.severity, 0)
    url = n.incident_url(incident.id)
    text = (
        _(
            "A status update on {id} ({title}) was due at {when}; updates go out every {n} min."
        ).format(
            id=incident.id,
            title=incident.title,
            when=when(due, n.incident_policy.tz),
            n=minutes,
        )
        + "\n"
        + _('Post one in the room ({url}) or with `warroom incident update {id} "…"`.').format(
            url=url, id=incident.id
        )
        + "\n"
    )
    return Message(
        key=key,
        purpose="reminder",
        subject=(_("[DRILL]") + " " if incident.is_drill else "")
        + _("[{sev}] {id}: status update due").format(sev=incident.severity, id=incident.id),
        text=text,
        lang=n.lang,
        incident_id=incident.id,
        severity=incident.severity,
        title=incident.title,
        url=url,
        labels=_labels(n.lang),
    )


def verification(n: Notifier, key: str, code: str) -> Message:
    _ = translator(n.lang).gettext
    text = _("Your warroom verification code is {code}. It expires in 15 minutes.").format(
        code=code
    )
    return Message(
        key=key,
        purpose="verify",
        subject=_("warroom verification code"),
        text=text,
        lang=n.lang,
        labels=_labels(n.lang),
    )


def test_message(n: Notifier, key: str, address: str) -> Message:
    _ = translator(n.lang).gettext
    text = _("This is a test message from warroom to {address}. No action is needed.").format(
        address=address
    )
    return Message(
        key=key,
        purpose="test",
        subject=_("warroom test message"),
        text=text,
        lang=n.lang,
        labels=_labels(n.lang),
    )
