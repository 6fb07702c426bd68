"""How a draft writes durations, targets and deadlines in its language.

Korean reads `24분 13초`, `4시간`, `1일 2시간`; English `24m 13s`, `4 h`, `30 min`.
Targets are the policy's (003 §2: respond in 15/30 min, recover in 1/4 h), written as
durations; a target without a clock (next business day) is its translated name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from warroom.core.timefmt import duration
from warroom.severity.rules import Target

Gettext = Callable[[str], str]


def span(value: timedelta | None, lang: str = "en") -> str:
    """A measured duration: `24m 13s` / `24분 13초`; empty when unknown."""
    if value is None:
        return ""
    if lang != "ko":
        return duration(value)
    seconds = int(value.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days}일"] if days else []
    if hours or days:
        parts.append(f"{hours}시간")
    parts.append(f"{minutes}분")
    if not days and not hours:
        parts.append(f"{secs}초")
    return sign + " ".join(parts)


def target(value: int | Target | None, lang: str, _: Gettext) -> str:
    """A target as written in the severity table: `30 min` / `30분`, `4 h` / `4시간`."""
    if value is None:
        return ""
    if isinstance(value, Target):
        return _(value.value)
    hours, minutes = divmod(value, 60)
    if lang == "ko":
        return " ".join(
            p for p in (f"{hours}시간" if hours else "", f"{minutes}분" if minutes else "") if p
        )
    return " ".join(
        p for p in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "") if p
    )
