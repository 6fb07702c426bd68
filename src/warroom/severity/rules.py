"""Severity: the P1–P4 scale of seed 003 §2, its targets and the impact matrix.

Pure functions over a `SeverityPolicy` built from settings; no session, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from warroom.errors import InvalidInput

LEVELS = ("P1", "P2", "P3", "P4")


class UserImpact(StrEnum):
    VERY_FEW = "very_few"
    SOME = "some"
    MANY = "many"
    ALL = "all"


class BusinessImpact(StrEnum):
    REVENUE = "revenue"
    WORK = "work"
    INCONVENIENCE = "inconvenience"


class Target(StrEnum):
    """Targets that are not a number of minutes."""

    NEXT_BUSINESS_DAY = "next_business_day"
    NEXT_RELEASE = "next_release"


# Seed 003 §2.2: rows are business impact, columns user impact (very few → all).
MATRIX: dict[BusinessImpact, tuple[str, str, str, str]] = {
    BusinessImpact.REVENUE: ("P3", "P2", "P1", "P1"),
    BusinessImpact.WORK: ("P4", "P3", "P2", "P1"),
    BusinessImpact.INCONVENIENCE: ("P4", "P4", "P3", "P2"),
}

NAMES = {"P1": "Critical", "P2": "Major", "P3": "Minor", "P4": "Low"}

USER_ALIASES = {
    "very_few": UserImpact.VERY_FEW,
    "very-few": UserImpact.VERY_FEW,
    "few": UserImpact.VERY_FEW,
    "some": UserImpact.SOME,
    "many": UserImpact.MANY,
    "all": UserImpact.ALL,
    "극소수": UserImpact.VERY_FEW,
    "일부": UserImpact.SOME,
    "다수": UserImpact.MANY,
    "전체": UserImpact.ALL,
}
BUSINESS_ALIASES = {
    "revenue": BusinessImpact.REVENUE,
    "work": BusinessImpact.WORK,
    "inconvenience": BusinessImpact.INCONVENIENCE,
    "매출": BusinessImpact.REVENUE,
    "업무": BusinessImpact.WORK,
    "불편": BusinessImpact.INCONVENIENCE,
}


@dataclass(frozen=True, slots=True)
class SeverityPolicy:
    """Targets per level; a level missing from a table gets the 003 fallback target."""

    response_minutes: dict[str, int] = field(
        default_factory=lambda: {"P1": 15, "P2": 30, "P3": 120}
    )
    rto_minutes: dict[str, int] = field(default_factory=lambda: {"P1": 60, "P2": 240})
    scale: str = "P"
    business_hours: tuple[int, int] = (9, 18)

    def response_target(self, level: str) -> int | Target:
        return self.response_minutes.get(level, Target.NEXT_BUSINESS_DAY)

    def rto_target(self, level: str) -> int | Target:
        if level in self.rto_minutes:
            return self.rto_minutes[level]
        return Target.NEXT_BUSINESS_DAY if level == "P3" else Target.NEXT_RELEASE

    def label(self, level: str) -> str:
        return f"SEV{level[1:]}" if self.scale == "SEV" else level


def parse_level(value: str) -> str:
    """Accept P1–P4 and SEV1–SEV4 (the SEV scale maps one to one onto P)."""
    raw = value.strip().upper()
    if raw.startswith("SEV") and raw[3:].isdigit():
        raw = f"P{raw[3:]}"
    if raw not in LEVELS:
        raise InvalidInput(
            f"unknown severity '{value}'",
            hint="Use P1, P2, P3 or P4 (SEV1–SEV4 are accepted as aliases).",
        )
    return raw


def parse_user_impact(value: str) -> UserImpact:
    try:
        return USER_ALIASES[value.strip().lower()]
    except KeyError:
        raise InvalidInput(
            f"unknown user impact '{value}'", hint="Use very_few, some, many or all."
        ) from None


def parse_business_impact(value: str) -> BusinessImpact:
    try:
        return BUSINESS_ALIASES[value.strip().lower()]
    except KeyError:
        raise InvalidInput(
            f"unknown business impact '{value}'", hint="Use revenue, work or inconvenience."
        ) from None


def suggest(users: UserImpact, business: BusinessImpact) -> str:
    """Return the severity the 003 matrix gives for this impact."""
    return MATRIX[business][list(UserImpact).index(users)]


def is_higher(new: str, old: str) -> bool:
    return LEVELS.index(new) < LEVELS.index(old)


def deadline(
    start: datetime, target: int | Target, policy: SeverityPolicy, tz: ZoneInfo
) -> datetime | None:
    """Return when a target falls due; None when it has no clock (next release)."""
    if isinstance(target, int):
        return start + timedelta(minutes=target)
    if target is Target.NEXT_RELEASE:
        return None
    return next_business_day_end(start, policy.business_hours, tz)


def next_business_day_end(start: datetime, hours: tuple[int, int], tz: ZoneInfo) -> datetime:
    """End of business (e.g. 18:00 local) on the next weekday after `start`."""
    day = start.astimezone(tz).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(hours[1]), tzinfo=tz).astimezone(start.tzinfo)
