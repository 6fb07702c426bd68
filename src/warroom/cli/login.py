"""`warroom login URL` and `warroom context ...`: which server the CLI talks to.

The token is kept in the user's config dir with 0600 permissions (`contexts.json`,
see `warroom.cli.contexts`). The OS keyring is not used: it would add a dependency
and its start-up cost to every command (docs/cli-remote.md).
"""

from __future__ import annotations

import os
from typing import Annotated
from urllib.parse import urlsplit

import typer

from warroom.cli import contexts
from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import emit_json, new_app

app = new_app("Log in to a team's warroom server with an API token.")
context_app = new_app("Switch between the local database and servers you logged in to.")


def _ask_token(url: str) -> str:
    import getpass

    _ = gettext()
    typer.echo(
        _(
            "Paste an API token for {url} (an admin creates one with "
            "`warroom token create --user YOU` on the server)."
        ).format(url=url),
        err=True,
    )
    return getpass.getpass(_("Token: ")).strip()


@app.command()
def login(
    url: Annotated[str, typer.Argument(help="The server, e.g. https://warroom.example.com")],
    token: Annotated[
        str | None,
        typer.Option(help="API token (wrt_...); default: $WARROOM_TOKEN, else asked for."),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Context name (default: the server's host name).")
    ] = None,
) -> None:
    """Check the token against the server, store it (0600) and make it the current context."""
    from warroom.cli.http import Client
    from warroom.errors import InvalidInput

    address = contexts.normalize_url(url)
    secret = token or os.environ.get("WARROOM_TOKEN") or _ask_token(address)
    if not secret:
        raise InvalidInput("no token given", hint="Pass --token wrt_... or set WARROOM_TOKEN.")
    me = Client(address, secret).get("/me")
    label = name or urlsplit(address).hostname or address
    if label == contexts.LOCAL:
        raise InvalidInput("'local' names the local database", hint="Choose another --name.")
    path = contexts.add(label, address, secret)
    _ = gettext()
    done = _("logged in to {url} as {user} ({role}); context '{name}' saved in {path}")
    typer.echo(
        done.format(url=address, user=me["username"], role=me["role"], name=label, path=path)
    )


@context_app.command("use")
def use(name: Annotated[str, typer.Argument(help="A context name, or `local`.")]) -> None:
    """Make NAME the current context (`local`: the database on this machine)."""
    contexts.use(name)
    _ = gettext()
    typer.echo(_("now using context '{name}'").format(name=name))


@context_app.command("list")
def list_(as_json: JSON = False) -> None:
    """The contexts and which one is current (tokens are never printed)."""
    data = contexts.load()
    current = "$WARROOM_URL" if os.environ.get("WARROOM_URL") else data["current"]
    rows = [{"name": contexts.LOCAL, "url": None, "current": current == contexts.LOCAL}]
    rows += [
        {"name": name, "url": entry["url"], "current": name == current}
        for name, entry in sorted(data["contexts"].items())
    ]
    if current == "$WARROOM_URL":
        rows.append({"name": current, "url": os.environ["WARROOM_URL"], "current": True})
    if as_json:
        emit_json(rows)
        return
    _ = gettext()
    local_label = _("(this machine's database)")
    for row in rows:
        mark = "*" if row["current"] else " "
        typer.echo(f"{mark} {row['name']:16s} {row['url'] or local_label}")


@context_app.command("remove")
def remove(name: str) -> None:
    """Forget a context and its token."""
    contexts.remove(name)
    _ = gettext()
    typer.echo(_("removed context '{name}'").format(name=name))
