from __future__ import annotations

import json
from pathlib import Path

import pytest

from warroom.errors import InvalidInput
from warroom.postmortems.lint import runner
from warroom.postmortems.lint.findings import RULES

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["good_en.md", "good_ko.md"])
def test_good_postmortems_have_no_findings(name: str) -> None:
    assert runner.lint_file(DATA / name) == []


def test_blameful_postmortem_yields_expected_findings() -> None:
    findings = runner.lint_file(DATA / "blameful_en.md")
    got = [(f.line, f.rule_id) for f in findings]
    assert got == [
        (7, "PM003"),
        (20, "PM004"),
        (22, "PM010"),
        (25, "PM004"),
        (29, "PM033"),
        (30, "PM032"),
        (36, "PM021"),
        (36, "PM035"),
        (37, "PM020"),
        (37, "PM034"),
        (41, "PM034"),
    ]
    assert runner.has_errors(findings)


def test_blameful_korean_postmortem_file() -> None:
    findings = runner.lint_file(DATA / "blameful_ko.md")
    assert [(f.line, f.column, f.rule_id) for f in findings] == [
        (7, 1, "PM003"),
        (20, 8, "PM004"),
        (22, 1, "PM011"),
        (25, 17, "PM004"),
        (30, 3, "PM030"),
        (31, 16, "PM032"),
        (32, 8, "PM033"),
        (38, 3, "PM035"),
        (39, 1, "PM020"),
        (39, 11, "PM034"),
        (43, 14, "PM034"),
    ]
    assert "담당자가 경고 알림을 무시했" in findings[4].message
    assert findings[4].hint.startswith("사람 대신 시스템을 주어로")


def test_blameful_korean_postmortem() -> None:
    text = (DATA / "good_ko.md").read_text(encoding="utf-8")
    text = text.replace(
        "- 외부 API 응답 시간에 대한 알림이 없었다.",
        "- 온콜 엔지니어가 알림을 무시했다.\n- 앞으로 더 주의하겠습니다.",
    )
    text = text.replace("외부 연동 체크리스트 작성 (타임아웃, 재시도, 서킷브레이커)", "로그 강화")
    got = {f.rule_id for f in runner.lint_text(text, "ko.md")}
    assert got == {"PM030", "PM034", "PM035"}


def test_line_and_column_point_into_the_file() -> None:
    text = "# PM\n\n## Summary\n\nAll good, but we should have known.\n"
    (finding,) = [f for f in runner.lint_text(text, "x.md") if f.rule_id == "PM032"]
    assert (finding.file, finding.line, finding.column) == ("x.md", 5, 18)
    assert text.splitlines()[4][finding.column - 1 :].startswith("should have")


def test_people_named_in_the_document_are_recognised() -> None:
    text = (DATA / "good_en.md").read_text(encoding="utf-8")
    text = text.replace("- No alert on pool utilisation;", "- Dana broke the alert;")
    assert "PM030" in {f.rule_id for f in runner.lint_text(text)}


def test_suppression_comment_silences_the_next_line() -> None:
    text = (DATA / "good_en.md").read_text(encoding="utf-8")
    heading = "## Lessons Learned\n"
    blameful = text.replace(heading, heading + "\n- We should have paged.\n")
    assert "PM032" in {f.rule_id for f in runner.lint_text(blameful)}
    quiet = blameful.replace(
        "- We should have paged.", "<!-- warroom-lint: disable=PM032 -->\n- We should have paged."
    )
    assert runner.lint_text(quiet) == []


def test_code_blocks_are_not_checked_for_language() -> None:
    text = (DATA / "good_en.md").read_text(encoding="utf-8")
    text += "\n```\n# human error in a log line\n```\n"
    assert runner.lint_text(text) == []


def test_directory_is_linted_recursively(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    good = (DATA / "good_en.md").read_text(encoding="utf-8")
    (tmp_path / "a.md").write_text(good, encoding="utf-8")
    (tmp_path / "nested" / "b.md").write_text("# Empty\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("human error", encoding="utf-8")
    files, findings = runner.lint_paths([tmp_path])
    assert [p.name for p in files] == ["a.md", "b.md"]
    assert {f.file for f in findings} == {str(tmp_path / "nested" / "b.md")}


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as raised:
        runner.collect([tmp_path / "missing.md"])
    assert raised.value.exit_code == 2
    assert raised.value.hint


def test_json_output_schema() -> None:
    findings = runner.lint_file(DATA / "blameful_en.md")
    payload = json.loads(runner.format_json(findings, 1))
    assert set(payload) == {"version", "files_checked", "errors", "warnings", "findings"}
    assert payload["version"] == 1
    assert payload["errors"] + payload["warnings"] == len(findings)
    keys = {"rule_id", "name", "severity", "file", "line", "column", "message", "hint"}
    for item in payload["findings"]:
        assert set(item) == keys
        assert item["name"] == RULES[item["rule_id"]].name
        assert item["severity"] in {"error", "warning"}
        assert isinstance(item["line"], int)
        assert isinstance(item["column"], int)


def test_text_output_has_location_rule_hint_and_summary() -> None:
    findings = runner.lint_text("# PM\n", "x.md")
    lines = runner.format_text(findings, 1).splitlines()
    assert lines[0].startswith("x.md:1:1: PM001 [error] missing section")
    assert lines[1].startswith("    hint: ")
    assert lines[-1] == f"{len(findings)} error(s), 0 warning(s) in 1 of 1 file"


def test_text_output_when_clean() -> None:
    assert runner.format_text([], 3) == "no findings in 3 files"


def test_rule_catalogue_ids_and_names_are_unique() -> None:
    assert len({rule.name for rule in RULES.values()}) == len(RULES)
    assert all(rule_id.startswith("PM") and len(rule_id) == 5 for rule_id in RULES)


def test_a_korean_document_gets_korean_text_for_an_english_phrase() -> None:
    text = (DATA / "good_ko.md").read_text(encoding="utf-8")
    text = text.replace(
        "- 외부 API 응답 시간에 대한 알림이 없었다.", "- We should have caught this."
    )
    (finding,) = [f for f in runner.lint_text(text, "ko.md") if f.rule_id == "PM032"]
    assert finding.severity == "warning"
    assert finding.message == "'should have': 팀에 대한 사후 판단입니다"
    assert finding.hint.startswith("사후 판단을 빠져 있던 장치")
