"""`warroom token ...`: API tokens for scripts and integrations (shown once, stored hashed)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from warroom.cli.options import JSON
from warroom.cli.runtime import console, emit_json, new_app, runtime

app = new_app("API tokens: create (shown once), list, revoke.")


@app.command()
def create(
    user: Annotated[str, typer.Option("--user", "-u", help="Whose token it is.")],
    role: Annotated[
        str | None, typer.Option("--role", "-r", help="At most the user's role (default).")
    ] = None,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
    expires: Annotated[
        str | None,
        typer.Option(
            help="Refused from then on: a time (2027-03-31, 2027-03-31T18:00) or a span "
            "from now (90d, 12w). Default: until revoked."
        ),
    ] = None,
    as_json: JSON = False,
) -> None:
    """Create a token; it is printed once and only its hash is kept."""
    from warroom.accounts.actions import create_token
    from warroom.core.timefmt import local
    from warroom.core.when import read_time

    rt = runtime()
    now = rt.now()
    until = read_time(expires, tz=rt.tz(), now=now, name="--expires", ahead=True)
    issued = rt.write(
        lambda s: create_token(
            session=s,
            actor=rt.actor,
            now=now,
            username=user,
            role=role,
            name=name,
            expires_at=until,
        )
    )
    if as_json:
        emit_json(
            {
                "id": issued.token.id,
                "role": issued.token.role,
                "token": issued.secret,
                "expires_at": until.isoformat() if until else None,
            }
        )
        return
    lasts = f", expires {local(until, rt.tz())}" if until else ""
    typer.echo(f"token {issued.token.id} for {user} ({issued.token.role}{lasts}):")
    typer.echo(issued.secret)
    typer.echo("Store it now: it is not shown again. Send it as `Authorization: Bearer <token>`.")


@app.command("list")
def list_(
    user: Annotated[str | None, typer.Option("--user", "-u", help="Only this user's.")] = None,
    include_revoked: Annotated[bool, typer.Option("--all", help="Include revoked.")] = False,
    as_json: JSON = False,
) -> None:
    """List tokens (never their secrets); a token acts as its role, at most its owner's."""
    from rich.table import Table

    from warroom.accounts.queries import list_tokens
    from warroom.accounts.rules import Role, effective_token_role
    from warroom.core.timefmt import local

    rt = runtime()
    tz, now = rt.tz(), rt.now()
    with rt.read() as session:
        rows = [
            {
                "id": t.id,
                "user": t.user.username,
                "role": t.role,
                "effective_role": effective_token_role(Role(t.user.role), Role(t.role)).value,
                "name": t.name,
                "created_at": t.created_at.isoformat(),
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
                "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                "expired": t.expires_at is not None and t.expires_at <= now,
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "shown_created": local(t.created_at, tz),
                "shown_revoked": local(t.revoked_at, tz) if t.revoked_at else "",
                "shown_expires": _expiry(t.expires_at, now, tz),
                "shown_used": local(t.last_used_at, tz) if t.last_used_at else "never",
            }
            for t in list_tokens(session, username=user, include_revoked=include_revoked)
        ]
    if as_json:
        emit_json([{k: v for k, v in r.items() if not k.startswith("shown_")} for r in rows])
        return
    table = Table("id", "user", "role", "name", "created", "expires", "last used", "revoked")
    for r in rows:
        role = (
            r["role"]
            if r["role"] == r["effective_role"]
            else f"{r['role']} → {r['effective_role']}"
        )
        table.add_row(
            str(r["id"]),
            str(r["user"]),
            str(role),
            str(r["name"]),
            str(r["shown_created"]),
            str(r["shown_expires"]),
            str(r["shown_used"]),
            str(r["shown_revoked"]),
        )
    console().print(table)


def _expiry(at: datetime | None, now: datetime, tz: ZoneInfo) -> str:
    from warroom.core.timefmt import local

    if at is None:
        return "never"
    return f"expired {local(at, tz)}" if at <= now else local(at, tz)


@app.command()
def revoke(token_id: int) -> None:
    """Revoke a token: the next request presenting it is refused (401)."""
    from warroom.accounts.actions import revoke_token

    rt = runtime()
    rt.write(lambda s: revoke_token(session=s, actor=rt.actor, now=rt.now(), token_id=token_id))
    typer.echo(f"token {token_id} revoked")
