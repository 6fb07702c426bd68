"""`warroom action` and `warroom board` through Typer's runner, on a fresh SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from tests.conftest import T0
from tests.support.http import Script, reply
from warroom.cli import action as action_cli
from warroom.cli import board as board_cli
from warroom.cli.main import main
from warroom.cli.runtime import Runtime, use_runtime
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput

INC = "INC-20261122-001"


@pytest.fixture
def rt(tmp_path: Path) -> Iterator[Runtime]:
    settings = Settings(
        data_dir=tmp_path / "data",
        timezone="Asia/Seoul",
        board_wip_limits={"actions": {"in-progress": 1}},
        github={"repo": "acme/ops", "token": "ghp_cli_secret"},
    )
    runtime = Runtime(settings=settings, clock=FixedClock(T0), actor=Actor("alice"))
    use_runtime(runtime)
    _schema(runtime)
    try:
        yield runtime
    finally:
        use_runtime(None)
        runtime.engine.dispose()


def _schema(runtime: Runtime) -> None:
    from warroom.cli.setup import ensure_database

    ensure_database(runtime)


def run(app: object, *args: str) -> Result:
    return CliRunner().invoke(app, list(args))  # type: ignore[arg-type]


def declare(severity: str = "P3") -> None:
    assert main(["incident", "declare", "DB pool exhausted", "--severity", severity]) == 0


def add(*extra: str) -> Result:
    return run(
        action_cli.app,
        "add",
        INC,
        "Alert on connection pool utilisation > 80%",
        "--type",
        "monitoring",
        *extra,
    )


def test_add_p0_monitoring_item_goes_to_the_monitoring_team_due_in_24h(rt: Runtime) -> None:
    declare()
    result = add("--priority", "P0", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "AI-001"
    assert data["team"] == "Infra/configure-cicd"
    assert data["due_at"] == "2026-11-23T05:00:00Z"
    assert data["class_of_service"] == "expedite"


def test_add_prints_a_summary_in_the_teams_zone(rt: Runtime) -> None:
    declare()
    result = add("--priority", "P1", "--owner", "@bob")
    assert result.exit_code == 0, result.output
    assert "AI-001 raised: Alert on connection pool utilisation > 80%" in result.output
    assert "owner bob" in result.output
    assert "2026-11-29 14:00:00 KST" in result.output


def test_bad_type_is_explained(rt: Runtime) -> None:
    declare()
    result = add("--priority", "P1", "--type", "bogus")
    assert isinstance(result.exception, InvalidInput)


def test_move_into_a_full_column_names_the_limit(
    rt: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    declare("P3")
    add("--priority", "P1")
    add("--priority", "P2")
    assert run(action_cli.app, "move", "AI-001", "in-progress").exit_code == 0
    result = run(action_cli.app, "move", "AI-002", "in-progress")
    assert isinstance(result.exception, Conflict)
    assert "WIP limit of 1" in result.exception.message
    # Through the real entry point: message, hint and exit code 4.
    assert main(["action", "move", "AI-002", "in-progress"]) == 4
    err = capsys.readouterr().err
    assert "error: column 'in-progress' of the actions lane is at its WIP limit of 1" in err
    assert "hint:" in err


def test_wont_do_needs_a_reason_and_show_has_the_history(rt: Runtime) -> None:
    declare()
    add("--priority", "P1")
    assert isinstance(run(action_cli.app, "move", "AI-001", "wont-do").exception, InvalidInput)
    moved = run(action_cli.app, "move", "AI-001", "wont-do", "--reason", "covered by AI-009")
    assert moved.exit_code == 0, moved.output
    shown = run(action_cli.app, "show", "AI-001", "--json")
    history = json.loads(shown.output)["history"]
    assert [(h["field"], h["old"], h["new"], h["note"]) for h in history] == [
        ("created", None, "backlog", None),
        ("status", "backlog", "wont-do", "covered by AI-009"),
    ]
    timeline = json.loads(_timeline_json())
    assert any("AI-001 status: backlog → wont-do" in e["body"] for e in timeline["timeline"])


def _timeline_json() -> str:
    from warroom.cli.incident import app as incident_app

    return run(incident_app, "show", INC, "--json").output


def test_list_filters_overdue_and_assign(rt: Runtime) -> None:
    declare()
    add("--priority", "P0")
    add("--priority", "P2", "--owner", "carol")
    assert run(action_cli.app, "assign", "AI-001", "--owner", "bob").exit_code == 0
    listed = json.loads(run(action_cli.app, "list", "--owner", "bob", "--json").output)
    assert [i["id"] for i in listed["items"]] == ["AI-001"]
    assert isinstance(rt.clock, FixedClock)
    rt.clock.advance(timedelta(days=2))
    overdue = json.loads(run(action_cli.app, "overdue", "--json").output)
    assert [i["id"] for i in overdue["items"]] == ["AI-001"]
    table = run(action_cli.app, "overdue")
    assert "AI-001" in table.output and "overdue" in table.output


def test_due_command_reschedules_and_marks_fixed_date(rt: Runtime) -> None:
    declare()
    add("--priority", "P2")
    result = run(action_cli.app, "due", "AI-001", "3d", "--fixed", "--reason", "cert expiry")
    assert result.exit_code == 0, result.output
    data = json.loads(run(action_cli.app, "show", "AI-001", "--json").output)
    assert data["due_at"] == "2026-11-25T05:00:00Z"
    assert data["class_of_service"] == "fixed-date"


def test_report_and_digest(rt: Runtime) -> None:
    declare()
    add("--priority", "P0", "--owner", "bob")
    add("--priority", "P1", "--owner", "bob")
    run(action_cli.app, "move", "AI-001", "done")
    report = json.loads(run(action_cli.app, "report", "--since", "30d", "--json").output)
    assert report["total"]["done"] == 1
    assert report["total"]["open"] == 1
    assert report["total"]["completion_rate"] == 0.5
    assert "By team" in run(action_cli.app, "report").output
    digest = run(action_cli.app, "digest")
    assert digest.output.startswith("Action items for bob — week of 2026-11-22")
    assert "Done in the last 7 days (1)" in digest.output


def test_board_renders_three_lanes_with_wip_counts(rt: Runtime) -> None:
    declare("P2")
    add("--priority", "P1")
    run(action_cli.app, "move", "AI-001", "in-progress")
    result = run(board_cli.app)
    assert result.exit_code == 0, result.output
    for title in ("Incident", "Post-mortem", "Incident Action Items", "In progress (1/1)"):
        assert title in result.output
    data = json.loads(run(board_cli.app, "--lane", "actions", "--json").output)
    assert [lane["key"] for lane in data["lanes"]] == ["actions"]
    column = next(c for c in data["lanes"][0]["columns"] if c["key"] == "in-progress")
    assert (column["count"], column["wip_limit"]) == (1, 1)
    assert column["cards"][0]["class_of_service"] == "expedite"


def test_push_and_sync_through_an_injected_transport(
    rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warroom.integrations.trackers import sync

    declare()
    add("--priority", "P1")
    script = Script(
        reply(201, {"number": 9, "html_url": "https://github.com/acme/ops/issues/9"}),
        reply(200, {"number": 9, "state": "closed", "state_reason": "completed", "html_url": "u"}),
    )
    monkeypatch.setattr(sync, "http_client", script.client)
    pushed = run(action_cli.app, "push", "AI-001", "--to", "github")
    assert pushed.exit_code == 0, pushed.output
    assert "acme/ops#9" in pushed.output
    assert "ghp_cli_secret" not in pushed.output
    assert script.requests[0].headers["Authorization"] == "Bearer ghp_cli_secret"
    synced = run(action_cli.app, "sync")
    assert synced.exit_code == 0, synced.output
    assert "AI-001: backlog → done" in synced.output
    data = json.loads(run(action_cli.app, "show", "AI-001", "--json").output)
    assert data["status"] == "done"


def test_push_failure_exits_non_zero_and_keeps_the_item(
    rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warroom.integrations.trackers import sync
    from warroom.integrations.trackers.base import TrackerError

    declare()
    add("--priority", "P1")
    script = Script(reply(401, {"message": "Bad credentials"}))
    monkeypatch.setattr(sync, "http_client", script.client)
    result = run(action_cli.app, "push", "AI-001", "--to", "github")
    assert isinstance(result.exception, TrackerError)
    assert "ghp_cli_secret" not in result.exception.message + result.exception.hint
    data = json.loads(run(action_cli.app, "show", "AI-001", "--json").output)
    assert data["external_url"] is None


def test_push_to_unconfigured_jira_says_what_to_set(rt: Runtime) -> None:
    declare()
    add("--priority", "P1")
    result = run(action_cli.app, "push", "AI-001", "--to", "jira")
    assert "WARROOM_JIRA__BASE_URL" in getattr(result.exception, "hint", "")


def test_root_help_lists_the_new_groups(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "action" in out and "board" in out


def test_http_client_is_a_real_client() -> None:
    from warroom.integrations.trackers.sync import http_client

    with http_client() as client:
        assert isinstance(client, httpx.Client)


POSTMORTEM = """---
incident: INC-20261122-001
---
# Pool exhaustion

