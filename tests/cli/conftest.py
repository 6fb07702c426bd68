"""Run the real `warroom` entry point in-process against a temporary database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from warroom.cli.main import main
from warroom.cli.runtime import Runtime, use_runtime
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def cli_runtime(tmp_path: Path, clock: FixedClock) -> Iterator[Runtime]:
    rt = Runtime(
        settings=Settings(data_dir=tmp_path / "data", timezone="Asia/Seoul"),
        clock=clock,
        actor=Actor(handle="alice"),
    )
    use_runtime(rt)
    yield rt
    use_runtime(None)
    rt.engine.dispose()


@pytest.fixture
def run(cli_runtime: Runtime, capsys: pytest.CaptureFixture[str]) -> Run:
    def _run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run
