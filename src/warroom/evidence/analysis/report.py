"""Summarise mined patterns: counts, first and last seen, histograms, shares, endpoints, diff.

`LogAnalyzer` consumes records one at a time (constant memory apart from the per-line
ids kept when asked for) and `finish()` returns a `LogReport`: the top patterns with the
share of lines they took before and after each pivot time (deploy, incident start, the
diff point), the HTTP paths seen in their lines, and the patterns that appeared or
vanished at the diff point.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from warroom.evidence.analysis.miner import Pattern, TemplateMiner
from warroom.evidence.analysis.reader import LogRecord

MAX_ENDPOINTS = 1000
SURGE_FACTOR = 3.0  # share after / share before at the diff point
SURGE_MIN_LINES = 5
SURGE_LIMIT = 20
_METHOD_PATH = re.compile(
    r"\b(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:https?://[^/\s]+)?(/[^\s?\"']*)"
    r"|\bhttps?://[^/\s\"']+(/[^\s?\"']*)"
    r"|\b(?:path|uri|url|endpoint|route)[=:]\s*\"?(/[^\s?\"',]*)",
    re.IGNORECASE,
)


def endpoint_of(record: LogRecord) -> str | None:
    """Return the HTTP path a line mentions (method + path, URL, or path= field), if any."""
    if record.path:
        return record.path.split("?", 1)[0]
    if "/" not in record.message:  # every form below holds a slash: skip the regex
        return None
    found = _METHOD_PATH.search(record.message)
    if found is None:
        return None
    return next(group for group in found.groups() if group)


@dataclass(frozen=True)
class Window:
    """Counts on each side of a pivot time (lines without a time count on neither side)."""

    before: int = 0
    after: int = 0


@dataclass
class _Tally:
    first: datetime | None = None
    last: datetime | None = None
    buckets: Counter[int] = field(default_factory=Counter)
    levels: Counter[str] = field(default_factory=Counter)
    endpoints: Counter[str] = field(default_factory=Counter)
    before: Counter[str] = field(default_factory=Counter)
    after: Counter[str] = field(default_factory=Counter)

    def absorb(self, other: _Tally) -> None:
        if other.first is not None and (self.first is None or other.first < self.first):
            self.first = other.first
        if other.last is not None and (self.last is None or other.last > self.last):
            self.last = other.last
        self.buckets.update(other.buckets)
        for mine, theirs in (
            (self.levels, other.levels),
            (self.endpoints, other.endpoints),
            (self.before, other.before),
            (self.after, other.after),
        ):
            mine.update(theirs)


@dataclass(frozen=True)
class PatternSummary:
    id: str
    template: str
    count: int
    first_seen: datetime | None
    last_seen: datetime | None
    levels: dict[str, int]
    histogram: list[tuple[datetime, int]]
    windows: dict[str, Window]
    endpoints: list[tuple[str, int]]


@dataclass(frozen=True)
class LogReport:
    lines: int
    timed_lines: int
    first_seen: datetime | None
    last_seen: datetime | None
    bucket_seconds: int
    pivots: dict[str, datetime]
    totals: dict[str, Window]
    patterns: list[PatternSummary]
    pattern_count: int
    new_patterns: list[PatternSummary]
    vanished_patterns: list[PatternSummary]
    surged_patterns: list[PatternSummary]
    line_patterns: list[str] | None
    truncated_lines: int = 0  # lines cut to `line_limit` characters before grouping
    line_limit: int = 0

    def share(self, pattern: PatternSummary, pivot: str, side: str) -> float | None:
        """Share of the lines on one side of a pivot that belong to `pattern`."""
        total = getattr(self.totals[pivot], side)
        return getattr(pattern.windows[pivot], side) / total if total else None


class LogAnalyzer:
    """Feed records with `add`; `finish` mines the final patterns and builds the report."""

    def __init__(
        self,
        *,
        miner: TemplateMiner | None = None,
        bucket_seconds: int = 60,
        pivots: dict[str, datetime] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        keep_line_ids: bool = False,
        levels: Iterable[str] | None = None,
    ) -> None:
        self.miner = miner or TemplateMiner()
        self.bucket_seconds = bucket_seconds
        self.pivots = dict(pivots or {})
        self.since, self.until = since, until
        self.levels = frozenset(level.upper() for level in levels) if levels else None
        self._filtering = since is not None or until is not None or self.levels is not None
        self._tallies: list[_Tally] = []
        self._totals = {name: Counter[str]() for name in self.pivots}
        self._line_ids: array[int] | None = array("l") if keep_line_ids else None
        self.lines = self.timed = 0

    def add(self, record: LogRecord) -> None:
        stamp = record.timestamp
        # A line whose header took every token is its own message: no line vanishes.
        message = record.message or record.raw.strip()
        if not message or (self._filtering and not self._kept(record)):
            if self._line_ids is not None:
                self._line_ids.append(-1)
            return
        index = self.miner.add(message)
        tallies = self._tallies
        if index >= len(tallies):
            tallies.extend(_Tally() for _ in range(index + 1 - len(tallies)))
        tally = tallies[index]
        self.lines += 1
        if self._line_ids is not None:
            self._line_ids.append(index)
        if record.level:
            tally.levels[record.level] += 1
        if record.path or "/" in message:
            endpoint = endpoint_of(record)
            if endpoint and (endpoint in tally.endpoints or len(tally.endpoints) < MAX_ENDPOINTS):
                tally.endpoints[endpoint] += 1
        if stamp is not None:
            self._time(tally, stamp)

    def _kept(self, record: LogRecord) -> bool:
        return self._in_range(record.timestamp) and self._level_kept(record)

    def add_all(self, records: Iterable[LogRecord]) -> None:
        for record in records:
            self.add(record)

    def _level_kept(self, record: LogRecord) -> bool:
        return self.levels is None or (record.level or "") in self.levels

    def _in_range(self, stamp: datetime | None) -> bool:
        if stamp is None:
            return self.since is None and self.until is None
        return (self.since is None or stamp >= self.since) and (
            self.until is None or stamp < self.until
        )

    def _time(self, tally: _Tally, stamp: datetime) -> None:
        self.timed += 1
        if tally.first is None or stamp < tally.first:
            tally.first = stamp
        if tally.last is None or stamp > tally.last:
            tally.last = stamp
        tally.buckets[int(stamp.timestamp()) // self.bucket_seconds] += 1
        for name, pivot in self.pivots.items():
            side = "before" if stamp < pivot else "after"
            tally.before[name] += side == "before"
            tally.after[name] += side == "after"
            self._totals[name][side] += 1

    def finish(self, top: int | None = None) -> LogReport:
        patterns, slot = self.miner.finish()
        merged = [_Tally() for _ in patterns]
        for index, tally in enumerate(self._tallies):
            merged[slot[index]].absorb(tally)
        summaries = sorted(
            (self._summary(pattern, merged[i]) for i, pattern in enumerate(patterns)),
            key=lambda s: (-s.count, s.id),
        )
        new, vanished, surged = self._diff(summaries)
        line_ids = None
        if self._line_ids is not None:
            line_ids = ["-" if i < 0 else patterns[slot[i]].id for i in self._line_ids]
        totals = {
            name: Window(counts["before"], counts["after"]) for name, counts in self._totals.items()
        }
        return LogReport(
            self.lines,
            self.timed,
            min((t.first for t in self._tallies if t.first is not None), default=None),
            max((t.last for t in self._tallies if t.last is not None), default=None),
            self.bucket_seconds,
            self.pivots,
            totals,
            summaries[:top] if top else summaries,
            len(summaries),
            new,
            vanished,
            surged,
            line_ids,
            self.miner.truncated,
            self.miner.max_chars,
        )

    def _summary(self, pattern: Pattern, tally: _Tally) -> PatternSummary:
        histogram = [
            (datetime.fromtimestamp(bucket * self.bucket_seconds, UTC), count)
            for bucket, count in sorted(tally.buckets.items())
        ]
        windows = {name: Window(tally.before[name], tally.after[name]) for name in self.pivots}
        return PatternSummary(
            pattern.id,
            pattern.template,
            pattern.count,
            tally.first,
            tally.last,
            dict(tally.levels.most_common()),
            histogram,
            windows,
            tally.endpoints.most_common(5),
        )

    def _diff(
        self, summaries: list[PatternSummary]
    ) -> tuple[list[PatternSummary], list[PatternSummary], list[PatternSummary]]:
        """Patterns only after the diff point, only before it, and those whose share grew."""
        if "diff" not in self.pivots:
            return [], [], []
        new = [s for s in summaries if s.windows["diff"].after and not s.windows["diff"].before]
        gone = [s for s in summaries if s.windows["diff"].before and not s.windows["diff"].after]
        total = self._totals["diff"]
        rise = {
            s.id: (s.windows["diff"].after / total["after"])
            / (s.windows["diff"].before / total["before"])
            for s in summaries
            if s.windows["diff"].before and s.windows["diff"].after >= SURGE_MIN_LINES
        }
        surged = sorted(
            (s for s in summaries if rise.get(s.id, 0) >= SURGE_FACTOR),
            key=lambda s: -rise[s.id],
        )
        return new, gone, surged[:SURGE_LIMIT]
