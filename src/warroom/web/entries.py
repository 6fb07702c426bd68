"""System timeline entries in the reader's language.

Actions store an English body for the record ("detected → acknowledged",
"incident_commander: minsu") and the facts in `data`; pages and the live stream show
the facts through the catalogs instead, with any note the person added.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from warroom.i18n import N_
from warroom.web.vocabulary import label_of

Gettext = Callable[[str], str]


def _state(_: Gettext, value: Any) -> str:
    return _(label_of("state", str(value)))


def system_text(kind: str, body: str, data: dict[str, Any], _: Gettext) -> str | None:
    """The entry's text for this reader, or None when the stored body is the person's own."""
    if kind == "status_change":
        return _status(body, data, _)
    if kind == "note":
        return _note(body, data, _)
    if kind == "role_change" and "role" in data and "to" in data:
        role = _(label_of("role", str(data["role"])))
        if data.get("from"):
            return _("{role}: {previous} → {person}").format(
                role=role, previous=data["from"], person=data["to"]
            )
        return _("{role}: {person}").format(role=role, person=data["to"])
    if kind == "severity_change" and "from" in data and "to" in data:
        return _("{previous} → {level}: {reason}").format(
            previous=data["from"], level=data["to"], reason=body
        )
    return None


def _note(body: str, data: dict[str, Any], _: Gettext) -> str | None:
    """A postmortem step or a key-event mark; None for a note a person wrote."""
    if isinstance(data.get("postmortem"), str):
        return _postmortem(body, data, _)
    if isinstance(data.get("key_mark"), int):
        marked = data.get("key")
        text = _("★ Marked #{n} as a key event") if marked else _("Unmarked #{n} as a key event")
        return text.format(n=data["key_mark"])
    return None


def _status(body: str, data: dict[str, Any], _: Gettext) -> str | None:
    if "to" not in data:
        return None
    if "from" not in data:  # declared
        title = body.split(": ", 1)[1] if ": " in body else body
        return _("Declared {level}: {title}").format(level=data.get("severity", ""), title=title)
    if data.get("reopen"):
        return _("Reopened: {reason}").format(reason=body)
    text = f"{_state(_, data['from'])} → {_state(_, data['to'])}"
    implied = data.get("implied")
    if isinstance(implied, list) and implied:
        text += " " + _("(implies {states})").format(
            states=", ".join(_state(_, s) for s in implied)
        )
    canonical = f"{data['from']} → {data['to']}"
    if body.startswith(canonical):
        return text
    return f"{text}: {body}"  # the note the person wrote with the change


# What a postmortem step's note says; `{approver}` and `{reason}` come from the entry.
_STEPS = {
    "drafted": N_("Postmortem drafted"),
    "imported": N_("Postmortem edits imported"),
    "submitted": N_("Postmortem submitted for review; approver {approver}"),
    "approved": N_("Postmortem approved"),
    "changes_requested": N_("Changes requested: {reason}"),
    "published": N_("Postmortem published"),
}


def _postmortem(body: str, data: dict[str, Any], _: Gettext) -> str | None:
    text = _STEPS.get(str(data["postmortem"]))
    if text is None:
        return None
    reason = body.split(": ", 1)[1] if ": " in body else body
    return _(text).format(approver=data.get("approver", "-"), reason=reason)
