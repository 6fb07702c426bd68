"""`warroom init` and `warroom db`: create and migrate the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from warroom.cli.runtime import new_app, runtime
from warroom.errors import ConfigError

if TYPE_CHECKING:
    from warroom.cli.runtime import Runtime

init_app = new_app("Create or upgrade the database and print where it is.")
db_app = new_app("Database migrations.")


def ensure_database(rt: Runtime) -> None:
    """Create the schema on first use; refuse to run on a database newer than the code."""
    if rt.schema_checked:
        return
    from warroom.db.version import HEAD, current_revision

    revision = current_revision(rt.engine)
    if revision is None:
        from warroom.migrations.runner import upgrade

        upgrade(rt.engine)
    elif revision != HEAD:
        raise ConfigError(
            f"the database is at schema revision {revision}, this warroom expects {HEAD}",
            hint="Run `warroom db upgrade` (back up the database first).",
        )
    rt.schema_checked = True


@init_app.command()
def init() -> None:
    """Create the database (or bring it up to date) and show where it lives."""
    from warroom.migrations.runner import upgrade

    rt = runtime()
    upgrade(rt.engine)
    typer.echo(f"database ready: {rt.engine.url.render_as_string(hide_password=True)}")


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from warroom.migrations.runner import upgrade

    rt = runtime()
    upgrade(rt.engine, revision)
    typer.echo(f"database upgraded to {revision}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's schema revision."""
    from warroom.db.version import current_revision

    typer.echo(current_revision(runtime().engine) or "empty")
