"""Recording a past incident with `--at`, on each backend: the stamps, durations, SLA
verdicts, timeline and postmortem draft follow the times given; impossible ones change
nothing. The team zone is Asia/Seoul and now is 2026-11-22 14:00 KST (05:00Z)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from warroom.cli.main import main
from warroom.cli.runtime import Runtime, use_runtime
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor


@pytest.fixture
def cli(
    engine: Engine,
    settings: Settings,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Runtime]:
    monkeypatch.chdir(tmp_path)
    rt = Runtime(settings=settings, clock=clock, actor=Actor("alice"))
    rt.__dict__["engine"] = engine
    rt.schema_checked = True
    use_runtime(rt)
    yield rt
    use_runtime(None)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return out


def show(capsys: pytest.CaptureFixture[str], incident_id: str) -> dict[str, Any]:
    return dict(json.loads(ok(capsys, "incident", "show", incident_id, "--json")))


def last_night(capsys: pytest.CaptureFixture[str]) -> str:
    """Last night's P1, written down the next afternoon from the chat log."""
    out = ok(
        capsys,
        *("incident", "declare", "Payments DB connection pool exhausted", "-S", "P1"),
        *("-s", "payments", "--started-at", "2026-11-21 23:20"),
        *("--detected-at", "2026-11-21 23:30", "--json"),
    )
    incident_id = str(json.loads(out)["id"])
    ok(capsys, "incident", "ack", incident_id, "--at", "2026-11-21 23:41")
    ok(capsys, "incident", "assign", incident_id, "ic", "minsu", "--at", "2026-11-21 23:42")
    ok(capsys, "incident", "investigate", incident_id, "--at", "2026-11-21 23:45")
    ok(
        capsys,
        *("incident", "update", incident_id, "Pool raised to 200, watching"),
        *("--at", "2026-11-22 00:20"),
    )
    ok(capsys, "incident", "mitigate", incident_id, "--at", "2026-11-22T00:50")
    ok(capsys, "incident", "resolve", incident_id, "--at", "2026-11-22 01:10+09:00")
    ok(capsys, "incident", "close", incident_id, "--at", "2026-11-21T17:00Z")
    return incident_id


