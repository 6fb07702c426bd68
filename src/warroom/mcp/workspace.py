"""What every MCP tool shares: the database, the clock, who is calling, and the audit trail.

A tool parses its arguments and calls `Workspace.read` or `Workspace.write` with one
query or action; the workspace checks the caller's role, writes the audit row (in the
same transaction as the write, or on its own for reads and refusals) and turns
`WarroomError` into a tool error the assistant can read and act on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from mcp.server.mcpserver.exceptions import ToolError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from warroom.accounts.actions import touch_token
from warroom.accounts.agent_audit import record_agent_call
from warroom.accounts.queries import find_user, principal_for_token
from warroom.accounts.rules import Principal, Role, ensure_allowed
from warroom.clock import Clock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.errors import PermissionDenied, Unauthenticated, WarroomError
from warroom.incidents.policy import IncidentPolicy

T = TypeVar("T")
AGENT = "agent"  # Actor.kind of everything an assistant writes: "agent:jane" on the timeline


@dataclass
class Workspace:
    """One per server process; `principal` is fixed for stdio, per request over HTTP."""

    settings: Settings
    engine: Engine
    clock: Clock
    policy: IncidentPolicy
    transport: str
    principal: Principal | None = None

    def caller(self, authorization: str | None) -> Principal:
        """Return who is calling: the stdio user, or the bearer token's user over HTTP."""
        if self.principal is not None:
            return self.principal
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated(
                "an API token is required",
                hint="Send `Authorization: Bearer wrt_...` (`warroom token create`).",
            )
        with read_session(self.engine) as session:
            principal = principal_for_token(session, token.strip(), self.clock.now())
        if principal is None:
            raise Unauthenticated(
                "the API token is unknown, revoked, expired or its user disabled",
                hint="Create a new one with `warroom token create --user NAME`.",
            )
        if principal.touch_token is not None:
            with unit_of_work(self.engine) as session:
                touch_token(session, principal.touch_token, self.clock.now())
        return principal

    def read(
        self, who: Principal, tool: str, arguments: dict[str, Any], query: Callable[[Session], T]
    ) -> T:
        """Run a query as `who` (any role may read) and log the call."""
        return self._run(who, Role.VIEWER, tool, arguments, query)

    def write(
        self,
        who: Principal,
        tool: str,
        arguments: dict[str, Any],
        action: Callable[[Session, Actor], T],
    ) -> T:
        """Run one action as `who` (responders and admins) in one transaction with its audit row."""
        actor = Actor(handle=who.username, kind=AGENT)
        return self._run(who, Role.RESPONDER, tool, arguments, lambda s: action(s, actor))

    def _run(
        self,
        who: Principal,
        need: Role,
        tool: str,
        arguments: dict[str, Any],
        work: Callable[[Session], T],
    ) -> T:
        try:
            ensure_allowed(who.role, need, f"the tool {tool}")
            with unit_of_work(self.engine) as session:
                result = work(session)
                self._audit(session, who=who, tool=tool, arguments=arguments, outcome="ok")
                return result
        except WarroomError as error:
            outcome = "refused" if isinstance(error, PermissionDenied) else "error"
            with unit_of_work(self.engine) as session:
                self._audit(
                    session,
                    who=who,
                    tool=tool,
                    arguments=arguments,
                    outcome=outcome,
                    detail=error.message,
                )
            raise tool_error(error) from None

    def _audit(
        self,
        session: Session,
        *,
        who: Principal,
        tool: str,
        arguments: dict[str, Any],
        outcome: str,
        detail: str = "",
    ) -> None:
        record_agent_call(
            session=session,
            now=self.clock.now(),
            username=who.username,
            transport=self.transport,
            tool=tool,
            arguments=arguments,
            outcome=outcome,
            detail=detail,
        )


def tool_error(error: WarroomError) -> ToolError:
    """An error the assistant reads: the stable code, what went wrong and what to do."""
    text = f"{error.code}: {error.message}"
    if error.hint:
        text += f"\nhint: {error.hint}"
    return ToolError(text)


def local_principal(engine: Engine, username: str) -> Principal:
    """The account a stdio server acts for: it must exist and be enabled."""
    with read_session(engine) as session:
        user = find_user(session, username)
        if user is None or user.disabled_at is not None:
            raise Unauthenticated(
                f"no enabled account '{username}' to act for",
                hint="Create it with `warroom user add NAME --role responder`, or pass --user.",
            )
        return Principal(username=user.username, role=Role(user.role), via="mcp-stdio")


def caller_of(ws: Workspace, ctx: Any) -> Principal:
    """Resolve the caller of one tool call; a refusal is a tool error, not a crash."""
    try:
        headers = ctx.headers if ws.principal is None else None
        return ws.caller((headers or {}).get("authorization"))
    except WarroomError as error:
        raise tool_error(error) from None
