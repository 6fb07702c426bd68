"""`warroom search`: Korean and English, every kind of text, JSON, refusals."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


def test_search_across_incident_timeline_and_action(run: Run) -> None:
    run("incident", "declare", "결제 API 커넥션풀이 고갈", "-S", "P1", "-s", "checkout")
    run("timeline", "add", "INC-20261122-001", "note", "DB connection pool raised to 50")
    run("incident", "declare", "Search latency", "-S", "P3", "-s", "search")
    found = run("search", "커넥션", "--json")
    assert found.code == 0, found.err
    results = json.loads(found.out)["results"]
    # the incident (title ranks first) and the declaration entry of its timeline
    assert results[0]["kind"] == "incident"
    assert {r["incident_id"] for r in results} == {"INC-20261122-001"}
    english = json.loads(run("search", "connection pool", "--json").out)["results"]
    assert [(r["kind"], r["incident_id"]) for r in english] == [("timeline", "INC-20261122-001")]
    table = run("search", "pool")
    assert table.code == 0
    assert "INC-20261122-001" in table.out and "connection pool raised" in table.out


def test_search_nothing_found_and_bad_input(run: Run) -> None:
    run("incident", "declare", "Checkout 5xx", "-S", "P2", "-s", "checkout")
    none = run("search", "없는단어")
    assert none.code == 1 and "없는단어" in none.out
    bad = run("search", "pool", "--kind", "wiki")
    assert bad.code != 0 and "unknown kind" in bad.err and "hint:" in bad.err
