"""`warroom action ...`: raise, move and follow up action items; parse, call, print."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli import action_followup as followup
from warroom.cli import action_import
from warroom.cli.action_followup import action_policy
from warroom.cli.options import JSON, LIMIT, OFFSET, TZ, gettext
from warroom.cli.runtime import console, emit_json, new_app, runtime

if TYPE_CHECKING:
    from warroom.action_items.queries import ItemFilter
    from warroom.action_items.schemas import ActionItemView

app = new_app("Raise action items and follow them up.")

Repeat = Annotated[list[str] | None, typer.Option(metavar="VALUE", help="Filter (repeatable).")]


def _view(item_id: str) -> ActionItemView:
    from warroom.action_items.queries import get_action_item
    from warroom.action_items.views import item_view

    rt = runtime()
    with rt.read() as session:
        return item_view(get_action_item(session, item_id), action_policy(), rt.now())


def _when(value: str | None, name: str = "--due") -> datetime | None:
    """Read a due date: a span from now (3d, 12h) or a time (2026-12-01, 14:00)."""
    from warroom.core.when import read_time

    rt = runtime()
    return read_time(value, tz=rt.tz(), now=rt.now(), name=name, ahead=True)


def _said(item_id: str, headline: str, as_json: bool) -> None:
    view = _view(item_id)
    if as_json:
        emit_json(view.model_dump(mode="json"))
        return
    _render_said(view, headline)


def _render_said(view: ActionItemView, headline: str) -> None:
    from warroom.core.timefmt import local

    _ = gettext()
    out = console()
    out.print(f"[bold]{view.id}[/bold] {_(headline)}: {view.title}")
    out.print(
        _("{status} · {priority} · {cos} · team {team} · owner {owner} · due {due}").format(
            status=_(view.status.value),
            priority=view.priority,
            cos=_(view.class_of_service.value),
            team=view.team,
            owner=view.owner or "-",
            due=local(view.due_at, runtime().tz()),
        )
    )


@app.command()
def add(
    incident_id: str,
    title: str,
    item_type: Annotated[
        str,
        typer.Option(
            "--type", "-t", help="code-fix, tests, infrastructure, monitoring, docs, process."
        ),
    ],
    priority: Annotated[
        str, typer.Option("--priority", "-p", help="P0 (24 h), P1 (1 week), P2 (1 month).")
    ],
    description: Annotated[str, typer.Option(help="What to do and why.")] = "",
    owner: Annotated[str | None, typer.Option(help="Person who owns it (handle).")] = None,
    team: Annotated[str | None, typer.Option(help="Owning team (default: routed by type).")] = None,
    horizon: Annotated[
        str | None, typer.Option(help="immediate, this-sprint, roadmap (default: by priority).")
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(help="Due date or span, e.g. 2026-12-01 or 3d (default: by priority)."),
    ] = None,
    fixed_date: Annotated[
        bool, typer.Option("--fixed-date", help="The due date is a hard date (Fixed Date class).")
    ] = False,
    as_json: JSON = False,
) -> None:
    """Raise an action item on an incident; team, due date and horizon have defaults."""
    from warroom.action_items import rules
    from warroom.cli.backend import backend

    due_at = _when(due)
    fields = {
        "incident_id": incident_id,
        "title": title,
        "item_type": rules.parse_type(item_type).value,
        "priority": rules.parse_priority(priority).value,
        "description": description,
        "owner": owner,
        "team": team,
        "horizon": rules.parse_horizon(horizon).value if horizon else None,
        "due_at": due_at.isoformat() if due_at else None,
        "fixed_date": fixed_date,
    }
    _said_json(backend().add_action_item(fields), "raised", as_json)


def _said_json(data: dict[str, object], headline: str, as_json: bool) -> None:
    from warroom.action_items.schemas import ActionItemView

    if as_json:
        emit_json(data)
        return
    _render_said(ActionItemView.model_validate(data), headline)


@app.command("list")
def list_(
    status: Repeat = None,
    team: Repeat = None,
    owner: Repeat = None,
    priority: Repeat = None,
    incident: Annotated[str | None, typer.Option(help="Only this incident's items.")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Only items not done or dropped.")] = False,
    overdue: Annotated[bool, typer.Option(help="Only items past their due date.")] = False,
    limit: LIMIT = 50,
    offset: OFFSET = 0,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """List action items, soonest due first."""
    from warroom.action_items import rules
    from warroom.action_items.schemas import ActionItemView
    from warroom.cli.action_render import items_table
    from warroom.cli.backend import backend
    from warroom.core.ids import normalize_incident_id

    filters = {
        "statuses": [rules.parse_status(s).value for s in status or []],
        "teams": team or [],
        "owners": [o.removeprefix("@") for o in owner or []],
        "priorities": [rules.parse_priority(p).value for p in priority or []],
        "incident_id": normalize_incident_id(incident) if incident else None,
        "open_only": open_,
        "overdue": overdue,
        "limit": limit,
        "offset": offset,
    }
    page = backend().action_items(filters)
    if as_json:
        emit_json(page)
        return
    _ = gettext()
    views = [ActionItemView.model_validate(item) for item in page["items"]]
    title = _("Action items")
    console().print(items_table(views, runtime().tz(tz), _, title=title, total=page["total"]))


def _print_list(
    criteria: ItemFilter, limit: int, offset: int, tz: str | None, as_json: bool, *, title: str
) -> None:
    from warroom.action_items.queries import list_action_items
    from warroom.action_items.views import item_view
    from warroom.cli.action_render import items_table
    from warroom.core.pagination import PageRequest

    rt = runtime()
    policy, now = action_policy(), rt.now()
    with rt.read() as session:
        page = list_action_items(session, criteria, PageRequest(limit=limit, offset=offset))
        views = [item_view(i, policy, now) for i in page.items]
    if as_json:
        emit_json({"items": [v.model_dump(mode="json") for v in views], "total": page.total})
        return
    console().print(items_table(views, rt.tz(tz), gettext(), title=title, total=page.total))


@app.command()
def overdue(
    team: Repeat = None,
    owner: Repeat = None,
    limit: LIMIT = 200,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """List open items past their due date (the Monday check)."""
    from warroom.action_items.queries import ItemFilter

    criteria = ItemFilter(teams=team or [], owners=owner or [], overdue_at=runtime().now())
    _ = gettext()
    _print_list(criteria, limit, 0, tz, as_json, title=_("Overdue action items"))


@app.command()
def show(item_id: str, tz: TZ = None, as_json: JSON = False) -> None:
    """Show one item with its full change history."""
    from warroom.action_items.queries import list_changes
    from warroom.action_items.views import change_view
    from warroom.cli.action_render import item_panel

    rt = runtime()
    view = _view(item_id)
    with rt.read() as session:
        changes = [change_view(c) for c in list_changes(session, view.id)]
    if as_json:
        data = view.model_dump(mode="json")
        data["history"] = [c.model_dump(mode="json") for c in changes]
        emit_json(data)
        return
    console().print(item_panel(view, changes, rt.tz(tz), gettext()))


@app.command()
def move(
    item_id: str,
    status: Annotated[
        str, typer.Argument(help="backlog, todo, in-progress, blocked, done, wont-do.")
    ],
    reason: Annotated[
        str | None, typer.Option("--reason", "-r", help="Why (required for wont-do).")
    ] = None,
) -> None:
    """Move an item to a board column; full columns refuse all but Expedite items."""
    from warroom.action_items.actions import move_action_item
    from warroom.action_items.rules import parse_status

    rt = runtime()
    to, now, policy = parse_status(status), rt.now(), action_policy()
    rt.write(
        lambda s: move_action_item(
            session=s, actor=rt.actor, now=now, policy=policy, item_id=item_id, to=to, reason=reason
        )
    )
    _said(item_id, "moved", as_json=False)


@app.command()
def assign(
    item_id: str,
    owner: Annotated[str | None, typer.Option(help="Person (handle).")] = None,
    team: Annotated[str | None, typer.Option(help="Owning team.")] = None,
    unassign: Annotated[bool, typer.Option(help="Remove the owner.")] = False,
) -> None:
    """Hand an item to a person and/or a team."""
    from warroom.action_items.actions import assign_action_item

    rt = runtime()
    now = rt.now()
    rt.write(
        lambda s: assign_action_item(
            session=s,
            actor=rt.actor,
            now=now,
            item_id=item_id,
            owner=owner,
            team=team,
            unassign=unassign,
        )
    )
    _said(item_id, "assigned", as_json=False)


@app.command()
def due(
    item_id: str,
    when: Annotated[str, typer.Argument(help="New due date or span, e.g. 2026-12-01 or 5d.")],
    fixed: Annotated[
        bool | None, typer.Option("--fixed/--not-fixed", help="Mark it a hard date (or not).")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", "-r", help="Why it moved.")] = None,
) -> None:
    """Change an item's due date."""
    from warroom.action_items.actions import reschedule_action_item

    rt = runtime()
    now, at = rt.now(), _when(when, "WHEN")
    assert at is not None
    rt.write(
        lambda s: reschedule_action_item(
            session=s,
            actor=rt.actor,
            now=now,
            item_id=item_id,
            due_at=at,
            fixed_date=fixed,
            reason=reason,
        )
    )
    _said(item_id, "rescheduled", as_json=False)


for _command in (followup.report, followup.digest, followup.push, followup.sync):
    app.command()(_command)
app.command("import")(action_import.import_)
