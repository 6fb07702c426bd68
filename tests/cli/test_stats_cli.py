"""`warroom stats`: tables, JSON and CSV from the incidents the CLI declared."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


def _seed(run: Run) -> None:
    run("incident", "declare", "Checkout API 5xx", "-S", "P1", "-s", "checkout")
    run("incident", "ack", "INC-20261122-001")
    run("incident", "declare", "결제 지연", "-S", "P2", "-s", "결제")
    run("incident", "declare", "Drill: DB failover", "-S", "P2", "-s", "db", "--drill")


def test_stats_by_severity_json(run: Run) -> None:
    _seed(run)
    result = run("stats", "--since", "30d", "--by", "severity", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    groups = {g["key"]: g for g in data["groups"]}
    assert set(groups) == {"P1", "P2"}
    assert groups["P2"]["count"] == 1  # the drill is left out by default
    assert groups["P1"]["mtta"]["n"] == 1
    assert groups["P1"]["mtta"]["median"] == 0.0
    assert groups["P1"]["response"] == {"met": 1, "missed": 0, "share": 1.0}
    assert data["total"]["count"] == 2
    with_drills = json.loads(run("stats", "--include-drills", "--json").out)
    assert with_drills["total"]["count"] == 3


def test_stats_by_service_table_and_csv(run: Run) -> None:
    _seed(run)
    table = run("stats", "--by", "service")
    assert table.code == 0, table.err
    assert "checkout" in table.out
    assert "결제" in table.out
    assert "100% (1/1)" in table.out
    csv_out = run("stats", "--by", "month", "--csv")
    lines = csv_out.out.splitlines()
    assert lines[0].startswith("key,count,mttd_n")
    assert lines[1].startswith("2026-11,2,")


def test_stats_refuses_bad_input(run: Run) -> None:
    bad = run("stats", "--by", "team")
    assert bad.code != 0
    assert "cannot group by 'team'" in bad.err
    assert "hint:" in bad.err
    span = run("stats", "--since", "ninety days")
    assert span.code != 0
    assert "hint:" in span.err


def test_stats_recurring(run: Run) -> None:
    run("incident", "declare", "Checkout pool exhausted", "-S", "P1", "-s", "checkout")
    run("incident", "declare", "Checkout pool exhausted again", "-S", "P1", "-s", "checkout")
    run("incident", "declare", "Search slow", "-S", "P3", "-s", "search", "-s", "checkout")
    found = run("stats", "--since", "30d", "recurring", "--json")
    assert found.code == 0, found.err
    assert json.loads(found.out) == [
        {
            "service": "checkout",
            "incidents": ["INC-20261122-001", "INC-20261122-002"],
            "titles": ["Checkout pool exhausted", "Checkout pool exhausted again"],
            "first": "2026-11-22 05:00:00+00:00",
            "last": "2026-11-22 05:00:00+00:00",
        }
    ]
    table = run("stats", "recurring")
    assert "checkout: 2 similar incidents" in table.out
    # the plain figures still print without a subcommand
    assert run("stats", "--json").code == 0
