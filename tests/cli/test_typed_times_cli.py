"""A time typed without a zone means the configured zone (Asia/Seoul here) in every group.

KST is UTC+9, so 23:00 typed on 2025-10-22 is 14:00Z. Each command group is checked
against the same instant written with an explicit zone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import Run

LOG = "".join(
    [f"2025-10-22T13:5{i}:00Z INFO api: GET /api/v2/chat took {10 + i} ms\n" for i in range(5)]
    + [f"2025-10-22T14:0{i}:30Z ERROR api: POST /session failed after {i} s\n" for i in range(4)]
)
METRICS = """timestamp,latency_ms,status,memory_pct
2025-10-22T13:50:00Z,120,200,50
2025-10-22T14:05:00Z,900,500,85
2025-10-22T14:35:00Z,140,200,60
"""


def _json(run: Run, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_logs_options_read_a_naive_time_in_the_team_zone(run: Run, tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text(LOG, encoding="utf-8")
    base = ("logs", "analyze", str(log))
    typed = _json(run, *base, "--deploy-at", "2025-10-22T23:00", "--since", "2025-10-22 22:00")
    zoned = _json(run, *base, "--deploy-at", "2025-10-22T14:00Z", "--since", "2025-10-22T13:00Z")
    assert typed["patterns"] == zoned["patterns"]
    windows = [p["windows"]["deploy"] for p in typed["patterns"]]
    assert {"before": {"count": 5, "share": 1.0}, "after": {"count": 0, "share": 0.0}} in windows


def test_metrics_options_read_a_naive_time_in_the_team_zone(run: Run, tmp_path: Path) -> None:
    csv = tmp_path / "m.csv"
    csv.write_text(METRICS, encoding="utf-8")
    base = ("metrics", "analyze", str(csv))
    typed = _json(
        run, *base, "--incident-start", "2025-10-22T23:00", "--mitigated-at", "2025-10-22 23:30"
    )
    zoned = _json(
        run, *base, "--incident-start", "2025-10-22T14:00Z", "--mitigated-at", "2025-10-22T14:30Z"
    )
    assert typed["windows"] == zoned["windows"]
    explicit = _json(run, *base, "--before", "2025-10-22T22:00/2025-10-22T23:00")
    assert explicit["windows"]["before"]["start"] == "2025-10-22T13:00:00Z"


def test_incident_and_timeline_options_read_the_team_zone(run: Run) -> None:
    declared = run("incident", "declare", "Checkout 5xx", "-S", "P2", "--started-at", "13:40")
    assert declared.code == 0, declared.err
    run("timeline", "add", "INC-20261122-001", "deploy", "v2 out", "--at", "2026-11-22 13:45")
    shown = _json(run, "incident", "show", "INC-20261122-001")
    assert shown["started_at"] == "2026-11-22T04:40:00Z"
    deploy = [e for e in shown["timeline"] if e["kind"] == "deploy"]
    assert deploy[0]["occurred_at"] == "2026-11-22T04:45:00Z"


def test_action_due_dates_read_the_team_zone(run: Run) -> None:
    run("incident", "declare", "Checkout 5xx", "-S", "P2")
    added = run(
        "action", "add", "INC-20261122-001", "Alert on pool", "-t", "monitoring", "-p", "P1",
        "--due", "2026-12-01T18:00", "--json",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert json.loads(added.out)["due_at"] == "2026-12-01T09:00:00Z"


def test_an_unreadable_time_names_the_option(run: Run, tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text(LOG, encoding="utf-8")
    result = run("logs", "analyze", str(log), "--deploy-at", "after lunch")
    assert result.code == 2
    assert "--deploy-at" in result.err and "hint:" in result.err
