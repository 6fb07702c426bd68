"""`warroom notify`: contact methods and rules, channels, external contacts, the delivery log."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.options import JSON, TZ, gettext
from warroom.cli.runtime import emit_json, new_app, runtime


def _(text: str) -> str:
    return gettext()(text)


app = new_app("Contact methods, channels, external contacts and the delivery log.")


@app.command()
def contacts(handle: str, as_json: JSON = False) -> None:
    """List a person's contact methods and when each is paged."""
    from warroom.notifications.contacts import list_methods, list_rules
    from warroom.notifications.schemas import method_out

    with runtime().read() as session:
        methods = [method_out(m) for m in list_methods(session, handle)]
        delays = {r.method_id: r.delay_minutes for r in list_rules(session, handle)}
    if as_json:
        emit_json(
            [m.model_dump(mode="json") | {"delay_minutes": delays.get(m.id)} for m in methods]
        )
        return
    for m in methods:
        state = _("verified") if m.verified else _("not verified")
        after = "" if m.id not in delays else " · " + _("after {n} min").format(n=delays[m.id])
        typer.echo(f"{m.id:4d} {m.kind:6s} {m.address:32s} {state}{after}")
    if not methods:
        typer.echo(_("no contact methods: {handle} cannot be paged").format(handle=handle))


@app.command("add-contact")
def add_contact(
    handle: str,
    kind: Annotated[str, typer.Argument(help="email, sms, voice, slack (user ID), ntfy (topic)")],
    address: str,
    label: Annotated[str, typer.Option()] = "",
) -> None:
    """Add a contact method; a code is sent to it (verify it before it can be paged)."""
    from warroom.notifications.contacts import add_method

    rt = runtime()
    method = rt.write(
        lambda s: add_method(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            handle=handle,
            kind=kind,
            address=address,
            label=label,
        )
    )
    typer.echo(
        _(
            "method {id} added; a code is on its way: `warroom notify verify {handle} {id} CODE`"
        ).format(id=method.id, handle=method.person)
    )


@app.command()
def verify(handle: str, method_id: int, code: str) -> None:
    """Verify a method with the code it received."""
    from warroom.notifications.contacts import verify_method

    rt = runtime()
    rt.write(
        lambda s: verify_method(
            session=s, actor=rt.actor, now=rt.now(), handle=handle, method_id=method_id, code=code
        )
    )
    typer.echo(_("verified: method {id} can be paged").format(id=method_id))


@app.command()
def resend(handle: str, method_id: int) -> None:
    """Send a new verification code."""
    from warroom.notifications.contacts import send_code

    rt = runtime()
    rt.write(
        lambda s: send_code(
            session=s, actor=rt.actor, now=rt.now(), handle=handle, method_id=method_id
        )
    )
    typer.echo(_("a new code is on its way"))


@app.command()
def test(handle: str, method_id: int) -> None:
    """Send a test message through a method (the worker sends it)."""
    from warroom.notifications.contacts import test_method

    rt = runtime()
    rt.write(
        lambda s: test_method(
            session=s, actor=rt.actor, now=rt.now(), handle=handle, method_id=method_id
        )
    )
    typer.echo(_("test message queued"))


@app.command()
def rules(
    handle: str,
    plan: Annotated[str, typer.Argument(help='METHOD:MINUTES,…, e.g. "3:0,4:2,5:5"')],
) -> None:
    """Set a person's rules: which method, how many minutes after the page."""
    from warroom.errors import InvalidInput
    from warroom.notifications.contacts import set_rules

    try:
        pairs = [(int(m), int(d)) for m, d in (p.split(":") for p in plan.split(",") if p)]
    except ValueError:
        raise InvalidInput(
            f"cannot read '{plan}'", hint='Use METHOD:MINUTES,… e.g. "3:0,4:2"'
        ) from None
    rt = runtime()
    rt.write(lambda s: set_rules(session=s, actor=rt.actor, handle=handle, plan=pairs))
    typer.echo(_("rules saved for {handle}").format(handle=handle))


