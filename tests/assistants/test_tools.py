"""Assistants work on warroom's real data through MCP: same actions, roles and audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from sqlalchemy import func, select

from tests.assistants.conftest import Assistants
from tests.support.mcp_agent import OPEN_INCIDENT, call, refused, write_postmortem
from warroom.accounts.agent_audit import AgentCall
from warroom.accounts.rules import Role
from warroom.action_items.models import ActionItem
from warroom.db.uow import read_session
from warroom.incidents.models import Incident
from warroom.postmortems.models import Postmortem
from warroom.timeline.models import TimelineEvent

RESPONDER = ("rita", Role.RESPONDER)
VIEWER = ("vic", Role.VIEWER)


def _open_incident(assistants: Assistants) -> str:
    with read_session(assistants.engine) as session:
        return str(session.scalar(select(Incident.id).where(Incident.title == OPEN_INCIDENT)))


def test_the_tools_cover_the_agent_and_leave_publishing_to_people(
    assistants: Assistants,
) -> None:
    async def script(client: Client) -> Any:
        return (await client.list_tools()).tools

    tools = {tool.name: tool for tool in assistants.run(*RESPONDER, script)}
    assert set(tools) == {
        "list_incidents",
        "search_incidents",
        "get_incident",
        "add_timeline_note",
        "change_incident_state",
        "draft_postmortem",
        "get_postmortem_text",
        "update_postmortem",
        "lint_postmortem",
        "create_action_item",
        "list_action_items",
        "who_is_on_call",
        "incident_runbooks",
        "attach_runbook",
        "check_runbook_step",
    }
    schema = tools["create_action_item"].input_schema
    assert {"incident_id", "title", "item_type", "priority"} <= set(schema["required"])
    assert "closed" not in str(tools["change_incident_state"].input_schema)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_scripted_agent_takes_the_open_incident_to_a_postmortem_that_passes_lint(
    assistants: Assistants, lang: str
) -> None:
    report = assistants.run(*RESPONDER, lambda client: write_postmortem(client, lang))

    assert report["errors"] == 0, report["findings"]
    key = report["incident_id"]
    with read_session(assistants.engine) as session:
        pm = session.scalars(select(Postmortem).where(Postmortem.incident_id == key)).one()
        assert (pm.status, pm.lang) == ("draft", lang)
        agent_rows = session.scalars(
            select(TimelineEvent).where(
                TimelineEvent.incident_id == key, TimelineEvent.actor == "agent:rita"
            )
        ).all()
        bodies = " | ".join(e.body for e in agent_rows)
        assert "Assistant: timeline reviewed" in bodies
        assert "Postmortem sections edited" in bodies
        items = session.scalars(select(ActionItem).where(ActionItem.incident_id == key)).all()
        teams = {item.item_type: item.team for item in items}
        assert set(teams) == {"monitoring", "code-fix"}
        assert teams["monitoring"] != teams["code-fix"], "000's table routes types to teams"
        audited = set(session.scalars(select(AgentCall.tool).where(AgentCall.username == "rita")))
        assert {"get_incident", "draft_postmortem", "update_postmortem"} <= audited


def test_a_viewer_reads_but_every_write_is_refused_and_audited(assistants: Assistants) -> None:
    key = _open_incident(assistants)

    async def script(client: Client) -> list[str]:
        await call(client, "get_incident", incident_id=key)
        return [
            await refused(client, "add_timeline_note", incident_id=key, text="hello"),
            await refused(
                client, "change_incident_state", incident_id=key, to="resolved", confirm=True
            ),
        ]

    with read_session(assistants.engine) as session:
        before = session.scalar(select(func.count()).select_from(TimelineEvent))
    errors = assistants.run(*VIEWER, script)

    assert all("forbidden" in text and "viewer" in text for text in errors)
    with read_session(assistants.engine) as session:
        assert session.scalar(select(func.count()).select_from(TimelineEvent)) == before
        assert session.get(Incident, key).state == "investigating"  # type: ignore[union-attr]
        outcomes = set(
            session.execute(
                select(AgentCall.tool, AgentCall.outcome).where(AgentCall.username == "vic")
            )
        )
    assert ("add_timeline_note", "refused") in outcomes
    assert ("get_incident", "ok") in outcomes


def test_bad_arguments_get_a_clear_tool_error_and_change_nothing(assistants: Assistants) -> None:
    key = _open_incident(assistants)

    async def script(client: Client) -> dict[str, str]:
        for state in ("mitigated", "resolved"):
            await call(client, "change_incident_state", incident_id=key, to=state, confirm=True)
        draft = await call(client, "draft_postmortem", incident_id=key)
        good = {"tldr": "A short summary."}
        await call(
            client, "update_postmortem", incident_id=key, revision=draft["revision"], sections=good
        )
        return {
            "stale": await refused(
                client,
                "update_postmortem",
                incident_id=key,
                revision=draft["revision"],
                sections={"tldr": "Overwrites someone else's edit."},
            ),
            "unknown": await refused(
                client,
                "update_postmortem",
                incident_id=key,
                revision=draft["revision"] + 1,
                sections={"root_cause_by": "jane"},
            ),
            "shape": await refused(
                client,
                "update_postmortem",
                incident_id=key,
                revision=draft["revision"] + 1,
                sections={"five_whys": "not a table"},
            ),
            "priority": await refused(
                client,
                "create_action_item",
                incident_id=key,
                title="x",
                item_type="monitoring",
                priority="P9",
            ),
            "missing": await refused(client, "get_incident", incident_id="INC-20990101-999"),
            "unconfirmed": await refused(
                client, "change_incident_state", incident_id=key, to="acknowledged"
            ),
        }

    errors = assistants.run(*RESPONDER, script)

    assert "conflict" in errors["stale"] and "Read it again" in errors["stale"]
    assert "unknown postmortem sections: root_cause_by" in errors["unknown"]
    assert "five_whys" in errors["shape"]
    assert "P9" in errors["priority"] or "priority" in errors["priority"]
    assert "not_found" in errors["missing"]
    assert "confirm=true" in errors["unconfirmed"]
    with read_session(assistants.engine) as session:
        pm = session.scalars(select(Postmortem).where(Postmortem.incident_id == key)).one()
        assert pm.document["tldr"] == "A short summary."
        assert (
            session.scalar(
                select(func.count()).select_from(ActionItem).where(ActionItem.incident_id == key)
            )
            == 0
        )


def test_search_finds_incidents_by_words_in_title_and_timeline(assistants: Assistants) -> None:
    async def script(client: Client) -> tuple[Any, Any]:
        return (
            await call(client, "search_incidents", query="log volume"),
            await call(client, "search_incidents", query="df -h"),
        )

    by_title, by_timeline = assistants.run(*VIEWER, script)
    assert [i["title"] for i in by_title["items"]] == [OPEN_INCIDENT]
    assert OPEN_INCIDENT in [i["title"] for i in by_timeline["items"]]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "blameless postmortem"), ("ko", "비난 없는(Blameless) 포스트모템")],
)
def test_seed_000s_agent_is_served_as_a_prompt_in_both_languages(
    assistants: Assistants, lang: str, expected: str
) -> None:
    async def script(client: Client) -> str:
        prompts = {p.name for p in (await client.list_prompts()).prompts}
        assert {"write_postmortem", "review_postmortem"} <= prompts
        result = await client.get_prompt(
            "write_postmortem", {"incident_id": "INC-20261122-001", "lang": lang}
        )
        return str(result.messages[0].content.text)  # type: ignore[union-attr]

    text = assistants.run(*VIEWER, script)
    assert expected in text
    assert "INC-20261122-001" in text
    assert "create_action_item" in text and "lint_postmortem" in text


def test_resources_are_the_severity_matrix_and_the_templates(assistants: Assistants) -> None:
    async def script(client: Client) -> tuple[str, str, set[str]]:
        uris = {str(r.uri) for r in (await client.list_resources()).resources}
        matrix = await client.read_resource("warroom://severity/matrix")
        template = await client.read_resource("warroom://templates/report/ko")
        return matrix.contents[0].text, template.contents[0].text, uris  # type: ignore[union-attr]

    matrix, template, uris = assistants.run(*VIEWER, script)
    assert '"P1"' in matrix and '"revenue"' in matrix
    assert "warroom://templates/sre/en" in uris
    assert "근본 원인" in template


def test_who_is_on_call_reads_the_demo_schedule(assistants: Assistants) -> None:
    async def script(client: Client) -> tuple[Any, str]:
        found = await call(client, "who_is_on_call", schedule="platform")
        missing = await refused(client, "who_is_on_call", schedule="nope")
        return found, missing

    found, missing = assistants.run(*VIEWER, script)
    roles = [entry["role"] for entry in found["on_call"]]
    assert roles[:2] == ["primary", "secondary"]
    assert "not_found" in missing


def test_an_assistant_attaches_a_runbook_and_checks_a_step_on_the_timeline(
    assistants: Assistants,
) -> None:
    key = _open_incident(assistants)

    async def script(client: Client) -> Any:
        await call(client, "attach_runbook", incident_id=key, runbook="disk-full")
        done = await call(
            client,
            "check_runbook_step",
            incident_id=key,
            runbook="disk-full",
            step=1,
            note="/var/log 100%",
        )
        error = await refused(
            client,
            "check_runbook_step",
            incident_id=key,
            runbook="disk-full",
            step=2,
            outcome="skipped",
        )
        listed = await call(client, "incident_runbooks", incident_id=key)
        return done, error, listed

    done, error, listed = assistants.run(*RESPONDER, script)
    assert (done["step"], done["by"]) == (1, "agent:rita")
    assert "needs a reason" in error
    [attached] = listed["attached"]
    assert attached["steps"][0]["outcome"] == "done"
    with read_session(assistants.engine) as session:
        bodies = session.scalars(
            select(TimelineEvent.body).where(
                TimelineEvent.incident_id == key,
                TimelineEvent.kind == "runbook_step",
                TimelineEvent.actor == "agent:rita",
            )
        ).all()
    assert any("Runbook disk-full step 1 done" in b for b in bodies)
