"""Which runbooks fit an incident: alert labels first, then services, then words.

Each suggestion says why it was made, so the room can show "matches alertname=~…".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from warroom.runbooks.document import Runbook

LABEL_SCORE = 100
SERVICE_SCORE = 50
WORD_SCORE = 10
ATTACH_AT = SERVICE_SCORE  # auto-attach on an alert or service match, never on words alone


@dataclass
class Suggestion:
    runbook: Runbook
    score: int = 0
    reasons: list[str] = field(default_factory=list)


def suggest(
    books: Iterable[Runbook],
    *,
    labels: Sequence[dict[str, str]] = (),
    services: Sequence[str] = (),
    text: str = "",
) -> list[Suggestion]:
    """Ranked, best first; runbooks that match nothing are left out."""
    lowered = text.lower()
    found: list[Suggestion] = []
    for book in books:
        hit = Suggestion(book)
        for matcher in book.matchers:
            for alert in labels:
                if matcher.label in alert and matcher.matches(alert):
                    hit.score += LABEL_SCORE
                    hit.reasons.append(f"alert {_name(alert)} matches {matcher}")
                    break
        for service in services:
            if service in book.services:
                hit.score += SERVICE_SCORE
                hit.reasons.append(f"service {service}")
        words = [k for k in book.keywords if k and k in lowered]
        if words:
            hit.score += WORD_SCORE * len(words)
            hit.reasons.append("words: " + ", ".join(words))
        if hit.score:
            found.append(hit)
    found.sort(key=lambda s: (-s.score, s.runbook.id))
    return found


def _name(labels: dict[str, str]) -> str:
    return labels.get("alertname") or ",".join(f"{k}={v}" for k, v in sorted(labels.items()))
