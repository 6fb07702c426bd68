"""/api/v1/runbooks, /api/v1/incidents/{id}/runbooks and /api/v1/drills."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from warroom.drills import report as drill_report
from warroom.drills.queries import get_drill, list_drills
from warroom.runbooks import actions, queries
from warroom.web.auth import Caller, Viewer
from warroom.web.params import StepNumber
from warroom.web.state import Reader, State, Writer

router = APIRouter(tags=["runbooks and drills"])
Lang = Annotated[str | None, Query(pattern="^(en|ko)$")]


class AttachIn(BaseModel):
    runbook: str = Field(max_length=64)
    lang: Literal["en", "ko"] | None = None
    reason: str = Field(default="", max_length=300)


class StepIn(BaseModel):
    outcome: Literal["done", "skipped"] = "done"
    note: str = Field(default="", max_length=4000)  # the output, or why it was skipped


class Suggested(BaseModel):
    runbook: str
    title: str
    score: int
    reasons: list[str]


class IncidentRunbooks(BaseModel):
    attached: list[dict[str, Any]]
    suggested: list[Suggested]


@router.get("/runbooks")
def list_runbooks(reader: Reader, _who: Viewer, lang: Lang = None) -> list[dict[str, Any]]:
    """The library (the shipped seven until `warroom runbook sync` loads your own)."""
    return [b.as_data() for b in queries.library(reader, lang)]


@router.get("/runbooks/{runbook_id}")
def show_runbook(
    runbook_id: str, reader: Reader, _who: Viewer, lang: Lang = None
) -> dict[str, Any]:
    return queries.get_runbook(reader, runbook_id, lang or "en").as_data()


@router.get("/incidents/{incident_id}/runbooks")
def incident_runbooks(
    incident_id: str, reader: Reader, _who: Viewer, lang: Lang = None
) -> IncidentRunbooks:
    """Attached runbooks with each step's check, and ranked suggestions with the reason."""
    hits = actions.suggestions(reader, incident_id, lang or "en")
    return IncidentRunbooks(
        attached=[v.as_data() for v in queries.attached(reader, incident_id)],
        suggested=[
            Suggested(runbook=h.runbook.id, title=h.runbook.title, score=h.score, reasons=h.reasons)
            for h in hits
        ],
    )


@router.post("/incidents/{incident_id}/runbooks", status_code=201)
def attach_runbook(
    incident_id: str, body: AttachIn, writer: Writer, state: State, caller: Caller
) -> dict[str, Any]:
    row = actions.attach(
        writer,
        incident_id=incident_id,
        runbook_id=body.runbook,
        lang=body.lang or "en",
        actor=caller,
        now=state.clock.now(),
        reason=body.reason,
    )
    return {"runbook": row.runbook_id, "version": row.version, "lang": row.lang}


@router.delete("/incidents/{incident_id}/runbooks/{runbook_id}", status_code=204)
def detach_runbook(
    incident_id: str, runbook_id: str, writer: Writer, state: State, caller: Caller
) -> None:
    actions.detach(
        writer, incident_id=incident_id, runbook_id=runbook_id, actor=caller, now=state.clock.now()
    )


@router.post("/incidents/{incident_id}/runbooks/{runbook_id}/steps/{step}", status_code=201)
def run_step(
    incident_id: str,
    runbook_id: str,
    step: StepNumber,
    body: StepIn,
    writer: Writer,
    state: State,
    caller: Caller,
) -> dict[str, Any]:
    """Check a step off (with its output) or skip it (with the reason): a timeline event."""
    run = actions.run_step(
        writer,
        incident_id=incident_id,
        runbook_id=runbook_id,
        step=step,
        actor=caller,
        now=state.clock.now(),
        outcome=body.outcome,
        note=body.note,
    )
    return {"step": run.step, "outcome": run.outcome, "by": run.actor, "event": run.event_id}


@router.get("/drills")
def drills(reader: Reader, _who: Viewer) -> list[dict[str, Any]]:
    return [
        {
            "name": d.name,
            "kind": d.kind,
            "status": d.status,
            "incident": d.incident_id,
            "participants": d.participants,
            "targets": d.targets,
            "chaos": d.chaos,
            "planned_for": d.planned_for.isoformat() if d.planned_for else None,
        }
        for d in list_drills(reader)
    ]


@router.get("/drills/{name}/report")
def drill_result(name: str, reader: Reader, _who: Viewer) -> dict[str, Any]:
    """003 §8.3's training result: measured vs target, pass or fail, TI items."""
    result = drill_report.build(reader, get_drill(reader, name))
    return {
        "drill": name,
        "passed": result.passed,
        "rows": [
            {"measure": r.key, "target": r.target, "actual": r.actual, "met": r.passed}
            for r in result.rows
        ],
        "improvements": [
            {"id": i.id, "title": i.title, "owner": i.owner, "status": i.status}
            for i in result.items
        ],
        "steps_run": result.steps_run,
    }
