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
from warroom.core.actor import Actor
from warroom.incidents.policy import IncidentPolicy


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    clock: Clock
    policy: IncidentPolicy


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


def current_actor(request: Request) -> Actor:
    """The authenticated caller; until accounts exist, the X-Warroom-Actor header or 'api'."""
    return Actor(handle=request.headers.get("x-warroom-actor", "api"))


State = Annotated[AppState, Depends(app_state)]
Writer = Annotated[Session, Depends(write_session)]
Reader = Annotated[Session, Depends(read_session)]
Caller = Annotated[Actor, Depends(current_actor)]
