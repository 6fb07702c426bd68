"""Plain-text output of the commands people run during an incident, from API JSON.

Standard library only, so the lean path (`warroom.cli.lean`) and the full Typer
commands print the same text from the same data, in local and remote mode alike.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from warroom.core.timefmt import local

# `typing` stays unimported at run time: the lean CLI path counts its start-up
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any
    from zoneinfo import ZoneInfo

    Gettext = Callable[[str], str]
    Json = dict[str, Any]

ACTIVE = ("detected", "acknowledged", "investigating", "mitigated")


def when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def width(text: str) -> int:
    """Columns a terminal gives `text` (Hangul and other wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    head = "  ".join(pad(cell, w) for cell, w in zip(header, widths, strict=True))
    return [line.rstrip() for line in [head, "  ".join("-" * w for w in widths), *lines]]


def incident_list(page: Json, tz: ZoneInfo, _: Gettext) -> str:
    items = page["items"]
    title = _("Incidents ({shown} of {total})").format(shown=len(items), total=page["total"])
    header = ["ID", _("Severity"), _("State"), _("Title"), _("Services"), _("Declared")]
    rows = [
        [
            item["id"],
            item["severity_label"],
            _(item["state"]),
            item["title"] + (" " + _("[drill]") if item["is_drill"] else ""),
            ", ".join(item["services"]),
            local(when(item["declared_at"]), tz),
        ]
        for item in items
    ]
    return "\n".join([title, *table(header, rows)])


def incident_report(detail: Json, headline: str, tz: ZoneInfo, _: Gettext) -> str:
    """What a write on an incident prints: id, headline, severity, state, the clocks."""
    lines = [f"{detail['id']} {_(headline)}: {detail['title']}"]
    lines.append(
        _("severity {sev}, state {state}").format(
            sev=detail["severity_label"], state=_(detail["state"])
        )
    )
    if detail["state"] in ACTIVE:
        sla = detail["sla"]
        lines.append(
            _("respond by {when} · recover by {rto}").format(
                when=local(when(sla["response_due_at"]), tz),
                rto=local(when(sla["rto_due_at"]), tz),
            )
        )
    return "\n".join(lines)


def entry_added(event: Json, incident_id: str, _: Gettext) -> str:
    return _("added #{n} to {incident}").format(n=event["id"], incident=incident_id)


def clock(value: datetime, tz: ZoneInfo) -> str:
    return f"{value.astimezone(tz):%Y-%m-%d %H:%M}"


def on_call(schedule: str, instant: datetime, tz: ZoneInfo, found: list[Json], _: Gettext) -> str:
    lines = [f"{schedule} — {clock(instant, tz)} {instant.astimezone(tz).tzname()}"]
    if not found:
        lines.append(_("nobody is on call"))
    for item in found:
        mark = f"  ({_('override')})" if item["overridden"] else ""
        start, end = when(item["start"]), when(item["end"])
        assert start is not None and end is not None
        span = _("{start} → {end}").format(start=clock(start, tz), end=clock(end, tz))
        lines.append(f"{_(item['role']):12s} {item['person']:12s} " + span + mark)
    return "\n".join(lines)
