"""Split headers off a stream whose lines may come in several layouts.

The splitter is primed with a file's first lines: they are grouped by the shape of
their first tokens and a layout is learned per group (`headers.learn_layout`), so a
stream that interleaves formats (several services, or a concatenation of files) gets
one layout each. Lines that fit no known layout are split greedily and kept aside;
once enough of them accumulate, new layouts are learned from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from warroom.evidence.analysis.headers import (
    LEVELS,
    HeaderLayout,
    SplitLine,
    family,
    greedy_split,
    header_tokens,
    is_logger,
    learn_layout,
    level_of,
    shape,
    try_split,
)

SAMPLE_SIZE = 200
MIN_GROUP = 20
HOLD_LIMIT = 5000
_NAMES = "Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_FRAGMENTS = {
    "T": rf"(?:[-+]?\d[\w:.,/+-]*|(?:{_NAMES})[a-z]*|Z|UTC|GMT)[,;:]?",
    "N": r"[#-]?\d+[,;:]?",
    "L": r"[\[(<]?(?i:" + "|".join(sorted(LEVELS, key=len, reverse=True)) + r")[\])>:,]*|[VDIWEFA]",
    "B": r"[\[(](?:[^\[\]()]|[\[(][^\[\]()]*[\])])*[\])][:,]?",
    "D": r"(?:-|--|\||:)",
    "I": r"\S+",
    "W": r"\S+",
}
_LOGGER = r"(?P<logger>(?:\S+\s+){0,2}?\S*[^\s:]):(?=\s|$)"


def compile_layout(layout: HeaderLayout) -> re.Pattern[str]:
    """Turn a layout into one regex, so a fitting line costs a single match."""
    parts: list[str] = []
    for index, kind in enumerate(layout.shapes):
        if index == layout.logger_col:
            parts.append(_LOGGER)
            break
        fragment = f"(?:{_FRAGMENTS[kind]})"
        parts.append(f"(?P<level>{fragment})" if index == layout.level_col else fragment)
    if layout.pipes:
        joined = r"(?:\s*\|\s*|\s+)".join(parts).replace(r"\S+", r"[^\s|]+")
        return re.compile(r"^\s*" + joined + r"(?:\s*\|)?\s*(?P<msg>.*)$", re.DOTALL)
    return re.compile(r"^\s*" + r"\s+".join(parts) + r"\s*(?P<msg>.*)$", re.DOTALL)


def _signature(line: str) -> tuple[str, ...]:
    """Shape of the first three tokens and where the first `logger:` token sits."""
    tokens = header_tokens(line, 6)
    logger = next((str(i) for i, token in enumerate(tokens[:-1]) if is_logger(token)), "-")
    return (*(family(shape(token)) for token in tokens[:3]), logger)


_STARTS = {
    "T": "0123456789+-JFMASONDTWZUG",
    "N": "0123456789#-",
    "B": "[(",
    "D": "-|:",
}


def _could_start(layout: HeaderLayout, first: str) -> bool:
    """Say whether a line starting with `first` could fit `layout` (a cheap pre-filter)."""
    kind = layout.shapes[0] if layout.shapes else "W"
    if not first or first.isspace() or kind in "IW":
        return True
    if kind == "L":
        return first.isalpha() or first in "[(<"
    return first in _STARTS[kind]


class HeaderSplitter:
    """Stateful header splitting: `prime` with the first lines, then `split` each line."""

    def __init__(self, layout: HeaderLayout | None = None, *, learn: bool = True) -> None:
        self.layouts: list[HeaderLayout] = []
        self._patterns: list[re.Pattern[str]] = []
        self._order: dict[tuple[str, int], list[int]] = {}  # layouts that may fit, per key
        self._fitted: dict[tuple[str, int], int] = {}  # how many of them have fitted
        if layout is not None and layout.width:
            self._add(layout)
        self._learn = learn and layout is None
        self._pending: list[str] = []

    def prime(self, lines: Iterable[str]) -> None:
        """Learn layouts from a sample of lines (typically the first few hundred)."""
        if self._learn:
            self._learn_from([line for line in lines if line.strip()])

    def _add(self, layout: HeaderLayout) -> None:
        """Keep layouts widest first, so a line takes the most specific layout it fits."""
        self.layouts.append(layout)
        self.layouts.sort(key=lambda known: -known.width)
        self._patterns = [compile_layout(known) for known in self.layouts]
        self._order = {}
        self._fitted = {}

    def split(self, line: str) -> SplitLine:
        """Split one line now: known layouts first, else the greedy fallback."""
        found = self.fit(line)
        if found is not None:
            return found
        if self._learn and line.strip():
            self._pending.append(line)
            if len(self._pending) >= SAMPLE_SIZE:
                self._learn_from(self._pending)
                self._pending = []
        return greedy_split(line)

    def split_all(self, lines: Iterable[str]) -> Iterator[tuple[str, SplitLine]]:
        """Split a stream in order, holding lines of an unknown layout until it is learned.

        Holding (at most `HOLD_LIMIT` lines) keeps every line of one format split the
        same way, instead of the first ones falling to the greedy fallback.
        """
        held: list[str] = []
        for line in lines:
            found = self.fit(line) if not held else None
            if found is not None:
                yield line, found
                continue
            held.append(line)
            if self._learn and line.strip() and (len(held) == 1 or self.fit(line) is None):
                self._pending.append(line)
            if len(self._pending) >= SAMPLE_SIZE or len(held) >= HOLD_LIMIT:
                yield from self._release(held)
                held = []
        yield from self._release(held)

    def _release(self, held: list[str]) -> Iterator[tuple[str, SplitLine]]:
        if len(self._pending) >= MIN_GROUP:
            self._learn_from(self._pending)
        self._pending = []
        for line in held:
            yield line, self.fit(line) or greedy_split(line)

    def fit(self, line: str) -> SplitLine | None:
        """Split `line` with the widest known layout it fits, or return None."""
        first = line[:1]
        # Lines of one format share their first character and first token's width: per
        # such key, layouts that fitted before are tried first (widest first among them,
        # then the rest), so interleaved formats cost about one match per line.
        key = (first, line.find(" ", 0, 40))
        order = self._order.get(key)
        if order is None:
            order = self._order[key] = [
                i for i, layout in enumerate(self.layouts) if _could_start(layout, first)
            ]
            self._fitted[key] = 0
        patterns = self._patterns
        for rank, index in enumerate(order):
            found = patterns[index].match(line)
            if found is not None:
                fitted = self._fitted[key]
                if rank >= fitted:  # first fit of this layout for this key: move it up
                    order.insert(fitted, order.pop(rank))
                    order[: fitted + 1] = sorted(order[: fitted + 1])
                    self._fitted[key] = fitted + 1
                break
        else:
            found = None
        if found is not None:
            names = found.re.groupindex
            level = found.group("level") if "level" in names else None
            return SplitLine(
                line[: found.start("msg")].strip(),
                found.group("msg").rstrip(),
                level_of(level) if level else None,
                found.group("logger") if "logger" in names else None,
                found.re,
            )
        return next((s for layout in self.layouts if (s := try_split(line, layout))), None)

    def _learn_from(self, lines: list[str]) -> None:
        groups: dict[tuple[str, ...], list[str]] = {}
        for line in lines:
            groups.setdefault(_signature(line), []).append(line)
        for group in sorted(groups.values(), key=len, reverse=True):
            if len(group) < MIN_GROUP:
                break
            layout = learn_layout(group)
            if layout.width and layout not in self.layouts:
                self._add(layout)
