"""Health, who-am-I, severity helpers and the Markdown preview: no incident needed."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from warroom.severity.queries import levels, matrix_rows
from warroom.web.auth import Responder, Viewer
from warroom.web.state import State

router = APIRouter(tags=["meta"])


class Suggestion(BaseModel):
    users: str
    business: str
    severity: str
    label: str


class Level(BaseModel):
    level: str
    label: str
    name: str
    response: int | str
    rto: int | str


class MatrixRow(BaseModel):
    business: str
    by_users: dict[str, str]


class Matrix(BaseModel):
    users: list[str]
    rows: list[MatrixRow]
    levels: list[Level]


class Me(BaseModel):
    username: str
    role: str
    via: str


class MarkdownIn(BaseModel):
    text: str
    document: bool = False  # a postmortem file: leave out front matter and section markers


class MarkdownOut(BaseModel):
    html: str


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/me")
def me(who: Viewer) -> Me:
    return Me(username=who.username, role=who.role.value, via=who.via)


@router.get("/severity/suggest")
def suggest(users: str, business: str, state: State, _who: Viewer) -> Suggestion:
    """Suggest a severity from the 003 impact matrix."""
    from warroom.severity.rules import parse_business_impact, parse_user_impact
    from warroom.severity.rules import suggest as suggest_level

    u, b = parse_user_impact(users), parse_business_impact(business)
    level = suggest_level(u, b)
    return Suggestion(
        users=u.value, business=b.value, severity=level, label=state.policy.severity.label(level)
    )


@router.get("/severity/matrix")
def matrix(state: State, _who: Viewer) -> Matrix:
    """The impact matrix (business rows × user columns) and each level's targets."""
    from warroom.severity.rules import UserImpact

    return Matrix(
        users=[u.value for u in UserImpact],
        rows=[
            MatrixRow(business=b.value, by_users={u.value: lvl for u, lvl in row.items()})
            for b, row in matrix_rows()
        ],
        levels=[
            Level(level=i.level, label=i.label, name=i.name, response=i.response, rto=i.rto)
            for i in levels(state.policy.severity)
        ],
    )


@router.post("/markdown/preview")
def preview(body: MarkdownIn, _who: Responder) -> MarkdownOut:
    """Render Markdown the way warroom shows it: sanitized, no raw HTML, safe links."""
    from warroom.web.markdown import render_document, render_markdown

    html = render_document(body.text) if body.document else render_markdown(body.text)
    return MarkdownOut(html=html)
