"""MCP tools over on-call: who holds each role of a schedule now or at a given moment."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy.orm import Session

from warroom.mcp.workspace import Workspace, caller_of
from warroom.oncall import queries


class OnCallOut(BaseModel):
    schedule: str
    role: str
    person: str
    start: AwareDatetime
    end: AwareDatetime
    overridden: bool


class OnCallNow(BaseModel):
    schedule: str
    on_call: list[OnCallOut] = Field(description="Primary first; empty when nobody is on call.")


def register(server: MCPServer, ws: Workspace) -> None:
    @server.tool(title="Who is on call")
    def who_is_on_call(
        ctx: Context,
        schedule: Annotated[str, Field(min_length=1, max_length=64)],
        at: AwareDatetime | None = None,
    ) -> OnCallNow:
        """Who is on call in a schedule (primary, secondary, ...) now or at `at`, with the
        shift each holds. `warroom oncall who` and the schedule page show the same."""
        moment = at or ws.clock.now()
        args = {"schedule": schedule, "at": moment.isoformat()}

        def query(session: Session) -> OnCallNow:
            found = queries.who_is_on_call(session, schedule, moment)
            return OnCallNow(
                schedule=schedule,
                on_call=[
                    OnCallOut(
                        schedule=o.schedule,
                        role=o.role,
                        person=o.person,
                        start=o.start,
                        end=o.end,
                        overridden=o.overridden,
                    )
                    for o in found
                ],
            )

        return ws.read(caller_of(ws, ctx), "who_is_on_call", args, query)
