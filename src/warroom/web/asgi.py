"""ASGI factory for process managers:
`uvicorn --factory warroom.web.asgi:app --workers 4 --no-proxy-headers`.

Settings come from WARROOM_* and warroom.toml, read when the server calls the factory
(never at import). Several workers on one PostgreSQL share sessions through the
secret key: set WARROOM_SECRET_KEY for all of them. `--no-proxy-headers`: the app
applies `forwarded_allow_ips` itself (web.forwarded); uvicorn's own handling would
rewrite the client address first, trusting 127.0.0.1 by default.
"""

from __future__ import annotations

from fastapi import FastAPI


def app() -> FastAPI:
    from warroom.config import load_settings
    from warroom.web.app import create_app

    return create_app(load_settings())
