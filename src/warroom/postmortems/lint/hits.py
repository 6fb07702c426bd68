"""A language-rule hit: rule id, where it starts, the phrase quoted, and its grade.

The grade is the rule's verdict on this sentence: "error" when a person is named as
the cause, "warning" for collective or vague self-criticism. Messages and hints are
rendered later, in the document's language (`texts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Grade = Literal["error", "warning"]
ERROR: Grade = "error"
WARNING: Grade = "warning"


@dataclass(frozen=True, slots=True)
class Hit:
    rule_id: str
    column: int  # 1-based, in Unicode characters
    quote: str
    grade: Grade

    @classmethod
    def of(cls, rule_id: str, match: re.Match[str], grade: Grade) -> Hit:
        """A hit for a match; a match with a person group starts at the person."""
        start = match.start()
        if match.re.groupindex.get("p") and match.group("p"):
            start = match.start("p")
        return cls.span(rule_id, match.string, start, match.end(), grade)

    @classmethod
    def span(cls, rule_id: str, text: str, start: int, end: int, grade: Grade) -> Hit:
        return cls(rule_id, start + 1, shorten(text[start:end].strip()), grade)


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
