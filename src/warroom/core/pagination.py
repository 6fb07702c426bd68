"""Keyset-free offset pagination shared by CLI and API list queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from warroom.core.bounds import MAX_LIMIT, MAX_OFFSET
from warroom.errors import InvalidInput

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput(
                f"limit must be between 1 and {MAX_LIMIT}", hint="Use --limit 50 or similar."
            )
        if self.offset < 0:
            raise InvalidInput("offset cannot be negative", hint="Start at --offset 0.")
        if self.offset > MAX_OFFSET:
            raise InvalidInput(
                f"offset must be at most {MAX_OFFSET}", hint="Use the `total` of a first page."
            )


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total
