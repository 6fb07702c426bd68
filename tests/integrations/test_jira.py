"""Jira Cloud REST v3 client against Atlassian's documented request and response shapes.

No Jira is reachable here: requests go to an `httpx.MockTransport` that checks them and
answers with the documented responses.
"""

from __future__ import annotations

import base64
import logging
from datetime import date

import pytest
from pydantic import SecretStr

from tests.support.http import Script, reply
from warroom.integrations.trackers import jira
from warroom.integrations.trackers.base import IssueDraft, RemoteState, TrackerError
from warroom.integrations.trackers.retry import RetryPolicy

API_TOKEN = "ATATT-s3cr3t"
BASIC = "Basic " + base64.b64encode(f"ops@acme.test:{API_TOKEN}".encode()).decode()

DRAFT = IssueDraft(
    ref="AI-002",
    title="Add a finally block around pool checkout",
    description="Connections leak when the handler raises.\n\nSee the 5 Whys.",
    incident_id="INC-20261122-001",
    priority="P1",
    item_type="code-fix",
    team="Dev/fix-bugs",
    due=date(2026, 11, 29),
)


def tracker(script: Script, **kwargs: object) -> jira.JiraTracker:
    return jira.JiraTracker(
        script.client(),
        base_url="https://acme.atlassian.net/",
        email="ops@acme.test",
        api_token=SecretStr(API_TOKEN),
        project_key="OPS",
        policy=RetryPolicy(sleep=script.sleep, max_attempts=3),
        **kwargs,  # type: ignore[arg-type]
    )


def issue(status: str, category: str, resolution: str | None = None) -> dict[str, object]:
    return {
        "id": "10042",
        "key": "OPS-17",
        "fields": {
            "status": {
                "name": status,
                "statusCategory": {"id": 4, "key": category, "name": category},
            },
            "resolution": {"name": resolution} if resolution else None,
        },
    }


def test_create_issue_sends_the_documented_request() -> None:
    created = {
        "id": "10042",
        "key": "OPS-17",
        "self": "https://acme.atlassian.net/rest/api/3/issue/10042",
    }
    script = Script(reply(201, created))
    result = tracker(script).create_issue(DRAFT)

    request = script.requests[0]
    assert request.method == "POST"
    assert str(request.url) == "https://acme.atlassian.net/rest/api/3/issue"
    assert request.headers["Authorization"] == BASIC
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    fields = script.body()["fields"]
    assert fields["project"] == {"key": "OPS"}
    assert fields["issuetype"] == {"name": "Task"}
    assert fields["summary"] == "AI-002: Add a finally block around pool checkout"
    assert fields["duedate"] == "2026-11-29"
    assert fields["priority"] == {"name": "High"}
    assert fields["labels"] == ["warroom", "AI-002", "INC-20261122-001"]
    description = fields["description"]
    assert (description["type"], description["version"]) == ("doc", 1)
    first = description["content"][0]
    assert first == {
        "type": "paragraph",
        "content": [{"type": "text", "text": "Connections leak when the handler raises."}],
    }
    texts = [p["content"][0]["text"] for p in description["content"]]
    assert all(texts), "ADF refuses empty text nodes"
    assert result.key == "OPS-17"
    assert result.url == "https://acme.atlassian.net/browse/OPS-17"


def test_priority_field_can_be_left_out_for_screens_without_it() -> None:
    script = Script(reply(201, {"id": "1", "key": "OPS-1", "self": "x"}))
    tracker(script, priority_names=None).create_issue(DRAFT)
    assert "priority" not in script.body()["fields"]


