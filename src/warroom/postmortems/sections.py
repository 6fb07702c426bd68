"""Edit a draft postmortem section by section (assistants and forms, not whole files).

The Markdown round trip stays the way people edit; this path lets a client that holds
structured values (an MCP tool, a form) change named sections with the same validation
and the same optimistic check on the revision it read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput
from warroom.postmortems import rules
from warroom.postmortems.actions import _locked, _note, _store
from warroom.postmortems.document import BODY_FIELDS, Document
from warroom.postmortems.models import Postmortem
from warroom.postmortems.queries import document_of

EDITABLE = frozenset(BODY_FIELDS)


def check_sections(changes: dict[str, Any]) -> None:
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise InvalidInput(
            f"unknown postmortem sections: {', '.join(unknown)}",
            hint=f"Sections are: {', '.join(BODY_FIELDS)}.",
        )
    if not changes:
        raise InvalidInput("no sections to change", hint="Pass at least one section.")


def update_sections(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    changes: dict[str, Any],
    revision: int,
) -> Postmortem:
    """Replace the named sections of a draft; refuse when someone saved since `revision`."""
    check_sections(changes)
    pm = _locked(session, incident_id)
    rules.ensure_editable(rules.Status(pm.status))
    if revision != pm.revision:
        raise Conflict(
            f"the postmortem is at revision {pm.revision}, not {revision}",
            hint="Read it again and apply your change to the current text.",
        )
    current = document_of(pm).model_dump(mode="json")
    try:
        doc = Document.model_validate({**current, **changes})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(
            f"section {where}: {first['msg']}",
            hint="Text sections take a string, lists a list of strings, tables a list of rows.",
        ) from None
    if doc.content_hash() == pm.content_hash:
        return pm
    _store(pm, doc, now)
    _note(
        session,
        actor,
        now,
        pm,
        f"Postmortem sections edited: {', '.join(sorted(changes))}",
        step="edited",
        sections=sorted(changes),
    )
    return pm
