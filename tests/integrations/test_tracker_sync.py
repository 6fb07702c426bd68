"""Push and sync against a real database, with the trackers behind `httpx.MockTransport`.

The point of these tests: whatever the tracker answers (an error, a rate limit), the
local items are left exactly as they were, and what was learned before a failure stays.
"""

from __future__ import annotations

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.conftest import T0
from tests.support.http import Script, reply
from warroom.action_items import actions, queries
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.rules import ItemType, Priority, Status
from warroom.action_items.schemas import ActionItemDraft
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.errors import ConfigError, Conflict
from warroom.incidents.actions import declare_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.integrations.trackers.base import TrackerError, TrackerRateLimited
from warroom.integrations.trackers.github import GitHubTracker
from warroom.integrations.trackers.jira import JiraTracker
from warroom.integrations.trackers.retry import RetryPolicy
from warroom.integrations.trackers.sync import EngineStore, make_tracker, push_item, sync_items

ALICE = Actor("alice")
CLOCK = FixedClock(T0)


def github(script: Script) -> GitHubTracker:
    policy = RetryPolicy(sleep=script.sleep, max_attempts=2, max_wait=30)
    return GitHubTracker(script.client(), repo="acme/ops", token=SecretStr("t"), policy=policy)


def jira(script: Script) -> JiraTracker:
    return JiraTracker(
        script.client(),
        base_url="https://acme.atlassian.net",
        email="ops@acme.test",
        api_token=SecretStr("t"),
        project_key="OPS",
        policy=RetryPolicy(sleep=script.sleep, max_attempts=2, max_wait=30),
    )


@pytest.fixture
def store(engine: Engine) -> EngineStore:
    return EngineStore(engine)


def new_item(store: EngineStore, status: Status | None = None) -> str:
    def run(session: Session) -> str:
        incident = declare_incident(
            session=session,
            actor=ALICE,
            now=T0,
            policy=IncidentPolicy(),
            title="Pool exhausted",
            severity="P3",
        )
        draft = ActionItemDraft(
            incident_id=incident.id,
            title="Add pool alert",
            item_type=ItemType.MONITORING,
            priority=Priority.P1,
        )
        item = actions.add_action_item(
            session=session, actor=ALICE, now=T0, policy=ActionPolicy(), draft=draft
        )
        if status is not None:
            actions.move_action_item(
                session=session,
                actor=ALICE,
                now=T0,
                policy=ActionPolicy(),
                item_id=item.id,
                to=status,
            )
        return item.id

    return store.write(run)


def link(store: EngineStore, item_id: str, tracker: str, key: str) -> None:
    store.write(
        lambda s: actions.link_external_issue(
            session=s, actor=ALICE, now=T0, item_id=item_id, tracker=tracker, key=key, url="u"
        )
    )


def snapshot(store: EngineStore, item_id: str) -> tuple[object, ...]:
    with store.read() as session:
        item = queries.get_action_item(session, item_id)
        changes = len(queries.list_changes(session, item_id))
        return (item.status, item.external_key, item.external_status, item.synced_at, changes)


def test_push_to_github_records_the_link(store: EngineStore) -> None:
    item_id = new_item(store)
    script = Script(reply(201, {"number": 7, "html_url": "https://github.com/acme/ops/issues/7"}))
    issue = push_item(store, github(script), actor=ALICE, clock=CLOCK, item_id=item_id)
    assert issue.key == "acme/ops#7"
    with store.read() as session:
        item = queries.get_action_item(session, item_id)
        assert (item.external_tracker, item.external_key) == ("github", "acme/ops#7")
        assert item.external_url == "https://github.com/acme/ops/issues/7"
        assert queries.list_changes(session, item_id)[-1].field == "external"


@pytest.mark.parametrize(
    "answer",
    [
        reply(422, {"message": "Validation Failed"}),
        reply(500, {"message": "boom"}),
        reply(429, {"message": "slow"}, {"Retry-After": "3600"}),
    ],
)
def test_failed_push_changes_nothing_locally(store: EngineStore, answer: object) -> None:
    item_id = new_item(store)
    before = snapshot(store, item_id)
    script = Script(answer)  # type: ignore[arg-type]
    with pytest.raises(TrackerError):
        push_item(store, github(script), actor=ALICE, clock=CLOCK, item_id=item_id)
    assert snapshot(store, item_id) == before


def test_push_twice_is_refused_before_any_request(store: EngineStore) -> None:
    item_id = new_item(store)
    link(store, item_id, "github", "acme/ops#7")
    script = Script()
    with pytest.raises(Conflict, match="already linked"):
        push_item(store, github(script), actor=ALICE, clock=CLOCK, item_id=item_id)
    assert script.requests == []


