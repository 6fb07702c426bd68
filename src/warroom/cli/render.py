"""Terminal rendering of incidents and timelines (Rich), in the chosen zone and language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from warroom.core.timefmt import duration, local
from warroom.incidents.schemas import EventOut, IncidentDetail, IncidentSummary

Gettext = Callable[[str], str]
SEVERITY_STYLE = {"P1": "bold white on red", "P2": "bold red", "P3": "yellow", "P4": "dim"}
VERDICT_STYLE = {"met": "green", "breached": "bold red", "pending": "yellow", "no_target": "dim"}


def incident_table(
    items: Sequence[IncidentSummary], tz: ZoneInfo, _: Gettext, *, total: int
) -> Table:
    title = _("Incidents ({shown} of {total})").format(shown=len(items), total=total)
    table = Table(title=title, title_justify="left")
    table.add_column("ID", no_wrap=True)
    table.add_column(_("Severity"), no_wrap=True)
    table.add_column(_("State"), no_wrap=True)
    table.add_column(_("Title"), ratio=3)
    table.add_column(_("Services"), ratio=1)
    table.add_column(_("Declared"), no_wrap=True)
    for item in items:
        table.add_row(
            item.id,
            Text(item.severity_label, style=SEVERITY_STYLE.get(item.severity, "")),
            _(item.state),
            item.title + (" " + _("[drill]") if item.is_drill else ""),
            ", ".join(item.services),
            local(item.declared_at, tz),
        )
    return table


def incident_panel(detail: IncidentDetail, tz: ZoneInfo, _: Gettext) -> Group:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    severity = Text(detail.severity_label, style=SEVERITY_STYLE.get(detail.severity, ""))
    rows: list[tuple[str, str | Text]] = [
        (_("Severity"), severity),
        (_("State"), _(detail.state)),
        (_("Services"), ", ".join(detail.services) or "-"),
        (_("Detection source"), _(detail.detection_source)),
        (_("Deploy / version"), detail.deploy_version or "-"),
        (_("Started"), local(detail.started_at, tz)),
        (_("Detected"), local(detail.detected_at, tz)),
        (_("Acknowledged"), local(detail.acknowledged_at, tz)),
        (_("Mitigated"), local(detail.mitigated_at, tz)),
        (_("Resolved"), local(detail.resolved_at, tz)),
        (_("Closed"), local(detail.closed_at, tz)),
    ]
    if detail.summary:
        rows.insert(0, (_("Summary"), detail.summary))
    if detail.close_override:
        rows.append((_("Closed early because"), detail.close_override))
    for label, value in rows:
        grid.add_row(label, value)
    return Group(
        Panel(grid, title=f"{detail.id}  {detail.title}", title_align="left"),
        sla_table(detail, tz, _),
        roles_table(detail, tz, _),
        timeline_table(detail.timeline, tz, _),
    )


def _secs(value: float | None) -> str:
    return duration(None if value is None else timedelta(seconds=value))


def sla_table(detail: IncidentDetail, tz: ZoneInfo, _: Gettext) -> Table:
    table = Table(title=_("SLA and durations"), title_justify="left")
    for header in (_("Measure"), _("Value"), _("Target / due"), _("Result")):
        table.add_column(header)
    d, sla = detail.durations, detail.sla
    table.add_row(
        _("Response (acknowledge)"),
        _secs(d.tta),
        local(sla.response_due_at, tz),
        Text(_(sla.response), style=VERDICT_STYLE[sla.response]),
    )
    table.add_row(
        _("Recovery (RTO)"),
        _secs(d.downtime),
        local(sla.rto_due_at, tz),
        Text(_(sla.rto), style=VERDICT_STYLE[sla.rto]),
    )
    for name, value in (("TTD", d.ttd), ("TTA", d.tta), ("TTM", d.ttm), ("TTR", d.ttr)):
        table.add_row(name, _secs(value), "", "")
    table.add_row(_("Downtime"), _secs(d.downtime), "", "")
    if detail.next_update_due is not None:
        overdue = Text(_("overdue"), style="bold red") if detail.update_overdue else Text("")
        table.add_row(_("Next status update"), "", local(detail.next_update_due, tz), overdue)
    return table


def roles_table(detail: IncidentDetail, tz: ZoneInfo, _: Gettext) -> Table:
    table = Table(title=_("Roles"), title_justify="left")
    for header in (_("Role"), _("Person"), _("Since"), _("Until")):
        table.add_column(header)
    for role in detail.roles:
        until = local(role.relieved_at, tz) if role.relieved_at else ""
        table.add_row(_(role.role), role.handle, local(role.assigned_at, tz), until)
    return table


def timeline_table(events: Sequence[EventOut], tz: ZoneInfo, _: Gettext) -> Table:
    table = Table(title=_("Timeline ({zone})").format(zone=str(tz)), title_justify="left")
    table.add_column("#", no_wrap=True)
    table.add_column(_("Time"), no_wrap=True)
    table.add_column(_("Kind"), no_wrap=True)
    table.add_column(_("Who"), no_wrap=True)
    table.add_column(_("What"))
    for event in events:
        body = Text(event.body)
        if event.superseded:
            body.stylize("strike dim")
            body.append("  " + _("(corrected)"), style="italic")
        if event.supersedes:
            body.append("  " + _("(corrects #{n})").format(n=event.supersedes), style="italic")
        if event.recorded_at - event.occurred_at >= timedelta(minutes=1):
            recorded = _("recorded {when}").format(when=local(event.recorded_at, tz))
            body.append("  " + recorded, style="dim")
        table.add_row(str(event.id), local(event.occurred_at, tz), _(event.kind), event.actor, body)
    return table
