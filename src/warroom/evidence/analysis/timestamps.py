"""Find and parse the timestamp in a log line's header, whatever its format.

Naive timestamps are read in the zone the caller gives (UTC by default); formats
without a year (syslog, logcat) take `default_year`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_MON = r"(?P<b>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_TIME = r"(?P<H>\d{1,2})[:.](?P<M>\d{2})[:.](?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?"
_ZONE = r"(?:\s?(?P<z>Z|UTC|GMT|[+-]\d{2}:?\d{2})(?![\d:]))?"

# Ordered: the first pattern that matches a header wins.
PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?<!\d)(?P<Y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})[T\s:-]+"
        + _TIME
        + _ZONE
    ),
    re.compile(r"(?<!\d)(?P<Y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)[-T]" + _TIME),
    re.compile(
        r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+"
        + _MON
        + r"\s+(?P<d>\d{1,2})\s+"
        + _TIME
        + r"\s+(?P<Y>\d{4})"
    ),
    re.compile(r"(?P<d>\d{1,2})/" + _MON + r"/(?P<Y>\d{4}):" + _TIME + _ZONE),
    re.compile(r"(?<![\w/])" + _MON + r"\s+(?P<d>\d{1,2})\s+" + _TIME + _ZONE),
    re.compile(r"(?<![\d/])(?P<y>\d{2})/(?P<m>\d{2})/(?P<d>\d{2})\s+" + _TIME),
    re.compile(r"(?<![\d-])(?P<m>\d{2})-(?P<d>\d{2})\s+" + _TIME),
    re.compile(r"(?<![\d.])(?P<m>[01]\d)\.(?P<d>[0-3]\d)\s+" + _TIME),  # [10.30 16:49:06]
    re.compile(
        r"^(?:\S+\s+)?(?P<y>\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)\s+(?P<H>[0-2]\d)(?P<M>[0-5]\d)"
        r"(?P<S>[0-5]\d)(?!\d)"
    ),
    re.compile(r"(?<![\d.])(?P<e>1\d{9})(?:\.(?P<ef>\d{1,6}))?(?![\d.])"),
    re.compile(r"(?<![\d.])(?P<em>1\d{12})(?![\d.])"),
)


# A year written elsewhere in the header (`2005.11.09 dn228 Nov 9 12:01:01`) dates a
# yearless time better than the default year does.
_YEAR = re.compile(r"(?<!\S)(?P<Y>(?:19|20)\d{2})[-/.]\d{1,2}[-/.]\d{1,2}(?!\S)")


@dataclass(frozen=True)
class TimeContext:
    """How to read timestamps that lack a zone or a year.

    A yearless time (syslog, logcat) that would fall after `not_after` is taken from the
    year before, the way December lines read in January belong to last year.
    """

    zone: tzinfo = UTC
    default_year: int = 1970
    not_after: datetime | None = None


def _offset(text: str | None, fallback: tzinfo) -> tzinfo:
    if not text:
        return fallback
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
    return timezone(sign * delta)


def _from_groups(groups: dict[str, str | None], context: TimeContext) -> datetime:
    if groups.get("e"):
        seconds = int(groups["e"] or 0) + float("0." + (groups.get("ef") or "0"))
        return datetime.fromtimestamp(seconds, UTC)
    if groups.get("em"):
        return datetime.fromtimestamp(int(groups["em"] or 0) / 1000, UTC)
    if groups.get("Y"):
        year = int(groups["Y"] or 0)
    elif groups.get("y"):
        year = 2000 + int(groups["y"] or 0)
    else:
        year = context.default_year
    month_name = groups.get("b")
    month = _MONTHS[month_name[:3].lower()] if month_name else int(groups["m"] or 0)
    fraction = (groups.get("f") or "0")[:6].ljust(6, "0")
    naive = datetime(  # noqa: DTZ001 - the zone is attached just below
        year,
        month,
        int(groups["d"] or 0),
        int(groups["H"] or 0),
        int(groups["M"] or 0),
        int(groups["S"] or 0),
        int(fraction),
    )
    stamp = naive.replace(tzinfo=_offset(groups.get("z"), context.zone)).astimezone(UTC)
    yearless = not groups.get("Y") and not groups.get("y")
    if yearless and context.not_after is not None and stamp > context.not_after:
        stamp = _previous_year(naive).replace(tzinfo=_offset(None, context.zone)).astimezone(UTC)
    return stamp


def _previous_year(naive: datetime) -> datetime:
    try:
        return naive.replace(year=naive.year - 1)
    except ValueError:  # 29 February
        return naive.replace(year=naive.year - 1, day=28)


def match_timestamp(text: str, context: TimeContext, first: int = 0) -> tuple[datetime, int] | None:
    """Return the timestamp found in `text` and the index of the pattern that found it.

    Pattern `first` is tried before the others, so a file's own format costs one search.
    """
    order = (first, *(i for i in range(len(PATTERNS)) if i != first))
    for index in order:
        found = PATTERNS[index].search(text)
        if found is None:
            continue
        try:
            return _from_match(found, text, context), index
        except (ValueError, OverflowError, KeyError):
            continue
    return None


def _from_match(found: re.Match[str], text: str, context: TimeContext) -> datetime:
    groups = found.groupdict()
    if not groups.get("Y") and not groups.get("y") and not groups.get("e"):
        year = _YEAR.search(text[: found.start()] + " " + text[found.end() :])
        if year is not None and not groups.get("em"):
            groups["Y"] = year.group("Y")
    return _from_groups(groups, context)


CACHE_LIMIT = 10_000
_KNOWN_PER_SHAPE = 4
_DATED = frozenset(i for i, p in enumerate(PATTERNS) if p.groupindex.keys() & {"Y", "y", "e", "em"})
_DIGITS = str.maketrans("123456789", "000000000")


class TimestampReader:
    """Read the timestamps of a stream of headers, fast when lines repeat a shape.

    Which patterns fit a header depends on its shape (digits read as 0, or the layout
    that split the line): they are remembered per shape, so a file's own format costs
    one search per line, interleaved formats too. Parsed times are cached by their text
    without the fraction of a second (many lines share a second).
    """

    def __init__(self, context: TimeContext) -> None:
        self.context = context
        self._by_shape: dict[object, list[int]] = {}
        self._cache: dict[str, datetime] = {}

    def read(self, text: str, layout: object = None) -> datetime | None:
        """Parse the time in `text`; `layout`, when given, stands for the text's shape."""
        shape = text.translate(_DIGITS) if layout is None else layout
        for index in self._by_shape.get(shape, ()):
            found = PATTERNS[index].search(text)
            if found is not None:
                stamp = self._parse(found, index, text)
                if stamp is not None:
                    return stamp
        return self._search(text, shape)

    def _parse(self, found: re.Match[str], index: int, text: str) -> datetime | None:
        try:
            if index not in _DATED:  # its year may come from elsewhere in the text: no cache
                return _from_match(found, text, self.context)
            start, end = found.span()
            cut = found.span("f") if "f" in found.re.groupindex else (-1, -1)
            key = text[start : cut[0]] + text[cut[1] : end] if cut[0] >= 0 else found.group()
            stamp = self._cache.get(key)
            if stamp is None:
                stamp = _from_match(found, text, self.context)
                stamp = stamp.replace(microsecond=0) if cut[0] >= 0 else stamp
                if len(self._cache) >= CACHE_LIMIT:
                    self._cache.clear()
                self._cache[key] = stamp
        except (ValueError, OverflowError, KeyError):
            return None
        if cut[0] >= 0:
            return stamp.replace(microsecond=int(text[cut[0] : cut[1]][:6].ljust(6, "0")))
        return stamp

    def _search(self, text: str, shape: object) -> datetime | None:
        matched = match_timestamp(text, self.context)
        if matched is None:
            return None
        if len(self._by_shape) >= CACHE_LIMIT:
            self._by_shape.clear()
        known = self._by_shape.setdefault(shape, [])
        if matched[1] not in known and len(known) < _KNOWN_PER_SHAPE:
            known.append(matched[1])
            known.sort()  # in the order match_timestamp tries them
        return matched[0]


def parse_timestamp(text: str, context: TimeContext | None = None) -> datetime | None:
    """Parse a timestamp given alone (ISO 8601, epoch, or any header format)."""
    value = text.strip()
    if not value:
        return None
    ctx = context or TimeContext()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        found = match_timestamp(value, ctx)
        return found[0] if found else None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ctx.zone)
    return parsed.astimezone(UTC)
