"""`/mcp`: the MCP server over streamable HTTP, beside the REST API, with the same tokens.

Stateless and JSON-answering, so several warroom processes behind one address serve it
alike. A request without a valid bearer token is refused here with 401 before the MCP
layer sees it; each tool resolves the caller again from the same header, so a tool never
runs for an unknown user. DNS-rebinding protection (a Host allow-list) is off because
only bearer tokens authenticate here and browsers never attach them on their own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from warroom.errors import WarroomError
from warroom.web.errors import problem
from warroom.web.state import AppState


def install_mcp(app: FastAPI, state: AppState) -> None:
    """Serve MCP at /mcp and run its session manager for the app's lifetime."""
    from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
    from mcp.server.transport_security import TransportSecuritySettings

    from warroom.mcp.server import build_server
    from warroom.mcp.workspace import Workspace

    workspace = Workspace(
        settings=state.settings,
        engine=state.engine,
        clock=state.clock,
        policy=state.policy,
        transport="http",
    )
    server = build_server(workspace)

    def new_manager() -> StreamableHTTPSessionManager:
        # A session manager runs once; each app lifespan (a server start, a test client)
        # gets its own.
        server.streamable_http_app(
            stateless_http=True,
            json_response=True,
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        )
        manager: StreamableHTTPSessionManager = server.session_manager
        return manager

    endpoint = _Endpoint(workspace)
    app.router.routes.append(
        Route("/mcp", endpoint, methods=["GET", "POST", "DELETE"], include_in_schema=False)
    )
    app.router.lifespan_context = _with_manager(endpoint, new_manager, app.router.lifespan_context)


class _Endpoint:
    def __init__(self, workspace: Any) -> None:
        self.manager: Any = None  # set while the app's lifespan runs
        self.workspace = workspace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            await anyio.to_thread.run_sync(self.workspace.caller, headers.get("authorization"))
        except WarroomError as error:
            response = problem(error.http_status, error.code, error.code, error.message, error.hint)
            response.headers["WWW-Authenticate"] = "Bearer"
            await response(scope, receive, send)
            return
        if self.manager is None:
            response = problem(503, "starting", "starting", "the MCP endpoint is not running")
            await response(scope, receive, send)
            return
        await self.manager.handle_request(scope, receive, send)


def _with_manager(
    endpoint: _Endpoint,
    new_manager: Callable[[], Any],
    inner: Callable[[Any], AbstractAsyncContextManager[Any]],
) -> Callable[[Any], AbstractAsyncContextManager[Any]]:
    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        manager = new_manager()
        async with manager.run(), inner(app) as value:
            endpoint.manager = manager
            try:
                yield value
            finally:
                endpoint.manager = None

    return lifespan
