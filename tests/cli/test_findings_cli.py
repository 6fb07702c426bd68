"""Log and metric findings reach the incident's timeline and its postmortem draft."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from tests.cli.conftest import Run
from warroom.clock import FixedClock

ID = "INC-20261122-001"


def _log(path: Path) -> Path:
    lines = []
    for minute in range(60):  # 04:00–05:00 UTC; deploy 04:30, incident 04:40
        stamp = f"2026-11-22 04:{minute:02d}:10"
        lines.append(
            f"{stamp} INFO  api  "
            + [
                f"GET /health served in {minute + 3} ms",
                f"Cache warmed with {minute * 7} keys",
                f"User session {minute} refreshed",
            ][minute % 3]
        )
        if minute >= 31:
            lines.append(
                f"{stamp} ERROR api  Connection pool exhausted after {minute} waits on /api/profile"
            )
    path.write_text("\n".join(lines) + "\n")
    return path


def _metrics(path: Path) -> Path:
    rows = ["timestamp,latency_ms,errors,requests,memory_pct"]
    for minute in range(100):  # 03:40–05:20 UTC
        hour, mins = divmod(220 + minute, 60)
        bad = 60 <= minute < 70  # 04:40–04:50: the incident
        rows.append(
            f"2026-11-22T{hour:02d}:{mins:02d}:00Z,{900 if bad else 120},"
            f"{50 if bad else 0},1000,{85 if bad else 55}"
        )
    path.write_text("\n".join(rows) + "\n")
    return path


def test_findings_go_to_the_timeline_and_the_draft(
    run: Run, clock: FixedClock, tmp_path: Path
) -> None:
    clock.set(clock.now().replace(hour=4, minute=41))
    run(
        "incident",
        "declare",
        "Profile API 5xx",
        "--severity",
        "P2",
        "--started-at",
        "2026-11-22T04:40:00Z",
        "--detected-at",
        "2026-11-22T04:41:00Z",
    )
    run("timeline", "add", ID, "deploy", "v2.3.4 rolled out", "--at", "2026-11-22T04:30:00Z")
    clock.advance(timedelta(minutes=9))
    run("incident", "mitigate", ID)
    clock.advance(timedelta(minutes=40))
    run("incident", "resolve", ID)

    logs = run(
        "logs", "analyze", str(_log(tmp_path / "api.log")), "--incident", ID, "--record", "--json"
    )
    assert logs.code == 0, logs.err
    report = json.loads(logs.out)
    assert report["pivots"]["deploy"] == "2026-11-22T04:30:00Z"
    assert [p["template"] for p in report["diff"]["new"]] == [
        "Connection pool exhausted after <*> waits on <*>"
    ]
    metrics = run(
        "metrics",
        "analyze",
        str(_metrics(tmp_path / "m.csv")),
        "--incident",
        ID,
        "--record",
        "--json",
    )
    assert metrics.code == 0, metrics.err
    assert json.loads(metrics.out)["recovered"] is True

    events = json.loads(run("timeline", "list", ID, "--json", "--kind", "evidence").out)
    findings = [e["data"]["finding"] for e in events]
    assert findings == ["new_log_pattern", "log_patterns", "metrics"]
    assert events[0]["occurred_at"] == "2026-11-22T04:31:10Z"  # the pattern's first line

    out = tmp_path / "pm.md"
    assert run("postmortem", "draft", ID, "--output", str(out)).code == 0
    text = out.read_text()
    assert "Connection pool exhausted after <*> waits on <*>" in text
    assert "p95 latency" in text and "900 ms" in text and "120 ms" in text


def test_record_without_an_incident_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("logs", "analyze", str(_log(tmp_path / "a.log")), "--record")
    assert result.code == 2 and "--incident" in result.err
