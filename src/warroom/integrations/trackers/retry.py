"""Send one tracker request, waiting out rate limits and retrying what is safe to retry.

Rate limits (429, or GitHub's 403 with rate-limit headers) wait for Retry-After or the
reset time, but never longer than `max_wait`: past that we give up at once and say
when to try again, rather than hang a CLI for an hour. Server errors and lost
connections are retried only for idempotent methods, or when the request never left
(connect errors): a retried POST after an ambiguous failure could file a duplicate.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime

import httpx

from warroom.clock import Clock, SystemClock
from warroom.integrations.trackers.base import TrackerError, TrackerRateLimited

log = logging.getLogger("warroom.integrations.trackers")

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRYABLE_STATUS = frozenset({500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    sleep: Callable[[float], None] = time.sleep
    clock: Clock = field(default_factory=SystemClock)
    max_attempts: int = 4
    max_wait: float = 60.0
    backoff: float = 1.0


def retry_after_seconds(response: httpx.Response, clock: Clock) -> float | None:
    """Read Retry-After (seconds or an HTTP date) or GitHub's x-ratelimit-reset."""
    value = response.headers.get("retry-after")
    if value is not None:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            at = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if at.tzinfo is None:  # "-0000": no zone given; HTTP dates are GMT
            at = at.replace(tzinfo=UTC)
        return max(0.0, (at - clock.now()).total_seconds())
    reset = response.headers.get("x-ratelimit-reset")
    if response.headers.get("x-ratelimit-remaining") == "0" and reset and reset.isdigit():
        return max(0.0, float(reset) - clock.now().timestamp())
    return None


def is_rate_limited(response: httpx.Response) -> bool:
    if response.status_code == 429:
        return True
    headers = response.headers
    return response.status_code == 403 and (
        "retry-after" in headers or headers.get("x-ratelimit-remaining") == "0"
    )


def send(
    client: httpx.Client,
    request: httpx.Request,
    *,
    tracker: str,
    policy: RetryPolicy,
    describe: Callable[[httpx.Response], str],
    credentials_hint: str,
) -> httpx.Response:
    """Return the first successful response, or raise a TrackerError saying what to do."""
    for attempt in range(1, policy.max_attempts + 1):
        last = attempt == policy.max_attempts
        backoff = policy.backoff * 2 ** (attempt - 1)
        try:
            response = client.send(request)
        except httpx.TransportError as exc:
            if not last and _safe_to_resend(request, exc):
                _wait(policy, backoff, tracker, "connection failed")
                continue
            raise TrackerError(
                f"could not reach {tracker} ({type(exc).__name__})",
                hint="Check the network and the tracker's base URL, then try again; "
                "local data was not changed.",
            ) from exc
        log.debug("%s %s -> %s", request.method, request.url.path, response.status_code)
        if response.is_success:
            return response
        if is_rate_limited(response):
            wait = retry_after_seconds(response, policy.clock)
            if last or (wait is not None and wait > policy.max_wait):
                raise _rate_limited(tracker, wait)
            _wait(policy, backoff if wait is None else wait, tracker, "rate limited")
            continue
        if response.status_code in RETRYABLE_STATUS and request.method in IDEMPOTENT and not last:
            wait = retry_after_seconds(response, policy.clock)
            _wait(policy, backoff if wait is None else min(wait, policy.max_wait), tracker, "5xx")
            continue
        raise error_for(response, tracker=tracker, describe=describe, hint=credentials_hint)
    msg = "unreachable: the loop always returns or raises"  # pragma: no cover
    raise AssertionError(msg)  # pragma: no cover


def _safe_to_resend(request: httpx.Request, exc: httpx.TransportError) -> bool:
    return request.method in IDEMPOTENT or isinstance(
        exc, httpx.ConnectError | httpx.ConnectTimeout
    )


def _wait(policy: RetryPolicy, seconds: float, tracker: str, why: str) -> None:
    log.info("%s: %s, retrying in %.1f s", tracker, why, seconds)
    policy.sleep(seconds)


def _rate_limited(tracker: str, wait: float | None) -> TrackerRateLimited:
    when = f"in {int(wait + 0.999)} s" if wait is not None else "later"
    return TrackerRateLimited(
        f"{tracker} is rate limiting us; try again {when}",
        retry_after=wait,
        hint="Nothing local was changed; rerun the same command after the wait.",
    )


def error_for(
    response: httpx.Response,
    *,
    tracker: str,
    describe: Callable[[httpx.Response], str],
    hint: str,
) -> TrackerError:
    """Turn a refusal into a message naming the status and the tracker's own reason."""
    status = response.status_code
    detail = describe(response)
    suffix = f": {detail}" if detail else ""
    if status in (401, 403):
        return TrackerError(f"{tracker} refused the credentials ({status}){suffix}", hint=hint)
    if status == 404:
        return TrackerError(
            f"{tracker} did not find it (404){suffix}",
            hint="Check the repository or project key in settings, and that the "
            "credentials can see it.",
        )
    if status >= 500:
        return TrackerError(
            f"{tracker} failed ({status}){suffix}",
            hint="The tracker is having trouble; local data was not changed, try again later.",
        )
    return TrackerError(
        f"{tracker} rejected the request ({status}){suffix}",
        hint="Fix the field it names (for Jira, the project's create screen must allow it).",
    )
