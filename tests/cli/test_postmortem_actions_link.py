"""Postmortems list the incident's tracked action items; the board follows their review."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run

ID = "INC-20261122-001"


def _lanes(run: Run) -> dict[str, dict[str, list[str]]]:
    board = json.loads(run("board", "--json").out)
    return {
        lane["key"]: {col["key"]: [c["ref"] for c in col["cards"]] for col in lane["columns"]}
        for lane in board["lanes"]
    }


def test_draft_lists_tracked_items_and_the_board_follows_review(run: Run, tmp_path: Path) -> None:
    run("incident", "declare", "Checkout 5xx", "--severity", "P2")
    run("incident", "resolve", ID)
    added = run(
        "action",
        "add",
        ID,
        "Alert on pool utilisation > 80%",
        "--type",
        "monitoring",
        "--priority",
        "P0",
        "--owner",
        "jane",
    )
    assert added.code == 0, added.err
    assert ID in _lanes(run)["postmortem"]["to-write"]
    out = tmp_path / "pm.md"
    drafted = run("postmortem", "draft", ID, "--output", str(out))
    assert drafted.code == 0, drafted.err
    text = out.read_text()
    assert "AI-001" in text and "Alert on pool utilisation > 80%" in text and "jane" in text
    assert ID in _lanes(run)["postmortem"]["draft"]
