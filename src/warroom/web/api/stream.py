"""Server-sent events: an incident's new timeline entries, as they are committed.

Each stream polls the timeline table by id cursor once a second in a short read
transaction, so it sees writes from any process sharing the database (several
warroom processes on one PostgreSQL). Ids of one incident's events grow in commit
order because writers hold the incident's row lock while they insert. Streams end
after a few minutes; EventSource reconnects with Last-Event-ID and misses nothing.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from warroom.accounts.rules import Principal, Role, ensure_allowed
from warroom.errors import Unauthenticated
from warroom.incidents.queries import get_incident
from warroom.incidents.schemas import event_out
from warroom.timeline.queries import last_event_id, list_events
from warroom.web.auth import resolve_principal
from warroom.web.params import Cursor, event_cursor
from warroom.web.present import Gettext, event_view, gettext
from warroom.web.state import AppState, app_state

router = APIRouter(tags=["war room"])
POLL_SECONDS = 1.0
SSE_EVENT = {  # one event of the stream (OpenAPI 3.1: `schema` describes each event)
    "type": "object",
    "properties": {
        "event": {"type": "string", "enum": ["timeline"]},
        "id": {"type": "string", "pattern": "^[0-9]+$"},
        "data": {"type": "string", "description": "The event's JSON plus `view`."},
        "retry": {"type": "integer"},
    },
}
KEEPALIVE_EVERY = 15
STREAM_SECONDS = 300


def brief_viewer(request: Request) -> Principal:
    """Authenticate in a transaction of its own: a stream must not hold one open."""
    from warroom.db.uow import read_session

    with read_session(app_state(request).engine) as session:
        principal = resolve_principal(request, session)
    if principal is None:
        raise Unauthenticated("sign in, or send an API token", hint="See docs/web.md.")
    ensure_allowed(principal.role, Role.VIEWER, "reading")
    return principal


@router.get(
    "/incidents/{incident_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Server-sent events, one `timeline` event per entry.",
            "content": {"text/event-stream": {"schema": SSE_EVENT}},
        }
    },
)
async def stream_events(
    incident_id: str,
    request: Request,
    _who: Annotated[Principal, Depends(brief_viewer)],
    after: Cursor | None = None,
    follow: Annotated[bool, Query(description="Keep the stream open for new events.")] = True,
) -> StreamingResponse:
    """`text/event-stream` of `timeline` events (data: the event JSON plus a `view`)."""
    state = app_state(request)
    key, last = await run_in_threadpool(incident_key, state, incident_id)
    resumed = event_cursor(request.headers.get("last-event-id"))
    # A cursor past the incident's last event (a restored database, a made-up header)
    # would hide every new event: start from the last one instead.
    cursor = min(resumed if resumed is not None else (after or 0), last)
    _ = gettext(request)

    async def body() -> AsyncIterator[str]:
        position = cursor
        yield "retry: 2000\n\n"
        for tick in range(int(STREAM_SECONDS / POLL_SECONDS)):
            batch = await run_in_threadpool(fetch_views, state, key, position, _)
            for event_id, data in batch:
                position = event_id
                yield f"id: {event_id}\nevent: timeline\ndata: {data}\n\n"
            if not follow:
                return
            if tick % KEEPALIVE_EVERY == KEEPALIVE_EVERY - 1:
                yield ": keep-alive\n\n"
            await anyio.sleep(POLL_SECONDS)

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def incident_key(state: AppState, incident_id: str) -> tuple[str, int]:
    from warroom.db.uow import read_session

    with read_session(state.engine) as session:
        key = get_incident(session, incident_id).id
        return key, last_event_id(session, key)


def fetch_views(
    state: AppState, incident_id: str, cursor: int, _: Gettext
) -> list[tuple[int, str]]:
    from warroom.db.uow import read_session

    tz = state.policy.tz
    with read_session(state.engine) as session:
        events = sorted(list_events(session, incident_id, after_id=cursor), key=lambda e: e.id)
        out = []
        for event in events:
            data = event_out(event, set())
            payload = {**data.model_dump(mode="json"), "view": event_view(data, tz, _)}
            out.append((event.id, json.dumps(payload, ensure_ascii=False)))
        return out
