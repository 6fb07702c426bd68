"""Runbook library and drill pages, and the room's runbook checklist forms."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from warroom.drills import report as drill_report
from warroom.drills import rules as drill_rules
from warroom.drills.queries import for_incident, get_drill, list_drills
from warroom.incidents.queries import get_incident
from warroom.runbooks import actions, queries
from warroom.web.auth import actor_of
from warroom.web.markdown import render_markdown
from warroom.web.params import StepNumber
from warroom.web.present import gettext, language
from warroom.web.state import Reader, Writer
from warroom.web.state import State as AppStateDep
from warroom.web.ui.render import FormUser, PageUser, redirect, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def room_context(reader: Session, incident_id: str, lang: str) -> dict[str, Any]:
    """What `_runbooks.html` needs: attached runbooks with checks, suggestions, the drill."""
    attached = queries.attached(reader, incident_id)
    mine = {v.attachment.runbook_id for v in attached}
    hits = [h for h in actions.suggestions(reader, incident_id, lang) if h.runbook.id not in mine]
    return {"attached": attached, "suggested": hits[:3], "drill": for_incident(reader, incident_id)}


@router.get("/incidents/{incident_id}/runbooks/panel")
def runbook_panel(incident_id: str, request: Request, reader: Reader, _who: PageUser) -> Response:
    """The room's checklist alone, re-fetched live when a step is checked elsewhere."""
    incident = get_incident(reader, incident_id)
    context = room_context(reader, incident.id, language(request))
    return render(request, "_runbooks.html", {"i": incident, "runbooks": context})


@router.get("/runbooks")
def library(request: Request, reader: Reader, _who: PageUser) -> Response:
    books = queries.library(reader, language(request))
    return render(request, "runbooks.html", {"books": books})


@router.get("/runbooks/{runbook_id}")
def show(runbook_id: str, request: Request, reader: Reader, _who: PageUser) -> Response:
    book = queries.get_runbook(reader, runbook_id, language(request))
    return render(request, "runbook.html", {"book": book})


@router.post("/incidents/{incident_id}/runbooks")
def attach(
    incident_id: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    runbook: Text,
) -> Response:
    actions.attach(
        writer,
        incident_id=incident_id,
        runbook_id=runbook,
        lang=language(request),
        actor=actor_of(who),
        now=state.clock.now(),
    )
    _ = gettext(request)
    return redirect(f"/incidents/{incident_id}#runbooks", flash=_("Runbook attached."))


@router.post("/incidents/{incident_id}/runbooks/{runbook_id}/steps/{step}")
def check_step(
    incident_id: str,
    runbook_id: str,
    step: StepNumber,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    outcome: Text = "done",
    note: Text = "",
) -> Response:
    actions.run_step(
        writer,
        incident_id=incident_id,
        runbook_id=runbook_id,
        step=step,
        actor=actor_of(who),
        now=state.clock.now(),
        outcome=outcome,
        note=note,
    )
    _ = gettext(request)
    return redirect(
        f"/incidents/{incident_id}#runbooks", flash=_("Step {n} recorded.").format(n=step)
    )


@router.get("/drills")
def drills(request: Request, reader: Reader, _who: PageUser) -> Response:
    return render(
        request,
        "drills.html",
        {
            "drills": list_drills(reader),
            "calendar": drill_rules.CALENDAR,
            "kinds": drill_rules.KIND_LABELS,
        },
    )


@router.get("/drills/{name}")
def drill_page(
    name: str, request: Request, reader: Reader, state: AppStateDep, _who: PageUser
) -> Response:
    drill = get_drill(reader, name)
    result = drill_report.build(reader, drill)
    text = drill_report.markdown(result, language(request), state.policy.tz)
    return render(
        request,
        "drill.html",
        {"drill": drill, "result": result, "report_html": render_markdown(text)},
    )
