"""The definitions behind every figure, in one place (docs/analytics.md).

Pure functions: the SQL in `stats` computes the same thing on the database; tests
compare the two on generated incidents.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from warroom.errors import InvalidInput


class Metric(StrEnum):
    """Durations as `incidents.rules.durations` defines them for one incident."""

    MTTD = "mttd"  # detected_at - started_at
    MTTA = "mtta"  # acknowledged_at - detected_at
    MTTM = "mttm"  # mitigated_at - detected_at
    MTTR = "mttr"  # resolved_at - detected_at


class GroupBy(StrEnum):
    ALL = "all"
    SEVERITY = "severity"
    SERVICE = "service"
    MONTH = "month"


PERCENTILES = (50, 90)
NO_SERVICE = "-"


def parse_group(value: str) -> GroupBy:
    try:
        return GroupBy(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"cannot group by '{value}'", hint="Use severity, service, month or all."
        ) from None


def rank_of(percent: int, n: int) -> int:
    """The nearest-rank method: the value at rank ⌈p/100 · n⌉ of the sorted values (1-based).

    Computed with integers so SQL and Python agree exactly: ⌈p·n/100⌉ = (p·n + 99) // 100.
    """
    return max(1, (percent * n + 99) // 100)


def percentile(values: Sequence[float], percent: int) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[rank_of(percent, len(ordered)) - 1]


@dataclass(frozen=True, slots=True)
class Summary:
    """Seconds; None when no incident in the group has reached that mark."""

    n: int
    median: float | None
    p90: float | None
    mean: float | None

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        if not values:
            return cls(0, None, None, None)
        return cls(
            len(values),
            percentile(values, 50),
            percentile(values, 90),
            math.fsum(values) / len(values),
        )


@dataclass(frozen=True, slots=True)
class Share:
    """Incidents that met a target out of those that met or missed it (pending left out)."""

    met: int
    missed: int

    @property
    def ratio(self) -> float | None:
        judged = self.met + self.missed
        return None if judged == 0 else self.met / judged


@dataclass(frozen=True, slots=True)
class GroupStats:
    key: str
    count: int
    durations: dict[Metric, Summary]
    response: Share
    rto: Share
    postmortem_on_time: Share


def as_dict(group: GroupStats) -> dict[str, object]:
    """The JSON shape of one group (CLI `--json`, the API and the insights page)."""
    return {
        "key": group.key,
        "count": group.count,
        **{
            metric.value: {
                "n": s.n,
                "median": s.median,
                "p90": s.p90,
                "mean": s.mean,
            }
            for metric, s in group.durations.items()
        },
        "response": {
            "met": group.response.met,
            "missed": group.response.missed,
            "share": group.response.ratio,
        },
        "rto": {"met": group.rto.met, "missed": group.rto.missed, "share": group.rto.ratio},
        "postmortem_on_time": {
            "met": group.postmortem_on_time.met,
            "missed": group.postmortem_on_time.missed,
            "share": group.postmortem_on_time.ratio,
        },
    }
