"""Turn a chat channel's messages into timeline entries, once (idempotent by message id).

Authors map to warroom people by e-mail, then by handle; the others stay visible as
`slack:name` and are reported. A message with a decision or action keyword (English
or Korean) or a key reaction is a key event (it shows in the postmortem draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.core.bounds import NOTE_MAX
from warroom.incidents.chat_export import KEY_REACTIONS, ChatExport, ChatMessage
from warroom.incidents.queries import get_incident
from warroom.people.queries import list_people
from warroom.timeline import actions as timeline
from warroom.timeline.queries import list_events
from warroom.timeline.rules import EventKind

DECISION_WORDS = ("decided", "decision", "we will", "결정", "하기로")
ACTION_WORDS = (
    "action:",
    "rolled back",
    "rolling back",
    "roll back",
    "rollback",
    "restarted",
    "failover",
    "failed over",
    "deployed",
    "scaled",
    "롤백",
    "재시작",
    "배포",
    "조치",
    "전환",
)


@dataclass
class ChatImportReport:
    incident_id: str
    imported: int = 0
    key: int = 0
    already: int = 0
    skipped: int = 0
    unmapped: list[str] = field(default_factory=list)


def classify(message: ChatMessage) -> tuple[EventKind, bool]:
    """The timeline kind of a message and whether it is a key event."""
    text = message.text.lower()
    if any(word in text for word in DECISION_WORDS):
        return EventKind.DECISION, True
    if any(word in text for word in ACTION_WORDS):
        return EventKind.ACTION, True
    return EventKind.NOTE, bool(message.reactions & KEY_REACTIONS)


def import_chat(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    export: ChatExport,
    channel: str,
    source: str = "slack",
) -> ChatImportReport:
    """Append the channel's messages not yet imported to the incident's timeline."""
    incident = get_incident(session, incident_id, lock=True)
    report = ChatImportReport(incident_id=incident.id, skipped=export.skipped)
    seen = {
        str(e.data.get("chat_id"))
        for e in list_events(session, incident.id)
        if e.data.get("chat_source") == source and e.data.get("channel") == channel
    }
    people = list_people(session)
    by_email = {p.email.lower(): p.handle for p in people if p.email}
    handles = {p.handle for p in people}
    unmapped: dict[str, None] = {}
    for message in export.messages:
        if message.message_id in seen:
            report.already += 1
            continue
        if message.at > now:
            report.skipped += 1
            continue
        author = message.author
        handle = by_email.get((author.email or "").lower()) or (
            author.name.lower() if author.name.lower() in handles else None
        )
        if handle is None:
            unmapped[author.name] = None
        kind, key = classify(message)
        timeline.record(
            session,
            incident_id=incident.id,
            actor=Actor(handle=handle) if handle else Actor(handle=author.name, kind=source),
            kind=kind,
            now=now,
            occurred_at=message.at,
            body=_body(message),
            data={
                "chat_source": source,
                "channel": channel,
                "chat_id": message.message_id,
                "reply_to": message.thread_id,
                "files": [{"name": n, "link": link} for n, link in message.files],
                "imported_by": str(actor),
            },
            key=key,
        )
        seen.add(message.message_id)
        report.imported += 1
        report.key += int(key)
    if report.imported:
        incident.updated_at = now
    report.unmapped = sorted(unmapped)
    return report


def _body(message: ChatMessage) -> str:
    text = message.text.strip()
    if message.thread_id:
        text = "↳ " + text
    for name, link in message.files:
        text += f"\n\n📎 [{name}]({link})" if link else f"\n\n📎 {name}"
    return text if len(text) <= NOTE_MAX else text[: NOTE_MAX - 1] + "…"
