"""Two people pull a card into the last free slot of a WIP-limited column at the same moment.

Each move locks only its own item and counts the column: without a lock on the column
both count one free slot, both pass, and the column ends over its limit. The two moves
run in real transactions on two connections; each stops right after its WIP check
until the other has checked too, or waits for a lock (tests/support/rendezvous.py).
On SQLite the database serialises the two writers, and the same test checks the outcome.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.domain.helpers import ALICE, declare
from tests.support.rendezvous import Party, run_both
from warroom.action_items import actions, queries, rules
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.rules import Priority, Status
from warroom.action_items.schemas import ActionItemDraft
from warroom.clock import FixedClock
from warroom.db.uow import read_session, unit_of_work
from warroom.errors import Conflict

POLICY = ActionPolicy(wip_limits={"actions": {"in-progress": 2}})


def _two_todo_and_one_in_progress(engine: Engine, clock: FixedClock) -> list[str]:
    """Each on its own incident: a move locks its item's incident, which would serialise them."""
    with unit_of_work(engine) as session:
        ids = [
            actions.add_action_item(
                session=session,
                actor=ALICE,
                now=clock.now(),
                policy=POLICY,
                draft=ActionItemDraft(
                    incident_id=declare(session, clock.now(), severity="P3").id,  # standard
                    title=f"fix {n}",
                    item_type="code-fix",
                    priority=Priority.P2,
                    status=Status.IN_PROGRESS if n == 0 else Status.TODO,
                ),
            ).id
            for n in range(3)
        ]
    return ids[1:]


def test_two_moves_into_the_last_free_slot_let_exactly_one_in(
    engine: Engine, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _two_todo_and_one_in_progress(engine, clock)
    a, b = Party(first, engine), Party(second, engine)
    peer = {a.name: b, b.name: a}
    mine: dict[int, Party] = {}
    real = rules.ensure_within_wip

    def check_then_meet(**kwargs: Any) -> None:
        real(**kwargs)  # passed: the slot looked free to this transaction
        me = mine[threading.get_ident()]
        me.arrive()
        me.wait_for(peer[me.name])  # both past the check before either commits

    monkeypatch.setattr(rules, "ensure_within_wip", check_then_meet)
    refused: list[Conflict] = []

    def pull(party: Party) -> None:
        mine[threading.get_ident()] = party
        try:
            with unit_of_work(engine) as session:
                party.register(session)
                actions.move_action_item(
                    session=session,
                    actor=ALICE,
                    now=clock.now(),
                    policy=POLICY,
                    item_id=party.name,
                    to=Status.IN_PROGRESS,
                )
        except Conflict as error:
            refused.append(error)

    assert run_both((a, lambda: pull(a)), (b, lambda: pull(b))) == []
    with read_session(engine) as session:
        assert queries.count_in_status(session, Status.IN_PROGRESS) == 2  # the limit holds
        moved = [queries.get_action_item(session, i).status for i in (first, second)]
    [error] = refused  # exactly one of the two got in
    assert error.code == "wip_limit" and "WIP limit of 2" in error.message
    assert sorted(moved) == ["in-progress", "todo"]
