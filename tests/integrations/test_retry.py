from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from tests.support.http import Script, reply
from warroom.clock import FixedClock
from warroom.integrations.trackers import retry
from warroom.integrations.trackers.base import TrackerError, TrackerRateLimited

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def send(script: Script, method: str = "GET", **policy: object) -> httpx.Response:
    client = script.client()
    request = client.build_request(method, "https://tracker.test/x", json={"a": 1})
    return retry.send(
        client,
        request,
        tracker="Tracker",
        policy=retry.RetryPolicy(sleep=script.sleep, clock=FixedClock(NOW), **policy),  # type: ignore[arg-type]
        describe=lambda r: "",
        credentials_hint="check the token",
    )


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "12"}, 12.0),
        ({"Retry-After": "Sun, 22 Nov 2026 05:00:30 GMT"}, 30.0),
        ({"Retry-After": "Sun, 22 Nov 2026 04:59:00 GMT"}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW.timestamp()) + 90)}, 90.0),
        ({"x-ratelimit-remaining": "10", "x-ratelimit-reset": "1"}, None),
        ({}, None),
    ],
)
def test_retry_after_seconds(headers: dict[str, str], expected: float | None) -> None:
    assert retry.retry_after_seconds(reply(429, headers=headers), FixedClock(NOW)) == expected


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (429, {}, True),
        (403, {"Retry-After": "60"}, True),
        (403, {"x-ratelimit-remaining": "0"}, True),
        (403, {}, False),
        (500, {"Retry-After": "1"}, False),
    ],
)
def test_is_rate_limited(status: int, headers: dict[str, str], expected: bool) -> None:
    assert retry.is_rate_limited(reply(status, headers=headers)) is expected


def test_waits_honour_retry_after_each_time() -> None:
    script = Script(
        reply(429, headers={"Retry-After": "2"}),
        reply(429, headers={"Retry-After": "5"}),
        reply(200, {"ok": True}),
    )
    assert send(script, "POST").json() == {"ok": True}
    assert script.sleeps == [2.0, 5.0]


def test_a_wait_longer_than_max_wait_gives_up_at_once_and_says_when() -> None:
    script = Script(reply(429, headers={"Retry-After": "3600"}))
    with pytest.raises(TrackerRateLimited) as err:
        send(script, max_wait=60)
    assert err.value.retry_after == 3600.0
    assert "try again in 3600 s" in err.value.message
    assert script.sleeps == []


def test_rate_limit_without_retry_after_backs_off_then_gives_up() -> None:
    script = Script(reply(429), reply(429), reply(429))
    with pytest.raises(TrackerRateLimited, match="try again later"):
        send(script, max_attempts=3)
    assert script.sleeps == [1.0, 2.0]


def test_server_errors_on_get_retry_then_fail_with_the_status() -> None:
    script = Script(reply(502), reply(503, headers={"Retry-After": "4"}), reply(504))
    with pytest.raises(TrackerError, match=r"failed \(504\)"):
        send(script, max_attempts=3)
    assert script.sleeps == [1.0, 4.0]


def test_success_needs_no_sleep() -> None:
    script = Script(reply(200, {"ok": True}))
    assert send(script).status_code == 200
    assert script.sleeps == []
