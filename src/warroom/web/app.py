"""`create_app(settings)`: the ASGI application, built explicitly (no globals at import)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from warroom.clock import Clock, SystemClock
from warroom.config import Settings
from warroom.web.errors import install_error_handlers
from warroom.web.state import AppState

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings, *, clock: Clock | None = None) -> FastAPI:
    """Build the app for `settings`; the engine is created here, once per app."""
    from fastapi.staticfiles import StaticFiles

    from warroom.accounts.passwords import warm_up
    from warroom.core.secret import load_secret
    from warroom.db.engine import make_engine
    from warroom.incidents.policy import IncidentPolicy
    from warroom.web.api import (
        action_items,
        alerts,
        analytics,
        deliveries,
        incidents,
        live,
        meta,
        notify,
        oncall,
        postmortems,
        response,
        runbooks,
        stream,
    )
    from warroom.web.forwarded import ForwardedHeaders, TrustedProxies
    from warroom.web.headers import SecurityHeaders
    from warroom.web.limits import BodyLimit
    from warroom.web.mcp_endpoint import install_mcp
    from warroom.web.openapi import install_openapi
    from warroom.web.ui import admin, board, forms, insights, login, pages, postmortem
    from warroom.web.ui import notify as notify_pages
    from warroom.web.ui import oncall as oncall_pages
    from warroom.web.ui import runbooks as runbook_pages
    from warroom.web.ui.render import LoginRequired, html_error, login_redirect

    app = FastAPI(
        title="warroom",
        version="0.1.0",
        description="Incident response and blameless postmortems. Authenticate with "
        "`Authorization: Bearer wrt_...` (`warroom token create`). Errors are "
        "application/problem+json with a stable `code`.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI would load from a CDN; warroom works offline
        redoc_url=None,
    )
    app.state.warroom = AppState(
        settings=settings,
        engine=make_engine(settings.resolved_database_url),
        clock=clock or SystemClock(),
        policy=IncidentPolicy.from_settings(settings),
        secret_key=settings.secret_key or load_secret(settings.data_dir),
        proxies=TrustedProxies(settings.forwarded_allow_ips),
    )
    warm_up()
    install_error_handlers(app, html=html_error)
    install_openapi(app)

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, error: LoginRequired) -> Response:
        return login_redirect(error.next_url)

    for api in (
        meta,
        incidents,
        response,
        stream,
        live,
        action_items,
        postmortems,
        deliveries,
        oncall,
        notify,
        runbooks,
        analytics,
    ):
        app.include_router(api.router, prefix="/api/v1")
    app.include_router(oncall.feeds)
    app.include_router(analytics.metrics_router)
    for ui in (
        login,
        pages,
        forms,
        board,
        postmortem,
        admin,
        oncall_pages,
        notify_pages,
        runbook_pages,
        insights,
    ):
        app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    alerts.install(app)
    install_mcp(app, app.state.warroom)
    app.add_middleware(
        BodyLimit,
        limit=settings.max_body_bytes,
        own_limits={"/api/v1/alerts/": (alerts.MAX_BODY, alerts.TOO_LARGE_HINT)},
    )
    app.add_middleware(SecurityHeaders)  # refusals of the body limit get the headers too
    # Outermost: every later layer sees the client address after the proxy rule.
    app.add_middleware(ForwardedHeaders, trusted=settings.forwarded_allow_ips)

    @app.get("/api", include_in_schema=False)
    def api_root() -> RedirectResponse:
        return RedirectResponse("/api/openapi.json")

    return app
