"""Print on-call tables: 003 §4.2's weekly table, the rules, the hand-overs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.table import Table

from warroom.cli.options import gettext
from warroom.cli.runtime import console

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from warroom.oncall.schemas import ScheduleDetail
    from warroom.oncall.weeks import Change, WeekRow


def _t(value: datetime, zone: ZoneInfo) -> str:
    return f"{value.astimezone(zone):%m-%d %H:%M}"


def week_note(row: WeekRow, zone: ZoneInfo) -> str:
    """The table's note column: public holidays and overrides of the week."""
    _ = gettext()
    parts = [
        _("holiday {day} {name}").format(day=f"{day:%m-%d}", name=name).strip()
        for day, name in row.holidays
    ]
    parts += [
        _("override: {person} {start}–{end}").format(
            person=s.person, start=_t(s.start, zone), end=_t(s.end, zone)
        )
        for s in row.overridden
    ]
    return "; ".join(parts)


def oncall_weeks(info: ScheduleDetail, table: list[WeekRow], zone: ZoneInfo) -> None:
    _ = gettext()
    roles = list(dict.fromkeys(role for row in table for role in row.main)) or [
        "primary",
        "secondary",
    ]
    out = Table(title=f"{info.name} ({zone.key})", title_justify="left")
    out.add_column(_("Week"), no_wrap=True)
    out.add_column(_("Dates"), no_wrap=True)
    for role in roles:
        out.add_column(_(role))
    out.add_column(_("Note"))
    for row in table:
        people = [(row.main.get(role) or ["-"])[0] for role in roles]
        dates = f"{row.first:%m-%d} ~ {row.last:%m-%d}"
        out.add_row(f"W{row.week}", dates, *people, week_note(row, zone))
    console().print(out)


def oncall_rules(info: ScheduleDetail, zone: ZoneInfo) -> None:
    _ = gettext()
    out = console()
    if info.on_call:
        now = ", ".join(f"{_(o.role)} {o.person}" for o in info.on_call)
        out.print(_("on call now: {who}").format(who=now))
    else:
        out.print(_("nobody is on call now"))
    if info.services:
        out.print(_("covers: {services}").format(services=", ".join(info.services)))
    rules = Table(title=_("Rotations"), title_justify="left")
    for header in (_("Name"), _("Role"), _("Layer"), _("People"), _("Length"), _("Hand-off")):
        rules.add_column(header)
    rules.add_column(_("On-call hours"))
    for r in info.rotations:
        hours = "; ".join(r.windows) or _("all the time")
        if r.holidays:
            hours += "; " + _("public holidays")
        rules.add_row(
            r.name, _(r.role), str(r.layer), ", ".join(r.people), _(r.length), r.handoff, hours
        )
    out.print(rules)
    if info.overrides:
        table = Table(title=_("Overrides"), title_justify="left")
        for header in ("#", _("Role"), _("Kind"), _("Person"), _("From"), _("To"), _("Reason")):
            table.add_column(header)
        for o in info.overrides:
            table.add_row(
                str(o.id),
                _(o.role),
                _(o.kind),
                o.person,
                _t(o.start, zone),
                _t(o.end, zone),
                o.reason,
            )
        out.print(table)


def oncall_handovers(info: ScheduleDetail, upcoming: Change | None, zone: ZoneInfo) -> None:
    _ = gettext()
    out = console()
    if upcoming is not None:
        out.print(
            _("next hand-over {at}: {outgoing} → {incoming}").format(
                at=_t(upcoming.at, zone),
                outgoing=", ".join(upcoming.outgoing),
                incoming=", ".join(upcoming.incoming),
            )
        )
    for note in info.pending_notes:
        out.print(f"  • {note.body} ({note.author}, {_t(note.created_at, zone)})")
    for done in info.handovers:
        summary = done.summary
        out.print(
            _("hand-over {at}: {outgoing} → {incoming}").format(
                at=_t(done.at, zone),
                outgoing=", ".join(done.outgoing),
                incoming=", ".join(done.incoming),
            )
        )
        out.print(
            "  "
            + _("{incidents} open incidents, {alerts} firing alerts, {items} overdue items").format(
                incidents=len(summary.get("incidents", [])),
                alerts=len(summary.get("alerts", [])),
                items=len(summary.get("overdue_items", [])),
            )
        )
        for note in summary.get("notes", []):
            out.print(f"  • {note['body']} ({note['author']})")
