"""Form posts from the pages: parse, call one action, redirect (post/redirect/get).

A failed action raises; the page error handler sends the browser back with the message.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from warroom.errors import InvalidInput
from warroom.incidents import actions, response
from warroom.incidents.rules import parse_state
from warroom.web.api import times
from warroom.web.auth import actor_of
from warroom.web.params import RowId
from warroom.web.present import gettext
from warroom.web.state import State as AppStateDep
from warroom.web.state import Writer
from warroom.web.ui.render import FormUser, redirect

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def _room(incident_id: str) -> str:
    return f"/incidents/{incident_id}"


@router.post("/incidents/new")
def declare(
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    title: Text,
    user_impact: Text = "",
    business_impact: Text = "",
    severity: Text = "",
    services: Text = "",
    detection_source: Text = "monitoring",
    summary: Text = "",
    started_at: Text = "",
    deploy_version: Text = "",
    commander: Text = "",
    drill: Text = "",
) -> Response:
    from warroom.core.when import read_time

    now = state.clock.now()
    started = read_time(started_at, tz=state.policy.tz, now=now, name="started at")
    incident = actions.declare_incident(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        policy=state.policy,
        title=title,
        severity=severity or None,
        user_impact=user_impact or None,
        business_impact=business_impact or None,
        services=[s for s in services.replace(",", " ").split() if s],
        detection_source=detection_source,
        summary=summary,
        started_at=started,
        deploy_version=deploy_version.strip() or None,
        is_drill=drill == "yes",
    )
    if commander == "yes":
        response.assign_role(
            session=writer,
            actor=actor_of(who),
            now=now,
            policy=state.policy,
            incident_id=incident.id,
            role="incident_commander",
            handle=who.username,
        )
    _ = gettext(request)
    return redirect(_room(incident.id), flash=_("Incident declared."))


@router.post("/incidents/{incident_id}/transition")
def transition(
    incident_id: str,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    to: Text,
    note: Text = "",
    force_reason: Text = "",
    at: Text = "",
) -> Response:
    incident = actions.transition_incident(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        policy=state.policy,
        incident_id=incident_id,
        to=parse_state(to),
        note=note,
        force_reason=force_reason or None,
        at=times.read(at or None, state, "at"),
    )
    return redirect(_room(incident.id))


@router.post("/incidents/{incident_id}/reopen")
def reopen(
    incident_id: str, writer: Writer, state: AppStateDep, who: FormUser, reason: Text
) -> Response:
    incident = actions.reopen_incident(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        reason=reason,
    )
    return redirect(_room(incident.id))


@router.post("/incidents/{incident_id}/severity")
def change_severity(
    incident_id: str, writer: Writer, state: AppStateDep, who: FormUser, to: Text, reason: Text
) -> Response:
    incident = actions.change_severity(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        policy=state.policy,
        incident_id=incident_id,
        to=to,
        reason=reason,
    )
    return redirect(_room(incident.id))


@router.post("/incidents/{incident_id}/roles")
def assign_role(
    incident_id: str, writer: Writer, state: AppStateDep, who: FormUser, role: Text, handle: Text
) -> Response:
    assignment = response.assign_role(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        policy=state.policy,
        incident_id=incident_id,
        role=role,
        handle=handle,
    )
    return redirect(_room(assignment.incident_id))


@router.post("/incidents/{incident_id}/timeline")
def add_entry(
    incident_id: str, writer: Writer, state: AppStateDep, who: FormUser, kind: Text, body: Text
) -> Response:
    event = response.add_timeline_entry(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        kind=kind,
        body=body,
    )
    return redirect(_room(event.incident_id) + "#timeline")


@router.post("/incidents/{incident_id}/timeline/{event_id}/correct")
def correct_entry(
    incident_id: str, event_id: RowId, writer: Writer, state: AppStateDep, who: FormUser, body: Text
) -> Response:
    event = response.correct_timeline_entry(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        event_id=event_id,
        body=body,
    )
    return redirect(_room(event.incident_id) + f"#ev-{event.id}")


@router.post("/incidents/{incident_id}/timeline/{event_id}/key")
def star_entry(
    incident_id: str, event_id: RowId, writer: Writer, state: AppStateDep, who: FormUser, key: Text
) -> Response:
    """Star (`key=true`) or unstar (`key=false`) an entry as a key event."""
    event = response.mark_key_event(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        event_id=event_id,
        key=_flag(key),
    )
    return redirect(_room(event.incident_id) + f"#ev-{event.id}")


def _flag(value: str) -> bool:
    text = value.strip().lower()
    if text in {"true", "1", "yes", "on"}:
        return True
    if text in {"false", "0", "no", "off", ""}:
        return False
    raise InvalidInput(f"'{value}' is not true or false", hint="Send key=true or key=false.")


@router.post("/incidents/{incident_id}/facts")
def amend_facts(
    incident_id: str,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    services: Text = "",
    deploy_version: Text = "",
    summary: Text = "",
) -> Response:
    """Record newly learnt facts; a blank field leaves that fact as it was."""
    incident = response.amend_facts(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        services=[s for s in services.replace(",", " ").split() if s] or None,
        deploy_version=deploy_version.strip() or None,
        summary=summary.strip() or None,
    )
    return redirect(_room(incident.id))


@router.post("/incidents/{incident_id}/status-updates")
def post_status_update(
    incident_id: str,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    body: Text,
    post: Text = "",
) -> Response:
    update = response.post_status_update(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        body=body,
        broadcast=post == "yes",
    )
    return redirect(_room(update.incident_id))
