"""Numbers the database cannot hold are bad input, on both databases, and store nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select

from tests.cli.conftest import Result, Run
from warroom.cli.main import main
from warroom.cli.runtime import Runtime, use_runtime
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.timeline.models import TimelineEvent

HUGE = str(2**70)


@pytest.fixture
def run_on(engine: Engine, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    url = engine.url.render_as_string(hide_password=False)
    rt = Runtime(settings=Settings(database_url=url), clock=clock, actor=Actor(handle="alice"))
    rt.schema_checked = True  # the suite built the schema
    use_runtime(rt)

    def _run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield _run
    use_runtime(None)
    rt.engine.dispose()


def _events(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(TimelineEvent)) or 0)


@pytest.mark.parametrize(
    "args",
    [
        ("token", "revoke", HUGE),
        ("timeline", "add", "{incident}", "note", "fixed", "--corrects", HUGE),
    ],
    ids=["token-revoke", "timeline-corrects"],
)
def test_a_huge_id_is_a_message_with_a_hint_and_nothing_is_stored(
    run_on: Run, engine: Engine, args: tuple[str, ...]
) -> None:
    declared = run_on("incident", "declare", "Checkout errors", "--severity", "P2", "--json")
    assert declared.code == 0, declared.err
    incident = declared.out.split('"id": "')[1].split('"')[0]
    before = _events(engine)
    result = run_on(*[arg.format(incident=incident) for arg in args])
    assert result.code == 2
    assert "error: a value given is out of range" in result.err
    assert "hint: " in result.err
    assert "Traceback" not in result.err
    assert _events(engine) == before
