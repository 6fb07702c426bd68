"""`create_app(settings)`: the ASGI application, built explicitly (no globals at import)."""

from __future__ import annotations

from fastapi import FastAPI

from warroom.clock import Clock, SystemClock
from warroom.config import Settings
from warroom.web.errors import install_error_handlers
from warroom.web.state import AppState


def create_app(settings: Settings, *, clock: Clock | None = None) -> FastAPI:
    """Build the app for `settings`; the engine is created here, once per app."""
    from warroom.db.engine import make_engine
    from warroom.incidents.policy import IncidentPolicy
    from warroom.web.api import action_items, alerts, incidents, meta

    app = FastAPI(
        title="warroom",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.warroom = AppState(
        settings=settings,
        engine=make_engine(settings.resolved_database_url),
        clock=clock or SystemClock(),
        policy=IncidentPolicy.from_settings(settings),
    )
    install_error_handlers(app)
    app.include_router(meta.router, prefix="/api/v1")
    app.include_router(incidents.router, prefix="/api/v1")
    app.include_router(action_items.router, prefix="/api/v1")
    alerts.install(app)
    return app
