"""`warroom runbook` and `warroom drill` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run
from warroom.cli.runtime import Runtime
from warroom.db.uow import unit_of_work
from warroom.notifications.contacts import add_method

ID = "INC-20261122-001"


def test_runbook_list_show_attach_and_steps_on_the_timeline(run: Run) -> None:
    listed = run("runbook", "list")
    assert listed.code == 0 and "disk-full" in listed.out and "ddos" in listed.out
    assert run("incident", "declare", "Disk full on api-3", "--severity", "P2").code == 0
    suggested = run("runbook", "suggest", ID)
    assert suggested.out.startswith("disk-full") and "words: disk full" in suggested.out
    assert "attached disk-full v1" in run("runbook", "attach", ID, "disk-full").out
    done = run("runbook", "step", ID, "disk-full", "2", "--output", "/var/log 41G")
    assert done.code == 0, done.err
    skipped = run("runbook", "step", ID, "disk-full", "5", "--skip", "no Docker here")
    assert "skipped" in skipped.out
    shown = run("runbook", "show", "disk-full", "--incident", ID)
    assert "[x] 2." in shown.out and "[-] 5." in shown.out and "→ /var/log 41G" in shown.out
    timeline = json.loads(run("timeline", "list", ID, "--kind", "runbook_step", "--json").out)
    assert [e["body"].split(":")[0] for e in timeline] == [
        "Runbook disk-full step 2 done",
        "Runbook disk-full step 5 skipped",
    ]
    refused = run("runbook", "step", ID, "disk-full", "99")
    assert refused.code != 0 and "steps 1 to 9" in refused.err and "hint:" in refused.err


def test_lint_passes_the_shipped_seven_and_fails_a_bad_folder_as_json(
    run: Run, tmp_path: Path
) -> None:
    ok = run("runbook", "lint")
    assert ok.code == 0 and "14 runbooks checked, 0 problems" in ok.out
    (tmp_path / "bad.md").write_text(
        "---\nid: bad\ntitle: x\nsteps:\n- {action: a, role: cook}\n---\n"
    )
    bad = run("runbook", "lint", str(tmp_path), "--json")
    assert bad.code == 1
    [problem] = json.loads(bad.out)["problems"]
    assert problem["file"].endswith("bad.md") and "unknown role 'cook'" in problem["message"]
    refused = run("runbook", "sync", str(tmp_path))
    assert refused.code != 0 and "nothing loaded" in refused.err
    assert "14 added" in run("runbook", "sync").out


def test_drill_plan_start_finish_report(run: Run, cli_runtime: Runtime, tmp_path: Path) -> None:
    assert run("people", "add", "jane", "--email", "jane@example.com").code == 0
    planned = run(
        "drill",
        "plan",
        "game-day-db",
        "--kind",
        "game_day",
        "--scenario",
        "DB pool runs dry",
        "--label",
        "alertname=DBConnectionPoolExhausted",
        "--participant",
        "jane",
        "--chaos",
        "hypothesis=The API sheds load",
        "--target",
        "mitigate=30",
    )
    assert planned.code == 0, planned.err
    refused = run("drill", "start", "game-day-db")
    assert refused.code != 0 and "no verified contact method: jane" in refused.err
    with unit_of_work(cli_runtime.engine) as session:  # as if jane had verified her e-mail
        add_method(
            session=session,
            actor=cli_runtime.actor,
            now=cli_runtime.now(),
            handle="jane",
            kind="email",
            address="jane@example.com",
            preverified=True,
        )
    started = run("drill", "start", "game-day-db")
    assert started.code == 0, started.err
    assert f"incident {ID} (DRILL)" in started.out
    assert (
        "db-pool-exhausted"
        in run("runbook", "show", "db-pool-exhausted", "--incident", ID, "--json").out
    )
    assert run("drill", "finish", "game-day-db", "--communication", "ok").code == 0
    assert run("drill", "improve", "game-day-db", "Page the DBA earlier").out.startswith("TI-001")
    assert "TI-001  todo" in run("drill", "improvements", "--open").out
    assert run("drill", "item", "ti-001", "--status", "done").out.strip() == "TI-001 done"
    assert run("drill", "improvements", "--open").out == ""
    wrong = run("drill", "item", "TI-001", "--status", "finished")
    assert wrong.code != 0 and "hint:" in wrong.err
    report = json.loads(run("drill", "report", "game-day-db", "--json").out)
    assert report["improvements"][0]["id"] == "TI-001"
    assert {r["measure"] for r in report["rows"]} >= {"detect", "acknowledge", "mitigate"}
    html = run("drill", "report", "game-day-db", "--format", "html", "-o", str(tmp_path / "r.html"))
    assert html.code == 0, html.err
    assert (
        "<table>" in (tmp_path / "r.html").read_text()
        and "TI-001" in html.out + (tmp_path / "r.html").read_text()
    )
    refused = run("drill", "report", "game-day-db", "--format", "pdf")
    assert refused.code != 0 and "needs --output" in refused.err
    calendar = run("drill", "calendar", "--quarter", "2027Q1")
    assert calendar.code == 0 and "Tabletop" in calendar.out
