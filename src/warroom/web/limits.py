"""The request body limit: refused with 413 before routing, authentication and parsing.

A declared `Content-Length` over the limit is refused before a byte of the body is
read. A body without one (chunked) is read here, up to the limit and no further, and
handed to the app only when it fits, so no route ever holds more than the limit in
memory. Paths with a limit of their own (the alert receivers) use it instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warroom.errors import PayloadTooLarge
from warroom.web.errors import error_response


def too_large(limit: int, hint: str = "") -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body is larger than the limit of {limit:,} bytes",
        hint=hint or "Send less, or raise the max_body_bytes setting (docs/configuration.md).",
    )


class BodyLimit:
    def __init__(
        self, app: ASGIApp, *, limit: int, own_limits: Mapping[str, tuple[int, str]] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.own_limits = dict(own_limits or {})  # path prefix -> (limit, hint)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, hint = self._limit_for(scope["path"])
        headers = {k.lower(): v for k, v in scope["headers"]}
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or len(declared) > 18 or int(declared) > limit:
                await _refuse(scope, receive, send, limit, hint)
                return
            await self.app(scope, _counted(receive, limit, hint), send)
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)
            return
        messages = await _read_within(receive, limit)
        if messages is None:
            await _refuse(scope, receive, send, limit, hint)
            return
        await self.app(scope, _replay(messages, receive), send)

    def _limit_for(self, path: str) -> tuple[int, str]:
        for prefix, own in self.own_limits.items():
            if path.startswith(prefix):
                return own
        return self.limit, ""


async def _read_within(receive: Receive, limit: int) -> list[Message] | None:
    """The body's messages, or None as soon as they pass `limit` bytes."""
    messages: list[Message] = []
    total = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages
        total += len(message.get("body", b""))
        if total > limit:
            return None
        if not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def _counted(receive: Receive, limit: int, hint: str) -> Receive:
    """Enforce the limit on a body longer than its Content-Length said (belt and braces)."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(limit, hint)
        return message

    return counted


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int, hint: str) -> None:
    response = error_response(too_large(limit, hint), headers={"Connection": "close"})
    await response(scope, receive, send)
