"""GitHub Issues client against GitHub's documented request and response shapes.

No GitHub is reachable here: requests go to an `httpx.MockTransport` that checks them
and answers with the documented responses.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import httpx
import pytest
from pydantic import SecretStr

from tests.support.http import Script, reply
from warroom.clock import FixedClock
from warroom.errors import InvalidInput
from warroom.integrations.trackers import github
from warroom.integrations.trackers.base import IssueDraft, RemoteState, TrackerError
from warroom.integrations.trackers.retry import RetryPolicy

TOKEN = "ghp_s3cr3tT0ken"

DRAFT = IssueDraft(
    ref="AI-001",
    title="Alert on connection pool utilisation > 80%",
    description="Page the DBA on-call before the pool is exhausted.",
    incident_id="INC-20261122-001",
    priority="P0",
    item_type="monitoring",
    team="Infra/configure-cicd",
    owner="bob",
    due=date(2026, 11, 23),
)

CREATED = {
    "id": 1,
    "number": 42,
    "state": "open",
    "state_reason": None,
    "html_url": "https://github.com/acme/ops/issues/42",
    "title": "AI-001: Alert on connection pool utilisation > 80%",
}


def tracker(script: Script) -> github.GitHubTracker:
    return github.GitHubTracker(
        script.client(),
        repo="acme/ops",
        token=SecretStr(TOKEN),
        policy=RetryPolicy(sleep=script.sleep, max_attempts=3),
    )


def test_create_issue_sends_the_documented_request() -> None:
    script = Script(reply(201, CREATED))
    issue = tracker(script).create_issue(DRAFT)

    request = script.requests[0]
    assert request.method == "POST"
    assert str(request.url) == "https://api.github.com/repos/acme/ops/issues"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Accept"] == "application/vnd.github+json"
    assert request.headers["X-GitHub-Api-Version"] == "2022-11-28"
    body = script.body()
    assert body["title"] == "AI-001: Alert on connection pool utilisation > 80%"
    assert body["labels"] == ["warroom", "action-item", "priority:P0", "type:monitoring"]
    assert "INC-20261122-001" in body["body"]
    assert "| Due | 2026-11-23 |" in body["body"]
    assert body["body"].startswith("Page the DBA")
    assert issue.key == "acme/ops#42"
    assert issue.url == "https://github.com/acme/ops/issues/42"
    assert issue.tracker == "github"


@pytest.mark.parametrize(
    ("state", "reason", "expected", "raw"),
    [
        ("open", None, RemoteState.OPEN, "open"),
        ("open", "reopened", RemoteState.OPEN, "open (reopened)"),
        ("closed", "completed", RemoteState.DONE, "closed (completed)"),
        ("closed", None, RemoteState.DONE, "closed"),
        ("closed", "not_planned", RemoteState.DECLINED, "closed (not_planned)"),
        ("closed", "duplicate", RemoteState.DECLINED, "closed (duplicate)"),
    ],
)
def test_fetch_status_reads_state_and_state_reason(
    state: str, reason: str | None, expected: RemoteState, raw: str
) -> None:
    script = Script(reply(200, {**CREATED, "state": state, "state_reason": reason}))
    status = tracker(script).fetch_status("acme/ops#42")

    request = script.requests[0]
    assert request.method == "GET"
    assert str(request.url) == "https://api.github.com/repos/acme/ops/issues/42"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert (status.state, status.raw, status.key) == (expected, raw, "acme/ops#42")


def test_rate_limit_429_waits_for_retry_after_then_succeeds() -> None:
    script = Script(reply(429, {"message": "slow down"}, {"Retry-After": "7"}), reply(201, CREATED))
    issue = tracker(script).create_issue(DRAFT)
    assert issue.key == "acme/ops#42"
    assert script.sleeps == [7.0]
    assert len(script.requests) == 2


def test_primary_rate_limit_403_waits_until_reset() -> None:
    clock = FixedClock(datetime.fromtimestamp(1_800_000_000, tz=UTC))
    script = Script(
        reply(
            403,
            {"message": "API rate limit exceeded"},
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1800000030"},
        ),
        reply(200, CREATED),
    )
    client = github.GitHubTracker(
        script.client(),
        repo="acme/ops",
        token=SecretStr(TOKEN),
        policy=RetryPolicy(sleep=script.sleep, clock=clock),
    )
    assert client.fetch_status("acme/ops#42").state is RemoteState.OPEN
    assert script.sleeps == [30.0]


@pytest.mark.parametrize(
    ("status", "body", "words"),
    [
        (401, {"message": "Bad credentials"}, "refused the credentials (401): Bad credentials"),
        (404, {"message": "Not Found"}, "did not find it (404)"),
        (410, {"message": "Issues are disabled for this repo"}, "rejected the request (410)"),
        (
            422,
            {"message": "Validation Failed", "errors": [{"field": "title", "code": "missing"}]},
            "Validation Failed; title missing",
        ),
    ],
)
def test_client_errors_raise_with_githubs_reason(
    status: int, body: dict[str, object], words: str
) -> None:
    script = Script(reply(status, body))
    with pytest.raises(TrackerError) as err:
        tracker(script).create_issue(DRAFT)
    assert words in err.value.message
    assert err.value.hint
    assert len(script.requests) == 1, "client errors are not retried"


def test_post_is_not_retried_after_a_server_error() -> None:
    script = Script(reply(502, {"message": "Server Error"}))
    with pytest.raises(TrackerError, match=r"failed \(502\)"):
        tracker(script).create_issue(DRAFT)
    assert len(script.requests) == 1, "a retried POST could file a duplicate issue"


def test_get_is_retried_after_a_server_error() -> None:
    script = Script(reply(503), reply(200, CREATED))
    assert tracker(script).fetch_status("acme/ops#42").state is RemoteState.OPEN
    assert script.sleeps == [1.0]


def test_token_never_reaches_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    script = Script(
        reply(429, headers={"Retry-After": "1"}), reply(401, {"message": "Bad credentials"})
    )
    client = tracker(script)
    with pytest.raises(TrackerError) as err:
        client.create_issue(DRAFT)
    shown = " ".join([caplog.text, err.value.message, err.value.hint, repr(client)])
    assert TOKEN not in shown
    assert caplog.records, "the retry was logged"


def test_connection_failure_is_a_tracker_error() -> None:
    script = Script(
        httpx.ConnectError("refused"), httpx.ConnectError("refused"), httpx.ConnectError("x")
    )
    with pytest.raises(TrackerError, match="could not reach GitHub"):
        tracker(script).create_issue(DRAFT)
    assert script.sleeps == [1.0, 2.0], "connect errors never sent the POST, so they retry"


def test_read_timeout_on_post_is_not_retried() -> None:
    script = Script(httpx.ReadTimeout("slow"))
    with pytest.raises(TrackerError, match="could not reach GitHub"):
        tracker(script).create_issue(DRAFT)
    assert len(script.requests) == 1


@pytest.mark.parametrize("bad", ["acme", "acme/ops/extra", "ac me/ops"])
def test_repository_must_be_owner_slash_name(bad: str) -> None:
    with pytest.raises(InvalidInput):
        github.GitHubTracker(httpx.Client(), repo=bad, token=SecretStr("t"))


@pytest.mark.parametrize("bad", ["42", "acme/ops", "acme/ops#x", "OPS-1"])
def test_issue_reference_must_be_repo_hash_number(bad: str) -> None:
    with pytest.raises(InvalidInput):
        github.parse_key(bad)


def test_answer_without_number_is_an_error() -> None:
    script = Script(reply(201, {"html_url": "x"}))
    with pytest.raises(TrackerError, match="without 'number'"):
        tracker(script).create_issue(DRAFT)
