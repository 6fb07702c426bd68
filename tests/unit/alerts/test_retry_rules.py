"""When a failed delivery is tried again, and when an operator may send one back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.alerts.rules import RetryPolicy, ensure_retryable
from warroom.errors import Conflict

POLICY = RetryPolicy(max_attempts=5, first_delay=timedelta(seconds=10))


@pytest.mark.parametrize(
    ("attempts", "delay", "exhausted"),
    [(1, 10, False), (2, 20, False), (3, 40, False), (4, 80, False), (5, 160, True)],
)
def test_the_backoff_doubles_until_the_last_attempt(
    attempts: int, delay: int, exhausted: bool
) -> None:
    assert POLICY.delay(attempts) == timedelta(seconds=delay)
    assert POLICY.exhausted(attempts) is exhausted


def test_the_backoff_is_capped() -> None:
    assert POLICY.delay(60) == POLICY.max_delay == timedelta(minutes=5)


@pytest.mark.parametrize(
    ("status", "later", "force", "code"),
    [
        ("failed", 0, False, None),
        ("failed", 2, True, None),
        ("failed", 2, False, "later_deliveries_applied"),
        ("pending", 0, False, "not_dead_letter"),
        ("applied", 0, True, "not_dead_letter"),
        ("rejected", 0, True, "not_dead_letter"),
    ],
)
def test_only_dead_letters_go_back(status: str, later: int, force: bool, code: str | None) -> None:
    if code is None:
        ensure_retryable(7, status, later_applied=later, force=force)
        return
    with pytest.raises(Conflict) as refused:
        ensure_retryable(7, status, later_applied=later, force=force)
    assert refused.value.code == code
