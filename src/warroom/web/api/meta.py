"""Health and severity helpers that need no incident."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from warroom.web.state import State

router = APIRouter(tags=["meta"])


class Suggestion(BaseModel):
    users: str
    business: str
    severity: str
    label: str


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/severity/suggest")
def suggest(users: str, business: str, state: State) -> Suggestion:
    """Suggest a severity from the 003 impact matrix."""
    from warroom.severity.rules import parse_business_impact, parse_user_impact
    from warroom.severity.rules import suggest as suggest_level

    u, b = parse_user_impact(users), parse_business_impact(business)
    level = suggest_level(u, b)
    return Suggestion(
        users=u.value, business=b.value, severity=level, label=state.policy.severity.label(level)
    )
