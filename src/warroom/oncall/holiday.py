"""Public holidays from the maintained `holidays` package (003 §4.2: all day on holidays)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from warroom.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """A country's (and optionally a subdivision's) public holidays; empty country: none."""

    country: str = ""
    subdiv: str | None = None

    def contains(self, day: date) -> bool:
        return bool(self.country) and day in _dates(self.country, self.subdiv, day.year)

    def name(self, day: date) -> str | None:
        if not self.country:
            return None
        return _names(self.country, self.subdiv, day.year).get(day)


def check_country(country: str, subdiv: str | None = None) -> tuple[str, str | None]:
    """Normalise a country code (KR, US, DE...) and refuse ones the package does not know."""
    import holidays

    code = country.strip().upper()
    if not code:
        return "", None
    if code not in holidays.list_supported_countries():
        raise InvalidInput(
            f"no public holiday calendar for '{country}'",
            hint="Use an ISO 3166 code such as KR, US, DE or AU, or 'none'.",
        )
    if subdiv:
        allowed = holidays.list_supported_countries()[code]
        if subdiv not in allowed:
            raise InvalidInput(
                f"'{subdiv}' is not a subdivision of {code}",
                hint=f"Use one of: {', '.join(allowed[:12])}{'…' if len(allowed) > 12 else ''}.",
            )
    return code, subdiv or None


@cache
def _names(country: str, subdiv: str | None, year: int) -> dict[date, str]:
    import holidays

    table = holidays.country_holidays(country, subdiv=subdiv, years=year)
    return {day: str(name) for day, name in table.items()}


@cache
def _dates(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(_names(country, subdiv, year))