@app.command("add-channel")
def add_channel(
    name: str,
    kind: Annotated[
        str,
        typer.Argument(
            help="slack_webhook, slack_chat, teams, webhook, ntfy, pagerduty, opsgenie, email"
        ),
    ],
    url: Annotated[str | None, typer.Option(help="Webhook URL (Slack, Teams, webhook).")] = None,
    address: Annotated[
        str | None,
        typer.Option(help="Channel ID, ntfy topic, routing key, API key or e-mail address."),
    ] = None,
    secret: Annotated[str | None, typer.Option(help="whsec_… signing secret (webhook).")] = None,
    announce: Annotated[
        list[str] | None,
        typer.Option(help="Post announcements and updates of these severities here (repeatable)."),
    ] = None,
) -> None:
    """Add or replace a shared channel (an incident Slack channel, a pager service, …)."""
    from warroom.notifications.contacts import save_channel

    config = {
        k: v
        for k, v in (
            ("url", url),
            ("address", address),
            ("secret", secret),
            ("routing_key", address if kind == "pagerduty" else None),
            ("api_key", address if kind == "opsgenie" else None),
        )
        if v
    }
    rt = runtime()
    rt.write(
        lambda s: save_channel(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            name=name,
            kind=kind,
            config=config,
            announce=announce or [],
        )
    )
    typer.echo(_("saved {handle}").format(handle=name))


@app.command()
def channels(as_json: JSON = False) -> None:
    """List shared channels (URLs and secrets are not shown)."""
    from warroom.notifications.contacts import list_channels
    from warroom.notifications.schemas import channel_out

    with runtime().read() as session:
        rows = [channel_out(c) for c in list_channels(session)]
    if as_json:
        emit_json([r.model_dump() for r in rows])
        return
    for r in rows:
        typer.echo(
            f"{r.name:20s} {r.kind:14s} {','.join(r.announce) or '-':12s} {' '.join(r.settings)}"
        )


@app.command("add-external")
def add_external(
    service: str,
    name: str,
    vendor: Annotated[str, typer.Option()] = "",
    phone: Annotated[str, typer.Option()] = "",
    email: Annotated[str, typer.Option()] = "",
    webhook: Annotated[str, typer.Option(help="A URL to post pages to.")] = "",
    note: Annotated[str, typer.Option(help="SLA tier, support plan.")] = "",
) -> None:
    """Record a vendor's support contact for a service (003 §7.3)."""
    from warroom.notifications.contacts import save_external

    rt = runtime()
    rt.write(
        lambda s: save_external(
            session=s,
            actor=rt.actor,
            service=service,
            name=name,
            vendor=vendor,
            phone=phone,
            email=email,
            webhook_url=webhook,
            note=note,
        )
    )
    typer.echo(_("saved {handle}").format(handle=name))


@app.command()
def externals(
    service: Annotated[str | None, typer.Argument()] = None, as_json: JSON = False
) -> None:
    """List external contacts (of one service)."""
    from warroom.notifications.contacts import list_externals
    from warroom.notifications.schemas import external_out

    with runtime().read() as session:
        rows = [external_out(e) for e in list_externals(session, [service] if service else [])]
    if as_json:
        emit_json([r.model_dump() for r in rows])
        return
    for r in rows:
        typer.echo(f"{r.service:14s} {r.name:18s} {r.vendor:22s} {r.phone:16s} {r.email}")


@app.command()
def log(incident_id: str, tz: TZ = None, as_json: JSON = False) -> None:
    """The delivery log of an incident: every message, attempt and answer."""
    from warroom.core.timefmt import local
    from warroom.incidents.queries import get_incident
    from warroom.notifications.queries import delivery_log
    from warroom.notifications.schemas import delivery_out

    rt = runtime()
    with rt.read() as session:
        incident = get_incident(session, incident_id)
        rows = [
            delivery_out(r)
            for r in delivery_log(session, incident.id, acknowledged_at=incident.acknowledged_at)
        ]
    if as_json:
        emit_json([r.model_dump(mode="json") for r in rows])
        return
    zone = rt.tz(tz)
    for r in rows:
        tries = " ".join(
            f"#{a.number}:{a.status}{'/' + str(a.response_code) if a.response_code else ''}"
            for a in r.attempts
        )
        typer.echo(
            f"{local(r.due_at, zone)}  {r.purpose:9s} step {r.step or '-'}  "
            f"{(r.person or r.target):14s} {r.channel:13s} {r.state:10s} {tries}"
            + (f"  {r.last_error}" if r.last_error and r.state != "sent" else "")
        )
    if not rows:
        typer.echo(_("nothing has been sent for {id}").format(id=incident.id))
