"""`warroom integration create|list|revoke`: alert sources and their tokens."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from warroom.cli.options import JSON
from warroom.cli.runtime import emit_json, new_app, runtime
from warroom.errors import InvalidInput

app = new_app("Alert sources (Alertmanager, PagerDuty Events v2, generic webhook).")

PATHS = {
    "alertmanager": "/api/v1/alerts/alertmanager",
    "pagerduty": "/api/v1/alerts/pagerduty/v2/enqueue",
    "webhook": "/api/v1/alerts/webhook",
}


@app.command()
def create(
    kind: Annotated[str, typer.Argument(help="alertmanager, pagerduty or webhook")],
    name: Annotated[str, typer.Option(help="A short unique name, e.g. prod.")],
    url: Annotated[str, typer.Option(help="Where warroom is reachable.")] = "http://127.0.0.1:8080",
    auto_recovery: Annotated[
        int, typer.Option(help="Seconds a group may resolve on its own before an incident opens.")
    ] = 300,
    config_json: Annotated[
        str | None,
        typer.Option(
            "--config",
            help='More settings as JSON: {"mapping": {...}, "severity": {...}, '
            '"flap_window_seconds": 900, "flap_threshold": 3} (docs/alerts.md).',
        ),
    ] = None,
    as_json: JSON = False,
) -> None:
    """Create an integration; its token is printed once, with the receiver to paste."""
    from warroom.alerts.integrations import create_integration

    rt = runtime()
    config = _config(config_json) | {"auto_recovery_seconds": auto_recovery}
    created = rt.write(
        lambda s: create_integration(
            session=s, actor=rt.actor, now=rt.now(), kind=kind, name=name, config=config
        )
    )
    base = url.rstrip("/")
    receiver = f"{base}{PATHS[created.integration.kind]}"
    if as_json:
        emit_json(
            {
                "name": created.integration.name,
                "kind": created.integration.kind,
                "token": created.token,
                "url": receiver,
            }
        )
        return
    typer.echo(f"integration {created.integration.name} ({created.integration.kind}) created")
    typer.echo(f"token (shown once): {created.token}")
    typer.echo(f"receiver URL: {receiver}?token={created.token}")
    typer.echo("")
    typer.echo(snippet(created.integration.kind, base, created.token))


def _config(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput(
            f"--config is not JSON: {exc}", hint="Quote it: --config '{\"flap_threshold\": 5}'."
        ) from None
    if not isinstance(value, dict):
        raise InvalidInput("--config must be a JSON object", hint="See docs/alerts.md.")
    return value


def snippet(kind: str, base: str, token: str) -> str:
    """The configuration to paste into the source, with the token filled in."""
    if kind == "alertmanager":
        return ALERTMANAGER_YML.format(base=base, token=token)
    if kind == "pagerduty":
        return (
            "PagerDuty Events v2 senders: POST events to\n"
            f"  {base}{PATHS['pagerduty']}\nwith routing_key: {token}"
        )
    return (
        f"POST JSON to {base}{PATHS['webhook']}\nwith the header: Authorization: Bearer {token}\n"
        "(schema and field mapping: docs/alerts.md)"
    )


ALERTMANAGER_YML = """# alertmanager.yml
route:
  receiver: warroom
  group_by: ['alertname', 'service']
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
receivers:
  - name: warroom
    webhook_configs:
      - url: {base}/api/v1/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: {token}
    # Optional: Alertmanager's PagerDuty notifier lands on the same group (dedup_key).
    # pagerduty_configs:
    #   - routing_key: {token}
    #     url: {base}/api/v1/alerts/pagerduty/v2/enqueue
    #     send_resolved: true"""


@app.command("list")
def list_(
    include_revoked: Annotated[bool, typer.Option("--all", help="Include revoked ones.")] = False,
    as_json: JSON = False,
) -> None:
    """List integrations (tokens are never shown again, only their first characters)."""
    from warroom.alerts.integrations import list_integrations

    rt = runtime()
    tz = rt.tz()
    with rt.read() as session:
        rows = [
            {
                "name": i.name,
                "kind": i.kind,
                "token": f"{i.token_hint}…",
                "created_at": i.created_at.astimezone(tz).isoformat(),
                "revoked_at": i.revoked_at.astimezone(tz).isoformat() if i.revoked_at else None,
            }
            for i in list_integrations(session, include_revoked=include_revoked)
        ]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        typer.echo(
            "no integrations; create one with `warroom integration create alertmanager --name prod`"
        )
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "live"
        typer.echo(f"{row['name']:<20} {row['kind']:<13} {row['token']:<10} {state}")


@app.command()
def revoke(name: str) -> None:
    """Stop accepting the integration's token (its alerts and history stay)."""
    from warroom.alerts.integrations import revoke_integration

    rt = runtime()
    rt.write(lambda s: revoke_integration(session=s, actor=rt.actor, now=rt.now(), name=name))
    typer.echo(f"integration {name} revoked")
