"""One HTTP attempt, classified: 2xx ok; 429, 408 and 5xx retry (Retry-After kept); else failed."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from warroom.notifications.ports import SendResult

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def post(client: httpx.Client, url: str, **kwargs: Any) -> tuple[SendResult, httpx.Response | None]:
    """POST once; the response is returned too, for channels that read the body."""
    started = time.perf_counter()
    try:
        response = client.post(url, **kwargs)
    except httpx.TimeoutException as exc:
        return SendResult(
            "retry", error=f"timed out: {exc or type(exc).__name__}", latency_ms=_ms(started)
        ), None
    except httpx.TransportError as exc:
        return SendResult(
            "retry", error=f"{type(exc).__name__}: {exc}", latency_ms=_ms(started)
        ), None
    return classify(response, _ms(started)), response


def classify(response: httpx.Response, latency_ms: float) -> SendResult:
    code = response.status_code
    if 200 <= code < 300:
        return SendResult("ok", code=code, latency_ms=latency_ms)
    detail = f"HTTP {code}: {response.text[:300]}".strip()
    if code in RETRY_STATUS:
        return SendResult(
            "retry",
            code=code,
            error=detail,
            retry_after=retry_after(response),
            latency_ms=latency_ms,
        )
    return SendResult("failed", code=code, error=detail, latency_ms=latency_ms)


def retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds, or as an HTTP date."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        at = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (at - datetime.now(UTC)).total_seconds())


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
