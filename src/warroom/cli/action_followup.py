"""Follow-up commands of `warroom action`: report, digest, push and sync."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli.options import JSON, TZ, gettext
from warroom.cli.runtime import console, emit_json, runtime

if TYPE_CHECKING:
    from warroom.action_items.policy import ActionPolicy


def action_policy() -> ActionPolicy:
    from warroom.action_items.policy import ActionPolicy

    return ActionPolicy.from_settings(runtime().settings)


def report(
    since: Annotated[str, typer.Option(help="Window of raised items, e.g. 30d, 2w.")] = "30d",
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """Open / done / overdue counts, completion rate and median time to close by group."""
    from warroom.action_items.report import build_report
    from warroom.cli.action_render import report_group
    from warroom.core.when import parse_span

    rt = runtime()
    now = rt.now()
    with rt.read() as session:
        # Postmortem publication is not tracked yet: no "published" incidents to pass.
        result = build_report(
            session, policy=action_policy(), now=now, since=now - parse_span(since)
        )
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    console().print(report_group(result, rt.tz(tz), gettext()))


def digest(
    owner: Annotated[
        list[str] | None, typer.Option(help="Only these owners (repeatable; default: everyone).")
    ] = None,
    tz: TZ = None,
) -> None:
    """Print each owner's weekly plain-text digest (overdue, due soon, done this week)."""
    from warroom.action_items.digest import owners, weekly_digest
    from warroom.action_items.queries import all_action_items
    from warroom.action_items.views import item_view

    rt = runtime()
    now, policy = rt.now(), action_policy()
    with rt.read() as session:
        views = [item_view(i, policy, now) for i in all_action_items(session)]
    wanted = [o.removeprefix("@") for o in owner] if owner else owners(views)
    texts = [weekly_digest(views, owner=o, now=now, tz=rt.tz(tz)) for o in wanted]
    _ = gettext()
    typer.echo("\n".join(texts) if texts else _("No action items have an owner yet."))


def push(
    item_id: str,
    to: Annotated[str, typer.Option("--to", help="github or jira.")],
) -> None:
    """Create the item's issue in GitHub or Jira and remember the link."""
    from warroom.integrations.trackers.sync import http_client, make_tracker, push_item

    rt = runtime()
    with http_client() as client:
        tracker = make_tracker(to.strip().lower(), rt.settings, client)
        issue = push_item(rt, tracker, actor=rt.actor, clock=rt.clock, item_id=item_id)
    _ = gettext()
    typer.echo(
        _("{item} pushed to {tracker}: {key} {url}").format(
            item=item_id.upper(), tracker=issue.tracker, key=issue.key, url=issue.url
        )
    )


def sync(as_json: JSON = False) -> None:
    """Pull the status of every pushed item back and map it onto ours."""
    from warroom.integrations.trackers.sync import (
        TRACKERS,
        http_client,
        make_tracker,
        sync_items,
    )

    rt = runtime()
    configured = [n for n in TRACKERS if getattr(rt.settings, n) is not None]
    with http_client() as client:
        trackers = {n: make_tracker(n, rt.settings, client) for n in configured}
        result = sync_items(rt, trackers, actor=rt.actor, clock=rt.clock)
    if as_json:
        emit_json(
            {
                "changed": [{"id": i, "from": a, "to": b} for i, a, b in result.changed],
                "unchanged": result.unchanged,
                "errors": [{"id": i, "error": e} for i, e in result.errors],
                "stopped": result.stopped,
            }
        )
    else:
        _ = gettext()
        for item, old, new in result.changed:
            typer.echo(f"{item}: {_(old)} → {_(new)}")
        for item, error in result.errors:
            typer.echo(f"{item}: {error}", err=True)
        typer.echo(
            _("{changed} changed, {same} unchanged, {failed} failed").format(
                changed=len(result.changed), same=len(result.unchanged), failed=len(result.errors)
            )
        )
        if result.stopped:
            typer.echo(_("stopped early: {why}").format(why=result.stopped), err=True)
    if result.errors or result.stopped:
        raise typer.Exit(7)