@pytest.mark.parametrize(
    ("name", "category", "resolution", "expected"),
    [
        ("To Do", "new", None, RemoteState.OPEN),
        ("In Progress", "indeterminate", None, RemoteState.ACTIVE),
        ("In Review", "indeterminate", None, RemoteState.ACTIVE),
        ("Done", "done", "Done", RemoteState.DONE),
        ("Closed", "done", "Won't Do", RemoteState.DECLINED),
        ("Closed", "done", "Duplicate", RemoteState.DECLINED),
        ("Weird", "undefined", None, RemoteState.OPEN),
    ],
)
def test_fetch_status_maps_the_status_category(
    name: str, category: str, resolution: str | None, expected: RemoteState
) -> None:
    script = Script(reply(200, issue(name, category, resolution)))
    status = tracker(script).fetch_status("OPS-17")

    request = script.requests[0]
    assert request.method == "GET"
    assert request.url.path == "/rest/api/3/issue/OPS-17"
    assert request.url.params["fields"] == "status,resolution"
    assert request.headers["Authorization"] == BASIC
    assert (status.state, status.raw) == (expected, name)


def test_status_names_can_be_mapped_explicitly() -> None:
    script = Script(reply(200, issue("Blocked", "indeterminate")))
    status = tracker(script, status_overrides={"blocked": RemoteState.BLOCKED}).fetch_status(
        "OPS-17"
    )
    assert status.state is RemoteState.BLOCKED


TRANSITIONS = {
    "transitions": [
        {"id": "11", "name": "To Do", "to": {"name": "To Do", "statusCategory": {"key": "new"}}},
        {
            "id": "21",
            "name": "Start",
            "to": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}},
        },
        {"id": "31", "name": "Finish", "to": {"name": "Done", "statusCategory": {"key": "done"}}},
    ]
}


def test_transition_to_a_category_gets_transitions_then_posts_one() -> None:
    script = Script(reply(200, TRANSITIONS), reply(204))
    assert tracker(script).transition_to("OPS-17", "done") is True

    get, post = script.requests
    assert (get.method, get.url.path) == ("GET", "/rest/api/3/issue/OPS-17/transitions")
    assert (post.method, post.url.path) == ("POST", "/rest/api/3/issue/OPS-17/transitions")
    assert script.body(1) == {"transition": {"id": "31"}}
    assert post.headers["Authorization"] == BASIC


def test_transition_without_a_matching_one_posts_nothing() -> None:
    script = Script(reply(200, {"transitions": []}))
    assert tracker(script).transition_to("OPS-17", "done") is False
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    ("status", "body", "words"),
    [
        (
            400,
            {"errorMessages": [], "errors": {"duedate": "Field 'duedate' cannot be set."}},
            "duedate",
        ),
        (401, {"errorMessages": ["Unauthorized"]}, "refused the credentials (401)"),
        (404, {"errorMessages": ["Issue does not exist"], "errors": {}}, "Issue does not exist"),
        (500, {"errorMessages": ["Internal"]}, "failed (500)"),
    ],
)
def test_errors_name_jiras_reason(status: int, body: dict[str, object], words: str) -> None:
    script = Script(reply(status, body))
    with pytest.raises(TrackerError) as err:
        tracker(script).create_issue(DRAFT)
    assert words in err.value.message
    assert len(script.requests) == 1


def test_429_with_retry_after_is_waited_out(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    script = Script(
        reply(429, {"errorMessages": ["Rate limit exceeded"]}, {"Retry-After": "3"}),
        reply(200, issue("Done", "done", "Done")),
    )
    assert tracker(script).fetch_status("OPS-17").state is RemoteState.DONE
    assert script.sleeps == [3.0]
    assert API_TOKEN not in caplog.text
    assert BASIC.split()[1] not in caplog.text


def test_repr_shows_no_credentials() -> None:
    client = tracker(Script())
    assert API_TOKEN not in repr(client)
    assert "OPS" in repr(client)


def test_answer_without_status_is_an_error() -> None:
    script = Script(reply(200, {"key": "OPS-17", "fields": {}}))
    with pytest.raises(TrackerError, match="without 'status'"):
        tracker(script).fetch_status("OPS-17")
