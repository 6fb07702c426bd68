"""Shared benchmark helpers: percentiles, PostgreSQL databases, printed tables."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from sqlalchemy import create_engine, text

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of the samples."""
    ordered = sorted(samples)
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall times in milliseconds of `repeat` calls after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> str:
    return (
        f"p50 {statistics.median(samples):7.2f} ms  p95 {percentile(samples, 95):7.2f} ms"
        f"  max {max(samples):7.2f} ms"
    )


def postgres_url(name: str) -> str | None:
    """URL of database `name` on the local server (created if missing), or None."""
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception:  # no server: the caller reports and skips
        return None
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
