"""MCP tools over incidents: list, search, read with everything known, add a timeline note.

Each tool parses its arguments and calls one query or action through the workspace;
the representations are the REST API's (`IncidentSummary`, `IncidentDetail`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from warroom.alerts.queries import groups_for_incident
from warroom.core.actor import Actor
from warroom.core.ids import normalize_incident_id
from warroom.core.pagination import PageRequest
from warroom.errors import InvalidInput
from warroom.evidence.queries import list_evidence
from warroom.incidents import queries, response
from warroom.incidents.actions import transition_incident
from warroom.incidents.rules import ACTIVE
from warroom.incidents.rules import State as IncidentState
from warroom.incidents.schemas import (
    EventOut,
    IncidentDetail,
    IncidentSummary,
    detail,
    event_out,
    summary,
)
from warroom.incidents.search import search_incidents as find_matching
from warroom.mcp.workspace import Workspace, caller_of
from warroom.severity.rules import parse_level
from warroom.timeline.queries import list_events

IncidentId = Annotated[str, Field(description="An incident id, e.g. INC-20261201-001.")]


class IncidentList(BaseModel):
    items: list[IncidentSummary]
    total: int


class AlertOut(BaseModel):
    key: str
    source: str
    title: str
    severity: str
    status: str
    labels: dict[str, Any]


class EvidenceOut(BaseModel):
    id: int
    kind: str
    filename: str
    sha256: str
    note: str


class IncidentRecord(IncidentDetail):
    """The incident as the API shows it, with its alert groups and preserved evidence."""

    alerts: list[AlertOut]
    evidence: list[EvidenceOut]


def register(server: MCPServer, ws: Workspace) -> None:
    @server.tool(title="List incidents")
    def list_incidents(
        ctx: Context,
        active_only: bool = False,
        severity: list[str] | None = None,
        service: str | None = None,
        limit: Annotated[int, Field(ge=1, le=100)] = 20,
    ) -> IncidentList:
        """List incidents, newest first; filter by open state, severity (P1-P4) and service."""
        args = {"active_only": active_only, "severity": severity, "service": service}

        def query(session: Session) -> IncidentList:
            page = queries.list_incidents(
                session,
                states=[s.value for s in ACTIVE] if active_only else [],
                severities=[parse_level(s) for s in severity or []],
                service=service,
                page=PageRequest(limit=limit, offset=0),
            )
            items = [summary(i, ws.policy) for i in page.items]
            return IncidentList(items=items, total=page.total)

        return ws.read(caller_of(ws, ctx), "list_incidents", args, query)

    @server.tool(title="Search incidents")
    def search_incidents(
        ctx: Context,
        query: Annotated[str, Field(min_length=2, max_length=200)],
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> IncidentList:
        """Find incidents whose title, summary, services or timeline mention the words."""

        def run(session: Session) -> IncidentList:
            found = find_matching(session, query, limit=limit)
            return IncidentList(items=[summary(i, ws.policy) for i in found], total=len(found))

        return ws.read(caller_of(ws, ctx), "search_incidents", {"query": query}, run)

    @server.tool(title="Read an incident")
    def get_incident(ctx: Context, incident_id: IncidentId) -> IncidentRecord:
        """Read an incident: facts, durations, SLA, roles, the whole timeline (with evidence
        findings), its alert groups and the preserved evidence files."""
        key = normalize_incident_id(incident_id)

        def query(session: Session) -> IncidentRecord:
            incident = queries.get_incident(session, key)
            known = detail(incident, list_events(session, key), ws.policy, ws.clock.now())
            alerts = [_alert(g) for g in groups_for_incident(session, key)]
            files = [_evidence(e) for e in list_evidence(session, key)]
            return IncidentRecord(**known.model_dump(), alerts=alerts, evidence=files)

        return ws.read(caller_of(ws, ctx), "get_incident", {"incident_id": key}, query)

    @server.tool(title="Add a timeline entry")
    def add_timeline_note(
        ctx: Context,
        incident_id: IncidentId,
        text: Annotated[str, Field(min_length=1, max_length=4000)],
        kind: Literal["note", "action", "decision", "communication"] = "note",
    ) -> EventOut:
        """Append a note, action, decision or communication to the incident's timeline.

        The entry is attributed to your user and marked as written by an agent."""
        key = normalize_incident_id(incident_id)
        args = {"incident_id": key, "kind": kind, "text": text}

        def action(session: Session, actor: Actor) -> EventOut:
            event = response.add_timeline_entry(
                session=session,
                actor=actor,
                now=ws.clock.now(),
                incident_id=key,
                kind=kind,
                body=text,
            )
            event.data = {**event.data, "via": "mcp"}
            session.flush()
            return event_out(event, set())

        return ws.write(caller_of(ws, ctx), "add_timeline_note", args, action)

    register_state_tool(server, ws)


def register_state_tool(server: MCPServer, ws: Workspace) -> None:
    @server.tool(title="Record an incident state change")
    def change_incident_state(
        ctx: Context,
        incident_id: IncidentId,
        to: Literal["acknowledged", "investigating", "mitigated", "resolved"],
        confirm: Annotated[
            bool, Field(description="true only after a person on the incident approved it.")
        ] = False,
        note: Annotated[str, Field(max_length=2000)] = "",
    ) -> IncidentSummary:
        """Move the incident forward (acknowledged, investigating, mitigated, resolved) when
        the people running it ask you to. Needs confirm=true. Closing is left to people."""
        key = normalize_incident_id(incident_id)
        args = {"incident_id": key, "to": to, "confirm": confirm}

        def action(session: Session, actor: Actor) -> IncidentSummary:
            if not confirm:
                raise InvalidInput(
                    f"changing {key} to {to} needs confirm=true",
                    hint="Ask the incident commander first, then call again with confirm=true.",
                )
            incident = transition_incident(
                session=session,
                actor=actor,
                now=ws.clock.now(),
                policy=ws.policy,
                incident_id=key,
                to=IncidentState(to),
                note=note,
            )
            return summary(incident, ws.policy)

        return ws.write(caller_of(ws, ctx), "change_incident_state", args, action)


def _alert(group: Any) -> AlertOut:
    return AlertOut(
        key=group.key,
        source=group.source,
        title=group.title,
        severity=group.severity,
        status=group.status,
        labels=dict(group.labels),
    )


def _evidence(item: Any) -> EvidenceOut:
    return EvidenceOut(
        id=item.id, kind=item.kind, filename=item.filename, sha256=item.sha256, note=item.note
    )
