"""Read the library and what an incident's runbooks look like now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.alerts.models import AlertGroup, Episode
from warroom.errors import NotFound
from warroom.runbooks import document
from warroom.runbooks.document import Runbook
from warroom.runbooks.models import Attachment, RunbookRow, StepRun


def library(session: Session, lang: str | None = None) -> list[Runbook]:
    """The synced library; the shipped seven scenarios until `runbook sync` loads any."""
    rows = list(session.scalars(select(RunbookRow).order_by(RunbookRow.id, RunbookRow.lang)))
    books = [document.from_data(r.data) for r in rows] if rows else document.shipped()
    return [b for b in books if lang is None or b.lang == lang]


def get_runbook(session: Session, runbook_id: str, lang: str) -> Runbook:
    books = {(b.id, b.lang): b for b in library(session)}
    found = books.get((runbook_id, lang)) or next(
        (b for (i, _), b in books.items() if i == runbook_id), None
    )
    if found is None:
        raise NotFound(
            f"runbook {runbook_id} not found",
            hint="`warroom runbook list` shows the runbook ids.",
            code="runbook_not_found",
        )
    return found


def alert_labels(session: Session, incident_id: str) -> list[dict[str, str]]:
    """The labels of the alert groups that opened or fed the incident."""
    rows = session.scalars(
        select(AlertGroup.labels)
        .join(Episode, Episode.group_id == AlertGroup.id)
        .where(Episode.incident_id == incident_id)
    )
    return [{str(k): str(v) for k, v in (r or {}).items()} for r in rows]


@dataclass
class StepView:
    number: int
    action: str
    role: str
    command: str
    expected: str
    run: StepRun | None = None


@dataclass
class AttachmentView:
    attachment: Attachment
    steps: list[StepView] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.run is not None)

    def as_data(self) -> dict[str, Any]:
        a = self.attachment
        return {
            "runbook": a.runbook_id,
            "lang": a.lang,
            "version": a.version,
            "title": a.title,
            "reason": a.reason,
            "attached_by": a.attached_by,
            "attached_at": a.attached_at.isoformat(),
            "steps": [
                {
                    "number": s.number,
                    "action": s.action,
                    "role": s.role,
                    "command": s.command,
                    "expected": s.expected,
                    "outcome": s.run.outcome if s.run else None,
                    "by": s.run.actor if s.run else None,
                    "at": s.run.at.isoformat() if s.run else None,
                    "note": s.run.note if s.run else None,
                }
                for s in self.steps
            ],
        }


def attached(session: Session, incident_id: str) -> list[AttachmentView]:
    """The incident's current runbooks with each step's check, in attach order."""
    rows = session.scalars(
        select(Attachment)
        .where(Attachment.incident_id == incident_id, Attachment.detached_at.is_(None))
        .order_by(Attachment.id)
    ).all()
    runs = session.scalars(
        select(StepRun).where(StepRun.incident_id == incident_id).order_by(StepRun.id)
    ).all()
    by_step = {(r.attachment_id, r.step): r for r in runs}
    views = []
    for row in rows:
        steps = [
            StepView(
                number=n,
                action=s["action"],
                role=s["role"],
                command=s.get("command", ""),
                expected=s.get("expected", ""),
                run=by_step.get((row.id, n)),
            )
            for n, s in enumerate(row.steps, start=1)
        ]
        views.append(AttachmentView(row, steps))
    return views
