from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from warroom.cli.lint import app, lint_command

DATA = Path(__file__).parent / "data"
GOOD = str(DATA / "good_en.md")
BAD = str(DATA / "blameful_en.md")


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def test_clean_file_exits_zero(cli: CliRunner) -> None:
    result = cli.invoke(app, [GOOD])
    assert result.exit_code == 0
    assert "no findings in 1 file" in result.output


def test_error_finding_exits_one(cli: CliRunner) -> None:
    result = cli.invoke(app, [GOOD, BAD])
    assert result.exit_code == 1
    assert f"{BAD}:20:13: PM004 [error]" in result.output
    assert "    hint: " in result.output


def test_warnings_only_exit_zero(cli: CliRunner, tmp_path: Path) -> None:
    text = (DATA / "good_en.md").read_text(encoding="utf-8").replace("5. Why", "5. So")
    path = tmp_path / "pm.md"
    path.write_text(text.replace("5 Whys", "Five Whys"), encoding="utf-8")
    result = cli.invoke(app, [str(path)])
    assert "PM011 [warning]" in result.output
    assert result.exit_code == 0


def test_json_format_after_paths(cli: CliRunner) -> None:
    result = cli.invoke(app, [BAD, "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["files_checked"] == 1
    assert payload["findings"][0]["rule_id"] == "PM003"


def test_directory_argument(cli: CliRunner) -> None:
    result = cli.invoke(app, ["-f", "json", str(DATA)])
    assert result.exit_code == 1
    assert json.loads(result.output)["files_checked"] == 4


def test_missing_path_exits_two_with_hint(cli: CliRunner) -> None:
    result = cli.invoke(app, ["does-not-exist.md"])
    assert result.exit_code == 2
    assert "path not found: does-not-exist.md" in result.stderr
    assert "hint:" in result.stderr


def test_unknown_format_exits_two(cli: CliRunner) -> None:
    result = cli.invoke(app, [GOOD, "--format", "xml"])
    assert result.exit_code == 2
    assert "unknown format" in result.stderr


def test_default_path_is_docs_postmortems(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.invoke(app, []).exit_code == 2
    (tmp_path / "docs" / "postmortems").mkdir(parents=True)
    (tmp_path / "docs" / "postmortems" / "a.md").write_text(
        (DATA / "good_ko.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = cli.invoke(app, [])
    assert result.exit_code == 0, result.output


def test_app_mounted_by_a_dispatcher_takes_paths_directly(cli: CliRunner) -> None:
    root = typer.Typer()

    @root.command()
    def version() -> None:
        """A sibling command, so the root stays a group."""

    root.add_typer(app, name="lint")
    assert cli.invoke(root, ["lint", GOOD]).exit_code == 0
    assert cli.invoke(root, ["lint", BAD, "--format", "json"]).exit_code == 1


def test_lint_command_is_callable_without_typer(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint_command([Path(GOOD)], "text") == 0
    assert "no findings" in capsys.readouterr().out


def test_rule_settings_come_from_warroom_toml_and_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warroom.cli.lint import lint_command

    doc = tmp_path / "pm.md"
    doc.write_text("# PM\n\n## Summary\n\nJane forgot the key.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "warroom.toml").write_text('lint_rules = {PM001 = "off"}\n', encoding="utf-8")
    assert lint_command([doc], "text", []) == 1  # PM030 on Jane, PM010 remain errors
    assert lint_command([doc], "text", ["PM030=warning", "PM010=off", "PM023=off"]) == 0
    assert lint_command([doc], "text", ["PM999=off"]) == 2
