"""Pages for paging: the acknowledgement link, the delivery log, the escalation policy
editor, and a person's contact methods (with verification and a test button)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from warroom.errors import InvalidInput, WarroomError
from warroom.incidents.queries import get_incident
from warroom.notifications import acks, contacts, policies, queries
from warroom.notifications.schemas import delivery_out
from warroom.people.queries import find_person, list_people
from warroom.web.auth import actor_of
from warroom.web.params import RowId
from warroom.web.present import gettext
from warroom.web.state import Reader, Writer
from warroom.web.state import State as AppStateDep
from warroom.web.ui.render import AdminForm, FormUser, PageUser, redirect, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
STATUS = {
    "ack_link_invalid": 404,
    "ack_link_used": 410,
    "ack_link_expired": 410,
    "ack_link_resolved": 409,
}


def _ack_page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    response = render(request, "ack.html", context, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token must not leak onwards
    return response


@router.get("/ack/{token}")
def ack_page(token: str, request: Request, reader: Reader, state: AppStateDep) -> Response:
    """Show what the link acknowledges; the button posts (link scanners only GET)."""
    try:
        link = acks.find_link(reader, secret_key=state.secret_key, token=token)
        incident = get_incident(reader, link.incident_id)
        acks.check_link(link, incident.state, state.clock.now())
    except WarroomError as error:
        return _refused(request, error)
    return _ack_page(request, {"incident": incident, "person": link.person, "token": token})


@router.post("/ack/{token}")
def ack_submit(token: str, request: Request, writer: Writer, state: AppStateDep) -> Response:
    try:
        outcome = acks.acknowledge_by_link(
            session=writer,
            now=state.clock.now(),
            policy=state.policy,
            secret_key=state.secret_key,
            token=token,
        )
    except WarroomError as error:
        return _refused(request, error)
    incident = get_incident(writer, outcome.incident_id)
    return _ack_page(request, {"incident": incident, "outcome": outcome, "done": True})


def _refused(request: Request, error: WarroomError) -> Response:
    _ = gettext(request)
    return _ack_page(
        request,
        {"refused": _(error.message), "hint": _(error.hint)},
        STATUS.get(error.code, error.http_status),
    )


@router.get("/incidents/{incident_id}/deliveries")
def delivery_log(incident_id: str, request: Request, reader: Reader, _who: PageUser) -> Response:
    incident = get_incident(reader, incident_id)
    rows = queries.delivery_log(reader, incident.id, acknowledged_at=incident.acknowledged_at)
    return render(
        request,
        "deliveries.html",
        {
            "incident": incident,
            "rows": [delivery_out(r) for r in rows],
            "runs": queries.runs_of(reader, incident.id),
        },
    )


@router.get("/escalation")
def escalation(request: Request, reader: Reader, _who: PageUser, service: str = "") -> Response:
    stored = policies.list_policies(reader)
    return render(
        request,
        "escalation.html",
        {
            "service": service,
            "matrix": policies.matrix(reader, service or None),
            "stored": stored,
            "stored_json": {
                p.name: json.dumps(p.steps, ensure_ascii=False, indent=1) for p in stored
            },
            "teams": policies.list_teams(reader),
            "channels": contacts.list_channels(reader),
            "people": list_people(reader),
            "example": json.dumps(
                [
                    {"at": 0, "targets": ["oncall:primary"]},
                    {"at": 15, "targets": ["oncall:secondary", "role:tech_lead"]},
                ],
                indent=1,
            ),
        },
    )


@router.post("/escalation/policies")
def save_policy(
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: AdminForm,
    name: Text,
    steps: Text,
    service: Text = "*",
    severity: Text = "*",
    description: Text = "",
    repeat: Annotated[int, Form(ge=0, le=100)] = 0,
) -> Response:
    try:
        parsed = json.loads(steps)
    except ValueError as exc:
        raise InvalidInput(
            f"the steps are not valid JSON: {exc}",
            hint='e.g. [{"at": 0, "targets": ["oncall:primary"]}]',
        ) from None
    if not isinstance(parsed, list):
        raise InvalidInput("the steps must be a list", hint='[{"at": 0, "targets": [...]}]')
    policies.save_policy(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        name=name,
        steps=parsed,
        service=service,
        severity=severity,
        description=description,
        repeat=repeat,
    )
    _ = gettext(request)
    return redirect("/escalation", flash=_("Policy {name} saved.").format(name=name.lower()))


@router.post("/escalation/policies/{name}/delete")
def delete_policy(request: Request, name: str, writer: Writer, who: AdminForm) -> Response:
    policies.delete_policy(session=writer, actor=actor_of(who), name=name)
    _ = gettext(request)
    return redirect("/escalation", flash=_("Policy {name} deleted.").format(name=name))


@router.post("/escalation/teams")
def save_team(writer: Writer, who: AdminForm, name: Text, members: Text = "") -> Response:
    policies.set_team(
        session=writer, actor=actor_of(who), name=name, members=members.replace(",", " ").split()
    )
    return redirect("/escalation")


@router.get("/people/{handle}/contacts")
def contact_page(handle: str, request: Request, reader: Reader, _who: PageUser) -> Response:
    person = find_person(reader, handle)
    if person is None:
        from warroom.errors import NotFound

        raise NotFound(f"no person {handle}", hint="Add them with `warroom people add`.")
    methods = contacts.list_methods(reader, person.handle)
    return render(
        request,
        "contacts.html",
        {
            "person": person,
            "methods": methods,
            "rules": {
                r.method_id: r.delay_minutes for r in contacts.list_rules(reader, person.handle)
            },
            "recent": [delivery_out(r) for r in queries.person_log(reader, person.handle)],
            "kinds": ("email", "sms", "voice", "slack", "ntfy"),
        },
    )


def _back(handle: str) -> str:
    return f"/people/{handle}/contacts"


@router.post("/people/{handle}/contacts")
def add_method(
    request: Request,
    handle: str,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    kind: Text,
    address: Text,
    label: Text = "",
) -> Response:
    contacts.add_method(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        handle=handle,
        kind=kind,
        address=address,
        label=label,
    )
    _ = gettext(request)
    return redirect(_back(handle), flash=_("A code was sent; enter it to verify the method."))


@router.post("/people/{handle}/contacts/{method_id}/{what}")
def method_action(
    request: Request,
    handle: str,
    method_id: RowId,
    what: str,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    code: Text = "",
    delay: Text = "",
) -> Response:
    """verify (with the code), resend, test, remove, or rule (minutes after the page)."""
    _ = gettext(request)
    args: dict[str, Any] = {
        "session": writer,
        "actor": actor_of(who),
        "handle": handle,
        "method_id": method_id,
    }
    now = state.clock.now()
    if what == "verify":
        contacts.verify_method(**args, now=now, code=code)
        flash = _("Verified: this method can be paged.")
    elif what == "resend":
        contacts.send_code(**args, now=now)
        flash = _("A new code was sent.")
    elif what == "test":
        contacts.test_method(**args, now=now)
        flash = _("A test message is on its way; its outcome shows below.")
    elif what == "remove":
        contacts.remove_method(**args)
        flash = _("Removed.")
    elif what == "rule":
        plan = {r.method_id: r.delay_minutes for r in contacts.list_rules(writer, handle)}
        if delay.strip():
            plan[method_id] = int(delay) if delay.strip().isdigit() else -1
        else:
            plan.pop(method_id, None)
        contacts.set_rules(
            session=writer, actor=actor_of(who), handle=handle, plan=sorted(plan.items())
        )
        flash = _("Notification rules saved.")
    else:
        raise InvalidInput(f"unknown action {what}", hint="verify, resend, test, remove or rule")
    return redirect(_back(handle), flash=flash)
