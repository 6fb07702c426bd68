"""Two admins demoting each other at the same moment leave one admin, on both databases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, text

from tests.support.eventually import eventually
from warroom.accounts import actions
from warroom.accounts.queries import list_users
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.errors import Conflict


def _waiting_on_a_lock(engine: Engine) -> bool:
    if engine.dialect.name != "postgresql":
        return True  # SQLite: the second writer waits in BEGIN IMMEDIATE; nothing to observe
    with engine.connect() as conn:
        waiting = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
        ).scalar_one()
    return bool(waiting)


def test_admins_demoting_each_other_at_once_leave_one(
    engine: Engine, clock: FixedClock, actor: Actor
) -> None:
    with unit_of_work(engine) as session:
        for name in ("jane", "kim"):
            actions.add_user(
                session=session, actor=actor, now=clock.now(), username=name, role="admin"
            )

    def demote(name: str) -> None:
        with unit_of_work(engine) as session:
            actions.change_role(session=session, actor=actor, username=name, role="responder")

    with ThreadPoolExecutor(max_workers=1) as pool, unit_of_work(engine) as first:
        actions.change_role(session=first, actor=actor, username="kim", role="responder")
        first.flush()  # kim's demotion is written but not committed; the admin rows are held
        second = pool.submit(demote, "jane")
        eventually(lambda: _waiting_on_a_lock(engine), "the second demotion waits")
        first.commit()
        with pytest.raises(Conflict, match="last admin"):
            second.result()
    with read_session(engine) as session:
        roles = {u.username: u.role for u in list_users(session)}
    assert roles == {"jane": "admin", "kim": "responder"}
