"""Recognise a log file's line header and split it off the message, with no configuration.

The layout is learned from the first lines of a file: each whitespace column is looked
at across the sample. Columns whose tokens have a header shape (date, time, number,
level, bracketed field, id) in nearly every line are header; a column ending in ':' in
most lines is a logger name and closes the header; plain-word columns count only when
they are padded like a fixed-width field or sit between header columns with a small
vocabulary (host names, subsystems). Nothing is keyed on a product or file name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

MAX_COLUMNS = 12
LEVELS = frozenset(
    (
        "trace",
        "debug",
        "dbg",
        "info",
        "information",
        "informational",
        "notice",
        "warn",
        "warning",
        "error",
        "err",
        "crit",
        "critical",
        "fatal",
        "alert",
        "emerg",
        "emergency",
        "severe",
        "fine",
        "finer",
        "finest",
        "verbose",
        "panic",
    )
)
SHORT_LEVELS = frozenset("VDIWEFA")
_DATEISH = re.compile(
    r"^(?:\d{1,4}[-/.:T]\d{1,2}(?:[-/.:T,]\d{1,9})*|\d{6,8}|\d{9,13}(?:\.\d+)?"
    r"|\d{8}[-T]\d{1,2}(?:[:.,]\d{1,9}){1,3}"
    r"|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"[a-z]*|Z|UTC|GMT|[+-]\d{4})$"
)
_NUMBER = re.compile(r"^[#-]?\d+$")
_ID = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[\w.:@/-]+$")
_STRIP = "[](),;|<>"


def shape(token: str) -> str:  # noqa: PLR0911 - one return per class reads best
    """Classify one header token: T(ime), N(umber), L(evel), B(racket), D(ash), I(d), W(ord)."""
    if token in ("-", "--", "|", ":"):
        return "D"
    bare = token.strip(_STRIP)
    if token[0] in "[(" and token[-1] in "])" and bare.lower() not in LEVELS:
        return "B"
    bare = bare.rstrip(":,")
    if not bare:
        return "D"
    if bare.lower() in LEVELS or (len(bare) == 1 and bare in SHORT_LEVELS):
        return "L"
    if _DATEISH.match(bare):
        return "T"
    if _NUMBER.match(bare):
        return "N"
    if _ID.match(bare):
        return "I"
    return "W"


def is_logger(token: str) -> bool:
    """Say whether `token` reads like `name:` / `name[pid]:` closing a header."""
    return len(token) > 1 and token[-1] == ":" and token[-2] != ":" and "://" not in token


_PIPES = re.compile(r"\s*\|\s*|\s+")


def header_tokens(line: str, limit: int = MAX_COLUMNS, pipes: bool = False) -> list[str]:
    """Split the start of `line` into up to `limit` tokens, keeping [bracketed fields] whole.

    With `pipes`, `|` separates fields too (`time|component|pid|message`).
    """
    parts = _PIPES.split(line.strip(), limit + 8) if pipes else line.split(None, limit + 8)
    merged: list[str] = []
    index = 0
    while index < len(parts) and len(merged) < limit:
        token = parts[index]
        index += 1
        depth = token.count("[") - token.count("]")
        while depth > 0 and index < len(parts) - 1:
            token = f"{token} {parts[index]}"
            depth += parts[index].count("[") - parts[index].count("]")
            index += 1
        merged.append(token)
    return merged


def family(kind: str) -> str:
    """Group shapes that stand for each other in one column (numbers and times)."""
    return "T" if kind == "N" else kind


@dataclass(frozen=True)
class HeaderLayout:
    """What was learned: how many tokens form the header and which ones mean what."""

    width: int = 0
    logger_col: int | None = None
    level_col: int | None = None
    shapes: tuple[str, ...] = ()
    brackets: bool = False
    loose: frozenset[int] = frozenset()
    logger_required: bool = False
    pipes: bool = False


class SplitLine(NamedTuple):
    header: str
    message: str
    level: str | None
    logger: str | None
    layout: object = None  # what split the line (lines split alike share a time format)


def _padded(line: str, token: str) -> bool:
    at = line.find(token)
    end = at + len(token)
    return at >= 0 and (line[end : end + 2] == "  " or line[end : end + 1] == "\t")


@dataclass
class _Column:
    shapes: list[str]
    values: list[str]
    padded: int
    loggers: int
    strong: int = 0  # tokens typical of headers: a real date or time, level, [field], dash


def _column(lines: Sequence[str], rows: Sequence[list[str]], index: int) -> _Column:
    column = _Column([], [], 0, 0)
    for line, tokens in zip(lines, rows, strict=True):
        if len(tokens) > index + 1:
            token = tokens[index]
            kind = shape(token)
            column.strong += kind in "TLBD"
            column.shapes.append(family(kind))
            column.values.append(token)
            column.padded += _padded(line, token)
            column.loggers += is_logger(token)
    return column


def _dominant(shapes: list[str]) -> tuple[str, float]:
    best = max(set(shapes), key=shapes.count)
    return best, shapes.count(best) / len(shapes)


def learn_layout(lines: Sequence[str]) -> HeaderLayout:
    """Learn the header layout from a sample of a file's first lines."""
    sample = [line for line in lines if line.strip()]
    if not sample:
        return HeaderLayout()
    pipes = sum(1 for line in sample if "|" in line[:60]) >= 0.9 * len(sample)
    rows = [header_tokens(line, pipes=pipes) for line in sample]
    total = len(sample)
    small_vocab = max(5, total // 25)
    width, pending, level_col = 0, 0, None
    anchored = False  # a header holds a time, a level or a bracketed field; ids alone are not one
    shapes: list[str] = []
    loose: set[int] = set()
    for index in range(MAX_COLUMNS):
        column = _column(sample, rows, index)
        count = len(column.values)
        if count < 0.9 * total:
            break
        kind, share = _dominant(column.shapes)
        shapes.append(kind)
        if share < 1:
            loose.add(index)
        if index > 0 and column.loggers >= 0.8 * count and width + pending == index:
            layout = _layout(sample, shapes, loose, (index + 1, index, level_col))
            return replace(layout, logger_required=column.loggers == count, pipes=pipes)
        if share >= 0.9 and kind != "W":
            if pending and column.strong < 0.9 * count:
                break  # words followed by a number or an id: the message started at the words
            width, pending = index + 1, 0
            anchored = anchored or column.strong >= 0.9 * count
            level_col = index if kind == "L" and level_col is None else level_col
        elif len(set(column.values)) <= small_vocab:
            pending += 1
            if column.padded >= 0.8 * count:
                width, pending = index + 1, 0
        else:
            break
    width = _shrink(rows, width) if anchored else 0
    layout = _layout(
        sample, shapes, loose, (width, None, level_col if (level_col or 0) < width else None)
    )
    return replace(layout, pipes=pipes)


def _shrink(rows: Sequence[list[str]], width: int) -> int:
    """Give back columns while the next one never changes: a message, not a header, starts there.

    A sample holding one event only (common when a new format shows up in a mixed
    stream) makes message words look like fixed header fields; the first column that
    varies is a safer place for the message to begin.
    """
    while width > 0:
        following = {tokens[width] for tokens in rows if len(tokens) > width}
        if len(following) > 1:
            break
        width -= 1
    return width


def _layout(
    sample: Sequence[str],
    shapes: list[str],
    loose: set[int],
    columns: tuple[int, int | None, int | None],
) -> HeaderLayout:
    width, logger_col, level_col = columns
    brackets = any("[" in " ".join(line.split(None, width)[:width]) for line in sample)
    return HeaderLayout(
        width,
        logger_col,
        level_col,
        tuple(shapes[:width]),
        brackets,
        frozenset(i for i in loose if i < width),
    )


def _fits(tokens: Sequence[str], layout: HeaderLayout) -> bool:
    """Allow a few misses, only in columns that already varied in the sample."""
    misses = 0
    for index, (token, kind) in enumerate(zip(tokens, layout.shapes, strict=False)):
        if kind in "IW" or family(shape(token)) == kind:
            continue
        if index not in layout.loose:
            return False
        misses += 1
    return misses <= len(layout.shapes) // 4


@functools.lru_cache(maxsize=256)
def level_of(token: str) -> str | None:
    bare = token.strip(_STRIP).rstrip(":,")
    if bare.lower() in LEVELS or (len(bare) == 1 and bare in SHORT_LEVELS):
        return bare.upper()
    return None


def try_split(line: str, layout: HeaderLayout) -> SplitLine | None:
    """Split one line with a learned layout, or return None when the line does not fit it."""
    if layout.brackets or layout.pipes:
        tokens = header_tokens(line, layout.width + 3, layout.pipes)
    else:
        tokens = line.split(None, layout.width + 3)[: layout.width + 3]
    if len(tokens) <= layout.width - (layout.logger_col is not None) or not _fits(tokens, layout):
        return None
    width = layout.width
    logger: str | None = None
    if layout.logger_col is not None:
        width = layout.logger_col
        for index in range(layout.logger_col, min(len(tokens) - 1, layout.logger_col + 3)):
            if is_logger(tokens[index]):
                width = index + 1
                logger = " ".join(tokens[layout.logger_col : width])[:-1]
                break
        if logger is None and layout.logger_required:
            return None
    header_parts = tokens[:width]
    level = None
    if layout.level_col is not None and layout.level_col < width:
        level = level_of(tokens[layout.level_col])
    message = _rest(line, header_parts)
    if layout.pipes:
        message = message.removeprefix("|").lstrip()
    return SplitLine(" ".join(header_parts), message, level, logger)


def split_line(line: str, layout: HeaderLayout) -> SplitLine:
    """Split one line with a learned layout; lines that do not fit are all message."""
    found = try_split(line, layout) if layout.width else None
    return found or SplitLine("", line.strip(), None, None)


def greedy_split(line: str) -> SplitLine:
    """Split a line of unknown layout: times, numbers, brackets up to a level, then a logger."""
    tokens = header_tokens(line)
    width, level = 0, None
    while width < len(tokens) - 1 and level is None and shape(tokens[width]) in "TNLBD":
        level = level_of(tokens[width])
        width += 1
    logger = None
    if width and width < len(tokens) - 1 and is_logger(tokens[width]):
        logger = tokens[width][:-1]
        width += 1
    parts = tokens[:width]
    return SplitLine(" ".join(parts), _rest(line, parts), level, logger)


def _rest(line: str, header_parts: Sequence[str]) -> str:
    position = 0
    for part in header_parts:
        for piece in part.split(" "):
            position = line.index(piece, position) + len(piece)
    return line[position:].strip()