def test_push_to_jira_moves_an_item_already_in_progress(store: EngineStore) -> None:
    item_id = new_item(store, Status.IN_PROGRESS)
    transitions = {
        "transitions": [
            {"id": "21", "name": "Start", "to": {"statusCategory": {"key": "indeterminate"}}}
        ]
    }
    script = Script(
        reply(201, {"id": "1", "key": "OPS-3", "self": "x"}), reply(200, transitions), reply(204)
    )
    issue = push_item(store, jira(script), actor=ALICE, clock=CLOCK, item_id=item_id)
    assert issue.url == "https://acme.atlassian.net/browse/OPS-3"
    assert [r.method for r in script.requests] == ["POST", "GET", "POST"]
    assert script.body(2) == {"transition": {"id": "21"}}


def test_a_failed_transition_keeps_the_link(store: EngineStore) -> None:
    item_id = new_item(store, Status.IN_PROGRESS)
    script = Script(reply(201, {"id": "1", "key": "OPS-3", "self": "x"}), reply(403, {}))
    push_item(store, jira(script), actor=ALICE, clock=CLOCK, item_id=item_id)
    assert snapshot(store, item_id)[1] == "OPS-3"


def jira_issue(name: str, category: str) -> dict[str, object]:
    return {
        "key": "OPS-3",
        "fields": {
            "status": {"name": name, "statusCategory": {"key": category}},
            "resolution": None,
        },
    }


def test_sync_pulls_statuses_and_reports_errors_per_item(store: EngineStore) -> None:
    done_there, active_there, missing = new_item(store), new_item(store), new_item(store)
    link(store, done_there, "github", "acme/ops#1")
    link(store, active_there, "jira", "OPS-3")
    link(store, missing, "github", "acme/ops#404")
    gh = Script(
        reply(200, {"number": 1, "state": "closed", "state_reason": "completed", "html_url": "u"}),
        reply(404, {"message": "Not Found"}),
    )
    jr = Script(reply(200, jira_issue("In Progress", "indeterminate")))
    trackers = {"github": github(gh), "jira": jira(jr)}
    result = sync_items(store, trackers, actor=ALICE, clock=CLOCK)

    assert result.changed == [
        (done_there, "backlog", "done"),
        (active_there, "backlog", "in-progress"),
    ]
    assert [e[0] for e in result.errors] == [missing]
    assert "404" in result.errors[0][1]
    assert result.stopped is None
    status, _, raw, *_ = snapshot(store, done_there)
    assert (status, raw) == ("done", "closed (completed)")
    assert snapshot(store, missing)[0] == "backlog"
    with store.read() as session:
        note = queries.list_changes(session, done_there)[-1].note
    assert note == "synced from github: closed (completed)"


def test_sync_stops_at_a_long_rate_limit_and_keeps_what_it_learned(store: EngineStore) -> None:
    first, second = new_item(store), new_item(store)
    link(store, first, "github", "acme/ops#1")
    link(store, second, "github", "acme/ops#2")
    untouched = snapshot(store, second)
    gh = Script(
        reply(
            200, {"number": 1, "state": "closed", "state_reason": "not_planned", "html_url": "u"}
        ),
        reply(
            403,
            {"message": "rate"},
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "9999999999"},
        ),
    )
    result = sync_items(store, {"github": github(gh)}, actor=ALICE, clock=CLOCK)
    assert result.stopped is not None and "rate limiting" in result.stopped
    assert result.changed == [(first, "backlog", "wont-do")]
    assert snapshot(store, first)[0] == "wont-do"
    assert snapshot(store, second) == untouched


def test_sync_without_a_configured_tracker_reports_it(store: EngineStore) -> None:
    item_id = new_item(store)
    link(store, item_id, "jira", "OPS-9")
    result = sync_items(store, {}, actor=ALICE, clock=CLOCK)
    assert result.errors == [(item_id, "jira is not configured")]


@pytest.mark.parametrize("name", ["github", "jira", "gitlab"])
def test_make_tracker_explains_missing_settings(name: str) -> None:
    import httpx

    with pytest.raises(ConfigError):
        make_tracker(name, Settings(), httpx.Client())


def test_make_tracker_from_settings() -> None:
    import httpx

    settings = Settings(
        github={"repo": "acme/ops", "token": "t"},
        jira={
            "base_url": "https://a.atlassian.net",
            "email": "e",
            "api_token": "t",
            "project_key": "OPS",
        },
    )
    assert make_tracker("github", settings, httpx.Client()).name == "github"
    assert make_tracker("jira", settings, httpx.Client()).name == "jira"
    assert "SecretStr('**********')" in repr(settings.github)


def test_rate_limited_error_is_a_tracker_error() -> None:
    assert issubclass(TrackerRateLimited, TrackerError)
