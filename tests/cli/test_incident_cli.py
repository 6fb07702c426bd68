from __future__ import annotations

import json
from datetime import timedelta

from tests.cli.conftest import Run
from warroom.cli.runtime import Runtime
from warroom.clock import FixedClock

ID = "INC-20261122-001"


def test_root_help_lists_commands_without_loading_them(run: Run) -> None:
    result = run("--help")
    assert result.code == 0
    assert "incident" in result.out and "severity" in result.out


def test_unknown_command_exits_non_zero_with_a_hint(run: Run) -> None:
    result = run("incidnet")
    assert result.code == 2
    assert "unknown command" in result.err and "warroom --help" in result.err


def test_declare_suggests_p1_and_shows_deadlines(run: Run) -> None:
    result = run(
        "incident",
        "declare",
        "Checkout API 5xx",
        "--service",
        "checkout",
        "--users",
        "many",
        "--business",
        "revenue",
    )
    assert result.code == 0, result.err
    assert ID in result.out
    assert "P1" in result.out
    assert "2026-11-22 14:15:00 KST" in result.out  # respond within 15 min, shown in KST
    assert "2026-11-22 15:00:00 KST" in result.out  # RTO 1 h


def test_the_whole_journey_and_show_in_kst(run: Run, clock: FixedClock) -> None:
    run(
        "incident",
        "declare",
        "Checkout API 5xx",
        "-s",
        "checkout",
        "--users",
        "many",
        "--business",
        "revenue",
        "--started-at",
        "-5m",
    )
    clock.advance(timedelta(minutes=3))
    assert run("incident", "ack", ID).code == 0
    assert run("incident", "assign", ID, "ic", "alice").code == 0
    assert run("timeline", "add", ID, "decision", "Roll back to v2.3.3").code == 0
    assert run("incident", "update", ID, "Rollback in progress").code == 0
    clock.advance(timedelta(minutes=12))
    assert run("incident", "mitigate", ID).code == 0
    clock.advance(timedelta(minutes=10))
    assert run("incident", "resolve", ID).code == 0
    early = run("incident", "close", ID)
    assert early.code != 0
    assert "recovery observation window" in early.err and "--force" in early.err
    clock.advance(timedelta(minutes=31))
    assert run("incident", "close", ID).code == 0
    shown = run("incident", "show", ID, "--tz", "Asia/Seoul")
    assert shown.code == 0
    for text in ("Roll back to v2.3.3", "KST", "met", "TTA", "3m 0s", "incident_commander"):
        assert text in shown.out, text
    data = json.loads(run("incident", "show", ID, "--json").out)
    assert data["state"] == "closed"
    assert data["durations"] == {
        "ttd": 300.0,
        "tta": 180.0,
        "ttm": 900.0,
        "ttr": 1500.0,
        "downtime": 1200.0,
    }
    assert data["sla"]["response"] == "met" and data["sla"]["rto"] == "met"
    assert [r["role"] for r in data["roles"]] == ["incident_commander"]


def test_errors_change_nothing(run: Run) -> None:
    run("incident", "declare", "Checkout", "--severity", "P2")
    before = run("incident", "show", ID, "--json").out
    bad = run("incident", "investigate", ID)
    assert bad.code == 0
    back = run("incident", "ack", ID)
    assert back.code == 4
    assert "error: cannot go from investigating back to acknowledged" in back.err
    assert "hint:" in back.err
    after = json.loads(run("incident", "show", ID, "--json").out)
    assert after["state"] == "investigating"
    assert len(after["timeline"]) == len(json.loads(before)["timeline"]) + 1


def test_missing_incident_and_bad_input_exit_non_zero(run: Run) -> None:
    assert run("incident", "show", "INC-20261122-404").code == 3
    bad_id = run("incident", "show", "42")
    assert bad_id.code == 2 and "INC-20261122-001" in bad_id.err
    no_sev = run("incident", "declare", "x")
    assert no_sev.code == 2 and "--users" in no_sev.err
    assert run("incident", "list", "--json").out.count('"id"') == 0


def test_list_json_has_a_stable_shape(run: Run) -> None:
    run("incident", "declare", "A", "--severity", "P1")
    run("incident", "declare", "B", "--severity", "P3", "-s", "search")
    data = json.loads(run("incident", "list", "--json", "--severity", "P3").out)
    assert data["total"] == 1 and data["limit"] == 50 and data["offset"] == 0
    [item] = data["items"]
    assert set(item) == {
        "id",
        "title",
        "state",
        "severity",
        "severity_label",
        "services",
        "detection_source",
        "is_drill",
        "declared_at",
        "response_due_at",
        "rto_due_at",
    }
    assert item["services"] == ["search"]


def test_updates_due_lists_overdue_incidents_and_exits_1(run: Run, clock: FixedClock) -> None:
    run("incident", "declare", "A", "--severity", "P1")
    assert run("incident", "updates-due").code == 0
    clock.advance(timedelta(minutes=6))
    due = run("incident", "updates-due")
    assert due.code == 1 and ID in due.out
    run("incident", "update", ID, "still investigating")
    assert run("incident", "updates-due").code == 0


def test_timeline_corrections_show_both_entries(run: Run) -> None:
    run("incident", "declare", "A", "--severity", "P2")
    run("timeline", "add", ID, "note", "DB CPU 100%", "--at", "13:55")
    events = json.loads(run("timeline", "list", ID, "--json").out)
    note = next(e for e in events if e["kind"] == "note")
    assert note["occurred_at"] == "2026-11-22T04:55:00Z"
    assert run("timeline", "add", ID, "note", "DB CPU 95%", "--corrects", str(note["id"])).code == 0
    events = json.loads(run("timeline", "list", ID, "--json").out)
    assert [e["superseded"] for e in events if e["kind"] == "note"] == [True, False]
    current = json.loads(run("timeline", "list", ID, "--json", "--current").out)
    assert [e["body"] for e in current if e["kind"] == "note"] == ["DB CPU 95%"]


def test_severity_commands(run: Run) -> None:
    suggestion = json.loads(
        run("severity", "suggest", "--users", "some", "--business", "work", "--json").out
    )
    assert suggestion["severity"] == "P3"
    matrix = json.loads(run("severity", "matrix", "--json").out)
    assert matrix["matrix"]["revenue"]["many"] == "P1"
    assert matrix["levels"][3]["response"] == "next_business_day"
    bad = run("severity", "suggest", "--users", "lots", "--business", "work")
    assert bad.code == 2 and "very_few" in bad.err


def test_korean_output(run: Run, cli_runtime: Runtime) -> None:
    cli_runtime.settings.language = "ko"
    out = run("severity", "matrix").out
    assert "영향 매트릭스" in out and "매출 직접 영향" in out


def test_sev_scale_is_shown_when_configured(run: Run, cli_runtime: Runtime) -> None:
    cli_runtime.settings.severity_scale = "SEV"
    run("incident", "declare", "A", "--severity", "SEV2")
    data = json.loads(run("incident", "list", "--json").out)
    assert data["items"][0]["severity_label"] == "SEV2"
