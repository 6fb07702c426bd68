"""Terminal rendering of action items, the kanban board and the follow-up report (Rich)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from warroom.action_items.schemas import (
    ActionItemView,
    Board,
    Card,
    ChangeView,
    Column,
    Lane,
    Report,
    ReportRow,
)
from warroom.core.timefmt import duration, local, shown_in
from warroom.i18n import N_

Gettext = Callable[[str], str]

# Domain words shown through `_()` at run time, marked so Babel extracts them.
WORDS = [
    *(N_("backlog"), N_("todo"), N_("in-progress"), N_("blocked"), N_("done"), N_("wont-do")),
    *(N_("expedite"), N_("fixed-date"), N_("standard")),
    *(N_("immediate"), N_("this-sprint"), N_("roadmap")),
    *(N_("code-fix"), N_("tests"), N_("infrastructure"), N_("monitoring"), N_("docs")),
    N_("process"),
    *(N_("Incident"), N_("Post-mortem"), N_("Incident Action Items")),
    *(N_("Detected"), N_("Acknowledged"), N_("Investigating"), N_("Mitigated")),
    *(N_("To write"), N_("Draft"), N_("In review")),
    *(N_("Backlog"), N_("To do"), N_("In progress"), N_("Blocked"), N_("Done")),
    *(N_("raised"), N_("moved"), N_("assigned"), N_("rescheduled")),
]
COS_STYLE = {"expedite": "bold red", "fixed-date": "yellow", "standard": ""}
COS_MARK = {"expedite": "⚡ ", "fixed-date": "📅 ", "standard": ""}
PRIORITY_STYLE = {"P0": "bold white on red", "P1": "bold red", "P2": "yellow"}


def _due(view: ActionItemView, tz: ZoneInfo, _: Gettext) -> Text:
    text = Text(local(view.due_at, tz))
    if view.overdue:
        text.append(" " + _("overdue"), style="bold red")
    return text


def items_table(
    items: Sequence[ActionItemView], tz: ZoneInfo, _: Gettext, *, title: str, total: int
) -> Table:
    table = Table(title=f"{title} ({len(items)}/{total})", title_justify="left")
    for header in ("ID", _("Priority"), _("Status"), _("Title"), _("Team"), _("Owner"), _("Due")):
        table.add_column(header)
    for item in items:
        table.add_row(
            Text(COS_MARK[item.class_of_service] + item.id, style=COS_STYLE[item.class_of_service]),
            Text(item.priority, style=PRIORITY_STYLE.get(item.priority, "")),
            _(item.status.value),
            item.title,
            item.team,
            item.owner or "-",
            _due(item, tz, _),
        )
    return table


def item_panel(
    item: ActionItemView, changes: Sequence[ChangeView], tz: ZoneInfo, _: Gettext
) -> Group:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    rows: list[tuple[str, str | Text]] = [
        (_("Incident"), item.incident_id),
        (
            _("Status"),
            _(item.status.value) + (f" ({item.status_reason})" if item.status_reason else ""),
        ),
        (_("Priority"), Text(item.priority, style=PRIORITY_STYLE.get(item.priority, ""))),
        (
            _("Class of service"),
            Text(_(item.class_of_service.value), style=COS_STYLE[item.class_of_service]),
        ),
        (_("Type"), _(item.item_type.value)),
        (_("Horizon"), _(item.horizon.value)),
        (_("Team"), item.team),
        (_("Owner"), item.owner or "-"),
        (_("Due"), _due(item, tz, _)),
        (_("External issue"), item.external_url or "-"),
        (_("Raised"), local(item.created_at, tz)),
        (_("Closed"), local(item.closed_at, tz)),
    ]
    if item.description:
        rows.insert(0, (_("Description"), item.description))
    for label, value in rows:
        grid.add_row(label, value)
    history = Table(title=_("History"), title_justify="left")
    for header in (_("Time"), _("Who"), _("Field"), _("From"), _("To"), _("Note")):
        history.add_column(header)
    for change in changes:
        history.add_row(
            local(change.at, tz),
            change.actor,
            change.field,
            change.old or "-",
            change.new or "-",
            change.note or "",
        )
    return Group(Panel(grid, title=f"{item.id}  {item.title}", title_align="left"), history)


def _column_header(column: Column, _: Gettext) -> Text:
    limit = f"/{column.wip_limit}" if column.wip_limit is not None else ""
    header = Text(f"{_(column.title)} ({column.count}{limit})")
    if column.wip_limit is not None and column.count >= column.wip_limit:
        header.stylize("bold red" if column.over_limit else "yellow")
    return header


def _card(card: Card, tz: ZoneInfo, _: Gettext) -> Text:
    text = Text(COS_MARK[card.class_of_service] + card.ref, style=COS_STYLE[card.class_of_service])
    text.append(f"\n{card.title}")
    if card.detail:
        text.append(f"\n{card.detail}", style="dim")
    if card.due_at is not None:
        shown = shown_in(card.due_at, tz).strftime("%m-%d %H:%M")
        text.append(f"\n{_('due')} {shown}", style="bold red" if card.overdue else "")
    return text


def lane_table(lane: Lane, tz: ZoneInfo, _: Gettext) -> Table:
    table = Table(title=_(lane.title), title_justify="left", show_lines=True, expand=True)
    for column in lane.columns:
        table.add_column(_column_header(column, _), overflow="fold", ratio=1)
    depth = max((column.count for column in lane.columns), default=0)
    for row in range(depth):
        table.add_row(
            *(_card(c.cards[row], tz, _) if row < c.count else Text("") for c in lane.columns)
        )
    return table


def board_group(board: Board, tz: ZoneInfo, _: Gettext) -> Group:
    legend = Text(
        _("⚡ expedite (exempt from WIP limits) · 📅 fixed date · (count/limit)"), style="dim"
    )
    return Group(*(lane_table(lane, tz, _) for lane in board.lanes), legend)


def _duration(seconds: float | None) -> str:
    return duration(None if seconds is None else timedelta(seconds=seconds))


def _rate(row: ReportRow) -> str:
    return "-" if row.completion_rate is None else f"{row.completion_rate:.0%}"


def report_table(title: str, rows: Sequence[ReportRow], _: Gettext) -> Table:
    table = Table(title=title, title_justify="left")
    for header in (
        "",
        _("Open"),
        _("Done"),
        _("Won't do"),
        _("Overdue"),
        _("Completion"),
        _("Median time to close"),
    ):
        table.add_column(header, justify="left" if not header else "right")
    for row in rows:
        overdue = Text(str(row.overdue), style="bold red" if row.overdue else "")
        table.add_row(
            row.key,
            str(row.open),
            str(row.done),
            str(row.wont_do),
            overdue,
            _rate(row),
            _duration(row.median_time_to_close),
        )
    return table


def report_group(report: Report, tz: ZoneInfo, _: Gettext) -> Group:
    period = _("Action items raised {since} – {until}").format(
        since=local(report.since, tz), until=local(report.until, tz)
    )
    parts: list[Table | Text] = [
        Text(period, style="bold"),
        report_table(_("Total"), [report.total], _),
        report_table(_("By team"), report.by_team, _),
        report_table(_("By priority"), report.by_priority, _),
        report_table(_("By incident"), report.by_incident, _),
    ]
    if report.open_after_publication:
        parts.append(
            items_table(
                report.open_after_publication,
                tz,
                _,
                title=_("Still open after the postmortem was published"),
                total=len(report.open_after_publication),
            )
        )
    return Group(*parts)
