"""`warroom action import FILE`: put a postmortem's action items on the board.

The postmortem linter's parser finds the rows (tables or checklists, Korean or
English); `action_items.harvest` reads them; one transaction raises them all, and a
second import of the same file skips what it already raised.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import console, emit_json, runtime
from warroom.errors import InvalidInput

if TYPE_CHECKING:
    from warroom.action_items.harvest import Row
    from warroom.postmortems.lint.document import Document

_INCIDENT = re.compile(r"INC-\d{8}-\d{3,}", re.IGNORECASE)


def rows_of(doc: Document) -> list[Row]:
    from warroom.action_items.harvest import Row
    from warroom.postmortems.lint.action_items import extract

    def heading(line: int) -> str:
        above = [h for h in doc.headings if h.line < line]
        return above[-1].title if above else ""

    return [
        Row(i.line, i.text, i.owner, i.due, i.priority, doc.text(i.line), heading(i.line))
        for i in extract(doc)
    ]


def incident_of(doc: Document, given: str | None) -> str:
    if given:
        return given
    for key in ("incident", "incident_id", "id"):
        match = _INCIDENT.search(str(doc.front_matter.get(key, "")))
        if match:
            return match.group(0).upper()
    raise InvalidInput(
        f"{doc.path} does not say which incident it is about",
        hint="Pass --incident INC-YYYYMMDD-NNN, or add `incident: INC-…` to its front matter.",
    )


def import_(
    path: Annotated[Path, typer.Argument(help="A postmortem Markdown file.")],
    incident: Annotated[
        str | None, typer.Option(help="Incident ID (default: from the front matter).")
    ] = None,
    priority: Annotated[
        str, typer.Option(help="Priority for rows that name none (and no horizon heading).")
    ] = "P1",
    dry_run: Annotated[
        bool, typer.Option(help="Show what would be raised; change nothing.")
    ] = False,
    as_json: JSON = False,
) -> None:
    """Raise the action items listed in a postmortem (skips rows imported before)."""
    from warroom.action_items.actions import import_action_items
    from warroom.action_items.harvest import draft_from
    from warroom.action_items.rules import parse_priority
    from warroom.cli.action_followup import action_policy
    from warroom.postmortems.lint.document import parse

    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", hint="Give the path of a Markdown postmortem.")
    doc = parse(path.read_text(encoding="utf-8"), str(path))
    rt = runtime()
    now, default = rt.now(), parse_priority(priority)
    incident_id = incident_of(doc, incident)
    drafts = [
        draft_from(
            row,
            incident_id=incident_id,
            source=path.name,
            now=now,
            tz=rt.tz(),
            end_hour=rt.settings.business_hours[1],
            default_priority=default,
        )
        for row in rows_of(doc)
    ]
    if dry_run:
        _show([d.model_dump(mode="json") for d in drafts], [], as_json)
        return
    policy = action_policy()
    added, skipped = rt.write(
        lambda s: import_action_items(
            session=s, actor=rt.actor, now=now, policy=policy, drafts=drafts
        )
    )
    refs = [d.postmortem_ref or "" for d in skipped]
    _show([{"id": i.id, "title": i.title} for i in added], refs, as_json)


def _show(items: list[dict[str, object]], skipped: list[str], as_json: bool) -> None:
    if as_json:
        emit_json({"items": items, "skipped": skipped})
        return
    _ = gettext()
    out = console()
    for item in items:
        label = item.get("id") or f"{item.get('priority')} {item.get('item_type')}"
        out.print(f"{label}  {item.get('title')}")
    out.print(
        _("{added} action items, {skipped} already imported").format(
            added=len(items), skipped=len(skipped)
        )
    )
