"""`warroom timeline import INC EXPORT --channel NAME`: a Slack channel export becomes
timeline entries with their authors and times, once; the postmortem draft then shows
the key ones in order. The export below is synthetic (written for this test)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_backdate_cli import cli, ok, run, section, show  # noqa: F401 - cli: fixture

CHANNEL = "inc-20261121-db"


def ts(hh_mm: str, day: int = 21, extra: int = 0) -> str:
    hour, minute = map(int, hh_mm.split(":"))
    moment = datetime(2026, 11, day, hour, minute, tzinfo=UTC)  # UTC: KST - 9 h
    return f"{int(moment.timestamp())}.{extra:06d}"


USERS = [
    {"id": "U1", "name": "minsu", "profile": {"email": "Minsu@Example.com", "display_name": ""}},
    {"id": "U2", "name": "jiwoo", "profile": {"display_name": "jiwoo.k"}},
    {"id": "B1", "name": "grafana", "is_bot": True, "profile": {}},
]
DAY1 = [
    {
        "type": "message",
        "subtype": "channel_join",
        "user": "U2",
        "text": "joined",
        "ts": ts("14:31"),
    },
    {
        "type": "message",
        "user": "U1",
        "text": "pool at 100%, <@U2> can you look?",
        "ts": ts("14:32"),
    },
    {
        "type": "message",
        "subtype": "bot_message",
        "bot_id": "B1",
        "text": "ALERT",
        "ts": ts("14:33"),
    },
    {
        "type": "message",
        "user": "U2",
        "text": "풀 크기를 200으로 올리기로 결정",
        "ts": ts("14:50"),
        "thread_ts": ts("14:32"),
    },
    {
        "type": "message",
        "user": "U1",
        "text": "connections dropping",
        "ts": ts("15:10"),
        "reactions": [{"name": "pushpin", "users": ["U2"], "count": 1}],
        "files": [{"name": "pool.png", "permalink": "https://example.slack.com/files/pool.png"}],
    },
]
DAY2 = [{"type": "message", "user": "U1", "text": "Rolled back the config", "ts": ts("15:40")}]


def export(root: Path) -> Path:
    (root / CHANNEL).mkdir(parents=True)
    (root / "users.json").write_text(json.dumps(USERS), encoding="utf-8")
    (root / CHANNEL / "2026-11-21.json").write_text(json.dumps(DAY1), encoding="utf-8")
    (root / CHANNEL / "2026-11-22.json").write_text(json.dumps(DAY2), encoding="utf-8")
    return root


def chat_events(incident: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [
        (e["occurred_at"][11:16], e["kind"], e["actor"], e["key"])
        for e in incident["timeline"]
        if "chat_id" in e["data"]
    ]


@pytest.mark.usefixtures("cli")
def test_a_slack_export_becomes_the_timeline_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok(capsys, "people", "add", "minsu", "--email", "minsu@example.com")
    out = ok(
        capsys,
        *("incident", "declare", "Payments DB pool exhausted", "-S", "P1"),
        *("--detected-at", "2026-11-21 23:30", "--json"),
    )
    incident_id = json.loads(out)["id"]
    root = export(tmp_path / "slack")
    args = ("timeline", "import", incident_id, str(root), "--channel", CHANNEL)
    first = ok(capsys, *args)
    assert "4 messages imported (3 key events), 0 already there, 2 skipped" in first
    assert "slack:jiwoo.k" not in first and "jiwoo.k" in first  # reported unmapped
    again = json.loads(ok(capsys, *args, "--json"))
    assert (again["imported"], again["already"]) == (0, 4)
    incident = show(capsys, incident_id)
    assert chat_events(incident) == [
        ("14:32", "note", "minsu", False),
        ("14:50", "decision", "slack:jiwoo.k", True),
        ("15:10", "note", "minsu", True),
        ("15:40", "action", "minsu", True),
    ]
    bodies = {e["body"] for e in incident["timeline"]}
    assert "pool at 100%, @jiwoo.k can you look?" in bodies
    assert "↳ 풀 크기를 200으로 올리기로 결정" in bodies
    assert any("[pool.png](https://example.slack.com/files/pool.png)" in b for b in bodies)
    assert {e["recorded_at"] for e in incident["timeline"]} == {"2026-11-22T05:00:00Z"}


@pytest.mark.usefixtures("cli")
def test_a_missing_channel_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = ok(capsys, "incident", "declare", "x", "-S", "P3", "--json")
    root = export(tmp_path / "slack")
    code, _out, err = run(
        capsys, "timeline", "import", json.loads(out)["id"], str(root), "--channel", "nope"
    )
    assert code == 2
    assert "no daily JSON files for channel 'nope'" in err
    assert "hint:" in err


@pytest.mark.usefixtures("cli")
def test_the_draft_shows_the_chat_key_events_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = ok(
        capsys,
        *("incident", "declare", "Payments DB pool exhausted", "-S", "P1"),
        *("--detected-at", "2026-11-21 23:30", "--json"),
    )
    incident_id = json.loads(out)["id"]
    root = export(tmp_path / "slack")
    ok(capsys, "timeline", "import", incident_id, str(root), "--channel", CHANNEL)
    ok(capsys, "incident", "resolve", incident_id, "--at", "2026-11-22 01:00")
    path = tmp_path / "draft.md"
    ok(capsys, "postmortem", "draft", incident_id, "--lang", "ko", "-o", str(path))
    rows = section(path.read_text(encoding="utf-8"), "timeline")
    chat = [row.split(" | ")[0].strip("| ") for row in rows if "jiwoo" in row or "minsu" in row]
    assert chat == ["2026-11-21 23:50 KST", "2026-11-22 00:10 KST", "2026-11-22 00:40 KST"]


MATTERMOST = [
    {"type": "version", "version": 1},
    {"type": "user", "user": {"username": "minsu", "email": "minsu@example.com"}},
    {"type": "bot", "bot": {"username": "alertbot"}},
    {
        "type": "post",
        "post": {
            "team": "ops",
            "channel": CHANNEL,
            "user": "minsu",
            "message": "DB failover 진행하기로 결정",
            "create_at": 1795273200000,  # 2026-11-21 15:00Z, in ms
            "replies": [{"user": "jiwoo", "message": "ok, watching", "create_at": 1795273260000}],
        },
    },
    {
        "type": "post",
        "post": {"channel": CHANNEL, "user": "alertbot", "message": "FIRING", "create_at": 1},
    },
    {
        "type": "post",
        "post": {"channel": "other", "user": "minsu", "message": "lunch?", "create_at": 2},
    },
]


@pytest.mark.usefixtures("cli")
def test_a_mattermost_bulk_export_is_a_second_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok(capsys, "people", "add", "minsu", "--email", "minsu@example.com")
    out = ok(capsys, "incident", "declare", "DB down", "-S", "P1", "--json")
    incident_id = json.loads(out)["id"]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in MATTERMOST), encoding="utf-8")
    args = ("timeline", "import", incident_id, str(path), "--channel", CHANNEL)
    report = json.loads(ok(capsys, *args, "--source", "mattermost", "--json"))
    assert (report["imported"], report["key"], report["skipped"]) == (2, 1, 1)
    assert report["unmapped"] == ["jiwoo"]
    again = json.loads(ok(capsys, *args, "--source", "mattermost", "--json"))
    assert (again["imported"], again["already"]) == (0, 2)
    events = [e for e in show(capsys, incident_id)["timeline"] if "chat_id" in e["data"]]
    assert [(e["kind"], e["actor"], e["body"]) for e in events] == [
        ("decision", "minsu", "DB failover 진행하기로 결정"),
        ("note", "mattermost:jiwoo", "↳ ok, watching"),
    ]
