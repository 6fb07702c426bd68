"""Related incidents after `incident declare`, in `incident related` and the postmortem draft."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run


def test_declare_shows_related_and_the_draft_lists_them(run: Run, tmp_path: Path) -> None:
    run("incident", "declare", "결제 API 커넥션풀 고갈", "-S", "P1", "-s", "checkout")
    run("incident", "declare", "Login typo", "-S", "P4", "-s", "web")
    again = run("incident", "declare", "결제 API 커넥션풀 고갈 재발", "-S", "P1", "-s", "checkout")
    assert again.code == 0, again.err
    assert "INC-20261122-001" in again.out
    assert "same service checkout; similar title" in again.out
    assert "INC-20261122-002" not in again.out
    listed = json.loads(run("incident", "related", "INC-20261122-003", "--json").out)
    assert [r["incident_id"] for r in listed] == ["INC-20261122-001"]
    assert [x["code"] for x in listed[0]["reasons"]] == ["service", "title"]
    for step in ("ack", "mitigate", "resolve"):
        assert run("incident", step, "INC-20261122-003").code == 0
    target = tmp_path / "pm.md"
    drafted = run("postmortem", "draft", "INC-20261122-003", "--lang", "en", "-o", str(target))
    assert drafted.code == 0, drafted.err
    shown = target.read_text(encoding="utf-8")
    assert (
        "INC-20261122-001 — 결제 API 커넥션풀 고갈 (same service checkout; similar title)" in shown
    )


def test_nothing_related(run: Run) -> None:
    run("incident", "declare", "Checkout 5xx", "-S", "P2", "-s", "checkout")
    result = run("incident", "related", "INC-20261122-001")
    assert result.code == 0 and "No related incidents." in result.out
    missing = run("incident", "related", "INC-20261122-009")
    assert missing.code != 0 and "hint:" in missing.err
