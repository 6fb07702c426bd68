"""Alert receivers: Alertmanager (webhook v4), PagerDuty Events v2 and a generic webhook.

Routes only read the body and the token, then hand them to `web.receiver.Receiver`,
which validates and stores the raw delivery in a transaction shared by the requests
waiting at that moment (group commit). The response is sent after that commit: a 2xx
means stored durably (202: accepted for processing), a 400 means stored as rejected
with its reasons. The worker's delivery applier (`alerts.applier`) then applies it to
its group, in delivery order per group, exactly once.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response

from warroom.alerts.actions import Outcome
from warroom.web.limits import too_large
from warroom.web.openapi import problems
from warroom.web.receiver import Receiver
from warroom.web.state import AppState

router = APIRouter(prefix="/alerts", tags=["alerts"])
_ANSWER = {"type": "object", "additionalProperties": True}
RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {
        "description": "Stored durably; applied to its group by the worker.",
        "content": {"application/json": {"schema": _ANSWER}},
    },
    400: {
        "description": "Stored as rejected, with its reasons in `errors`.",
        "content": {"application/json": {"schema": _ANSWER}},
    },
    **problems(401, 403),  # no integration token (401); an unknown or revoked one (403)
}
MAX_BODY = 4 * 1024 * 1024  # Alertmanager groups are small; this bounds a hostile body
TOO_LARGE_HINT = "Lower max_alerts in the receiver, or split the group."


def install(app: FastAPI) -> None:
    app.state.alert_receiver = Receiver(app_state_of(app))
    app.include_router(router, prefix="/api/v1")


def app_state_of(app: FastAPI) -> AppState:
    state: AppState = app.state.warroom
    return state


@router.post("/alertmanager", status_code=202, responses=RESPONSES)
async def alertmanager(request: Request) -> Response:
    """Alertmanager `webhook_configs` receiver (payload version 4)."""
    outcome = await _receive(request, "alertmanager", _token(request))
    if outcome.status == "rejected":
        return _json(400, _rejected(outcome))
    return _json(202, _accepted(outcome))


@router.post("/webhook", status_code=202, responses=RESPONSES)
async def generic_webhook(request: Request) -> Response:
    """Generic JSON alerts (schema and field mapping in docs/alerts.md)."""
    outcome = await _receive(request, "webhook", _token(request))
    if outcome.status == "rejected":
        return _json(400, _rejected(outcome))
    return _json(202, _accepted(outcome))


@router.post("/pagerduty/v2/enqueue", status_code=202, responses=RESPONSES)
async def pagerduty(request: Request) -> Response:
    """PagerDuty Events API v2 compatible `enqueue` (the token may be the routing_key)."""
    body = await _body(request)
    token = _token(request) or _routing_key(body)
    outcome = await _receiver(request).submit("pagerduty", token, body)
    if outcome.status == "rejected":
        return _json(
            400,
            {
                "status": "invalid event",
                "message": "Event object is invalid",
                "errors": outcome.errors,
            },
        )
    return _json(
        202,
        {"status": "success", "message": "Event processed", "dedup_key": outcome.external_key},
    )


async def _receive(request: Request, source: str, token: str | None) -> Outcome:
    body = await _body(request)
    return await _receiver(request).submit(source, token, body)


async def _body(request: Request) -> bytes:
    body = await request.body()  # web.limits.BodyLimit has refused larger ones already
    if len(body) > MAX_BODY:
        raise too_large(MAX_BODY, TOO_LARGE_HINT)
    return body


def _receiver(request: Request) -> Receiver:
    receiver: Receiver = request.app.state.alert_receiver
    return receiver


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.query_params.get("token")


def _routing_key(body: bytes) -> str | None:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # the receiver stores and refuses it with a reason
        return None
    key = data.get("routing_key") if isinstance(data, dict) else None
    return key if isinstance(key, str) else None


def _accepted(outcome: Outcome) -> dict[str, Any]:
    return {"status": outcome.status, "delivery": outcome.delivery_id, "group": outcome.group_key}


def _rejected(outcome: Outcome) -> dict[str, Any]:
    return {"status": "rejected", "delivery": outcome.delivery_id, "errors": outcome.errors}


def _json(status: int, data: dict[str, Any]) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False).encode(), status, media_type="application/json"
    )
