"""A synchronous client that calls an ASGI app in-process through httpx's ASGI transport.

Starlette's TestClient warns (deprecated with httpx) and warnings are errors here.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx


class Client:
    def __init__(self, app: Any) -> None:
        self._transport = httpx.ASGITransport(app=app)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def call() -> httpx.Response:
            async with httpx.AsyncClient(
                transport=self._transport, base_url="http://testserver"
            ) as client:
                return await client.request(method, url, **kwargs)

        return anyio.run(call)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)
