"""One log line as the analysis sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class LogRecord:
    """One input line: its 1-based number, message (header removed) and header fields."""

    number: int
    raw: str
    message: str
    timestamp: datetime | None
    level: str | None = None
    logger: str | None = None
    path: str | None = None
