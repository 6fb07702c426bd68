"""`warroom demo`: load the demo incidents (idempotent) and say where to look next."""

from __future__ import annotations

import typer

from warroom.cli.options import gettext
from warroom.cli.runtime import new_app, runtime

app = new_app("Load the demo incidents from the seed documents.")


@app.command()
def demo() -> None:
    """Load demo incidents modelled on the seed documents; running it again adds nothing."""
    from warroom.accounts.actions import ensure_demo_admin
    from warroom.action_items.policy import ActionPolicy
    from warroom.demo.loader import load_demo
    from warroom.demo.paging import seed_paging
    from warroom.postmortems.policy import PostmortemPolicy

    rt = runtime()
    now = rt.now()
    follow_ups = (
        ActionPolicy.from_settings(rt.settings),
        PostmortemPolicy.from_settings(rt.settings),
    )
    created = rt.write(lambda s: load_demo(s, now=now, policy=rt.policy, follow_ups=follow_ups))
    rt.write(lambda s: seed_paging(s, now=now))
    username, password = rt.write(lambda s: ensure_demo_admin(s, now))
    _ = gettext()
    if created:
        typer.echo(_("demo incidents loaded: {ids}").format(ids=", ".join(created)))
    else:
        typer.echo(_("demo data already present; nothing added"))
    typer.echo(_("database: {url}").format(url=rt.engine.url.render_as_string(hide_password=True)))
    typer.echo(
        _("next: `warroom incident list`, then `warroom incident show <ID> --tz Asia/Seoul`")
    )
    typer.echo(
        _("web UI: `warroom serve`, then sign in at {url} as {user} / {password}").format(
            url="http://127.0.0.1:8080/login", user=username, password=password
        )
    )
    typer.echo(_("(the demo password changes every time `warroom demo` runs)"))
