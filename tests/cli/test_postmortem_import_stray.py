"""`warroom postmortem import` refuses a file with text outside the section markers."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_postmortem_cli import cli, run

__all__ = ["cli"]  # the fixture, shared with the postmortem command tests


def test_import_names_the_stray_line_exits_2_and_keeps_the_file(
    cli, capsys, tmp_path: Path
) -> None:
    _rt, incident_id = cli
    assert run(capsys, "postmortem", "draft", incident_id, "--lang", "en")[0] == 0
    path = next((tmp_path / "docs/postmortems").glob("*.md"))
    original = path.read_text(encoding="utf-8")
    typed = original.replace(
        "## 6. What went wrong\n", "## 6. What went wrong\n\nThe canary was skipped.\n", 1
    )
    assert typed != original
    path.write_text(typed, encoding="utf-8")
    code, _out, err = run(capsys, "postmortem", "import", str(path))
    assert code == 2
    line = typed.split("\n").index("The canary was skipped.") + 1
    assert f"line {line}: 'The canary was skipped.'" in err
    assert "hint:" in err and "Nothing was saved" in err
    assert path.read_text(encoding="utf-8") == typed  # the file is not rewritten
    code, out, _err = run(capsys, "postmortem", "show", incident_id, "--json")
    assert code == 0 and '"revision": 1' in out
