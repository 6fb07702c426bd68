"""An MCP server on the suite's database (both backends) with the demo loaded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import pytest
from mcp import Client
from sqlalchemy import Engine

from tests.support.web import seed_users
from warroom.accounts.rules import Principal, Role
from warroom.action_items.policy import ActionPolicy
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.db.uow import unit_of_work
from warroom.demo.loader import load_demo
from warroom.incidents.policy import IncidentPolicy
from warroom.mcp.server import build_server
from warroom.mcp.workspace import Workspace
from warroom.postmortems.policy import PostmortemPolicy


@dataclass
class Assistants:
    engine: Engine
    settings: Settings
    clock: FixedClock

    def workspace(self, username: str, role: Role) -> Workspace:
        return Workspace(
            settings=self.settings,
            engine=self.engine,
            clock=self.clock,
            policy=IncidentPolicy.from_settings(self.settings),
            transport="test",
            principal=Principal(username=username, role=role, via="test"),
        )

    def run(self, username: str, role: Role, script: Callable[[Client], Awaitable[Any]]) -> Any:
        """Connect a client in-process as `username` and run `script` with it."""
        server = build_server(self.workspace(username, role))

        async def main() -> Any:
            async with Client(server) as client:
                return await script(client)

        return anyio.run(main)


@pytest.fixture
def assistants(engine: Engine, settings: Settings, clock: FixedClock) -> Iterator[Assistants]:
    seed_users(engine, clock)
    policy = IncidentPolicy.from_settings(settings)
    with unit_of_work(engine) as session:
        load_demo(
            session,
            now=clock.now(),
            policy=policy,
            follow_ups=(
                ActionPolicy.from_settings(settings),
                PostmortemPolicy.from_settings(settings),
            ),
        )
    yield Assistants(engine=engine, settings=settings, clock=clock)
