"""Pure retry policy: how long a failed job waits before its next attempt."""

from __future__ import annotations

from datetime import timedelta

BASE_DELAY = timedelta(seconds=2)
MAX_DELAY = timedelta(minutes=15)


def backoff(
    attempt: int,
    *,
    jitter: float,
    base: timedelta = BASE_DELAY,
    cap: timedelta = MAX_DELAY,
) -> timedelta:
    """Return the wait after failed attempt number `attempt` (1-based).

    Exponential (base * 2^(attempt-1), capped) with "equal jitter": half the delay is
    fixed, half is random (`jitter` in [0, 1)), so retries of a burst of jobs that
    failed together (a database restart) spread out instead of returning in lockstep.
    """
    if attempt < 1:
        msg = f"attempt numbers start at 1, got {attempt}"
        raise ValueError(msg)
    if not 0.0 <= jitter < 1.0:
        msg = f"jitter must be in [0, 1), got {jitter}"
        raise ValueError(msg)
    exponent = min(attempt - 1, 32)  # 2**32 * base is past any sane cap already
    delay = min(cap, base * (1 << exponent))
    return delay / 2 + (delay / 2) * jitter


def short_error(exc: BaseException, limit: int = 2000) -> str:
    """Describe an exception for `last_error`, bounded so a huge message cannot bloat rows."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[: limit - 1] + "…"
