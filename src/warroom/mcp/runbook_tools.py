"""MCP tools over runbooks: what fits an incident, attach one, check a step off.

Each write is the same action as `warroom runbook attach` / `step`, so a step an
assistant checks off is a `runbook_step` timeline event by `agent:<user>`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.core.ids import normalize_incident_id
from warroom.mcp.incident_tools import IncidentId
from warroom.mcp.workspace import Workspace, caller_of
from warroom.runbooks import actions, queries

RunbookId = Annotated[str, Field(min_length=1, max_length=64, description="e.g. disk-full")]


class SuggestedRunbook(BaseModel):
    runbook: str
    title: str
    score: int
    reasons: list[str]


class IncidentRunbooks(BaseModel):
    attached: list[dict[str, Any]] = Field(
        description="Attached runbooks with each step: action, command, role, outcome, by, at."
    )
    suggested: list[SuggestedRunbook]


class StepRecorded(BaseModel):
    runbook: str
    step: int
    outcome: str
    by: str


def register(server: MCPServer, ws: Workspace) -> None:
    lang = ws.settings.language

    @server.tool(title="Runbooks of an incident")
    def incident_runbooks(ctx: Context, incident_id: IncidentId) -> IncidentRunbooks:
        """The runbooks attached to an incident (steps with command, role and whether they
        ran) and the ones that fit it, best first, with the reason."""
        key = normalize_incident_id(incident_id)

        def query(session: Session) -> IncidentRunbooks:
            hits = actions.suggestions(session, key, lang)
            return IncidentRunbooks(
                attached=[v.as_data() for v in queries.attached(session, key)],
                suggested=[
                    SuggestedRunbook(
                        runbook=h.runbook.id,
                        title=h.runbook.title,
                        score=h.score,
                        reasons=h.reasons,
                    )
                    for h in hits
                ],
            )

        return ws.read(caller_of(ws, ctx), "incident_runbooks", {"incident_id": key}, query)

    @server.tool(title="Attach a runbook")
    def attach_runbook(
        ctx: Context,
        incident_id: IncidentId,
        runbook: RunbookId,
        reason: Annotated[str, Field(max_length=300)] = "",
    ) -> IncidentRunbooks:
        """Attach a runbook to an incident; its current version and steps are recorded."""
        key = normalize_incident_id(incident_id)
        args = {"incident_id": key, "runbook": runbook}

        def action(session: Session, actor: Actor) -> IncidentRunbooks:
            actions.attach(
                session,
                incident_id=key,
                runbook_id=runbook,
                lang=lang,
                actor=actor,
                now=ws.clock.now(),
                reason=reason or "by an assistant",
            )
            return IncidentRunbooks(
                attached=[v.as_data() for v in queries.attached(session, key)], suggested=[]
            )

        return ws.write(caller_of(ws, ctx), "attach_runbook", args, action)

    @server.tool(title="Check a runbook step off")
    def check_runbook_step(
        ctx: Context,
        *,
        incident_id: IncidentId,
        runbook: RunbookId,
        step: Annotated[int, Field(ge=1, le=200, description="As numbered in the runbook.")],
        outcome: Literal["done", "skipped"] = "done",
        note: Annotated[
            str, Field(max_length=4000, description="The output seen, or why it was skipped.")
        ] = "",
    ) -> StepRecorded:
        """Record that a runbook step was run (with its output) or skipped (with a reason);
        it goes on the incident's timeline."""
        key = normalize_incident_id(incident_id)
        args = {"incident_id": key, "runbook": runbook, "step": step, "outcome": outcome}

        def action(session: Session, actor: Actor) -> StepRecorded:
            run = actions.run_step(
                session,
                incident_id=key,
                runbook_id=runbook,
                step=step,
                actor=actor,
                now=ws.clock.now(),
                outcome=outcome,
                note=note,
            )
            return StepRecorded(runbook=runbook, step=run.step, outcome=run.outcome, by=run.actor)

        return ws.write(caller_of(ws, ctx), "check_runbook_step", args, action)
