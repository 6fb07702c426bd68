from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.web import Web, web_app
from warroom.clock import FixedClock


@pytest.fixture
def web(engine: Engine, tmp_path: Path, clock: FixedClock) -> Iterator[Web]:
    with web_app(engine, tmp_path / "data", clock) as app:
        yield app
