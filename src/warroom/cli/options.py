"""Options and helpers shared by several command groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli.runtime import runtime

if TYPE_CHECKING:
    from warroom.incidents.schemas import IncidentDetail

JSON = Annotated[bool, typer.Option("--json", help="Print JSON (schema: docs/json.md).")]
TZ = Annotated[str | None, typer.Option("--tz", help="Show times in this zone, e.g. Asia/Seoul.")]
LIMIT = Annotated[int, typer.Option(help="Page size.")]
OFFSET = Annotated[int, typer.Option(help="Skip this many rows.")]


def gettext() -> Callable[[str], str]:
    from warroom.i18n import translator

    return translator(runtime().settings.language).gettext


def incident_detail(incident_id: str) -> IncidentDetail:
    from warroom.incidents.queries import get_incident
    from warroom.incidents.schemas import detail
    from warroom.timeline.queries import list_events

    rt = runtime()
    with rt.read() as session:
        incident = get_incident(session, incident_id)
        events = list_events(session, incident.id)
        return detail(incident, events, rt.policy, rt.now())
