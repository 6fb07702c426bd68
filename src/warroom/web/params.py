"""The bounded integer types every route uses for path and query parameters.

An `int` parameter without bounds lets a caller send 2**70 or 5,000 digits, which
the database driver then refuses with an overflow (a 500); row ids past 2**31 overflow
PostgreSQL's INTEGER keys the same way. Routes declare their ids,
offsets, limits, page numbers and cursors with these types instead, so FastAPI
answers 422 `invalid_input` and the OpenAPI document states the range;
tests/web/test_bad_input.py checks that every integer parameter of every route is
bounded.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from warroom.core.bounds import ID_MAX, MAX_LIMIT, MAX_OFFSET, MAX_PAGE, MAX_WINDOW_DAYS

RowId = Annotated[int, Path(ge=1, le=ID_MAX, description="A stored row's number.")]
StepNumber = Annotated[int, Path(ge=1, le=ID_MAX, description="A runbook step's number, from 1.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page, from 1.")]
Cursor = Annotated[int, Query(ge=0, le=ID_MAX, description="Only events with a larger id.")]
WindowDays = Annotated[int, Query(ge=1, le=MAX_WINDOW_DAYS, description="Days back.")]

_CURSOR_DIGITS = len(str(ID_MAX))


def event_cursor(value: str | None) -> int | None:
    """Read a `Last-Event-ID`: a stored event id, or None for anything else.

    Browsers send back whatever id they last saw, so a bad one is ignored (the
    stream starts from `after`, or the beginning) rather than refused.
    """
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > _CURSOR_DIGITS:
        return None
    number = int(text)
    return number if number <= ID_MAX else None