## Action Items

### Quick wins (this week)
| # | Action | Owner | Status |
|---|--------|-------|--------|
| 1 | Return connections in a finally block | @dev | ✅ Done |
| 2 | Alert on pool utilisation above 80% | @ops | 🔄 In progress |

### Roadmap
- [ ] Introduce canary deploys (owner: @devops, due: 2027-01-15)
"""


def test_import_raises_a_postmortems_items_once(rt: Runtime, tmp_path: Path) -> None:
    declare()
    doc = tmp_path / "2026-11-22-pool.md"
    doc.write_text(POSTMORTEM, encoding="utf-8")
    first = run(action_cli.app, "import", str(doc), "--json")
    assert first.exit_code == 0, first.output
    assert [i["id"] for i in json.loads(first.output)["items"]] == ["AI-001", "AI-002", "AI-003"]
    items = json.loads(run(action_cli.app, "list", "--json").output)["items"]
    by_id = {i["id"]: i for i in items}
    assert (by_id["AI-001"]["status"], by_id["AI-001"]["item_type"]) == ("done", "code-fix")
    assert (by_id["AI-002"]["status"], by_id["AI-002"]["item_type"]) == (
        "in-progress",
        "monitoring",
    )
    assert (by_id["AI-003"]["owner"], by_id["AI-003"]["horizon"]) == ("devops", "roadmap")
    assert by_id["AI-003"]["due_at"] == "2027-01-15T09:00:00Z"  # 18:00 KST
    again = json.loads(run(action_cli.app, "import", str(doc), "--json").output)
    assert again["items"] == []
    assert again["skipped"] == [
        "2026-11-22-pool.md#L11",
        "2026-11-22-pool.md#L12",
        "2026-11-22-pool.md#L15",
    ]


def test_import_dry_run_changes_nothing(rt: Runtime, tmp_path: Path) -> None:
    declare()
    doc = tmp_path / "pm.md"
    doc.write_text(POSTMORTEM, encoding="utf-8")
    dry = run(action_cli.app, "import", str(doc), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "3 action items" in dry.output
    assert json.loads(run(action_cli.app, "list", "--json").output)["total"] == 0


def test_import_needs_to_know_the_incident(rt: Runtime, tmp_path: Path) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text("# PM\n\n## Action Items\n- [ ] Fix (owner: @a)\n", encoding="utf-8")
    result = run(action_cli.app, "import", str(doc))
    assert isinstance(result.exception, InvalidInput)
    assert "--incident" in result.exception.hint


def test_sync_reports_failures_and_exits_7(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    from warroom.integrations.trackers import sync

    declare()
    add("--priority", "P1")
    script = Script(
        reply(201, {"number": 9, "html_url": "https://github.com/acme/ops/issues/9"}),
        reply(404, {"message": "Not Found"}),
    )
    monkeypatch.setattr(sync, "http_client", script.client)
    assert run(action_cli.app, "push", "AI-001", "--to", "github").exit_code == 0
    result = run(action_cli.app, "sync", "--json")
    assert result.exit_code == 7
    data = json.loads(result.stdout)
    assert data["errors"][0]["id"] == "AI-001"
    assert "404" in data["errors"][0]["error"]
