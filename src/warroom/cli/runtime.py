"""What every command shares: settings, engine, clock, actor, errors and output.

Commands parse arguments and call one action or query through `Runtime`; they hold
no business rules.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from warroom.clock import Clock, SystemClock
from warroom.core.actor import Actor, local_actor
from warroom.errors import ConfigError, InvalidInput, WarroomError

if TYPE_CHECKING:  # heavy modules load on first use, keeping `--help` fast
    from zoneinfo import ZoneInfo

    from rich.console import Console
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from warroom.config import Settings
    from warroom.incidents.policy import IncidentPolicy

T = TypeVar("T")


def _load_settings() -> Settings:
    from warroom.config import load_settings

    return load_settings()


@dataclass
class Runtime:
    """Built lazily per process; tests replace `clock` or pass their own settings."""

    settings: Settings = field(default_factory=_load_settings)
    clock: Clock = field(default_factory=SystemClock)
    actor: Actor = field(default_factory=local_actor)
    schema_checked: bool = False

    @cached_property
    def engine(self) -> Engine:
        from warroom.db.engine import make_engine

        return make_engine(self.settings.resolved_database_url)

    @cached_property
    def policy(self) -> IncidentPolicy:
        from warroom.incidents.policy import IncidentPolicy

        return IncidentPolicy.from_settings(self.settings)

    def now(self) -> datetime:
        return self.clock.now()

    def tz(self, override: str | None = None) -> ZoneInfo:
        from warroom.core.timefmt import zone

        return zone(override or self.settings.timezone)

    def write(self, action: Callable[[Session], T]) -> T:
        """Run one action in its own transaction; the commit is the acknowledgement."""
        from warroom.cli.setup import ensure_database

        refuse_if_remote()
        from warroom.db.uow import unit_of_work

        ensure_database(self)
        with _out_of_range_is_bad_input(), unit_of_work(self.engine) as session:
            return action(session)

    @contextmanager
    def read(self) -> Iterator[Session]:
        from warroom.cli.setup import ensure_database
        from warroom.db.uow import read_session

        refuse_if_remote()
        ensure_database(self)
        with _out_of_range_is_bad_input(), read_session(self.engine) as session:
            yield session


@contextmanager
def _out_of_range_is_bad_input() -> Iterator[None]:
    """A number the database cannot hold (PostgreSQL's 32-bit ids, SQLite's 64-bit
    integers) came from the user's input: a message and a hint, not a traceback.

    The transaction has rolled back by the time this runs, so nothing was stored.
    """
    from sqlalchemy.exc import DataError

    try:
        yield
    except (DataError, OverflowError) as error:
        raise InvalidInput(
            "a value given is out of range for the database",
            hint="Ids and counts are whole numbers below 2147483648.",
        ) from error


_runtime: list[Runtime] = []


def refuse_if_remote() -> None:
    """A command not yet ported to the REST API must not quietly use the local database."""
    from warroom.cli.contexts import dispatched_to

    if dispatched_to:
        raise ConfigError(
            f"this command does not work against a server yet (context '{dispatched_to[0]}')",
            hint="Run it on the server, in the web UI, or locally: `warroom context use local` "
            "(or unset WARROOM_URL).",
            code="not_remote",
        )


def runtime() -> Runtime:
    if not _runtime:
        _runtime.append(Runtime())
    return _runtime[0]


def use_runtime(value: Runtime | None) -> None:
    """Install a runtime (tests); None forgets it so the next call builds a fresh one."""
    _runtime.clear()
    if value is not None:
        _runtime.append(value)


def console() -> Console:
    from rich.console import Console

    probe = Console()
    width = probe.width if probe.is_terminal else 140
    return Console(highlight=False, soft_wrap=False, width=width)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(error: WarroomError) -> int:
    typer.echo(f"error: {error.message}", err=True)
    if error.hint:
        typer.echo(f"hint: {error.hint}", err=True)
    return error.exit_code


def invoke(app: typer.Typer, args: list[str], *, prog_name: str) -> int:
    """Run a Typer app; WarroomError becomes a message, a hint and a non-zero exit."""
    try:
        app(args=args, prog_name=prog_name, standalone_mode=True)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 0
    except WarroomError as error:
        return fail(error)
    return 0


def new_app(help_text: str) -> typer.Typer:
    return typer.Typer(
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )


def print_err(message: str) -> None:
    print(message, file=sys.stderr)  # noqa: T201
