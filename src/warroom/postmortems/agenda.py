"""The 90-minute postmortem meeting agenda of seed 001, filled with one incident's data."""

from __future__ import annotations

from collections.abc import Sequence

from warroom.i18n import translator
from warroom.postmortems.document import Document
from warroom.postmortems.draft import when
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy

SLOTS = (
    ("00:00-00:10", "Build the timeline", "timeline"),
    ("00:10-00:40", "Root cause analysis (5 Whys)", "root_cause"),
    ("00:40-01:00", "Improvements", "improvements"),
    ("01:00-01:30", "Action items", "actions"),
)


def agenda(
    pm: Postmortem,
    doc: Document,
    roles: Sequence[tuple[str, str]],
    policy: PostmortemPolicy,
    lang: str,
) -> str:
    """Markdown agenda: attendees, four time boxes, and what is already known for each."""
    _ = translator(lang).gettext
    missing = _("(not written yet: fill it in during this slot)")
    people = [f"{handle} ({_(role)})" for role, handle in roles]
    people += [f"{r} ({_('reviewer')})" for r in pm.reviewers]
    if pm.approver:
        people.append(f"{pm.approver} ({_('approver')})")
    lines = [
        f"# {_('Postmortem meeting')}: {doc.meta.title} ({pm.incident_id})",
        "",
        f"- {_('Length')}: {_('90 minutes')}",
        f"- {_('Hold by')}: {when(pm.review_due_at, policy.tz)}",
        f"- {_('Attendees')}: {', '.join(dict.fromkeys(people)) or missing}",
        f"- {_('Ground rule')}: "
        + _("blameless: ask what in the system allowed it, never who caused it."),
        "",
    ]
    for slot, title, key in SLOTS:
        lines += [f"## {slot} {_(title)}", ""]
        lines += _slot(key, doc, _) or [f"- {missing}"]
        lines.append("")
    return "\n".join(lines)


def _slot(key: str, doc: Document, _: object) -> list[str]:
    if key == "timeline":
        return [f"- {r.time} {r.event}" + (f" ({r.note})" if r.note else "") for r in doc.timeline]
    if key == "root_cause":
        whys = [f"{n}. {w.question} -> {w.answer}" for n, w in enumerate(doc.five_whys, 1)]
        direct = [f"- {doc.root_cause_direct}"] if doc.root_cause_direct else []
        return direct + whys
    if key == "improvements":
        return [f"- {item}" for item in (*doc.contributing_factors, *doc.went_wrong)]
    return [
        f"- {a.id} {a.title} | {a.owner or '?'} | {a.priority or '?'} | {a.due or '?'}"
        for a in doc.action_items
    ]