def test_a_past_incident_keeps_its_real_times_durations_and_verdicts(
    cli: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    incident = show(capsys, last_night(capsys))
    assert incident["state"] == "closed"
    stamps = {k: incident[k] for k in ("acknowledged_at", "mitigated_at", "resolved_at")}
    assert stamps == {
        "acknowledged_at": "2026-11-21T14:41:00Z",
        "mitigated_at": "2026-11-21T15:50:00Z",
        "resolved_at": "2026-11-21T16:10:00Z",
    }
    assert incident["closed_at"] == "2026-11-21T17:00:00Z"
    assert incident["durations"] == {
        "ttd": 600.0,
        "tta": 660.0,
        "ttm": 80 * 60.0,
        "ttr": 100 * 60.0,
        "downtime": 90 * 60.0,
    }
    # P1: acknowledge within 15 min (met at 11), recover within 1 h (breached at 80).
    assert (incident["sla"]["response"], incident["sla"]["rto"]) == ("met", "breached")
    [ic] = incident["roles"]
    assert (ic["handle"], ic["assigned_at"]) == ("minsu", "2026-11-21T14:42:00Z")
    changes = [e for e in incident["timeline"] if e["kind"] == "status_change"]
    assert [e["occurred_at"] for e in changes] == [
        "2026-11-21T14:30:00Z",
        "2026-11-21T14:41:00Z",
        "2026-11-21T14:45:00Z",
        "2026-11-21T15:50:00Z",
        "2026-11-21T16:10:00Z",
        "2026-11-21T17:00:00Z",
    ]
    assert {e["recorded_at"] for e in incident["timeline"]} == {"2026-11-22T05:00:00Z"}


def test_the_timeline_shows_when_it_happened_and_when_it_was_recorded(
    cli: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    incident_id = last_night(capsys)
    out = ok(capsys, "timeline", "list", incident_id)
    assert "2026-11-21 23:41:00 KST" in out
    assert "recorded 2026-11-22 14:00:00 KST" in out


DRAFT_ROWS = {
    "en": [
        "| Time to acknowledge (TTA) | 11m 0s | 15 min | met (deadline 2026-11-21 23:45 KST) |",
        "| Time to mitigate (TTM) | 1h 20m |  |  |",
        "| Time to resolve (TTR) | 1h 40m |  |  |",
        "| Downtime / recovery (RTO) | 1h 30m | 1 h | breached (deadline 2026-11-22 00:30 KST) |",
    ],
    "ko": [
        "| 확인까지 (TTA) | 11분 0초 | 15분 | 충족 (기한 2026-11-21 23:45 KST) |",
        "| 완화까지 (TTM) | 1시간 20분 |  |  |",
        "| 해결까지 (TTR) | 1시간 40분 |  |  |",
        "| 다운타임 / 복구 (RTO) | 1시간 30분 | 1시간 | 위반 (기한 2026-11-22 00:30 KST) |",
    ],
}


def section(text: str, name: str) -> list[str]:
    body = text.split(f"<!-- wr:{name} -->\n", 1)[1].split(f"<!-- /wr:{name} -->", 1)[0]
    return body.strip().splitlines()[2:]  # without the table header


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_postmortem_draft_carries_the_real_times_and_durations(
    cli: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str
) -> None:
    incident_id = last_night(capsys)
    path = tmp_path / f"draft-{lang}.md"
    ok(capsys, "postmortem", "draft", incident_id, "--lang", lang, "-o", str(path))
    text = path.read_text(encoding="utf-8")
    times = [row.split(" | ")[0].strip("| ") for row in section(text, "timeline")]
    assert times == [
        "2026-11-21 23:20 KST",  # impact started
        "2026-11-21 23:30 KST",  # detected
        "2026-11-21 23:30 KST",  # declared (recorded the next day)
        "2026-11-21 23:41 KST",
        "2026-11-21 23:45 KST",
        "2026-11-22 00:50 KST",
        "2026-11-22 01:10 KST",
        "2026-11-22 02:00 KST",
    ]
    durations = section(text, "durations")
    for row in DRAFT_ROWS[lang]:
        assert row in durations


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ack", "--at", "2026-11-22 15:00"), "is in the future"),
        (("ack", "--at", "2026-11-21 23:29"), "before the detection"),
        (("assign", "ic", "minsu", "--at", "2026-11-21 23:10"), "before the incident started"),
        (("severity", "P2", "--reason", "x", "--at", "2026-11-22 15:00"), "in the future"),
        (("update", "Looking", "--at", "2026-11-21 23:00"), "before the detection"),
        (("ack", "--at", "yesterday-ish"), "cannot read the time"),
    ],
)
def test_impossible_times_are_refused_and_change_nothing(
    cli: Runtime, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    out = ok(
        capsys,
        *("incident", "declare", "Checkout 5xx", "-S", "P1"),
        *("--started-at", "2026-11-21 23:20", "--detected-at", "2026-11-21 23:30", "--json"),
    )
    incident_id = json.loads(out)["id"]
    before = show(capsys, incident_id)
    verb, *rest = args
    code, _out, err = run(capsys, "incident", verb, incident_id, *rest)
    assert code == 2
    assert message in err
    assert "hint:" in err
    assert show(capsys, incident_id) == before


def test_a_change_before_the_previous_state_is_refused(
    cli: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ok(
        capsys,
        *("incident", "declare", "Checkout 5xx", "-S", "P1"),
        *("--detected-at", "2026-11-22 10:00", "--json"),
    )
    incident_id = json.loads(out)["id"]
    ok(capsys, "incident", "mitigate", incident_id, "--at", "2026-11-22 11:00")
    code, _out, err = run(capsys, "incident", "resolve", incident_id, "--at", "10:30")
    assert code == 2
    assert "before the incident was mitigated (2026-11-22 11:00:00 KST)" in err
    assert show(capsys, incident_id)["state"] == "mitigated"
    # closing back-dated still honours the recovery window after the back-dated resolve
    ok(capsys, "incident", "resolve", incident_id, "--at", "11:10")
    code, _out, err = run(capsys, "incident", "close", incident_id, "--at", "11:20")
    assert code != 0
    assert "observation window" in err
    ok(capsys, "incident", "reopen", incident_id, "--reason", "errors back", "--at", "12:00")
    code, _out, err = run(capsys, "incident", "resolve", incident_id, "--at", "11:50")
    assert code == 2
    assert "before the reopening (2026-11-22 12:00:00 KST)" in err


def _comparable(incident: dict[str, Any]) -> dict[str, Any]:
    keys = ("title", "severity", "services", "started_at", "detected_at", "acknowledged_at")
    keys += ("mitigated_at", "resolved_at", "closed_at", "durations", "sla", "state")
    events = [(e["kind"], e["occurred_at"], e["actor"], e["body"]) for e in incident["timeline"]]
    roles = [(r["role"], r["handle"], r["assigned_at"]) for r in incident["roles"]]
    return {**{k: incident[k] for k in keys}, "events": events, "roles": roles}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_an_incident_round_trips_through_export_and_import(
    cli: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    original = last_night(capsys)
    ok(
        capsys,
        *("timeline", "add", original, "decision", "Raise the pool, no restart"),
        *("--at", "2026-11-21 23:50"),
    )
    path = tmp_path / f"inc.{fmt}"
    ok(capsys, "incident", "export", original, "--format", fmt, "-o", str(path))
    copy = json.loads(ok(capsys, "incident", "import", str(path), "--json"))["id"]
    assert copy != original
    assert _comparable(show(capsys, copy)) == _comparable(show(capsys, original))


INCIDENT_FILE = """\
warroom_incident: 1
title: 결제 DB 커넥션 풀 고갈
severity: P1
services: [payments]
started_at: 2026-11-21 23:20
detected_at: 2026-11-21 23:30
events:
  - at: 2026-11-21 23:41
    state: acknowledged
  - at: 2026-11-21 23:42
    role: ic
    person: minsu
  - at: 2026-11-21 23:50
    kind: decision
    text: 풀 크기를 200으로 올리고 재시작하지 않는다
    by: minsu
  - at: 2026-11-22 00:50
    state: mitigated
  - at: "01:10"
    state: resolved
"""


def test_a_written_file_becomes_a_past_incident(
    cli: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "last-night.yaml"
    path.write_text(INCIDENT_FILE, encoding="utf-8")
    incident = show(capsys, json.loads(ok(capsys, "incident", "import", str(path), "--json"))["id"])
    assert incident["state"] == "resolved"
    assert incident["durations"]["tta"] == 660.0
    assert incident["resolved_at"] == "2026-11-21T16:10:00Z"
    decision = next(e for e in incident["timeline"] if e["kind"] == "decision")
    assert (decision["actor"], decision["occurred_at"]) == ("minsu", "2026-11-21T14:50:00Z")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("    state: mitigated\n", "    state: mitigatd\n"), "line 18 (events[3].state)"),
        (
            ("  - at: 2026-11-22 00:50\n", "  - at: 2026-11-21 23:35\n"),
            "line 8 (events[0]): cannot go from mitigated back to acknowledged",
        ),
        (("  - at: 2026-11-22 00:50\n", "  - at: 2026-11-22 00:50\n    mood: fine\n"), "mood"),
        (("title: 결제", "title: [결제"), "line 3: not valid YAML or JSON"),
        (("    person: minsu\n", ""), "a 'role' event needs person"),
    ],
)
def test_bad_files_name_the_line_and_create_nothing(
    cli: Runtime,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    change: tuple[str, str],
    message: str,
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(INCIDENT_FILE.replace(*change), encoding="utf-8")
    code, _out, err = run(capsys, "incident", "import", str(path))
    assert code in (2, 4)  # invalid input, or an impossible sequence
    assert message in err
    listed = json.loads(ok(capsys, "incident", "list", "--json"))
    assert listed["total"] == 0


def test_the_documented_schema_is_the_one_the_import_checks() -> None:
    from warroom.incidents.file_format import SCHEMA

    documented = Path(__file__).parents[2] / "docs" / "incident-file.schema.json"
    assert json.loads(documented.read_text(encoding="utf-8")) == SCHEMA
