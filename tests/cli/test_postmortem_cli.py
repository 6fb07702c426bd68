"""The postmortem commands end to end: draft → edit the file → import → review → publish
→ export, through the real dispatcher, on each backend."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.domain.postmortems.helpers import policies, resolved_incident
from warroom.cli.main import main
from warroom.cli.runtime import Runtime, use_runtime
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.db.uow import unit_of_work


@pytest.fixture
def cli(
    engine: Engine,
    settings: Settings,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[Runtime, str]]:
    monkeypatch.chdir(tmp_path)
    with unit_of_work(engine) as session:
        incident_id = resolved_incident(session, clock, Actor("alice"), policies()[0]).id
    rt = Runtime(settings=settings, clock=clock, actor=Actor("alice"))
    rt.__dict__["engine"] = engine  # the suite's schema (the lead regenerates migrations)
    rt.schema_checked = True
    use_runtime(rt)
    yield rt, incident_id
    use_runtime(None)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_draft_edit_import_review_publish_export(cli, capsys, tmp_path: Path) -> None:
    rt, incident_id = cli
    code, out, err = run(
        capsys, "postmortem", "draft", incident_id, "--template", "report", "--lang", "ko"
    )
    assert code == 0, err
    path = tmp_path / "docs/postmortems/2026-11-22-checkout-api-5xx.md"
    assert path.is_file() and str(path.relative_to(tmp_path)) in out
    text = path.read_text(encoding="utf-8")
    assert "template: report" in text and "lang: ko" in text
    assert "[작성 필요: " in text
    edited = re.sub(
        r"<!-- wr:root_cause_summary -->.*?<!-- /wr:root_cause_summary -->",
        "<!-- wr:root_cause_summary -->커넥션 누수 검사 부재<!-- /wr:root_cause_summary -->",
        text,
    )
    path.write_text(edited, encoding="utf-8")
    code, out, err = run(capsys, "postmortem", "import", str(path))
    assert code == 0, err
    assert "revision 2" in out
    code, out, _err = run(capsys, "postmortem", "import", str(path))
    assert "revision 2" in out
    assert "커넥션 누수 검사 부재" in path.read_text(encoding="utf-8")
    rt.actor = Actor("alice")
    assert (
        run(capsys, "postmortem", "submit", incident_id, "-r", "carol", "--approver", "erin")[0]
        == 0
    )
    rt.actor = Actor("carol")
    assert run(capsys, "postmortem", "approve", incident_id)[0] == 0
    rt.actor = Actor("erin")
    code, out, err = run(capsys, "postmortem", "publish", incident_id)
    assert code == 4 and "linter error" in err and "--override-lint" in err
    code, out, err = run(
        capsys, "postmortem", "publish", incident_id, "--override-lint", "drill; see AI-1"
    )
    assert code == 0, err
    assert "published" in path.read_text(encoding="utf-8")
    code, out, err = run(capsys, "postmortem", "show", incident_id, "--json")
    shown = json.loads(out)
    assert shown["status"] == "published" and shown["revision"] == 4
    for fmt in ("html", "pdf"):
        code, out, err = run(capsys, "postmortem", "export", incident_id, "--format", fmt)
        assert code == 0, err
        assert Path(out.strip()).is_file()
    assert (tmp_path / "docs/postmortems/2026-11-22-checkout-api-5xx.pdf").read_bytes()[:5] == (
        b"%PDF-"
    )
    code, out, _err = run(capsys, "postmortem", "agenda", incident_id, "--lang", "en")
    assert "00:10-00:40" in out and "carol (reviewer)" in out
    code, out, _err = run(capsys, "postmortem", "list")
    assert incident_id in out


def test_conflicting_import_is_refused_with_a_clear_message(cli, capsys, tmp_path: Path) -> None:
    _rt, incident_id = cli
    assert run(capsys, "postmortem", "draft", incident_id, "--lang", "en")[0] == 0
    path = next((tmp_path / "docs/postmortems").glob("*.md"))
    original = path.read_text(encoding="utf-8")
    path.write_text(
        original.replace("- [TODO: what helped: alerts, runbooks, decisions]", "- Fast rollback"),
        encoding="utf-8",
    )
    assert run(capsys, "postmortem", "import", str(path))[0] == 0
    stale = tmp_path / "stale.md"
    stale.write_text(
        original.replace("- [TODO: gaps in systems and processes, not people]", "- No canary"),
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "postmortem", "import", str(stale))
    assert code == 4
    assert "changed in the database since this file was written" in err
    assert "hint:" in err


def test_due_lists_late_postmortems(cli, capsys, clock: FixedClock) -> None:
    _rt, incident_id = cli
    _code, out, _err = run(capsys, "postmortem", "due")
    assert "nothing is late" in out
    from datetime import timedelta

    clock.advance(timedelta(days=2))
    _code, out, _err = run(capsys, "postmortem", "due", "--json")
    assert json.loads(out)[0]["incident"] == incident_id


def test_announce_and_report(cli, capsys) -> None:
    _rt, incident_id = cli
    code, out, err = run(
        capsys, "incident", "announce", incident_id, "--kind", "resolved", "--lang", "ko"
    )
    assert code == 0, err
    assert out.startswith("✅ [RESOLVED] Checkout API 5xx")
    assert "Rolling back checkout" in out
    code, out, err = run(capsys, "incident", "announce", incident_id, "--format", "slack")
    payload = json.loads(out)
    assert payload["blocks"][0]["type"] == "header" and "text" in payload
    code, out, err = run(capsys, "incident", "report", incident_id, "--lang", "en")
    assert code == 0, err
    assert f"- Incident ID: {incident_id}" in out and "- Cause: [TBD]" in out


def test_unimported_edits_are_never_overwritten(cli, capsys, tmp_path: Path) -> None:
    rt, incident_id = cli
    assert run(capsys, "postmortem", "draft", incident_id)[0] == 0
    path = next((tmp_path / "docs/postmortems").glob("*.md"))
    code, _out, err = run(capsys, "postmortem", "draft", incident_id)
    assert code == 4 and "already has a postmortem" in err
    assert run(capsys, "postmortem", "export", incident_id)[0] == 0  # same content: fine
    edited = path.read_text(encoding="utf-8").replace(
        "- [TODO: what limited the damage by chance]", "- Low traffic at night"
    )
    path.write_text(edited, encoding="utf-8")
    code, _out, err = run(capsys, "postmortem", "export", incident_id)
    assert code == 4 and "edits that are not imported" in err
    assert path.read_text(encoding="utf-8") == edited
    code, _out, err = run(
        capsys, "postmortem", "submit", incident_id, "-r", "carol", "--approver", "alice"
    )
    assert code == 4 and "edits that are not imported" in err
    assert path.read_text(encoding="utf-8") == edited
    assert run(capsys, "postmortem", "import", str(path))[0] == 0
    code, _out, err = run(
        capsys, "postmortem", "submit", incident_id, "-r", "carol", "--approver", "alice"
    )
    assert code == 0, err
    rt.actor = Actor("carol")
    assert run(capsys, "postmortem", "approve", incident_id)[0] == 0
    code, out, _err = run(capsys, "postmortem", "show", incident_id)
    assert "status: in_review" in out and "carol approved" in out
    assert "Low traffic at night" in path.read_text(encoding="utf-8")
