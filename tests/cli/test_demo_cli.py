from __future__ import annotations

import json

from tests.cli.conftest import Run


def test_demo_loads_the_seed_incidents_once(run: Run) -> None:
    first = run("demo")
    assert first.code == 0, first.err
    assert "INC-20240115-001" in first.out
    again = run("demo")
    assert again.code == 0 and "nothing added" in again.out
    listing = json.loads(run("incident", "list", "--json").out)
    assert listing["total"] == 5  # four from the seeds and the past game day's drill incident
    titles = " ".join(i["title"] for i in listing["items"])
    for phrase in ("connection pool", "out of memory", "N+1", "log volume"):
        assert phrase in titles


def test_demo_pool_exhaustion_has_realistic_durations(run: Run) -> None:
    run("demo")
    data = json.loads(run("incident", "show", "INC-20240115-001", "--json").out)
    assert data["severity"] == "P1" and data["state"] == "closed"
    assert data["deploy_version"] == "v2.3.4"
    assert data["durations"]["tta"] == 180.0  # alarm 14:32, acknowledged 14:35 (UTC)
    assert data["durations"]["ttr"] == 1500.0  # resolved 14:57
    assert data["sla"] == {
        "response": "met",
        "response_due_at": "2024-01-15T14:47:00Z",
        "rto": "met",
        "rto_due_at": "2024-01-15T15:32:00Z",
    }
    kinds = {e["kind"] for e in data["timeline"]}
    assert {"deploy", "alert", "decision", "communication", "role_change"} <= kinds


def test_demo_has_one_live_incident_with_an_overdue_update(run: Run) -> None:
    run("demo")
    active = json.loads(run("incident", "list", "--active", "--json").out)
    assert [i["severity"] for i in active["items"]] == ["P2"]
    assert run("incident", "updates-due").code == 1


def test_demo_follow_ups_fill_the_board_and_the_review_workflow(run: Run) -> None:
    run("demo")
    postmortems = run("postmortem", "list").out
    assert "published" in postmortems and "in_review" in postmortems and "draft" in postmortems
    board = json.loads(run("board", "--json").out)
    lanes = {lane["key"]: lane for lane in board["lanes"]}
    cards = {col["key"]: [c["ref"] for c in col["cards"]] for col in lanes["postmortem"]["columns"]}
    assert cards["in-review"] == ["INC-20240115-001"]
    assert cards["draft"] == ["INC-20251022-001"]
    items = json.loads(run("action", "list", "--json").out)
    assert len(items["items"]) == 10
    assert run("action", "overdue").code == 0


def test_demo_postmortems_in_review_and_published_pass_the_linter(run: Run, tmp_path) -> None:
    from warroom.postmortems.lint.runner import lint_file

    run("demo")
    for incident in ("INC-20240115-001", "INC-20251014-001"):  # in review, published
        target = tmp_path / f"{incident}.md"
        assert run("postmortem", "export", incident, "-o", str(target)).code == 0
        errors = [f for f in lint_file(target) if f.severity == "error"]
        assert errors == [], [f"{f.rule_id} {f.message}" for f in errors]
    draft = tmp_path / "draft.md"
    assert run("postmortem", "export", "INC-20251022-001", "-o", str(draft)).code == 0
    assert {f.rule_id for f in lint_file(draft)} <= {"PM002", "PM010", "PM023"}


def test_demo_holds_a_past_drill_with_its_report(run: Run) -> None:
    run("demo")
    drills = json.loads(run("drill", "list", "--json").out)
    assert [(d["name"], d["status"]) for d in drills] == [("game-day-2026q4-db-pool", "reviewed")]
    report = json.loads(run("drill", "report", "game-day-2026q4-db-pool", "--json").out)
    rows = {r["measure"]: (r["actual"], r["met"]) for r in report["rows"]}
    assert rows["acknowledge"] == ("6 min", True)
    assert rows["mitigate"] == ("34 min", False)
    assert rows["runbook_accuracy"] == ("poor", False)
    assert [i["id"] for i in report["improvements"]] == ["TI-001", "TI-002"]
    shown = run("runbook", "show", "db-pool-exhausted", "--incident", drills[0]["incident"])
    assert "[x] 4." in shown.out and "[-] 5." in shown.out
