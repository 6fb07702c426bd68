from __future__ import annotations

import pytest

from warroom.action_items.rules import Status
from warroom.integrations.trackers.base import RemoteState as R
from warroom.integrations.trackers.mapping import reconcile

S = Status


@pytest.mark.parametrize(
    ("current", "remote", "expected"),
    [
        # An open GitHub issue cannot tell todo from in progress: leave open items alone.
        (S.BACKLOG, R.OPEN, None),
        (S.IN_PROGRESS, R.OPEN, None),
        (S.BLOCKED, R.OPEN, None),
        (S.DONE, R.OPEN, S.TODO),
        (S.WONT_DO, R.OPEN, S.TODO),
        (S.TODO, R.ACTIVE, S.IN_PROGRESS),
        (S.BACKLOG, R.ACTIVE, S.IN_PROGRESS),
        (S.BLOCKED, R.ACTIVE, None),
        (S.IN_PROGRESS, R.ACTIVE, None),
        (S.DONE, R.ACTIVE, S.IN_PROGRESS),
        (S.IN_PROGRESS, R.BLOCKED, S.BLOCKED),
        (S.BLOCKED, R.BLOCKED, None),
        (S.TODO, R.DONE, S.DONE),
        (S.BLOCKED, R.DONE, S.DONE),
        (S.DONE, R.DONE, None),
        (S.TODO, R.DECLINED, S.WONT_DO),
        # Closed differently on each side: a person decides, sync does not flip it.
        (S.DONE, R.DECLINED, None),
        (S.WONT_DO, R.DONE, None),
    ],
)
def test_reconcile(current: S, remote: R, expected: S | None) -> None:
    result = reconcile(current, remote, tracker="GitHub", raw="x")
    assert (result.status if result else None) == expected


def test_reconcile_says_where_the_change_came_from() -> None:
    result = reconcile(S.TODO, R.DECLINED, tracker="Jira", raw="Closed")
    assert result is not None
    assert result.reason == "synced from Jira: Closed"
