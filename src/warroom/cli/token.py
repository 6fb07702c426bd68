"""`warroom token ...`: API tokens for scripts and integrations (shown once, stored hashed)."""

from __future__ import annotations

from typing import Annotated

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
    as_json: JSON = False,
) -> None:
    """Create a token; it is printed once and only its hash is kept."""
    from warroom.accounts.actions import create_token

    rt = runtime()
    issued = rt.write(
        lambda s: create_token(
            session=s, actor=rt.actor, now=rt.now(), username=user, role=role, name=name
        )
    )
    if as_json:
        emit_json({"id": issued.token.id, "role": issued.token.role, "token": issued.secret})
        return
    typer.echo(f"token {issued.token.id} for {user} ({issued.token.role}):")
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
    tz = rt.tz()
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
                "shown_created": local(t.created_at, tz),
                "shown_revoked": local(t.revoked_at, tz) if t.revoked_at else "",
            }
            for t in list_tokens(session, username=user, include_revoked=include_revoked)
        ]
    if as_json:
        emit_json([{k: v for k, v in r.items() if not k.startswith("shown_")} for r in rows])
        return
    table = Table("id", "user", "role", "name", "created", "revoked")
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
            str(r["shown_revoked"]),
        )
    console().print(table)


@app.command()
def revoke(token_id: int) -> None:
    """Revoke a token: the next request presenting it is refused (401)."""
    from warroom.accounts.actions import revoke_token

    rt = runtime()
    rt.write(lambda s: revoke_token(session=s, actor=rt.actor, now=rt.now(), token_id=token_id))
    typer.echo(f"token {token_id} revoked")
