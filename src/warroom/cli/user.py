"""`warroom user ...`: local accounts for the web UI (roles: viewer, responder, admin)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from warroom.cli.options import JSON
from warroom.cli.runtime import console, emit_json, new_app, runtime

app = new_app("Local web accounts: add, list, change passwords.")

Role = Annotated[str, typer.Option("--role", "-r", help="viewer, responder or admin.")]
FromStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]
Generate = Annotated[bool, typer.Option("--generate", help="Make up a password and print it.")]


def _password(from_stdin: bool, generate: bool) -> tuple[str, bool]:
    """Return (password, shown): from stdin, generated, or typed twice at a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    if generate:
        from warroom.accounts.rules import new_password

        return new_password(), True
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True), False


@app.command()
def add(
    username: str,
    role: Role = "responder",
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    password_stdin: FromStdin = False,
    generate: Generate = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="Token or proxy sign-in only.")
    ] = False,
) -> None:
    """Add a user who signs in with a password (argon2-hashed) or only by token."""
    from warroom.accounts.actions import add_user

    password, shown = (None, False) if no_password else _password(password_stdin, generate)
    rt = runtime()
    user = rt.write(
        lambda s: add_user(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            username=username,
            role=role,
            password=password,
            display_name=name,
        )
    )
    typer.echo(f"user {user.username} added ({user.role})")
    if shown:
        typer.echo(f"password: {password}")


@app.command("list")
def list_(as_json: JSON = False) -> None:
    """List users and their roles."""
    from rich.table import Table

    from warroom.accounts.queries import list_users

    with runtime().read() as session:
        rows = [
            {
                "username": u.username,
                "name": u.display_name,
                "role": u.role,
                "password": u.password_hash is not None,
                "disabled": u.disabled_at is not None,
            }
            for u in list_users(session)
        ]
    if as_json:
        emit_json(rows)
        return
    table = Table("username", "name", "role", "password", "disabled")
    for row in rows:
        table.add_row(*(str(row[k]) for k in ("username", "name", "role", "password", "disabled")))
    console().print(table)


@app.command()
def passwd(username: str, password_stdin: FromStdin = False, generate: Generate = False) -> None:
    """Set a new password; the user's open sessions end."""
    from warroom.accounts.actions import set_password

    password, shown = _password(password_stdin, generate)
    rt = runtime()
    rt.write(
        lambda s: set_password(
            session=s, actor=rt.actor, now=rt.now(), username=username, password=password
        )
    )
    typer.echo(f"password of {username} changed; open sessions are signed out")
    if shown:
        typer.echo(f"password: {password}")


@app.command()
def role(username: str, new_role: Annotated[str, typer.Argument(metavar="ROLE")]) -> None:
    """Change a user's role (their tokens are lowered to it when needed)."""
    from warroom.accounts.actions import change_role

    rt = runtime()
    user = rt.write(
        lambda s: change_role(session=s, actor=rt.actor, username=username, role=new_role)
    )
    typer.echo(f"user {user.username} is now {user.role}")


@app.command()
def disable(username: str) -> None:
    """Shut an account out: open sessions end and its API tokens stop working."""
    from warroom.accounts.actions import disable_user

    rt = runtime()
    rt.write(lambda s: disable_user(session=s, actor=rt.actor, now=rt.now(), username=username))
    typer.echo(f"user {username} disabled")


@app.command()
def enable(username: str) -> None:
    """Let a disabled account sign in again."""
    from warroom.accounts.actions import enable_user

    rt = runtime()
    rt.write(lambda s: enable_user(session=s, actor=rt.actor, username=username))
    typer.echo(f"user {username} enabled")
