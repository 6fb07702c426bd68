from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.jobs.rules import backoff, short_error

S = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("attempt", "jitter", "expected"),
    [
        (1, 0.0, 1 * S),
        (1, 0.5, 1.5 * S),
        (2, 0.0, 2 * S),
        (3, 0.0, 4 * S),
        (4, 0.999, 8 * S + 8 * S * 0.999),
        (20, 0.0, timedelta(minutes=7, seconds=30)),  # capped at 15 min, half fixed
        (10_000, 0.0, timedelta(minutes=7, seconds=30)),
    ],
)
def test_backoff_is_exponential_with_equal_jitter(
    attempt: int, jitter: float, expected: timedelta
) -> None:
    assert backoff(attempt, jitter=jitter) == expected


@pytest.mark.parametrize(("attempt", "jitter"), [(0, 0.0), (1, 1.0), (1, -0.1)])
def test_backoff_refuses_nonsense(attempt: int, jitter: float) -> None:
    with pytest.raises(ValueError, match=r"attempt|jitter"):
        backoff(attempt, jitter=jitter)


def test_short_error_is_bounded() -> None:
    assert short_error(ValueError("bad")) == "ValueError: bad"
    assert len(short_error(ValueError("x" * 5000), limit=100)) == 100
