"""`warroom oncall`: the seed's weekly table from the command line, with --json everywhere."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from warroom.clock import FixedClock


@pytest.fixture
def platform(run: Run, clock: FixedClock) -> Run:
    clock.set(datetime(2026, 12, 3, 3, 0, tzinfo=UTC))  # Thursday 12:00 KST
    for handle in ("minsu", "jane", "chulsoo"):
        assert run("people", "add", handle, "--email", f"{handle}@example.com").code == 0
    assert run("oncall", "schedule", "create", "platform", "--tz", "Asia/Seoul",
               "--service", "checkout").code == 0  # fmt: skip
    for role, offset in (("primary", "0"), ("secondary", "1")):
        result = run(
            "oncall", "rotation", "add", "platform", role, "--weekly", "--handoff", "mon 10:00",
            "--people", "minsu,jane,chulsoo", "--offset", offset, "--after-hours",
            "--start", "2026-11-30",
        )  # fmt: skip
        assert result.code == 0, result.err
    return run


def test_who_prints_primary_then_secondary(platform: Run) -> None:
    result = platform("oncall", "who", "platform", "--at", "2026-12-25 03:00")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "platform — 2026-12-25 03:00 KST"
    assert lines[1].split()[:2] == ["primary", "minsu"]
    assert lines[2].split()[:2] == ["secondary", "jane"]
    data = json.loads(
        platform("oncall", "who", "platform", "--at", "2026-12-25 03:00", "--json").out
    )
    assert data[0] == {
        "schedule": "platform",
        "role": "primary",
        "person": "minsu",
        "start": "2026-12-24T09:00:00Z",
        "end": "2026-12-28T00:00:00Z",
        "overridden": False,
    }
    office = platform("oncall", "who", "platform", "--at", "2026-12-01 14:00")
    assert "nobody is on call" in office.out


def test_show_prints_the_seed_table_with_holidays_and_overrides(platform: Run) -> None:
    swap = platform(
        "oncall", "override", "platform", "--person", "jane", "--from", "2026-12-24T18:00",
        "--to", "2026-12-26T09:00", "--reason", "swap",
    )  # fmt: skip
    assert swap.code == 0, swap.err
    table = platform("oncall", "show", "platform", "--weeks", "4", "--from", "2026-12-14").out
    rows = [line for line in table.splitlines() if line.startswith("│ W")]
    cells = [[c.strip() for c in r.split("│")[1:5]] for r in rows]
    assert cells[1] == ["W52", "12-21 ~ 12-27", "minsu", "jane"]
    assert "holiday 12-25 Christmas Day" in rows[1]
    assert "override: jane 12-24 18:00–12-26 09:00" in rows[1]
    data = json.loads(platform("oncall", "show", "platform", "--weeks", "2", "--json").out)
    assert [w["roles"]["primary"][0] for w in data["weeks"]] == ["minsu", "jane"]
    assert data["schedule"]["services"] == ["checkout"]
    assert data["schedule"]["overrides"][0]["reason"] == "swap"


def test_bad_input_exits_non_zero_with_a_hint_and_saves_nothing(platform: Run) -> None:
    before = platform("oncall", "show", "platform", "--json").out
    cases = [
        ("oncall", "rotation", "add", "platform", "primary", "--name", "n2", "--people", "minsu"),
        ("oncall", "rotation", "add", "platform", "x", "--people", ""),
        ("oncall", "rotation", "add", "platform", "x", "--people", "ghost", "--layer", "2"),
        ("oncall", "override", "platform", "--person", "jane", "--from", "2026-12-26",
         "--to", "2026-12-24"),
        ("oncall", "schedule", "create", "x", "--tz", "Mars/Base"),
        ("oncall", "who", "nope"),
    ]  # fmt: skip
    for args in cases:
        result = platform(*args)
        assert result.code != 0, args
        assert "error:" in result.err and "hint:" in result.err, args
    assert platform("oncall", "show", "platform", "--json").out == before


def test_handover_notes_and_ical(platform: Run, tmp_path: Path) -> None:
    assert platform("oncall", "handover", "platform", "DB failover drill Thursday").code == 0
    shown = json.loads(platform("oncall", "handover", "platform", "--json").out)
    assert shown["next"]["outgoing"] == ["minsu"] and shown["next"]["incoming"] == ["jane"]
    assert shown["pending_notes"][0]["body"] == "DB failover drill Thursday"
    feed = json.loads(platform("oncall", "ical", "platform", "--feed", "--json").out)
    assert feed["path"].startswith("/oncall/ical/") and feed["path"].endswith(".ics")
    out = tmp_path / "jane.ics"
    assert platform("oncall", "ical", "--person", "jane", "--out", str(out)).code == 0
    assert out.read_text().startswith("BEGIN:VCALENDAR")
    # the export re-imports as a read-only rotation in another schedule
    assert platform("oncall", "schedule", "create", "legacy", "--tz", "Asia/Seoul").code == 0
    imported = platform("oncall", "import", "legacy", str(out), "--rotation", "old")
    assert imported.code == 0, imported.err
    who = json.loads(platform("oncall", "who", "legacy", "--at", "2026-12-08 02:00", "--json").out)
    assert [o["person"] for o in who] == ["jane"]
