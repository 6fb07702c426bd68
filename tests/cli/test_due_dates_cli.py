"""`action add --due`, `action due` and `action import` refuse due dates years ahead;
`board` and `action list` print an odd stored one instead of crashing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import update

from tests.cli.conftest import Result, Run
from warroom.action_items.models import ActionItem
from warroom.cli.runtime import Runtime
from warroom.db.uow import unit_of_work

INC = "INC-20261122-001"


def _add(run: Run, *extra: str) -> Result:
    return run("action", "add", INC, "Alert on pool", "-t", "monitoring", "-p", "P1", *extra)


def test_add_and_due_refuse_a_date_years_ahead(run: Run) -> None:
    run("incident", "declare", "Pool exhausted", "-S", "P3")
    refused = _add(run, "--due", "9999-12-31T23:59:59Z")
    assert refused.code == 2
    assert "more than 5 years ahead" in refused.err
    assert "hint:" in refused.err
    assert json.loads(run("action", "list", "--json").out)["total"] == 0
    assert _add(run, "--due", "30d").code == 0
    moved = run("action", "due", "AI-001", "2999-01-01")
    assert moved.code == 2 and "5 years" in moved.err
    assert run("action", "due", "AI-001", "99999w").code == 2
    shown = json.loads(run("action", "show", "AI-001", "--json").out)
    assert shown["due_at"] == "2026-12-22T05:00:00Z"


def test_import_refuses_a_row_due_centuries_ahead(run: Run, tmp_path: Path) -> None:
    run("incident", "declare", "Pool exhausted", "-S", "P3")
    doc = tmp_path / "pm.md"
    doc.write_text(
        f"---\nincident: {INC}\n---\n# Postmortem\n\n## Action items\n\n"
        "| Action | Owner | Due | Priority |\n|---|---|---|---|\n"
        "| Alert on pool usage | jane | 2026-12-01 | P1 |\n"
        "| Rewrite the pool | joe | 9999-12-31 | P2 |\n"
        "| Canary deploys | kim | 99999999999 weeks | P2 |\n",
        encoding="utf-8",
    )
    refused = run("action", "import", str(doc))
    assert refused.code == 2, refused.out + refused.err
    assert "Rewrite the pool" in refused.err or "99999999999" in refused.err
    assert json.loads(run("action", "list", "--json").out)["total"] == 0


def test_board_and_list_print_an_odd_stored_due_date(run: Run, cli_runtime: Runtime) -> None:
    run("incident", "declare", "Pool exhausted", "-S", "P3")
    assert _add(run).code == 0
    far = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    with unit_of_work(cli_runtime.engine) as session:
        session.execute(update(ActionItem).where(ActionItem.id == "AI-001").values(due_at=far))
    for args in (
        ("board",),
        ("action", "list"),
        ("action", "show", "AI-001"),
        ("action", "digest"),
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
