"""`warroom export incidents`: CSV and JSON Lines, drills left out, durations in seconds."""

from __future__ import annotations

import csv
import io
import json

from tests.cli.conftest import Run


def test_export_csv_and_jsonl(run: Run) -> None:
    run("incident", "declare", "결제 지연", "-S", "P2", "-s", "결제", "-s", "checkout")
    run("incident", "ack", "INC-20261122-001")
    run("incident", "declare", "Drill: failover", "-S", "P3", "--drill")
    out = run("export", "incidents", "--format", "csv")
    assert out.code == 0, out.err
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert [r["id"] for r in rows] == ["INC-20261122-001"]
    assert rows[0]["services"] == "checkout|결제"
    assert rows[0]["tta_s"] == "0.0"
    lines = run("export", "incidents", "--format", "jsonl", "--include-drills").out.splitlines()
    parsed = [json.loads(line) for line in lines]
    assert [p["is_drill"] for p in parsed] == [False, True]
    assert parsed[0]["declared_at"].endswith("+00:00")


def test_export_refuses_an_unknown_format(run: Run) -> None:
    bad = run("export", "incidents", "--format", "xlsx")
    assert bad.code != 0 and "hint:" in bad.err
