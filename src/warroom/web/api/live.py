"""One live stream per browser: every open room's timeline plus a "something changed" signal.

Browsers allow six connections per site over HTTP/1.1, so one stream per tab locks a
seventh tab out. The pages share one connection instead (static/live-worker.js, a
SharedWorker): it asks this endpoint for every room its tabs show, each with the last
event id that tab holds, plus `changes` for the dashboard, the incident list and the board.

Each SSE id carries the whole position (`INC-1:12 INC-2:30 ~marker`), so EventSource's
own reconnect sends it back as `Last-Event-ID` and nothing is missed or repeated. The
change marker digests the newest timeline id and the newest update of incidents, action
items and postmortems; a page holding another marker is stale and re-fetches itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from warroom.accounts.rules import Principal
from warroom.core.bounds import ID_MAX
from warroom.errors import InvalidInput
from warroom.web.api.stream import (
    KEEPALIVE_EVERY,
    POLL_SECONDS,
    STREAM_SECONDS,
    brief_viewer,
    fetch_views,
    incident_key,
)
from warroom.web.present import gettext
from warroom.web.state import AppState, app_state

router = APIRouter(tags=["war room"])
MAX_ROOMS = 32
SUBSCRIPTION = r"^[A-Za-z0-9_.-]{1,40}:[0-9]{1,10}$"
MARKER = r"^[0-9a-f]{0,16}$"
LIVE_EVENT = {
    "type": "object",
    "properties": {
        "event": {"type": "string", "enum": ["timeline", "changed", "position"]},
        "id": {"type": "string"},
        "data": {
            "type": "string",
            "description": "timeline: `incident` and `event` (its JSON plus `view`); "
            "changed and position: the change marker.",
        },
        "retry": {"type": "integer"},
    },
}


def change_marker(session: Session) -> str:
    """A short digest that moves whenever anything a list page shows may have changed."""
    from warroom.action_items.models import ActionItem
    from warroom.incidents.models import Incident
    from warroom.postmortems.models import Postmortem
    from warroom.timeline.models import TimelineEvent

    parts = [
        session.scalar(select(func.max(TimelineEvent.id))),
        session.scalar(select(func.max(Incident.updated_at))),
        session.scalar(select(func.count(Incident.id))),
        session.scalar(select(func.max(ActionItem.updated_at))),
        session.scalar(select(func.max(Postmortem.updated_at))),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def read_marker(state: AppState) -> str:
    from warroom.db.uow import read_session

    with read_session(state.engine) as session:
        return change_marker(session)


def _position(cursors: dict[str, int], marker: str | None) -> str:
    rooms = " ".join(f"{key}:{at}" for key, at in cursors.items())
    return f"{rooms} ~{marker}" if marker is not None else rooms


def _resume(header: str | None) -> tuple[dict[str, int], str | None]:
    """Read a `Last-Event-ID` this endpoint wrote; anything else reads as nothing."""
    cursors: dict[str, int] = {}
    marker = None
    for part in (header or "")[:4000].split():
        if part.startswith("~"):
            marker = part[1:17]
            continue
        key, _, at = part.rpartition(":")
        if key and at.isdigit() and len(at) <= 10 and int(at) <= ID_MAX:
            cursors[key] = int(at)
    return cursors, marker


@router.get(
    "/live",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Server-sent events: `timeline` for each new entry of a room "
            "asked for, `changed` when list pages are stale.",
            "content": {"text/event-stream": {"schema": LIVE_EVENT}},
        }
    },
)
async def live(
    request: Request,
    _who: Annotated[Principal, Depends(brief_viewer)],
    incident: Annotated[
        list[str],
        Query(
            max_length=MAX_ROOMS,
            description="`ID:after` for each room to follow (the last event id it holds).",
        ),
    ] = [],  # noqa: B006 - FastAPI copies query defaults
    changes: Annotated[bool, Query(description="Also send `changed` events.")] = False,
    marker: Annotated[
        str, Query(pattern=MARKER, description="The change marker the page was built with.")
    ] = "",
    follow: Annotated[bool, Query(description="Keep the stream open.")] = True,
) -> StreamingResponse:
    """One `text/event-stream` for every room and list a browser shows."""
    import re

    state = app_state(request)
    resumed, resumed_marker = _resume(request.headers.get("last-event-id"))
    cursors: dict[str, tuple[str, int]] = {}  # asked id -> (stored id, cursor)
    for item in incident:
        if not re.fullmatch(SUBSCRIPTION, item):
            raise InvalidInput(f"bad room subscription {item[:50]!r}", hint="Send ID:after.")
        asked, _, after = item.rpartition(":")
        key, last = await run_in_threadpool(incident_key, state, asked)
        start = resumed.get(asked, int(after))
        cursors[asked] = (key, min(start, last))
    known = (resumed_marker or marker or None) if changes else None
    _ = gettext(request)

    async def body() -> AsyncIterator[str]:
        position = {asked: at for asked, (_key, at) in cursors.items()}
        current = known
        yield "retry: 2000\n\n"
        for tick in range(int(STREAM_SECONDS / POLL_SECONDS)):
            for asked, (key, _at) in cursors.items():
                batch = await run_in_threadpool(fetch_views, state, key, position[asked], _)
                for event_id, data in batch:
                    position[asked] = event_id
                    payload = f'{{"incident": {json.dumps(asked)}, "event": {data}}}'
                    yield (
                        f"id: {_position(position, current)}\nevent: timeline\ndata: {payload}\n\n"
                    )
            if changes:
                now = await run_in_threadpool(read_marker, state)
                if current is None:
                    current = now
                    yield f"id: {_position(position, current)}\nevent: position\ndata: {now}\n\n"
                elif now != current:
                    current = now
                    yield f"id: {_position(position, current)}\nevent: changed\ndata: {now}\n\n"
            if not follow:
                return
            if tick % KEEPALIVE_EVERY == KEEPALIVE_EVERY - 1:
                yield ": keep-alive\n\n"
            await anyio.sleep(POLL_SECONDS)

    async def counted() -> AsyncIterator[str]:
        state.live_streams += 1
        try:
            async for chunk in body():
                yield chunk
        finally:
            state.live_streams -= 1

    return StreamingResponse(
        counted(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
