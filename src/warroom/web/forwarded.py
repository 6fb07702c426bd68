"""Believe a reverse proxy's headers only when the connection comes from that proxy.

`forwarded_allow_ips` lists the proxies (addresses, networks, or "*"). From them,
uvicorn's ProxyHeadersMiddleware, installed here rather than by the server, takes the
client address from `X-Forwarded-For` (the nearest address that is not a trusted
proxy) and the scheme from `X-Forwarded-Proto`; from anyone else both are ignored.
warroom installs it itself so that it can first note the address that really
connected (`peer`): the SSO header (`proxy_auth_header`) is believed only when that
peer is a trusted proxy, which the rewritten client address can no longer tell.
`warroom serve` therefore turns uvicorn's own copy off; under another server, turn
its proxy-header handling off too (uvicorn: `--no-proxy-headers`).

Everything else (the sign-in throttle, logs) uses `request.client`, the address after
that rule.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

PEER = "warroom.peer"


class TrustedProxies:
    """Match an address against `forwarded_allow_ips` (exact addresses and networks)."""

    def __init__(self, entries: Sequence[str]) -> None:
        self.entries = tuple(entries)
        self.anyone = "*" in self.entries
        self.networks = tuple(
            ipaddress.ip_network(entry, strict=False) for entry in self.entries if entry != "*"
        )

    def __contains__(self, host: object) -> bool:
        if self.anyone:
            return True
        if not isinstance(host, str) or not host:
            return False
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


class ForwardedHeaders:
    """Note the connecting address, then let uvicorn's middleware apply the proxy rule."""

    def __init__(self, app: ASGIApp, *, trusted: Sequence[str]) -> None:
        inner: Any = app
        self.rewrite = ProxyHeadersMiddleware(inner, trusted_hosts=list(trusted))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client")
            scope[PEER] = client[0] if client else None
        await self.rewrite(scope, receive, send)  # type: ignore[arg-type]


def peer(request: Request) -> str | None:
    """The address that opened the connection: the proxy's, when there is one."""
    value = request.scope.get(PEER)
    if value is None and request.client is not None:
        return request.client.host  # mounted without ForwardedHeaders: nothing rewritten
    return value if isinstance(value, str) else None
