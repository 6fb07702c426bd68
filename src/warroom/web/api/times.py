"""Time fields of the API, read by the parser the CLI uses (`warroom.core.when`).

So a time without a zone means the configured `timezone` here too, an explicit zone
or offset wins, and what cannot be read is a 422 naming the field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from warroom.core.when import MAX_TYPED, read_time
from warroom.web.state import AppState

TypedTime = Annotated[
    str,
    Field(
        max_length=MAX_TYPED,
        json_schema_extra={"format": "date-time"},
        description="ISO 8601; without a zone or offset it is read in the configured "
        "`timezone` (docs/configuration.md).",
        examples=["2026-11-22T14:32:00+09:00", "2026-11-22T05:32:00Z"],
    ),
]


def read(value: str | None, state: AppState, name: str) -> datetime | None:
    """The aware UTC time a field names; None when it was not given."""
    return read_time(value, tz=state.policy.tz, now=state.clock.now(), name=name)
