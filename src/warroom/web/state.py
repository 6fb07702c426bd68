"""Per-app state and the request dependencies that hand it to routes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from warroom.clock import Clock
from warroom.config import Settings
from warroom.incidents.policy import IncidentPolicy
from warroom.web.forwarded import TrustedProxies


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    clock: Clock
    policy: IncidentPolicy
    secret_key: str
    proxies: TrustedProxies
    live_streams: int = 0  # open /api/v1/live streams (one per browser, see api/live.py)


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.warroom
    return state


def write_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: commit before the response is sent."""
    from warroom.db.uow import unit_of_work

    with unit_of_work(app_state(request).engine) as session:
        yield session


def read_session(request: Request) -> Iterator[Session]:
    from warroom.db.uow import read_session as reader

    with reader(app_state(request).engine) as session:
        yield session


State = Annotated[AppState, Depends(app_state)]
# scope="function": the commit happens when the route returns, before the response is
# sent, so a 2xx is only ever sent for a write that is durable.
Writer = Annotated[Session, Depends(write_session, scope="function")]
Reader = Annotated[Session, Depends(read_session)]
